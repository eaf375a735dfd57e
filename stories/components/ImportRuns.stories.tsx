import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { connectors, relayCrm, relayCrmHandlers } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import {
  createEngine,
  createMemoryStore,
  TributaryError,
  type DataSourceRef,
  type EngineOptions,
  type RunSnapshot,
  type RunStatus,
  type Store,
} from '../../src/engine/index.ts';
import { ImportRuns, useImportRuns, useRunCountdown, useRuns } from '../../src/react/index.ts';
import { runFinished } from '../shared/seededClient.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';
import { Prepared as PreparedStory } from '../shared/Prepared.tsx';
import { silentTransport, unreachableTransport } from '../shared/transports.ts';

const meta = {
  title: 'Components/ImportRuns',
  component: ImportRuns,
  parameters: {
    docs: {
      description: {
        component:
          'Import runs and flow runs, newest first: a filterable, virtualized list with live progress and a rate-limit countdown, and the selected run’s detail (counters, flow steps, problems with record ids, log) with the actions it allows. Ships as a composite and as parts (`ImportRuns.Root`, `.Filters`, `.List`, `.Detail` …), plus the `useImportRuns` hook.',
      },
    },
  },
} satisfies Meta<typeof ImportRuns>;

export default meta;
type Story = StoryObj<typeof meta>;

const usersOf = (connectionId: string): DataSourceRef => ({ connectionId, dataModel: 'users' });

/** The import runs of the newest Relay CRM connection, with its newest run selected. */
function NewestRunSelected() {
  const [newest] = useRuns();
  return (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => <ImportRuns dataSource={usersOf(connection.id)} defaultSelectedRunId={newest?.id ?? null} />}
    </WithConnection>
  );
}

// ---- Stories prepared on a client of their own ------------------------------------------------

const frame: CSSProperties = { padding: '1.5rem', maxWidth: '72rem' };

/** Renders `children` in a provider on the client `prepare` makes, once it is ready. */
function Prepared({ prepare, children }: { prepare: () => Promise<TributaryClient>; children: ReactNode }) {
  return (
    <PreparedStory prepare={prepare} style={frame}>
      {children}
    </PreparedStory>
  );
}

/** A client on the in-process engine over a memory store that `seed` fills first. */
async function seededClient(seed: (store: Store) => Promise<void>, options: Partial<EngineOptions> = {}): Promise<TributaryClient> {
  const store = createMemoryStore();
  await seed(store);
  return createClient({ engine: createEngine({ connectors, destination: async () => {}, store, ...options }) });
}

const zero = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };

/** A run of the history a busy tenant builds up: mostly flow runs (one per change in the app), an import now and then. */
function historicRun(i: number, now: number): RunSnapshot {
  const createdAt = now - (10_000 - i) * 45_000;
  const kind = i % 25 === 0 ? 'import' : 'flow';
  const status: RunStatus = i === 9_990 ? 'rate-limited' : i % 17 === 3 ? 'failed' : i % 41 === 7 ? 'cancelled' : 'succeeded';
  const id = `run-${String(i).padStart(5, '0')}`;
  const base: RunSnapshot = {
    id,
    revision: 1,
    kind,
    dataSource: { connectionId: 'relay', collection: 'users', dataModel: 'users' },
    status,
    createdAt,
    startedAt: createdAt,
    ...(status === 'rate-limited' ? { resumesAt: Date.now() + 95_000 } : { finishedAt: createdAt + (kind === 'import' ? 14_000 : 600) }),
    counters: kind === 'import' ? { ...zero, pages: 6, fetched: 257, delivered: status === 'succeeded' ? 257 : 150 } : { ...zero, fetched: 1, delivered: status === 'succeeded' ? 1 : 0 },
    skipped: [],
    log: [{ at: createdAt, level: 'info', message: kind === 'import' ? 'Importing Users from Relay CRM.' : 'Record changed in Relay CRM.' }],
    ...(status === 'failed' ? { error: { code: 'destination.failed', class: 'destination' as const, message: 'The destination did not accept 1 records: host is read-only' } } : {}),
  };
  if (kind === 'import') return base;
  const recordId = `usr_${String((i % 257) + 1).padStart(4, '0')}`;
  return {
    ...base,
    flow: {
      type: i % 9 === 0 ? 'record-created' : i % 13 === 0 ? 'record-deleted' : 'record-updated',
      recordId,
      origin: 'webhook',
      events: 1,
      ...(status === 'succeeded' ? { outcome: i % 11 === 0 ? ('duplicate' as const) : ('delivered' as const) } : {}),
      steps: [
        { name: 'fetch', status: status === 'rate-limited' ? 'running' : 'succeeded' },
        { name: 'map', status: status === 'rate-limited' ? 'pending' : 'succeeded' },
        {
          name: 'deliver',
          status: status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending',
          ...(base.error ? { error: base.error } : {}),
        },
      ],
      event: { id: `event-${id}`, connectionId: 'relay', collection: 'users', type: 'record-updated', recordId, origin: 'webhook', runId: id, receivedAt: createdAt },
    },
  };
}

