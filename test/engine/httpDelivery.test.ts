import { describe, expect, it } from 'vitest';
import { createHttpDestination, createSimulatedClock } from '../../src/engine/index.ts';
import { createHostReceiver } from '../../mocks/host/receiver.ts';
import { relayCrm } from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelay, settled, setup } from './helpers.ts';

const URL = 'https://host.example.test/tributary/records';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('an import delivered to the host over HTTP', () => {
  it('given a receiver that answers 5xx and 429 at times, every record arrives signed, verified and once in effect', async () => {
    const clock = createSimulatedClock();
    const receiver = createHostReceiver({ url: URL, secret: SECRET, now: clock.now, faults: { seed: 3, serverErrorRate: 0.3, tooManyRequestsRate: 0.2, retryAfterSeconds: 5 } });
    server.use(...receiver.handlers);
    const { engine } = setup({ clock, destination: createHttpDestination({ url: URL, secret: SECRET, clock }), retry: { maxAttempts: 10 } });
    const connection = await connectRelay(engine);
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id));

    expect(run).toMatchObject({ status: 'succeeded', counters: { delivered: relayCrm.userCount, deadLettered: 0 } });
    expect(run.counters.retries).toBeGreaterThan(0);
    expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
    expect(receiver.received.some((delivery) => delivery.status >= 500)).toBe(true);
    expect(new Set(receiver.accepted.map((record) => record.id)).size).toBe(relayCrm.userCount);
  });

  it('given a receiver that rejects the batch with a 4xx, fails the run with the status and what it said', async () => {
    const receiver = createHostReceiver({ url: URL, secret: SECRET, faults: { rejectStatus: 422 } });
    server.use(...receiver.handlers);
    const { engine } = setup({ destination: createHttpDestination({ url: URL, secret: SECRET }) });
    const connection = await connectRelay(engine);
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
    expect(run.error).toMatchObject({ class: 'destination', code: 'destination.rejected', status: 422 });
    expect(run.counters.delivered).toBe(0);
    expect(JSON.stringify(run)).not.toContain(SECRET.slice(6));
  });
});
