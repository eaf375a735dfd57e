import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { consentRedirect, createLumenDrive, lumenDrive, oauthClients, relayCrm, type LumenDriveApp } from '../../mocks/index.ts';
import {
  createMemoryStore,
  createSimulatedClock,
  TributaryError,
  type Credentials,
  type Engine,
  type EngineOptions,
  type OAuthCallback,
  type OAuthStart,
  type SimulatedClock,
  type Store,
} from '../../src/engine/index.ts';
import { codeChallengeS256, createCodeVerifier, isCodeVerifier } from '../../src/engine/oauth/pkce.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

const redirectUri = 'https://host.example/oauth-callback.html';
const TOKEN_URL = 'https://auth.lumen-drive.test/oauth/token';

interface Harness {
  engine: Engine;
  store: Store;
  app: LumenDriveApp;
  records: () => unknown[];
}

/** An engine with Lumen Drive registered, over a store the test can read, against a fresh Lumen Drive. */
function oauthSetup(options: Partial<EngineOptions> & { clock?: SimulatedClock } = {}): Harness {
  const store = createMemoryStore();
  const app = createLumenDrive(options.clock ? { now: () => options.clock!.now() } : {});
  server.use(...app.handlers);
  const { engine, receiver } = setup({ store, oauthClients, retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 }, ...options });
  return { engine, store, app, records: () => receiver.records };
}

/** The provider's answer as the redirect page reads it from the URL the consent step sends the popup to. */
function answerOf(start: OAuthStart, decision: 'allow' | 'deny', now?: number): OAuthCallback {
  const params = new URL(consentRedirect(start.authorizationUrl, decision, now === undefined ? {} : { now })).searchParams;
  return {
    state: params.get('state') ?? '',
    ...(params.has('code') ? { code: params.get('code')! } : {}),
    ...(params.has('error') ? { error: params.get('error')!, errorDescription: params.get('error_description')! } : {}),
  };
}

async function signIn(harness: Harness, options: { connectionId?: string; now?: number } = {}) {
  const start = await harness.engine.startOAuth({ appId: lumenDrive.appId, redirectUri, ...(options.connectionId ? { connectionId: options.connectionId } : {}) });
  return harness.engine.completeOAuth(answerOf(start, 'allow', options.now));
}

async function rejection(pending: Promise<unknown>): Promise<TributaryError> {
  const error = await pending.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TributaryError);
  return error as TributaryError;
}

async function oauthCredentials(store: Store, connectionId: string): Promise<Extract<Credentials, { type: 'oauth2' }>> {
  const credentials = await store.getCredentials(connectionId);
  if (credentials?.type !== 'oauth2') throw new Error(`expected OAuth credentials, got ${credentials?.type}`);
  return credentials;
}

