/**
 * Relay CRM revoking its API key in the middle of an import, deterministically: the demo key works for
 * `REVOKE_AFTER_PAGES` pages of users, then every request with it gets 401 (the credentials check too),
 * while the rotated key the user created in Relay CRM works from then on.
 */
import { getResponse, http, HttpResponse, type HttpHandler } from 'msw';
import { createRelayCrm, relayCrm } from '../../mocks/index.ts';

/** The key the account was connected with, revoked mid-import. */
export const REVOKED_KEY = relayCrm.apiKey;
/** The key the user creates in Relay CRM to replace it. */
export const ROTATED_KEY = 'relay_test_rotated_5d0b3e';
/** Pages of users the first key still gets (50 users a page). */
export const REVOKE_AFTER_PAGES = 3;
/** What Relay CRM answers once the key is revoked. */
export const REVOKED_MESSAGE = 'This API key was revoked. Create a new one under Settings → Developers → API keys.';

const RELAY_API = 'https://api.relay-crm.test/v1';

function withKey(request: Request, key: string): Request {
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${key}`);
  return new Request(request, { headers });
}

/**
 * msw handlers for a Relay CRM whose demo key is revoked after `revokeAfterPages` pages of users. Each call
 * makes a fresh app (the story calls it per render), so every load meets the revocation at the same page.
 */
export function keyRotationHandlers({ revokeAfterPages = REVOKE_AFTER_PAGES } = {}): HttpHandler[] {
  const app = createRelayCrm();
  let pagesServed = 0;
  let revoked = false;
  return [
    http.all(`${RELAY_API}/*`, async ({ request }) => {
      const key = request.headers.get('authorization')?.replace(/^Bearer /, '');
      // The rotated key reaches the same account, as the demo key did.
      if (key === ROTATED_KEY) return getResponse(app.handlers, withKey(request, REVOKED_KEY));
      if (key !== REVOKED_KEY) return getResponse(app.handlers, request);
      const isUserPage = new URL(request.url).pathname === '/v1/users';
      if (isUserPage && pagesServed >= revokeAfterPages) revoked = true;
      if (revoked) return HttpResponse.json({ error: { type: 'unauthorized', message: REVOKED_MESSAGE } }, { status: 401 });
      const response = await getResponse(app.handlers, request);
      if (isUserPage && response?.status === 200) pagesServed += 1;
      return response;
    }),
  ];
}
