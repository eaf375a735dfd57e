import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../setup/msw.ts';
import { TributaryError } from '../../src/engine/index.ts';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import { connectRelay, setup } from './helpers.ts';

describe('connections', () => {
  it('given the right API key, saves a connected connection that never carries the key', async () => {
    const { engine } = setup();
    const events: string[] = [];
    engine.subscribe((event) => events.push(event.type));
    const connection = await connectRelay(engine);
    expect(connection).toMatchObject({ appId: 'relay-crm', appName: 'Relay CRM', status: 'connected' });
    expect(events).toEqual(['connection.changed']);
    const everything = JSON.stringify([connection, await engine.listConnections(), await engine.listApps()]);
    expect(everything).not.toContain(relayCrm.apiKey);
  });

  it('given a wrong API key, throws an auth error with the app\'s message and saves nothing', async () => {
    const { engine } = setup();
    const error = await engine
      .connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'relay_test_wrong' } })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ code: 'auth.invalid-credentials', class: 'auth', status: 401 });
    expect((error as Error).message).toContain('Invalid API key');
    expect((error as Error).message).not.toContain('relay_test_wrong');
    expect(await engine.listConnections()).toEqual([]);
  });

  it('blanks credentials an app echoes in its error message, in every form it might send them back', async () => {
    const { engine } = setup();
    // An app that quotes what it was sent, as some do.
    server.use(
      http.get('https://api.relay-crm.test/v1/me', ({ request }) =>
        HttpResponse.json({ error: { message: `Key "${request.headers.get('authorization')}" is not valid` } }, { status: 401 }),
      ),
      http.get('https://harbor-hr.test/api/company', ({ request }) =>
        HttpResponse.json({ message: `Refused ${request.headers.get('authorization')} (user demo@harbor.test, password canary-pass-91)` }, { status: 401 }),
      ),
    );
    const relay = (await engine.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: 'canary_key_5e1f' } }).catch((e: unknown) => e)) as TributaryError;
    expect(relay.message).toContain('Key "Bearer [redacted]" is not valid');
    const harbor = (await engine
      .connect({ appId: harborHr.appId, credentials: { type: 'basic', username: 'demo@harbor.test', password: 'canary-pass-91' } })
      .catch((e: unknown) => e)) as TributaryError;
    expect(harbor).toBeInstanceOf(TributaryError);
    expect(harbor.message).toContain('Refused Basic [redacted] (user demo@harbor.test, password [redacted])');
    expect(JSON.stringify(harbor.toJSON())).not.toMatch(/canary-pass-91|ZGVtb0BoYXJib3IudGVzdDpjYW5hcnktcGFzcy05MQ/);
  });

  it('given an empty key, reports the missing field by path without calling the app', async () => {
    const { engine } = setup();
    await expect(engine.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: '  ' } })).rejects.toMatchObject({
      code: 'credentials.invalid',
      issues: [{ path: 'credentials.apiKey', message: 'is required' }],
    });
  });

  it('given credentials of another scheme than the app uses, rejects them as a config error', async () => {
    const { engine } = setup();
    await expect(
      engine.connect({ appId: harborHr.appId, credentials: { type: 'api-key', apiKey: 'x' } }),
    ).rejects.toMatchObject({ code: 'auth.scheme-mismatch', class: 'config' });
  });

  it('connects with basic auth and reports a wrong password in the app\'s words', async () => {
    const { engine } = setup();
    const ok = await engine.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: harborHr.password } });
    expect(ok.status).toBe('connected');
    await expect(
      engine.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: 'nope' } }),
    ).rejects.toThrow(/Bad username or password/);
    expect(await engine.listConnections()).toHaveLength(1);
  });

  it('given an unknown app, says so', async () => {
    const { engine } = setup();
    await expect(engine.connect({ appId: 'nope', credentials: { type: 'api-key', apiKey: 'k' } })).rejects.toMatchObject({ code: 'app.not-found' });
  });

  it('disconnecting removes the connection and announces it', async () => {
    const { engine } = setup();
    const connection = await connectRelay(engine);
    const events: string[] = [];
    engine.subscribe((event) => events.push(event.type));
    await engine.disconnect({ connectionId: connection.id });
    expect(await engine.listConnections()).toEqual([]);
    expect(events).toEqual(['connection.removed']);
    await expect(engine.listCollections({ connectionId: connection.id })).rejects.toMatchObject({ code: 'connection.not-found' });
  });

  it('lists data models with the collection each resolves to', async () => {
    const { engine } = setup();
    const relay = await connectRelay(engine);
    const harbor = await engine.connect({ appId: harborHr.appId, credentials: { type: 'basic', username: harborHr.username, password: harborHr.password } });
    const relayListing = await engine.listCollections({ connectionId: relay.id });
    const harborListing = await engine.listCollections({ connectionId: harbor.id });
    expect(relayListing.dataModels).toEqual([
      { key: 'users', name: 'Users', collection: 'users' },
      { key: 'contacts', name: 'Contacts', collection: 'contacts' },
    ]);
    expect(harborListing.dataModels).toEqual([{ key: 'users', name: 'Users', collection: 'employees' }]);
    expect(harborListing.collections.map((c) => [c.key, c.fields.length])).toEqual([['employees', 7], ['departments', 3]]);
  });
});
