import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulatedClock, TributaryError, type ConnectorDefinition } from '../../src/engine/index.ts';
import { connectors, createRelayCrm, relayCrm, relayCrmConnector } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { setup } from './helpers.ts';

/** An engine whose Relay CRM users flow is waiting (its import queued, not run), so queued events stay visible. */
async function waitingFlow() {
  const clock = createSimulatedClock();
  const store = createMemoryStore();
  const app = createRelayCrm({ now: clock.now });
  server.use(...app.handlers);
  const { engine } = setup({ clock, store });
  const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
  const { secret } = await engine.rotateWebhookSecret({ connectionId: connection.id });
  await engine.startImport({ connectionId: connection.id, collection: 'users' });
  const depth = async () => (await engine.getFlow({ connectionId: connection.id, collection: 'users' })).queueDepth;
  const event = (id: string, type = 'user.propertyChange') => ({ eventId: id, subscriptionId: 101, portalId: 1, occurredAt: clock.now(), subscriptionType: type, attemptNumber: 0, objectId: 'usr_0001' });
  return { clock, store, app, engine, connection, secret, depth, event };
}

async function rejection(promise: Promise<unknown>): Promise<TributaryError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(TributaryError);
  return error as TributaryError;
}

describe('webhook intake', () => {
  it('given a delivery signed with the connection secret, it queues its events durably before it resolves', async () => {
    const { app, engine, connection, secret, depth, event, store } = await waitingFlow();
    const delivery = await app.webhooks.sign(secret, [event('evt_1'), event('evt_2', 'user.deletion'), event('evt_3', 'company.creation')]);
    const result = await engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body });
    // The company event belongs to no collection of Relay CRM's and is ignored.
    expect(result).toEqual({ accepted: 2 });
    expect(await depth()).toBe(2);
    const queued = await store.listQueuedEvents(connection.id, 'users', 10);
    expect(queued.map((queuedEvent) => [queuedEvent.type, queuedEvent.recordId, queuedEvent.sourceEventId])).toEqual([
      ['record-updated', 'usr_0001', 'evt_1'],
      ['record-deleted', 'usr_0001', 'evt_2'],
    ]);
  });

  it('refuses a bad signature, a missing one, or one made with another secret, as auth errors, and queues nothing', async () => {
    const { app, engine, connection, secret, depth, event } = await waitingFlow();
    const delivery = await app.webhooks.sign(secret, [event('evt_1')]);
    const tampered = delivery.body.replace('usr_0001', 'usr_0002');
    const attempts = [
      { headers: delivery.headers, body: tampered },
      { headers: { ...delivery.headers, 'x-relay-signature': 'v1=00' }, body: delivery.body },
      { headers: { 'x-relay-timestamp': delivery.headers['x-relay-timestamp'] ?? '' }, body: delivery.body },
      await app.webhooks.sign('not-the-secret', [event('evt_1')]),
    ];
    for (const attempt of attempts) {
      const error = await rejection(engine.receiveWebhook({ connectionId: connection.id, headers: attempt.headers, body: attempt.body }));
      expect(error).toMatchObject({ code: 'webhook.bad-signature', class: 'auth' });
      expect(error.message).not.toContain(secret);
    }
    expect(await depth()).toBe(0);
  });

  it('refuses a delivery sent again, or signed outside the tolerance, as replayed, and queues nothing more', async () => {
    const { app, engine, connection, secret, depth, event, clock } = await waitingFlow();
    const delivery = await app.webhooks.sign(secret, [event('evt_1')]);
    await engine.receiveWebhook({ connectionId: connection.id, headers: delivery.headers, body: delivery.body });
    expect(await depth()).toBe(1);

    // Re-signed with a fresh timestamp, the same event id is still a replay.
    const again = await app.webhooks.sign(secret, [event('evt_1')]);
    await expect(engine.receiveWebhook({ connectionId: connection.id, headers: again.headers, body: again.body })).rejects.toMatchObject({ code: 'webhook.replayed' });

    const old = await app.webhooks.sign(secret, [event('evt_9')], clock.now() - 301_000);
    await expect(engine.receiveWebhook({ connectionId: connection.id, headers: old.headers, body: old.body })).rejects.toMatchObject({ code: 'webhook.replayed' });
    expect(await depth()).toBe(1);
  });

  it('refuses a malformed payload as source-data, and queues nothing', async () => {
    const { app, engine, connection, secret, depth, event } = await waitingFlow();
    const sign = async (body: string) => {
      const signed = await app.webhooks.sign(secret, []);
      // Signed by hand: the mock signs only arrays of events.
      const timestamp = signed.headers['x-relay-timestamp'] ?? '';
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`)));
      const hex = Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
      return { 'x-relay-timestamp': timestamp, 'x-relay-signature': `v1=${hex}` };
    };
    const { objectId: _objectId, ...withoutRecord } = event('evt_2');
    for (const body of ['{"events": [', '"text"', '{"not":"an array"}', JSON.stringify([event('evt_1'), withoutRecord])]) {
      const error = await rejection(engine.receiveWebhook({ connectionId: connection.id, headers: await sign(body), body }));
      expect(error).toMatchObject({ code: 'webhook.malformed', class: 'source-data' });
    }
    expect(await depth()).toBe(0);
  });

  it('refuses a delivery for an unknown connection, or before a secret was generated', async () => {
    const clock = createSimulatedClock();
    const { engine } = setup({ clock });
    await expect(engine.receiveWebhook({ connectionId: 'nope', headers: {}, body: '[]' })).rejects.toMatchObject({ code: 'connection.not-found' });
    const connection = await engine.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    await expect(engine.receiveWebhook({ connectionId: connection.id, headers: {}, body: '[]' })).rejects.toMatchObject({ code: 'webhook.bad-signature' });
    // A new secret replaces the old: deliveries signed with the old one are refused.
    const app = createRelayCrm({ now: clock.now });
    const first = await engine.rotateWebhookSecret({ connectionId: connection.id });
    const second = await engine.rotateWebhookSecret({ connectionId: connection.id });
    expect(second.secret).not.toBe(first.secret);
    const stale = await app.webhooks.sign(first.secret, []);
    await expect(engine.receiveWebhook({ connectionId: connection.id, headers: stale.headers, body: stale.body })).rejects.toMatchObject({ code: 'webhook.bad-signature' });
    const fresh = await app.webhooks.sign(second.secret, []);
    await expect(engine.receiveWebhook({ connectionId: connection.id, headers: fresh.headers, body: fresh.body })).resolves.toEqual({ accepted: 0 });
  });

  it('verifies a shared token and a base64 body signature from a credential, and refuses events older than the tolerance', async () => {
    const clock = createSimulatedClock();
    const tokenApp: ConnectorDefinition = {
      ...relayCrmConnector,
      id: 'token-crm',
      webhooks: { verify: { type: 'token', header: 'Authorization', prefix: 'Token ' }, secret: { from: 'credential', field: 'apiKey' }, toleranceSeconds: 60 },
      collections: {
        users: {
          ...relayCrmConnector.collections.users!,
          events: { type: 'webhook', typePath: 'kind', types: { changed: 'record-updated' }, recordIdPath: 'id', timestampPath: 'at' },
        },
      },
    };
    const base64App: ConnectorDefinition = { ...tokenApp, id: 'base64-crm', webhooks: { verify: { type: 'hmac-sha256', header: 'X-Signature', encoding: 'base64' }, secret: { from: 'credential', field: 'apiKey' } } };
    const { engine } = setup({ clock, connectors: [...connectors, tokenApp, base64App] });
    const token = await engine.connect({ appId: 'token-crm', credentials: relayCrm.credentials });
    await engine.startImport({ connectionId: token.id, collection: 'users' });
    const body = JSON.stringify({ kind: 'changed', id: 'usr_0003', at: new Date(clock.now()).toISOString() });
    await expect(engine.receiveWebhook({ connectionId: token.id, headers: { authorization: `Token ${relayCrm.apiKey}` }, body })).resolves.toEqual({ accepted: 1 });
    await expect(engine.receiveWebhook({ connectionId: token.id, headers: { authorization: 'Token relay_test_2f8a61c8' }, body })).rejects.toMatchObject({ code: 'webhook.bad-signature' });
    const old = JSON.stringify({ kind: 'changed', id: 'usr_0003', at: new Date(clock.now() - 61_000).toISOString() });
    await expect(engine.receiveWebhook({ connectionId: token.id, headers: { authorization: `Token ${relayCrm.apiKey}` }, body: old })).rejects.toMatchObject({ code: 'webhook.replayed' });

    const signed = await engine.connect({ appId: 'base64-crm', credentials: relayCrm.credentials });
    await engine.startImport({ connectionId: signed.id, collection: 'users' });
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(relayCrm.apiKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)))));
    await expect(engine.receiveWebhook({ connectionId: signed.id, headers: { 'X-Signature': mac }, body })).resolves.toEqual({ accepted: 1 });
    await expect(engine.receiveWebhook({ connectionId: signed.id, headers: { 'X-Signature': mac }, body: `${body} ` })).rejects.toMatchObject({ code: 'webhook.bad-signature' });
  });
});