async function putRelayConnection(store: Store): Promise<void> {
  const now = Date.now();
  await store.putConnection({ id: 'relay', appId: relayCrm.appId, appName: 'Relay CRM', status: 'connected', createdAt: now, updatedAt: now });
  await store.putCredentials('relay', relayCrm.credentials);
  await store.putFlowState({ connectionId: 'relay', collection: 'users', dataModel: 'users', source: 'webhook', status: 'active', importStartedAt: now - 86_400_000, activatedAt: now - 86_000_000, updatedAt: now });
}

const tenThousandRuns = () =>
  seededClient(async (store) => {
    await putRelayConnection(store);
    const now = Date.now();
    for (let i = 0; i < 10_000; i++) await store.putRun(historicRun(i, now));
  });

/** A few flow runs after a full import: delivered, duplicate, stale, deleted, and one that failed at delivery. */
const flowHistory = () =>
  seededClient(async (store) => {
    await putRelayConnection(store);
    const now = Date.now();
    const at = (minutesAgo: number) => now - minutesAgo * 60_000;
    await store.putRun({
      id: 'import-1',
      revision: 1,
      kind: 'import',
      dataSource: { connectionId: 'relay', collection: 'users', dataModel: 'users' },
      status: 'succeeded',
      createdAt: at(90),
      startedAt: at(90),
      finishedAt: at(89.7),
      counters: { ...zero, pages: 6, fetched: 257, delivered: 257 },
      skipped: [],
      log: [
        { at: at(90), level: 'info', message: 'Importing Users from Relay CRM.' },
        { at: at(89.7), level: 'info', message: 'Imported 257 of 257 records in 6 pages.' },
      ],
    });
    const flows: [string, number, string, 'record-created' | 'record-updated' | 'record-deleted', 'delivered' | 'duplicate' | 'stale' | 'gone' | 'failed'][] = [
      ['flow-1', 60, 'usr_0004', 'record-updated', 'delivered'],
      ['flow-2', 45, 'usr_0258', 'record-created', 'delivered'],
      ['flow-3', 30, 'usr_0011', 'record-updated', 'duplicate'],
      ['flow-4', 20, 'usr_0007', 'record-deleted', 'delivered'],
      ['flow-5', 12, 'usr_0012', 'record-updated', 'stale'],
      ['flow-6', 5, 'usr_0009', 'record-updated', 'failed'],
    ];
    for (const [id, minutesAgo, recordId, type, outcome] of flows) {
      const start = at(minutesAgo);
      const failed = outcome === 'failed';
      const error = { code: 'destination.failed', class: 'destination' as const, message: 'The destination did not accept 1 records: host is read-only' };
      const skipMap = outcome === 'stale' || outcome === 'duplicate' || type === 'record-deleted';
      await store.putRun({
        id,
        revision: 1,
        kind: 'flow',
        dataSource: { connectionId: 'relay', collection: 'users', dataModel: 'users' },
        status: failed ? 'failed' : 'succeeded',
        createdAt: start,
        startedAt: start,
        finishedAt: start + 640,
        counters: { ...zero, fetched: type === 'record-deleted' ? 0 : 1, delivered: outcome === 'delivered' ? 1 : 0 },
        skipped: [],
        log: [
          { at: start, level: 'info', message: `Webhook: ${type} ${recordId}.` },
          failed ? { at: start + 640, level: 'error', message: error.message } : { at: start + 640, level: 'info', message: `Done: ${outcome}.` },
        ],
        ...(failed ? { error } : {}),
        flow: {
          type,
          recordId,
          version: start,
          origin: 'webhook',
          events: outcome === 'duplicate' ? 2 : 1,
          ...(failed ? {} : { outcome }),
          steps: [
            { name: 'fetch', status: type === 'record-deleted' ? 'skipped' : 'succeeded', ...(type === 'record-deleted' ? { note: 'a deleted record has nothing to fetch' } : {}) },
            { name: 'map', status: skipMap ? 'skipped' : 'succeeded', ...(outcome === 'stale' ? { note: 'the host already has a newer version' } : outcome === 'duplicate' ? { note: 'this version was delivered before' } : {}) },
            { name: 'deliver', status: failed ? 'failed' : skipMap && type !== 'record-deleted' ? 'skipped' : 'succeeded', ...(failed ? { error } : {}) },
          ],
          event: { id: `event-${id}`, connectionId: 'relay', collection: 'users', type, recordId, origin: 'webhook', runId: id, receivedAt: start },
        },
      });
    }
  });

