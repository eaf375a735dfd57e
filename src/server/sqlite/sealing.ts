import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TributaryError } from '../../engine/index.ts';

const ALGORITHM = 'aes-256-gcm';
/** First byte of a sealed value, so a later scheme can tell its rows from these. */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** Encrypts values at rest, each bound to where it belongs. */
export interface Sealer {
  seal(plaintext: string, context: string): Buffer;
  /** Throws `store.secret-unreadable` for a wrong key, an altered value, or one moved from another context. */
  open(sealed: Uint8Array, context: string): string;
}

export function createSealer(secretKey: Uint8Array): Sealer {
  if (!(secretKey instanceof Uint8Array) || secretKey.byteLength !== 32) {
    throw new TributaryError({
      code: 'store.secret-key-invalid',
      class: 'config',
      message: 'The store\'s secretKey must be 32 bytes (for AES-256-GCM), e.g. crypto.randomBytes(32) kept in the host\'s secret manager.',
    });
  }
  // Our own copy, so a caller zeroing or reusing its buffer changes nothing here.
  const key = Buffer.from(secretKey);

  return {
    seal(plaintext, context) {
      // A fresh IV per write: GCM's guarantees end if one ever repeats under a key.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, context) {
      const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (bytes.length < HEADER_BYTES || bytes[0] !== FORMAT) throw unreadable();
      try {
        const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw unreadable(cause);
      }
    },
  };
}

/** The message names no value: a failed decryption must never echo what it was given. */
function unreadable(cause?: unknown): TributaryError {
  return new TributaryError(
    {
      code: 'store.secret-unreadable',
      class: 'config',
      message: 'A stored secret could not be decrypted: the store was opened with a different secretKey, or the stored value was altered or copied from another connection. Reconnect the app to store it again.',
    },
    cause === undefined ? undefined : { cause },
  );
}
