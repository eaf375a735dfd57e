import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createSimulatedClock, TributaryError, type RunSnapshot } from '../../src/engine/index.ts';
import { relayCrm, relayCrmConnector } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelay, settled, setup } from './helpers.ts';

const USERS_URL = 'https://api.relay-crm.test/v1/users';

/** Lets the default handler answer, after `failures` answers of the given response. */
function failFirst(failures: number, answer: () => Response) {
  let left = failures;
  return http.get(USERS_URL, () => {
    if (left <= 0) return undefined;
    left -= 1;
    return answer();
  });
}

function statuses(engine: ReturnType<typeof setup>['engine']): RunSnapshot[] {
  const seen: RunSnapshot[] = [];
  engine.subscribe((event) => {
    if (event.type === 'run.changed') seen.push(event.run);
  });
  return seen;
}

describe('retries, rate limits and resumes', () => {
  it('given a 429 with Retry-After, shows the run rate-limited until then and goes on without losing a record', async () => {
    server.use(failFirst(2, () => HttpResponse.json({ error: { message: 'Slow down' } }, { status: 429, headers: { 'Retry-After': '30' } })));
    const clock = createSimulatedClock();
    const { engine, receiver } = setup({ clock });
    const seen = statuses(engine);
    const connection = await connectRelay(engine);
    const started = clock.now();
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));

    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ retries: 2, delivered: relayCrm.userCount });
    expect(new Set(receiver.records.map((record) => record.id)).size).toBe(relayCrm.userCount);
    const limited = seen.filter((snapshot) => snapshot.status === 'rate-limited');
    expect(limited.length).toBe(2);
    expect(limited[0]?.resumesAt).toBeGreaterThanOrEqual(started + 30_000);
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(seen.map((snapshot) => snapshot.status).filter((status, index, all) => status !== all[index - 1])).toEqual([
      'queued', 'running', 'rate-limited', 'running', 'rate-limited', 'running', 'succeeded',
    ]);
  });

  it('given an HTTP-date Retry-After on a 503, waits until that date', async () => {
    const clock = createSimulatedClock();
    const until = new Date(clock.now() + 120_000).toUTCString();
    server.use(failFirst(1, () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': until } })));
    const { engine } = setup({ clock });
    const connection = await connectRelay(engine);
    const started = clock.now();
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.status).toBe('succeeded');
    expect(clock.now() - started).toBeGreaterThanOrEqual(119_000);
  });

  it('given a Retry-After longer than the policy allows, fails at once with a message saying so', async () => {
    server.use(failFirst(1, () => HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '86400' } })));
    const clock = createSimulatedClock();
    const { engine } = setup({ clock });
    const connection = await connectRelay(engine);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.error).toMatchObject({ class: 'rate-limited', code: 'source.rate-limited' });
    expect(run.error?.message).toContain('longer than the retry policy allows');
  });

  it('given an app that publishes a rate limit, spaces requests to stay under it', async () => {
    const clock = createSimulatedClock();
    const times: number[] = [];
    server.use(http.get(USERS_URL, () => {
      times.push(clock.now());
      return undefined;
    }));
    const { engine } = setup({ clock, connectors: [{ ...relayCrmConnector, rateLimit: { requests: 2, perMs: 1000 } }] });
    const connection = await connectRelay(engine);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.status).toBe('succeeded');
    expect(times).toHaveLength(6);
    // No window of one second holds more than two requests.
    for (let i = 2; i < times.length; i += 1) expect((times[i] as number) - (times[i - 2] as number)).toBeGreaterThanOrEqual(1000);
  });

  it('resumes a failed run from its checkpoint: the pages already delivered are not fetched again', async () => {
    let failing = true;
    const requested: (string | null)[] = [];
    server.use(http.get(USERS_URL, ({ request }) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      requested.push(cursor);
      if (failing && requested.length === 4) return HttpResponse.json({ error: { message: 'Bad gateway' } }, { status: 502 });
      return undefined;
    }));
    const clock = createSimulatedClock();
    const { engine, receiver } = setup({ clock, retry: { maxAttempts: 1 } });
    const connection = await connectRelay(engine);
    const first = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(first.status).toBe('failed');
    expect(first.counters.delivered).toBeLessThan(relayCrm.userCount);
    const before = requested.length;

    failing = false;
    const resumed = await engine.resumeRun({ runId: first.id });
    expect(resumed.status).toBe('queued');
    const done = await clock.run(settled(engine, first.id));
    expect(done).toMatchObject({ id: first.id, status: 'succeeded', counters: { delivered: relayCrm.userCount, pages: 6 } });
    expect(done.error).toBeUndefined();
    // The resume started at the page that failed, not at the first.
    expect(requested[before]).toBe(requested[3]);
    expect(new Set(receiver.records.map((record) => record.id)).size).toBe(relayCrm.userCount);
    await expect(engine.resumeRun({ runId: first.id })).rejects.toMatchObject({ code: 'run.already-succeeded' });
  });

  it('starting a run over clears its checkpoint and counters and pages from the first page', async () => {
    const { engine, receiver } = setup();
    const connection = await connectRelay(engine);
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    receiver.batches.length = 0;
    await engine.restartRun({ runId: run.id });
    const again = await settled(engine, run.id);
    expect(again.counters).toMatchObject({ pages: 6, delivered: relayCrm.userCount });
    expect(receiver.records[0]?.id).toBe('usr_0001');
    expect(again.log.some((entry) => entry.message.includes('Starting over'))).toBe(true);
  });

  it('given a destination that stays unavailable, keeps the batch as a dead letter, goes on, and replays it later', async () => {
    let down = true;
    const accepted: string[] = [];
    const clock = createSimulatedClock();
    const { engine } = setup({
      clock,
      retry: { maxAttempts: 3 },
      destination: async (batch) => {
        if (down && batch.records[0]?.id === 'usr_0051') {
          throw new TributaryError({ code: 'receiver.down', class: 'transient', message: 'receiver restarting' });
        }
        accepted.push(...batch.records.map((record) => record.id));
      },
    });
    const connection = await connectRelay(engine);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.status).toBe('succeeded');
    expect(run.counters).toMatchObject({ delivered: relayCrm.userCount - 50, deadLettered: 50, retries: 2 });
    const [letter] = await engine.listDeadLetters({ runId: run.id });
    expect(letter).toMatchObject({ attempts: 3, error: { code: 'receiver.down' } });
    expect(letter?.records).toHaveLength(50);

    down = false;
    const replayed = await engine.replayDeadLetters({ runId: run.id });
    expect(replayed.counters).toMatchObject({ delivered: relayCrm.userCount, deadLettered: 0 });
    expect(await engine.listDeadLetters({ runId: run.id })).toEqual([]);
    expect(new Set(accepted).size).toBe(relayCrm.userCount);
  });

  it('given a replay that fails part way, counts the dead letters it did deliver and keeps the rest', async () => {
    const down = new Set(['usr_0051', 'usr_0101']);
    const clock = createSimulatedClock();
    const { engine } = setup({
      clock,
      retry: { maxAttempts: 2 },
      destination: async (batch) => {
        if (down.has(batch.records[0]?.id ?? '')) throw new TributaryError({ code: 'receiver.down', class: 'transient', message: 'receiver restarting' });
      },
    });
    const connection = await connectRelay(engine);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));
    expect(run.counters).toMatchObject({ deadLettered: 100 });

    down.delete('usr_0051');
    const error = await clock.run(engine.replayDeadLetters({ runId: run.id }).catch((thrown: unknown) => thrown));
    expect(error).toMatchObject({ code: 'destination.replay-failed' });
    const after = await engine.getRun({ runId: run.id });
    expect(after.counters).toMatchObject({ delivered: relayCrm.userCount - 50, deadLettered: 50 });
    expect((await engine.listDeadLetters({ runId: run.id })).map((letter) => letter.records[0]?.id)).toEqual(['usr_0101']);
  });

  it('fetches the next page while the current one is being delivered', async () => {
    const events: string[] = [];
    server.use(http.get(USERS_URL, ({ request }) => {
      events.push(`fetch ${new URL(request.url).searchParams.get('cursor') ?? 'first'}`);
      return undefined;
    }));
    let release: () => void = () => {};
    const { engine } = setup({
      destination: (batch) => {
        events.push(`deliver ${batch.records[0]?.id}`);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const connection = await connectRelay(engine);
    const run = await engine.startImport({ connectionId: connection.id, collection: 'users' });
    await new Promise<void>((resolve) => {
      const check = () => (events.length >= 3 ? resolve() : setTimeout(check, 5));
      check();
    });
    // Page 2 was requested while page 1 was still with the destination, and no further ahead.
    expect(events.slice(0, 3)).toEqual(['fetch first', 'deliver usr_0001', expect.stringMatching(/^fetch /)]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events).toHaveLength(3);
    const cancelling = engine.cancelRun({ runId: run.id });
    release();
    expect((await cancelling).status).toBe('cancelled');
  });
});