// ---- States ---------------------------------------------------------------------------------------

/** The runs are on their way (here: a server that never answers). */
export const Loading: Story = {
  render: () => {
    return (
      <Prepared prepare={async () => createClient({ transport: silentTransport })}>
        <ImportRuns />
      </Prepared>
    );
  },
};


/** The runs could not be loaded: why, and Try again. */
export const LoadError: Story = {
  render: () => (
    <Prepared prepare={async () => createClient({ transport: unreachableTransport })}>
      <ImportRuns />
    </Prepared>
  ),
};

/** No runs yet; press Start import to watch one run live. */
export const Empty: Story = {
  decorators: [withTributary],
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <WithConnection appId={relayCrm.appId}>{(connection) => <ImportRuns dataSource={usersOf(connection.id)} />}</WithConnection>
  ),
};

/** A finished import of all 257 Relay CRM users, selected: its counters, its log, and Start over (which asks first). */
export const Succeeded: Story = {
  decorators: [withTributary],
  parameters: { tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }] } satisfies TributaryStoryParameters },
  render: () => <NewestRunSelected />,
};

/** Relay CRM keeps failing page 3: the run fails with the app’s message and offers Resume from its checkpoint. */
export const Failed: Story = {
  ...Succeeded,
  beforeEach({ msw }) {
    msw.use(...relayCrmHandlers({ failPage: { page: 3, status: 400 } }));
  },
};

/** Relay CRM answers slowly (1.5 s a page): the counters move live, and the run offers Cancel. */
export const Running: Story = {
  decorators: [withTributary],
  parameters: {
    tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }], awaitImports: false } satisfies TributaryStoryParameters,
  },
  render: () => <NewestRunSelected />,
  beforeEach({ msw }) {
    msw.use(
      http.get('*/users', async () => {
        await delay(1500);
        return undefined; // then Relay CRM's own handler answers
      }),
    );
  },
};

/** Relay CRM answers page 2 with 429 and Retry-After: 90: the run waits, counting down each second. */
export const RateLimited: Story = {
  ...Running,
  beforeEach({ msw }) {
    msw.use(
      http.get('*/users', ({ request }) =>
        new URL(request.url).searchParams.has('cursor')
          ? HttpResponse.json({ error: { type: 'rate_limited', message: 'Too many requests' } }, { status: 429, headers: { 'Retry-After': '90' } })
          : undefined,
      ),
    );
  },
};

/**
 * The destination refuses the batch holding usr_0030 (then accepts it when replayed), and Relay CRM fails page 4:
 * the run failed with 50 dead-lettered records, listed by id. Retry failed records delivers them; Resume goes on.
 */
export const FailedWithDeadLetters: Story = {
  beforeEach({ msw }) {
    msw.use(...relayCrmHandlers({ failPage: { page: 4, status: 400 } }));
  },
  render: () => <Prepared prepare={failedWithDeadLetters}>{<SelectedFirst />}</Prepared>,
};

function SelectedFirst() {
  const [newest] = useRuns();
  return <ImportRuns defaultSelectedRunId={newest?.id ?? null} />;
}

async function failedWithDeadLetters(): Promise<TributaryClient> {
  let refused = false;
  const engine = createEngine({
    connectors,
    retry: { maxAttempts: 1 },
    destination: async (batch) => {
      if (!refused && batch.records.some((record) => record.id === 'usr_0030')) {
        refused = true;
        throw new TributaryError({ code: 'destination.unavailable', class: 'transient', message: 'The host’s API answered 503 Service Unavailable.' });
      }
    },
  });
  const client = createClient({ engine });
  const connection = await client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
  const run = await client.startImport(usersOf(connection.id));
  await runFinished(client, run.id);
  return client;
}

/** Without a data source: every run of every connection, no Start button. */
export const AllRuns: Story = {
  decorators: [withTributary],
  parameters: {
    tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }, { dataModel: 'contacts' }] } satisfies TributaryStoryParameters,
  },
  render: () => <ImportRuns />,
};

