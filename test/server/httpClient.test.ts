import { afterEach, describe, expect, it } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import { createClient, TributaryError, type TributaryClient } from '../../src/client/index.ts';
import { describeClientContract, until } from '../client/clientContract.ts';
import { startServer, type TestServer } from './helpers.ts';

describeClientContract('HTTP transport to tributary/server', async ({ destination, retry }) => {
  const server = await startServer({
    ...(destination ? { destination: () => destination } : {}),
    ...(retry ? { host: { retry } } : {}),
  });
  return {
    client: () => createClient({ url: server.url, headers: { authorization: 'Bearer tenant-a' } }),
    dispose: () => server.close(),
  };
});

const key = { appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } } as const;

describe('the HTTP client', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serve(): Promise<TestServer> {
    const server = await startServer();
    cleanups.push(() => server.close());
    return server;
  }

  function clientOf(server: TestServer, token = 'tenant-a'): TributaryClient {
    const client = createClient({
      url: server.url,
      headers: async () => ({ authorization: `Bearer ${token}` }),
      reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    });
    cleanups.push(() => client.close());
    return client;
  }

  it('given no server at the URL, fails a command with a transient client.network error', async () => {
    const server = await startServer();
    const url = server.url;
    await server.close();
    const client = createClient({ url, headers: { authorization: 'Bearer tenant-a' } });
    cleanups.push(() => client.close());
    const error = await client.connect(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TributaryError);
    expect(error).toMatchObject({ code: 'client.network', class: 'transient', retryable: true });
  });

  it('given a session the host does not accept, fails with the typed 401 error', async () => {
    const server = await serve();
    const client = createClient({ url: server.url });
    cleanups.push(() => client.close());
    await expect(client.connect(key)).rejects.toMatchObject({ code: 'request.unauthenticated', class: 'auth' });
  });

  /** Counts the event streams the server is serving right now. */
  function openStreams(server: TestServer): () => number {
    let open = 0;
    server.server.on('request', (req, res) => {
      if (!req.url?.endsWith('/events')) return;
      open += 1;
      res.once('close', () => {
        open -= 1;
      });
    });
    return () => open;
  }

  it('given a dropped event stream, reconnects with Last-Event-ID and gets the events it missed', async () => {
    const server = await serve();
    const lastIds: (string | null)[] = [];
    server.server.on('request', (req) => {
      if (req.url?.endsWith('/events')) lastIds.push((req.headers['last-event-id'] as string | undefined) ?? null);
    });
    const client = clientOf(server);
    await client.start();
    await client.connect(key);

    server.dropConnections();
    // A change made while the client is away waits in the server's buffer.
    const added = await server.host.engineFor('tenant-a').connect(key);
    await until(client, () => client.getState().connections.some((c) => c.id === added.id));
    expect(lastIds[0]).toBeNull();
    expect(lastIds[1]).toMatch(/^[0-9a-f]{8}-[1-9]\d*$/);
  });

  it('given a restarted server that cannot replay, reloads its state and refreshes its live resources', async () => {
    const server = await serve();
    const client = clientOf(server);
    await client.start();
    const connection = await client.connect(key);
    const ref = { connectionId: connection.id, dataModel: 'users' };
    const mapping = client.fieldMapping(ref);
    mapping.subscribe(() => {});
    await mapping.refresh();
    expect(mapping.getSnapshot().data?.isDefault).toBe(true);

    // A new handler has a new event buffer: the client's last id is unknown to it.
    server.replaceHandler();
    server.dropConnections();
    const engine = server.host.engineFor('tenant-a');
    const added = await engine.connect(key);
    await engine.saveFieldMapping({ ...ref, mapping: { fields: { id: { path: 'id' }, name: { path: 'email' }, email: { path: 'email' } } } });

    await until(client, () => client.getState().connections.some((c) => c.id === added.id));
    expect(client.getState().connections.map((c) => c.id)).toEqual([connection.id, added.id]);
    await expect.poll(() => mapping.getSnapshot().data?.isDefault).toBe(false);
  });

  it('ends its event stream on close', async () => {
    const server = await serve();
    const streams = openStreams(server);
    const client = clientOf(server);
    await client.start();
    expect(streams()).toBe(1);
    client.close();
    await expect.poll(streams).toBe(0);
  });

  it('holds one event stream per client, however many listeners and resources it has', async () => {
    const server = await serve();
    const streams = openStreams(server);
    const client = clientOf(server);
    client.subscribe(() => {});
    client.subscribe(() => {});
    await until(client, () => client.getState().status === 'ready');
    const connection = await client.connect(key);
    await client.collections(connection.id).refresh();
    client.fieldMapping({ connectionId: connection.id, dataModel: 'users' }).subscribe(() => {});
    expect(streams()).toBe(1);
    await clientOf(server).start();
    expect(streams()).toBe(2);
  });
});
