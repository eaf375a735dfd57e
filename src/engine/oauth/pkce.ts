/**
 * The random values of an OAuth sign-in (RFC 7636, RFC 6749 §10.10), from
 * Web Crypto, so the same code runs in a browser and in Node.
 */

/** Bytes as base64url without padding (RFC 7636 Appendix A). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** `bytes` random bytes as base64url: 32 give 43 characters and 256 bits. */
export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A PKCE `code_verifier`: 43 characters of the unreserved set, 256 bits of entropy. */
export function createCodeVerifier(): string {
  return randomToken(32);
}

/** What RFC 7636 §4.1 allows as a verifier: 43 to 128 characters of `[A-Z a-z 0-9 - . _ ~]`. */
export function isCodeVerifier(value: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(value);
}

/** The S256 `code_challenge` of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}
