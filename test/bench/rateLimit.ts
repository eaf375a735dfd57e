/**
 * BENCH rate-limit: a full import from Beacon Desk, a mocked app that allows 20
 * requests a second on the real clock and publishes X-RateLimit-* headers.
 * Its handlers answer in process through msw's getResponse (no server, no network).
 */
import { getResponse } from 'msw';
import { beaconDesk, beaconDeskConnector, beaconDeskHandlers } from '../../mocks/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import { settle } from './engineRun.ts';

export async function rateLimitBench(): Promise<string> {
  const pages = 80;
  const handlers = beaconDeskHandlers({ users: pages * 100 });
  const sent: { at: number; status: number }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = (await getResponse(handlers, request)) ?? new Response('no handler', { status: 404 });
    if (new URL(request.url).pathname.endsWith('/users.json')) sent.push({ at: Date.now(), status: response.status });
    return response;
  };
  const engine = createEngine({ connectors: [beaconDeskConnector], fetch, destination: async () => {} });
  const connection = await engine.connect({ appId: beaconDesk.appId, credentials: beaconDesk.credentials });
  const run = await settle(engine, (await engine.startImport({ connectionId: connection.id, collection: 'users' })).id);
  if (run.status !== 'succeeded') throw new Error(`rate-limit bench import ${run.status}: ${run.error?.message}`);
  const first = sent[0]?.at ?? 0;
  const ok = sent.filter((request) => request.status === 200);
  const seconds = ((ok.at(-1)?.at ?? first) - first) / 1000;
  const allowed = beaconDesk.rateLimit.requests / (beaconDesk.rateLimit.perMs / 1000);
  const achieved = (ok.length - 1) / seconds;
  const late429 = sent.filter((request) => request.status === 429 && request.at - first > 1000).length;
  const all429 = sent.filter((request) => request.status === 429).length;
  return `BENCH rate-limit ratio=${(achieved / allowed).toFixed(3)} http429=${all429} http429_after_first_second=${late429} requests=${sent.length} seconds=${seconds.toFixed(1)}`;
}
