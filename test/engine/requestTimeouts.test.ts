import { describe, expect, it } from 'vitest';
import { createSimulatedClock, type ConnectorDefinition } from '../../src/engine/index.ts';
import { requestApp } from '../../src/engine/http/appRequest.ts';
import { relayCrm } from '../../mocks/index.ts';
import { connectRelay, settled, setup } from './helpers.ts';

/** A fetch that answers through the mocked apps, except that the calls `hang` picks wait until their signal aborts. */
function hangingFetch(hang: (call: number, url: string) => boolean) {
  const signals: { url: string; signal: AbortSignal; hung: boolean }[] = [];
  let calls = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    calls += 1;
    const url = String(input);
    const signal = init?.signal as AbortSignal;
    const hung = hang(calls, url);
    signals.push({ url, signal, hung });
    if (!hung) return globalThis.fetch(input, init);
    return new Promise((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return { fetch, signals };
}

const isUsersPage = (url: string) => url.includes('/v1/users');

describe('requests that hang', () => {
  it('given an app that stops answering, abandons the request after the timeout, retries it, and loses nothing', async () => {
    const clock = createSimulatedClock();
    let pages = 0;
    const app = hangingFetch((_, url) => isUsersPage(url) && ++pages === 2);
    const { engine, receiver } = setup({ clock, fetch: app.fetch, requestTimeoutMs: 5_000 });
    const connection = await connectRelay(engine);
    const started = clock.now();
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));

    expect(run.status).toBe('succeeded');
    expect(new Set(receiver.records.map((record) => record.id)).size).toBe(relayCrm.userCount);
    expect(run.counters.retries).toBe(1);
    expect(run.log.map((entry) => entry.message)).toContainEqual(expect.stringMatching(/^Page 2: Relay CRM did not answer \/users within 5000 ms\. Retry 1 in \d\.\d s\.$/));
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000);
    const hung = app.signals.filter((call) => call.hung);
    expect(hung).toHaveLength(1);
    expect(hung[0]?.signal.aborted).toBe(true);
    // The retry went out with a signal of its own, not the aborted one.
    const after = app.signals[app.signals.indexOf(hung[0]!) + 1];
    expect(after?.signal).not.toBe(hung[0]?.signal);
    expect(after?.signal.aborted).toBe(false);
  });

  it('cancelling a run aborts the request in flight at once, without waiting for its timeout', async () => {
    const clock = createSimulatedClock();
    let pages = 0;
    let hanging: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (hanging = resolve));
    const app = hangingFetch((_, url) => {
      const hang = isUsersPage(url) && ++pages === 3;
      if (hang) hanging();
      return hang;
    });
    const { engine, receiver } = setup({ clock, fetch: app.fetch, requestTimeoutMs: 600_000 });
    const connection = await connectRelay(engine);
    const queued = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await clock.run(inFlight);
    const started = clock.now();
    await engine.cancelRun({ runId: queued.id });
    const run = await clock.run(settled(engine, queued.id));

    expect(run.status).toBe('cancelled');
    expect(clock.now() - started).toBeLessThan(1_000);
    expect(app.signals.find((call) => call.hung)?.signal.aborted).toBe(true);
    expect(receiver.records.length).toBeLessThan(relayCrm.userCount);
  });

  it('never lends one abort signal to two requests at once, so one timing out leaves the other alone', async () => {
    const clock = createSimulatedClock();
    const app = hangingFetch(() => true);
    const connector = { id: 'slow', name: 'Slow App', baseUrl: 'https://slow.test', auth: { type: 'api-key', in: 'header', name: 'X-Key' }, collections: {} } as unknown as ConnectorDefinition;
    const run = new AbortController();
    const http = { fetch: app.fetch, clock, timeoutMs: 1_000 };
    const send = () => requestApp(http, { connector, credentials: { type: 'api-key', apiKey: 'key-123456' }, path: '/a', signal: run.signal });
    const first = send().catch((error: unknown) => error);
    await clock.advance(500);
    const second = send().catch((error: unknown) => error);
    expect(app.signals[0]?.signal).not.toBe(app.signals[1]?.signal);

    await clock.advance(500);
    await expect(first).resolves.toMatchObject({ code: 'source.timeout', class: 'transient' });
    expect(app.signals[0]?.signal.aborted).toBe(true);
    expect(app.signals[1]?.signal.aborted).toBe(false);

    run.abort(new Error('run cancelled'));
    await expect(second).resolves.toMatchObject({ message: 'run cancelled' });
    expect(app.signals[1]?.signal.aborted).toBe(true);
  });
});