describe('PKCE and state', () => {
  it('computes the S256 challenge of RFC 7636 Appendix B', async () => {
    expect(await codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 43 to 128 unreserved characters, never the same twice', () => {
    const verifiers = Array.from({ length: 200 }, () => createCodeVerifier());
    for (const verifier of verifiers) expect(isCodeVerifier(verifier), verifier).toBe(true);
    expect(new Set(verifiers).size).toBe(200);
    expect(isCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isCodeVerifier(`${'a'.repeat(42)}!`)).toBe(false);
  });

  it('sends the browser to the provider with the code flow, client, redirect URI, scopes, a fresh state and an S256 challenge', async () => {
    const { engine } = oauthSetup();
    const starts = await Promise.all(Array.from({ length: 50 }, () => engine.startOAuth({ appId: lumenDrive.appId, redirectUri })));
    const first = starts[0]!;
    const url = new URL(first.authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.lumen-drive.test/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: lumenDrive.clientId,
      redirect_uri: redirectUri,
      scope: 'files.read folders.read profile',
      state: first.state,
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    // At least 128 bits: 43 base64url characters carry 256.
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(new Set(starts.map((start) => start.state)).size).toBe(50);
    expect(new Set(starts.map((start) => new URL(start.authorizationUrl).searchParams.get('code_challenge'))).size).toBe(50);
  });

  it('refuses to start for an app without OAuth, one with no registered client, a bad redirect URI, or a connection to another app', async () => {
    const { engine } = oauthSetup();
    expect((await rejection(engine.startOAuth({ appId: relayCrm.appId, redirectUri }))).code).toBe('oauth.not-supported');
    expect((await rejection(engine.startOAuth({ appId: 'nope', redirectUri }))).code).toBe('app.not-found');
    for (const bad of ['oauth-callback.html', 'javascript:alert(1)', 'https://host.example/cb#x']) {
      expect((await rejection(engine.startOAuth({ appId: lumenDrive.appId, redirectUri: bad }))).code, bad).toBe('oauth.invalid-redirect-uri');
    }
    const relay = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    expect((await rejection(engine.startOAuth({ appId: lumenDrive.appId, redirectUri, connectionId: relay.id }))).code).toBe('oauth.app-mismatch');
    expect((await rejection(engine.startOAuth({ appId: lumenDrive.appId, redirectUri, connectionId: 'missing' }))).code).toBe('connection.not-found');

    const unregistered = setup({ oauthClients: {} }).engine;
    const missing = await rejection(unregistered.startOAuth({ appId: lumenDrive.appId, redirectUri }));
    expect(missing).toMatchObject({ code: 'oauth.client-missing', class: 'config' });
    expect(missing.message).toContain('oauthClients["lumen-drive"]');
    const allowList = setup({ oauthClients: { [lumenDrive.appId]: { clientId: lumenDrive.clientId, redirectUris: [redirectUri] } } }).engine;
    expect((await allowList.startOAuth({ appId: lumenDrive.appId, redirectUri })).state).toBeTruthy();
    expect((await rejection(allowList.startOAuth({ appId: lumenDrive.appId, redirectUri: 'https://evil.example/cb' }))).code).toBe('oauth.invalid-redirect-uri');
  });
});

describe('signing in with OAuth', () => {
  it('given the user allows access, exchanges the code with its verifier, saves the tokens and imports with them', async () => {
    const harness = oauthSetup();
    const { engine, store, app } = harness;
    const events: string[] = [];
    engine.subscribe((event) => events.push(event.type));
    const before = Date.now();
    const connection = await signIn(harness);

    expect(connection).toMatchObject({ appId: lumenDrive.appId, appName: 'Lumen Drive', status: 'connected' });
    expect(await engine.listConnections()).toEqual([connection]);
    expect(events).toEqual(['connection.changed']);
    expect(app.tokenRequests).toEqual([{ grantType: 'authorization_code', status: 200 }]);
    const tokens = await oauthCredentials(store, connection.id);
    expect(tokens.accessToken).toMatch(/^ld_at_/);
    expect(tokens.refreshToken).toMatch(/^ld_rt_/);
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(JSON.stringify([connection, await engine.listConnections()])).not.toContain(tokens.accessToken);

    const files = await settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'files' })).id);
    expect(files).toMatchObject({ status: 'succeeded', counters: { fetched: lumenDrive.fileCount, delivered: lumenDrive.fileCount, pages: 3 } });
    const folders = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'folders' })).id);
    expect(folders).toMatchObject({ status: 'succeeded', counters: { fetched: lumenDrive.folderCount } });
    expect(harness.records()).toContainEqual(expect.objectContaining({ data: expect.objectContaining({ mimeType: expect.any(String), url: expect.stringMatching(/^https:\/\/drive\.lumen-drive\.test\//) }) }));
  });

  it('given the user denies access, fails as access denied, connects nothing and spends the state', async () => {
    const { engine, app } = oauthSetup();
    const start = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const answer = answerOf(start, 'deny');
    const error = await rejection(engine.completeOAuth(answer));
    expect(error).toMatchObject({ code: 'oauth.access-denied', class: 'auth' });
    expect(error.message).toContain('Lumen Drive');
    expect(error.message).toContain('The user denied access');
    expect(await engine.listConnections()).toEqual([]);
    expect(app.tokenRequests).toEqual([]);
    expect((await rejection(engine.completeOAuth(answer))).code).toBe('oauth.state-mismatch');
  });

  it('given a provider error other than a refusal, fails with its words, transient when the provider says so', async () => {
    const { engine } = oauthSetup();
    const start = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const error = await rejection(engine.completeOAuth({ state: start.state, error: 'temporarily_unavailable', errorDescription: 'Down for maintenance' }));
    expect(error).toMatchObject({ code: 'oauth.failed', class: 'transient' });
    expect(error.message).toContain('Down for maintenance.');
  });

  it('given a state it never issued (or none), refuses before any token request', async () => {
    const { engine, app } = oauthSetup();
    const start = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const answer = answerOf(start, 'allow');
    for (const state of ['forged-state', '', start.state.slice(1)]) {
      expect((await rejection(engine.completeOAuth({ ...answer, state }))).code, state).toBe('oauth.state-mismatch');
    }
    expect((await rejection(engine.completeOAuth({ code: answer.code } as unknown as OAuthCallback))).code).toBe('oauth.state-mismatch');
    expect(app.tokenRequests).toEqual([]);
    // The real sign-in is untouched by the forged answers.
    expect(await engine.completeOAuth(answer)).toMatchObject({ status: 'connected' });
  });

  it('given an answer after ten minutes, refuses it as expired', async () => {
    const clock = createSimulatedClock();
    const { engine, app } = oauthSetup({ clock });
    const start = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    expect(start.expiresAt).toBe(clock.now() + 10 * 60_000);
    const answer = answerOf(start, 'allow', clock.now());
    await clock.advance(10 * 60_000 + 1);
    expect(await rejection(engine.completeOAuth(answer))).toMatchObject({ code: 'oauth.expired', class: 'auth' });
    expect(app.tokenRequests).toEqual([]);
  });

  it('given a code used once already, the provider refuses it and revokes what it issued for it', async () => {
    const harness = oauthSetup();
    const { engine, app } = harness;
    const first = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const answer = answerOf(first, 'allow');
    const connection = await engine.completeOAuth(answer);
    // The same code again, under a sign-in of its own.
    const second = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const error = await rejection(engine.completeOAuth({ state: second.state, code: answer.code! }));
    expect(error).toMatchObject({ code: 'oauth.invalid-grant', class: 'auth' });
    expect(error.message).toContain('already used');
    expect(error.message).not.toContain(answer.code!);
    expect(app.tokenRequests.map((request) => request.error ?? request.status)).toEqual([200, 'invalid_grant']);
    // The first sign-in's tokens went with it: the connection needs the user again.
    await rejection(engine.sampleRecords({ connectionId: connection.id, collection: 'files' }));
    expect((await engine.listConnections())[0]).toMatchObject({ status: 'needs-reauth', error: { code: 'oauth.refresh-failed' } });
  });

  it('given a code issued for another sign-in (injected), fails PKCE verification', async () => {
    const { engine, app } = oauthSetup();
    const victim = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const attacker = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    // A code bound to the victim's challenge, completed with the attacker's state (and so its verifier).
    const error = await rejection(engine.completeOAuth({ state: attacker.state, code: answerOf(victim, 'allow').code! }));
    expect(error).toMatchObject({ code: 'oauth.invalid-grant' });
    expect(error.message).toContain('PKCE verification failed');
    expect(app.tokenRequests).toEqual([{ grantType: 'authorization_code', status: 400, error: 'invalid_grant' }]);
    expect(await engine.listConnections()).toEqual([]);
  });

  it('with a confidential client, sends its secret to the token endpoint; a wrong one is a config error', async () => {
    const store = createMemoryStore();
    const app = createLumenDrive();
    server.use(...app.handlers);
    const { engine } = setup({ store, oauthClients: { [lumenDrive.appId]: { ...lumenDrive.confidentialClient } } });
    expect(await signIn({ engine, store, app, records: () => [] })).toMatchObject({ status: 'connected' });

    const wrong = setup({ oauthClients: { [lumenDrive.appId]: { clientId: lumenDrive.confidentialClient.clientId, clientSecret: 'not-the-secret' } } }).engine;
    const error = await rejection(signIn({ engine: wrong, store, app, records: () => [] }));
    expect(error).toMatchObject({ code: 'oauth.invalid-client', class: 'config' });
    expect(error.message).not.toContain('not-the-secret');
  });

  it('blanks the code and verifier a token endpoint quotes back in its error', async () => {
    const { engine } = oauthSetup();
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        return HttpResponse.json({ error: 'invalid_request', error_description: `Bad code ${form.get('code')} for verifier ${form.get('code_verifier')}` }, { status: 400 });
      }),
    );
    const start = await engine.startOAuth({ appId: lumenDrive.appId, redirectUri });
    const answer = answerOf(start, 'allow');
    const error = await rejection(engine.completeOAuth(answer));
    expect(error.code).toBe('oauth.failed');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(answer.code!);
    expect(error.message).not.toMatch(/verifier [A-Za-z0-9_-]{43}/);
  });

  it('given a token answer that is not a Bearer token, refuses it', async () => {
    const { engine } = oauthSetup();
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({ access_token: 'mac-token-123', token_type: 'mac' })));
    const error = await rejection(signIn({ engine } as Harness));
    expect(error).toMatchObject({ code: 'oauth.bad-token-response', class: 'source-data' });
  });

  it('re-authorises a connection in place: same id, connected again, its mapping and runs kept', async () => {
    const harness = oauthSetup();
    const { engine, app } = harness;
    const connection = await signIn(harness);
    const mapping = { fields: { id: { path: 'id' }, name: { path: 'name' }, url: { path: 'web_url' } } };
    await engine.saveFieldMapping({ connectionId: connection.id, dataModel: 'files', mapping });
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'files' })).id);
    app.expireAccessTokens();
    app.revokeRefreshTokens();
    await rejection(engine.sampleRecords({ connectionId: connection.id, collection: 'files' }));
    expect((await engine.listConnections())[0]?.status).toBe('needs-reauth');

    const again = await signIn(harness, { connectionId: connection.id });
    expect(again).toMatchObject({ id: connection.id, status: 'connected', createdAt: connection.createdAt });
    expect(again.error).toBeUndefined();
    expect(await engine.listConnections()).toEqual([again]);
    expect(await engine.getFieldMapping({ connectionId: connection.id, dataModel: 'files' })).toMatchObject({ isDefault: false, mapping });
    expect((await engine.listRuns()).map((listed) => listed.id)).toEqual([run.id]);
    expect((await engine.sampleRecords({ connectionId: connection.id, collection: 'files' })).records).toHaveLength(5);
  });
});