/** Flow runs beside the import they follow: outcomes, steps, and a failed one to Retry (the record is read afresh). */
export const FlowRuns: Story = {
  render: () => (
    <Prepared prepare={flowHistory}>
      <ImportRuns defaultSelectedRunId="flow-6" />
    </Prepared>
  ),
};

/** 10,000 runs: only the rows in view are in the DOM. Scroll, or focus the list and use the arrow keys, Page Up/Down, Home and End. */
export const ManyRuns: Story = {
  render: () => (
    <Prepared prepare={tenThousandRuns}>
      <ImportRuns />
    </Prepared>
  ),
};

// ---- Composition ------------------------------------------------------------------------------

const host = {
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 22rem) minmax(0, 1fr)', gap: '1.25rem', alignItems: 'start' },
  bar: { display: 'flex', alignItems: 'end', justifyContent: 'space-between', gap: '1rem', gridColumn: '1 / -1', borderBottom: '2px solid #0f766e', paddingBottom: '0.75rem' },
  title: { margin: 0, fontFamily: 'Georgia, serif', fontSize: '1.25rem', color: '#0f766e' },
  note: { margin: 0, color: '#475569', fontSize: '0.8125rem' },
} satisfies Record<string, CSSProperties>;

/** A host’s own layout from the parts: its header bar with the filters, a narrow list, and a detail of its choosing. */
function HostComposition() {
  const [selected, setSelected] = useState<string | null>('flow-6');
  return (
    <ImportRuns.Root selectedRunId={selected} onSelectedRunIdChange={setSelected} aria-label="Sync history">
      <div style={host.layout}>
        <header style={host.bar}>
          <div>
            <h2 style={host.title}>Sync history</h2>
            <p style={host.note}>Selected: {selected ?? 'none'}</p>
          </div>
          <ImportRuns.Filters />
        </header>
        <ImportRuns.List viewportHeight={420} rowHeight={72} aria-label="Sync runs" />
        <ImportRuns.Detail>
          <ImportRuns.Actions />
          <ImportRuns.Steps />
          <ImportRuns.Problems />
          <ImportRuns.Timeline />
        </ImportRuns.Detail>
      </div>
    </ImportRuns.Root>
  );
}

/** The parts (`ImportRuns.Root`, `.Filters`, `.List`, `.Detail` and its sections) in a host’s own layout, with a controlled selection. */
export const ComposedParts: Story = {
  render: () => (
    <Prepared prepare={flowHistory}>
      <HostComposition />
    </Prepared>
  ),
};

function HostRow({ run, onPick }: { run: RunSnapshot; onPick: (id: string) => void }) {
  const seconds = useRunCountdown(run);
  return (
    <tr>
      <td>
        <button type="button" onClick={() => onPick(run.id)}>
          {run.kind === 'flow' ? `Change to ${run.flow?.recordId}` : 'Full import'}
        </button>
      </td>
      <td>{run.status}</td>
      <td>{seconds === undefined ? '' : `${seconds} s`}</td>
    </tr>
  );
}

/** A host’s own markup on `useImportRuns`: its table of failed runs and its own buttons for the selected run’s actions. */
function HostMarkup() {
  const { runs, filter, setFilter, selectedRun, selectRun, actions } = useImportRuns({ defaultFilter: { status: 'failed' } });
  return (
    <div style={{ display: 'grid', gap: '0.75rem', fontFamily: 'system-ui, sans-serif' }}>
      <label>
        Show{' '}
        <select value={filter.status ?? ''} onChange={(event) => setFilter({ ...filter, status: (event.target.value || undefined) as RunStatus | undefined })}>
          <option value="">every run</option>
          <option value="failed">failed runs</option>
        </select>
      </label>
      <table>
        <caption style={{ textAlign: 'start' }}>{runs.length} runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Resumes in</th>
          </tr>
        </thead>
        <tbody>
          {runs.slice(0, 8).map((run) => (
            <HostRow key={run.id} run={run} onPick={selectRun} />
          ))}
        </tbody>
      </table>
      {selectedRun && (
        <p>
          {selectedRun.id}:{' '}
          {actions.available.map((action) => (
            <button key={action} type="button" disabled={actions.pending !== null} onClick={() => void actions.perform(action)}>
              {action}
            </button>
          ))}
          {actions.error && <span role="alert"> {actions.error.message}</span>}
        </p>
      )}
    </div>
  );
}

/** `useImportRuns` behind a host’s own table and buttons. */
export const HeadlessHook: Story = {
  render: () => (
    <Prepared prepare={flowHistory}>
      <HostMarkup />
    </Prepared>
  ),
};
