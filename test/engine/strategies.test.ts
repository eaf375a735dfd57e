import { describe, expect, it } from 'vitest';
import { createSimulatedClock, type Credentials, type Pagination } from '../../src/engine/index.ts';
import {
  beaconDesk,
  beaconDeskHandlers,
  cirrusDb,
  connectors,
  forgeHub,
  forgeHubHandlers,
  harborHr,
  pipewellCrm,
  pipewellCrmHandlers,
  quillpad,
  quillpadHandlers,
  relayCrm,
  siftSearch,
  taskwise,
  tollgate,
  tollgateHandlers,
} from '../../mocks/index.ts';
import { server } from '../setup/msw.ts';
import { settled, setup } from './helpers.ts';

const cases: { app: { appId: string; credentials: Credentials }; collection: string; count: number }[] = [
  { app: relayCrm, collection: 'users', count: relayCrm.userCount },
  { app: relayCrm, collection: 'contacts', count: relayCrm.contactCount },
  { app: harborHr, collection: 'employees', count: harborHr.employeeCount },
  { app: harborHr, collection: 'departments', count: 5 },
  { app: taskwise, collection: 'users', count: taskwise.userCount },
  { app: taskwise, collection: 'attachments', count: taskwise.attachmentCount },
  { app: forgeHub, collection: 'members', count: forgeHub.memberCount },
  { app: forgeHub, collection: 'assets', count: forgeHub.assetCount },
  { app: pipewellCrm, collection: 'persons', count: pipewellCrm.personCount },
  { app: pipewellCrm, collection: 'organizations', count: pipewellCrm.organizationCount },
  { app: beaconDesk, collection: 'users', count: beaconDesk.userCount },
  { app: beaconDesk, collection: 'organizations', count: beaconDesk.organizationCount },
  { app: tollgate, collection: 'customers', count: tollgate.customerCount },
  { app: tollgate, collection: 'files', count: tollgate.fileCount },
  { app: quillpad, collection: 'users', count: quillpad.userCount },
  { app: quillpad, collection: 'accounts', count: quillpad.accountCount },
  { app: cirrusDb, collection: 'contacts', count: cirrusDb.contactCount },
  { app: cirrusDb, collection: 'accounts', count: cirrusDb.accountCount },
  { app: siftSearch, collection: 'companies', count: siftSearch.companyCount },
];

function strategy(pagination: Pagination): string {
  switch (pagination.type) {
    case 'cursor':
      return `cursor from ${pagination.cursorHeader ? 'header' : 'body'}, sent in ${pagination.param.in}`;
    case 'next-url':
      return pagination.linkHeader ? 'next-url from Link header' : 'next-url from body';
    case 'page-number':
      return `page-number from ${pagination.firstPage ?? 1}`;
    default:
      return pagination.type;
  }
}

describe('pagination strategies against the mocked apps', () => {
  it('covers every strategy the engine offers with at least one mocked app', () => {
    const covered = new Set(connectors.flatMap((c) => Object.values(c.collections).map((collection) => strategy(collection.list.pagination))));
    expect([...covered].sort()).toEqual(
      expect.arrayContaining([
        'cursor from body, sent in query',
        'cursor from body, sent in body',
        'cursor from header, sent in header',
        'has-more',
        'next-url from Link header',
        'next-url from body',
        'none',
        'offset',
        'page-number from 0',
        'page-number from 1',
      ]),
    );
  });

  for (const { app, collection, count } of cases) {
    const connector = connectors.find((c) => c.id === app.appId);
    const label = strategy(connector!.collections[collection]!.list.pagination);
    it(`imports every ${app.appId} ${collection} record exactly once (${label})`, async () => {
      const clock = createSimulatedClock();
      // Apps that publish a rate limit count it on the same simulated clock as the engine.
      const faults = { now: clock.now };
      server.use(...beaconDeskHandlers({ faults }), ...forgeHubHandlers({ faults }));
      const { engine, receiver } = setup({ clock });
      const connection = await engine.connect({ appId: app.appId, credentials: app.credentials });
      const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection })).id));
      expect(run.error).toBeUndefined();
      expect(run).toMatchObject({ status: 'succeeded', counters: { fetched: count, delivered: count, skipped: 0 } });
      const ids = receiver.records.map((record) => record.id);
      expect(new Set(ids).size).toBe(count);
    });
  }

  it('given a cursor that repeats, stops with a typed error instead of looping (next-url, cursor in a JSON body, has-more)', async () => {
    server.use(
      ...quillpadHandlers({ faults: { repeatCursorAtPage: 2 } }),
      ...pipewellCrmHandlers(),
      ...tollgateHandlers({ faults: { repeatCursorAtPage: 2 } }),
    );
    for (const [app, collection] of [[quillpad, 'accounts'], [tollgate, 'customers']] as const) {
      const { engine } = setup();
      const connection = await engine.connect({ appId: app.appId, credentials: app.credentials });
      const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection })).id);
      expect(run.error, `${app.appId}`).toMatchObject({ code: 'source.pagination-loop', class: 'source-data' });
    }
  });

  it('given credentials that expire mid-import, fails as auth and asks for reauth', async () => {
    server.use(...tollgateHandlers({ faults: { expireCredentialsAfterRequests: 2 } }));
    const { engine } = setup();
    const connection = await engine.connect({ appId: tollgate.appId, credentials: tollgate.credentials });
    const run = await settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'customers' })).id);
    expect(run.error).toMatchObject({ class: 'auth' });
    expect((await engine.listConnections())[0]?.status).toBe('needs-reauth');
  });

  it('given a flaky app (5xx, 429 with Retry-After, truncated JSON), still imports every record, on a simulated clock', async () => {
    const clock = createSimulatedClock();
    server.use(...pipewellCrmHandlers({ persons: 1000, faults: { seed: 140, serverErrorRate: 0.25, tooManyRequestsRate: 0.15, retryAfterSeconds: 2, truncatedRate: 0.1 } }));
    const { engine, receiver } = setup({ clock, retry: { maxAttempts: 10 } });
    const connection = await engine.connect({ appId: pipewellCrm.appId, credentials: pipewellCrm.credentials });
    const run = await clock.run(settled(engine, (await engine.startImport({ connectionId: connection.id, collection: 'persons' })).id));
    expect(run).toMatchObject({ status: 'succeeded', counters: { delivered: 1000 } });
    expect(run.counters.retries).toBeGreaterThan(3);
    expect(new Set(receiver.records.map((record) => record.id)).size).toBe(1000);
  });
});