describe('refreshing OAuth tokens', () => {
  it('given a token past its expiry, refreshes it once before the import, saves the rotated tokens, and again an hour later', async () => {
    const clock = createSimulatedClock();
    const harness = oauthSetup({ clock });
    const { engine, store, app } = harness;
    const connection = await signIn(harness, { now: clock.now() });
    const first = await oauthCredentials(store, connection.id);

    await clock.advance(3600_000);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'files' })).id));
    expect(run).toMatchObject({ status: 'succeeded', counters: { delivered: lumenDrive.fileCount, retries: 0 } });
    expect(app.tokenRequests.map((request) => `${request.grantType} ${request.status}`)).toEqual(['authorization_code 200', 'refresh_token 200']);
    const second = await oauthCredentials(store, connection.id);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresAt).toBe(clock.now() + 3600_000);

    // The rotated refresh token is the one kept: a second expiry refreshes with it.
    await clock.advance(3600_000);
    expect((await clock.run(engine.sampleRecords({ connectionId: connection.id, collection: 'folders' }))).records).toHaveLength(4);
    expect(app.tokenRequests.map((request) => `${request.grantType} ${request.status}`)).toEqual(['authorization_code 200', 'refresh_token 200', 'refresh_token 200']);
    expect(JSON.stringify(await engine.listRuns())).not.toContain(second.accessToken);
  });

  it('given the app refuses a token it has not expired by the clock (401), refreshes once for every concurrent caller and retries', async () => {
    const harness = oauthSetup();
    const { engine, store, app } = harness;
    const connection = await signIn(harness);
    const before = await oauthCredentials(store, connection.id);
    app.expireAccessTokens();
    // A slow token endpoint, so every caller meets the 401 while the first refresh is still out.
    server.use(http.post(TOKEN_URL, () => delay(100)));

    const [files, folders, sample] = await Promise.all([
      engine.startImport({ connectionId: connection.id, dataModel: 'files' }).then((run) => settled(engine, run.id)),
      engine.startImport({ connectionId: connection.id, collection: 'folders' }).then((run) => settled(engine, run.id)),
      engine.sampleRecords({ connectionId: connection.id, collection: 'files', limit: 3 }),
    ]);
    expect(files).toMatchObject({ status: 'succeeded', counters: { delivered: lumenDrive.fileCount } });
    expect(folders).toMatchObject({ status: 'succeeded', counters: { delivered: lumenDrive.folderCount } });
    expect(sample.records).toHaveLength(3);
    expect(app.tokenRequests.filter((request) => request.grantType === 'refresh_token')).toEqual([{ grantType: 'refresh_token', status: 200 }]);
    expect((await oauthCredentials(store, connection.id)).accessToken).not.toBe(before.accessToken);
    expect((await engine.listConnections())[0]?.status).toBe('connected');
  });

  it('given the refresh token was revoked, fails the run as auth and moves the connection to needs-reauth, naming no token', async () => {
    const harness = oauthSetup();
    const { engine, store, app } = harness;
    const connection = await signIn(harness);
    const tokens = await oauthCredentials(store, connection.id);
    app.expireAccessTokens();
    app.revokeRefreshTokens();

    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, dataModel: 'files' })).id);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'oauth.refresh-failed', class: 'auth' } });
    expect(run.error?.message).toContain('Sign in again');
    const [after] = await engine.listConnections();
    expect(after).toMatchObject({ id: connection.id, status: 'needs-reauth', error: { code: 'oauth.refresh-failed' } });
    const everything = JSON.stringify([run, after, await engine.listRuns()]);
    for (const secret of [tokens.accessToken, tokens.refreshToken!]) expect(everything).not.toContain(secret);
    // The stored tokens are left as they were, for nothing better came back.
    expect(await oauthCredentials(store, connection.id)).toEqual(tokens);
  });

  it('given a token with no refresh token, a 401 fails as before, without a token request', async () => {
    const { engine, app } = oauthSetup();
    const error = await rejection(engine.connect({ appId: lumenDrive.appId, credentials: { type: 'oauth2', accessToken: 'ld_at_not_issued' } }));
    expect(error).toMatchObject({ code: 'auth.invalid-credentials', status: 401 });
    expect(error.message).not.toContain('ld_at_not_issued');
    expect(app.tokenRequests).toEqual([]);
  });
});

describe('testing credentials', () => {
  it('says whether the app accepts credentials and saves nothing either way', async () => {
    const { engine } = setup();
    const events: string[] = [];
    engine.subscribe((event) => events.push(event.type));
    expect(await engine.testCredentials({ appId: relayCrm.appId, credentials: relayCrm.credentials })).toEqual({ ok: true });
    const error = await rejection(engine.testCredentials({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'relay_test_wrong' } }));
    expect(error).toMatchObject({ code: 'auth.invalid-credentials', class: 'auth' });
    expect((await rejection(engine.testCredentials({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: ' ' } }))).code).toBe('credentials.invalid');
    expect((await rejection(engine.testCredentials({ appId: 'nope', credentials: relayCrm.credentials }))).code).toBe('app.not-found');
    expect(await engine.listConnections()).toEqual([]);
    expect(events).toEqual([]);
  });
});
