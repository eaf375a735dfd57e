import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TributaryError,
  createEngine,
  createMemoryStore,
  type ConnectorDefinition,
  type DeliveryBatch,
  type Engine,
  type RunSnapshot,
  type Store,
} from '../../src/engine/index.ts';

const BASE = 'https://api.crashy.test';

interface FaultRates {
  serverError: number;
  tooManyRequests: number;
  truncated: number;
}

/** A cursor-paged app with seeded faults, played by an in-memory fetch (only the network is faked). */
function createApp(count: number, seed: number, faults: FaultRates) {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const served = new Map<number, number>();
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/me') return Response.json({ ok: true });
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit'));
    const roll = random();
    const { serverError, tooManyRequests, truncated } = faults;
    if (roll < serverError) return new Response('unavailable', { status: 503 });
    if (roll < serverError + tooManyRequests) return new Response('slow down', { status: 429, headers: { 'Retry-After': '0' } });
    const ids = Array.from({ length: Math.max(0, Math.min(limit, count - offset)) }, (_, i) => ({ id: `r${offset + i}`, name: `Record ${offset + i}` }));
    const body = JSON.stringify({ data: ids, next: offset + ids.length < count ? String(offset + ids.length) : null });
    if (roll < serverError + tooManyRequests + truncated) return new Response(body.slice(0, Math.floor(body.length / 2)), { status: 200 });
    served.set(offset, (served.get(offset) ?? 0) + 1);
    return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch, served };
}

function connector(pageSize: number): ConnectorDefinition {
  return {
    id: 'crashy',
    name: 'Crashy',
    baseUrl: BASE,
    auth: { type: 'api-key', in: 'header', name: 'X-Key' },
    test: { path: '/me' },
    collections: {
      records: {
        name: 'Records',
        fields: [{ path: 'id', type: 'string' }, { path: 'name', type: 'string' }],
        list: {
          path: '/records',
          recordsPath: 'data',
          idPath: 'id',
          pagination: { type: 'cursor', cursorPath: 'next', param: { in: 'query', name: 'cursor' }, limit: { param: 'limit', value: pageSize } },
        },
      },
    },
  };
}

/**
 * A process that dies, as a killed one would, at its `crashAt`-th step (a store
 * write or a delivery): that step and everything after it fail.
 */
function mortal(store: Store, crashAt: number) {
  let steps = 0;
  const life = { dead: false };
  const step = () => {
    if (life.dead) throw new Error('process is gone');
    if (++steps >= crashAt) {
      life.dead = true;
      throw new Error('process is gone');
    }
  };
  const wrapped = { ...store } as Store;
  for (const key of Object.keys(store) as (keyof Store)[]) {
    const method = store[key] as (...args: unknown[]) => Promise<unknown>;
    const write = key.startsWith('put') || key.startsWith('delete');
    (wrapped as unknown as Record<string, unknown>)[key] = async (...args: unknown[]) => {
      if (life.dead) throw new Error('process is gone');
      if (write) step();
      return method(...args);
    };
  }
  return { store: wrapped, life, step };
}

function finished(engine: Engine, runId: string): Promise<RunSnapshot> {
  return new Promise((resolve) => {
    const check = async () => {
      const run = await engine.getRun({ runId }).catch(() => undefined);
      if (run && ['succeeded', 'failed', 'cancelled'].includes(run.status)) resolve(run);
      else setTimeout(check, 2);
    };
    void check();
  });
}

describe('crashes and resumes', () => {
  it('for any collection, page size, faults and crashes with resume, the receiver ends with exactly the source set, and each crash costs at most one page again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 700 }),
        fc.array(fc.integer({ min: 2, max: 60 }), { maxLength: 4 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer(),
        async (count, pageSize, crashes, faultRate, seed) => {
          const app = createApp(count, seed, { serverError: faultRate / 3, tooManyRequests: faultRate / 3, truncated: faultRate / 3 });
          const durable = createMemoryStore();
          const keys = new Set<string>();
          const accepted = new Set<string>();
          let redelivered = 0;
          let process = { life: { dead: false }, step: () => {} };
          const destination = async (batch: DeliveryBatch) => {
            process.step();
            for (const record of batch.records) {
              if (keys.has(record.idempotencyKey)) redelivered += 1;
              keys.add(record.idempotencyKey);
              accepted.add(record.id);
            }
          };
          const options = {
            connectors: [connector(pageSize)],
            destination,
            fetch: app.fetch,
            retry: { maxAttempts: 50, baseDelayMs: 0, maxDelayMs: 0 },
          };

          const first = mortal(durable, crashes[0] ?? Number.POSITIVE_INFINITY);
          process = first;
          let engine = createEngine({ ...options, store: first.store });
          const connection = await engine.connect({ appId: 'crashy', credentials: { type: 'api-key', apiKey: 'k' } }).catch(() => undefined);
          if (!connection) return; // the process died before it was connected: nothing to import
          const run = await engine.startImport({ connectionId: connection.id, collection: 'records' }).catch(() => undefined);
          if (!run) return;

          let crashed = 0;
          for (let next = 1; ; next += 1) {
            const outcome = await Promise.race([finished(engine, run.id), new Promise<'dead'>((resolve) => {
              const watch = () => (process.life.dead ? resolve('dead') : setTimeout(watch, 1));
              watch();
            })]);
            if (outcome !== 'dead') {
              expect(outcome.status).toBe('succeeded');
              break;
            }
            crashed += 1;
            // A new process on the same store: it resumes the interrupted run by itself.
            const after = mortal(durable, crashes[next] ?? Number.POSITIVE_INFINITY);
            process = after;
            engine = createEngine({ ...options, store: after.store });
          }

          const expected = Array.from({ length: count }, (_, i) => `r${i}`);
          expect([...accepted].sort()).toEqual(expected.sort());
          // A crash redelivers at most the page it cut off; fetched again are at most that page and the one fetched ahead.
          expect(redelivered).toBeLessThanOrEqual(crashed * pageSize);
          const refetched = [...app.served.values()].reduce((sum, times) => sum + times - 1, 0);
          expect(refetched).toBeLessThanOrEqual(crashed * 2);
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('chaos: 100,000 records through 5xx, 429, truncated pages, crashes every 5 to 50 pages and lost acknowledgements all arrive once in effect', async () => {
    const count = 100_000;
    const pageSize = 100;
    const app = createApp(count, 42, { serverError: 0.1, tooManyRequests: 0.05, truncated: 0.01 });
    const durable = createMemoryStore();
    let random = 7;
    const roll = () => {
      random = (Math.imul(random, 1103515245) + 12345) >>> 0;
      return random / 4294967296;
    };
    const keys = new Set<string>();
    let redelivered = 0;
    let lostAcks = 0;
    let process = { life: { dead: false }, step: () => {} };
    const destination = async (batch: DeliveryBatch) => {
      process.step();
      for (const record of batch.records) {
        if (keys.has(record.idempotencyKey)) redelivered += 1;
        keys.add(record.idempotencyKey);
      }
      if (roll() < 0.01) {
        // The receiver stored the batch, but its answer never arrived.
        lostAcks += 1;
        throw new TributaryError({ code: 'destination.timeout', class: 'transient', message: 'no answer from the receiver' });
      }
    };
    const options = { connectors: [connector(pageSize)], destination, fetch: app.fetch, retry: { maxAttempts: 50, baseDelayMs: 0, maxDelayMs: 0 } };
    // Each process lives for 5 to 50 pages' worth of steps (a delivery and a checkpoint write a page; run progress is coalesced).
    const lifetime = () => Math.floor((5 + roll() * 45) * 2);

    process = mortal(durable, lifetime());
    let engine = createEngine({ ...options, store: (process as ReturnType<typeof mortal>).store });
    let connectionId: string | undefined;
    let runId: string | undefined;
    let crashes = 0;
    let finishedRun: RunSnapshot | undefined;
    for (;;) {
      if (!connectionId) connectionId = (await engine.connect({ appId: 'crashy', credentials: { type: 'api-key', apiKey: 'k' } }).catch(() => undefined))?.id;
      if (connectionId && !runId) runId = (await engine.startImport({ connectionId, collection: 'records' }).catch(() => undefined))?.id;
      const outcome = runId
        ? await Promise.race([finished(engine, runId), new Promise<'dead'>((resolve) => {
            const watch = () => (process.life.dead ? resolve('dead') : setTimeout(watch, 1));
            watch();
          })])
        : 'dead';
      if (outcome !== 'dead') {
        expect(outcome.status).toBe('succeeded');
        finishedRun = outcome;
        break;
      }
      crashes += 1;
      const next = mortal(durable, lifetime());
      process = next;
      engine = createEngine({ ...options, store: next.store });
    }

    const ids = new Set([...keys].map((key) => key.split(':')[2]));
    expect(ids.size).toBe(count);
    expect(keys.size).toBe(count);
    // Redeliveries happened, and each one carried a key already seen, so the receiver could drop it.
    expect(crashes).toBeGreaterThan(20);
    expect(lostAcks).toBeGreaterThan(5);
    expect(redelivered).toBeGreaterThan(0);
    // The counters resume from each checkpoint, so pages fetched again are not counted twice.
    expect(finishedRun?.counters).toMatchObject({ pages: count / pageSize, fetched: count, delivered: count });
    console.log(`chaos: ${crashes} crashes, ${lostAcks} lost acknowledgements, ${redelivered} redeliveries recognised, ${count} records delivered once in effect`);
  }, 300_000);
});
