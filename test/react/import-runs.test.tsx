import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import {
  createMemoryStore,
  TributaryError,
  type DeliveredRecord,
  type EngineOptions,
  type RunSnapshot,
  type Store,
} from '../../src/engine/index.ts';
import { ImportRuns, useImportRuns, type ImportRunsFilter } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

const T0 = Date.UTC(2026, 0, 5, 9, 30);
const zero = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };

/** A finished import of users, as the store keeps it; `at` orders runs (newest first in the list). */
function importRun(id: string, connectionId: string, at: number, overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  return {
    id,
    revision: 1,
    kind: 'import',
    dataSource: { connectionId, collection: 'users', dataModel: 'users' },
    status: 'succeeded',
    createdAt: T0 + at * 60_000,
    startedAt: T0 + at * 60_000,
    finishedAt: T0 + at * 60_000 + 12_000,
    counters: { ...zero, pages: 6, fetched: 257, delivered: 257 },
    skipped: [],
    log: [{ at: T0 + at * 60_000, level: 'info', message: 'Importing Users from Relay CRM.' }],
    ...overrides,
  };
}

/** A flow run of one updated user; `flow` overrides parts of its flow detail. */
function flowRun(
  id: string,
  connectionId: string,
  at: number,
  recordId: string,
  overrides: Partial<RunSnapshot> = {},
  flow: Partial<NonNullable<RunSnapshot['flow']>> = {},
): RunSnapshot {
  const start = T0 + at * 60_000;
  return importRun(id, connectionId, at, {
    kind: 'flow',
    finishedAt: start + 800,
    counters: { ...zero, fetched: 1, delivered: 1 },
    log: [],
    flow: {
      type: 'record-updated',
      recordId,
      origin: 'webhook',
      events: 1,
      outcome: 'delivered',
      steps: [
        { name: 'fetch', status: 'succeeded', startedAt: start, finishedAt: start + 300 },
        { name: 'map', status: 'succeeded', startedAt: start + 300, finishedAt: start + 310 },
        { name: 'deliver', status: 'succeeded', startedAt: start + 310, finishedAt: start + 800 },
      ],
      event: { id: `event-${id}`, connectionId, collection: 'users', type: 'record-updated', recordId, origin: 'webhook', runId: id, receivedAt: start },
      ...flow,
    },
    ...overrides,
  });
}

/** The real engine over a memory store the test fills first, with a destination that records deliveries. */
async function seededTributary(seed: (store: Store) => Promise<void>, options: Partial<EngineOptions> = {}) {
  const store = createMemoryStore();
  await seed(store);
  return { ...createTestTributary({ store, ...options }), store };
}

function option(name: string | RegExp): HTMLElement {
  return screen.getByRole('option', { name });
}

function detail(): HTMLElement {
  const found = document.querySelector<HTMLElement>('[data-part="run-detail"]');
  if (!found) throw new Error('no run detail is shown');
  return found;
}

function counter(container: HTMLElement, name: string): string | null {
  return container.querySelector(`[data-part="run-counter"][data-counter="${name}"]`)?.getAttribute('data-value') ?? null;
}

const API = 'http://tributary.test/api';

describe('ImportRuns: loading and errors', () => {
  it('given the runs have not arrived yet, says they are loading and marks the region busy', async () => {
    server.use(
      http.post(`${API}/commands/:name`, () => delay('infinite')),
      http.get(`${API}/events`, () => delay('infinite')),
    );
    const client = createClient({ url: API });
    const { container } = renderWithTributary(<ImportRuns />, client);

    expect(await screen.findByText('Loading runs…')).toHaveAttribute('data-state', 'loading');
    const region = screen.getByRole('region', { name: 'Import runs' });
    expect(region).toHaveAttribute('data-state', 'loading');
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
    client.close();
  });

  it('given the server cannot answer, shows why, and Try again loads the runs', async () => {
    const user = userEvent.setup();
    let up = false;
    server.use(
      http.post(`${API}/commands/:name`, () => (up ? HttpResponse.json([]) : new HttpResponse('Bad gateway', { status: 502 }))),
      http.get(`${API}/events`, () => new HttpResponse(null, { status: 503 })),
    );
    const client = createClient({ url: API, reconnect: { initialDelayMs: 60_000 } });
    const { container } = renderWithTributary(<ImportRuns />, client);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Runs could not be loaded. The Tributary server answered HTTP 502.');
    expect(alert).toHaveAttribute('data-error-code', 'client.server-unavailable');
    expect(screen.getByRole('region', { name: 'Import runs' })).toHaveAttribute('data-state', 'error');
    await expectNoAxeViolations(container);

    up = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No imports yet.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    client.close();
  });
});

describe('ImportRuns: importing', () => {
  it('given no runs, says so and offers to start one', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    expect(await screen.findByText('No imports yet.')).toHaveAttribute('data-state', 'empty');
    expect(screen.getByRole('button', { name: 'Start import' })).toBeEnabled();
    expect(screen.queryByRole('group', { name: 'Filter runs' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Import runs' })).toHaveAttribute('data-state', 'empty');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when an import of users is started, selects it and shows it reach succeeded with every user delivered', async () => {
    const user = userEvent.setup();
    const { client, delivered } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));

    const list = await screen.findByRole('listbox', { name: 'Runs' });
    const run = within(list).getByRole('option', { name: /^Import of users/ });
    expect(run).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(run).toHaveAttribute('data-kind', 'import');
    expect(within(run).getByText('Succeeded')).toHaveAttribute('data-part', 'run-status');
    expect(within(run).getByText('Import')).toHaveAttribute('data-part', 'run-kind');
    expect(within(run).getByText(/^Took \d+ s$/)).toHaveAttribute('data-part', 'run-duration');
    expect(run.querySelector('[data-counter="delivered"]')).toHaveAttribute('data-value', String(relayCrm.userCount));
    expect(run.querySelector('[data-counter="pages"]')).toHaveTextContent('6 pages');

    const shown = detail();
    expect(within(shown).getByRole('heading', { name: 'Import of users' })).toBeInTheDocument();
    expect(counter(shown, 'delivered')).toBe(String(relayCrm.userCount));
    expect(counter(shown, 'fetched')).toBe(String(relayCrm.userCount));
    expect(counter(shown, 'skipped')).toBe('0');
    const log = within(shown).getByRole('region', { name: 'Log' });
    expect(within(log).getAllByRole('listitem').at(-1)).toHaveTextContent(`Imported ${relayCrm.userCount} of ${relayCrm.userCount} records in 6 pages.`);
    expect(within(shown).queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: 'Start over' })).toBeEnabled();
    expect(delivered).toHaveLength(relayCrm.userCount);
    expect(screen.getByRole('status')).toHaveTextContent(`Import of users: succeeded, ${relayCrm.userCount} delivered.`);
    expect(screen.getByRole('region', { name: 'Import runs' })).toHaveAttribute('data-state', 'idle');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('while a run is under way, Cancel run ends it as cancelled and announces it', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get('*/users', async () => {
        await released;
        await delay(0);
        return undefined; // falls through to the app's own handler
      }),
    );
    renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const cancel = await within(detail()).findByRole('button', { name: 'Cancel run' });
    const run = option(/^Import of users/);
    expect(['queued', 'running']).toContain(run.getAttribute('data-state'));
    expect(screen.getByRole('region', { name: 'Import runs' })).toHaveAttribute('data-state', 'active');
    await user.click(cancel);
    release();

    await waitFor(() => expect(run).toHaveAttribute('data-state', 'cancelled'));
    expect(within(detail()).queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
    // The button pressed is gone: focus stays with the run's actions rather than falling to the page.
    await waitFor(() => expect(screen.getByRole('group', { name: 'Run actions' })).toHaveFocus());
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Import of users: cancelled.'));
  });

  it('given a page the app fails to serve, shows the run failed with the error, and Resume goes on from its checkpoint to success', async () => {
    const user = userEvent.setup();
    const { client, delivered } = createTestTributary();
    const connection = await connectRelayCrm(client);
    let failing = true;
    server.use(
      http.get('*/users', ({ request }) =>
        failing && new URL(request.url).searchParams.has('cursor')
          ? HttpResponse.json({ error: { type: 'invalid_request', message: 'Cursor expired' } }, { status: 400 })
          : undefined,
      ),
    );
    const { container } = renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const run = await screen.findByRole('option', { name: /^Import of users/ });
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'failed'), { timeout: 10_000 });
    const problems = within(detail()).getByRole('region', { name: 'Problems' });
    expect(problems.querySelector('[data-part="run-error"]')).toHaveTextContent('Cursor expired');
    expect(screen.getByRole('status')).toHaveTextContent(/Import of users: failed\. .*Cursor expired/);
    expect(counter(detail(), 'pages')).toBe('1');
    await expectNoAxeViolations(container);

    failing = false;
    await user.click(within(detail()).getByRole('button', { name: 'Resume from checkpoint' }));
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(counter(detail(), 'delivered')).toBe(String(relayCrm.userCount));
    expect(counter(detail(), 'pages')).toBe('6');
    // Pages delivered before the failure were not sent again.
    expect(delivered).toHaveLength(relayCrm.userCount);
    expect(within(detail()).getByRole('region', { name: 'Log' })).toHaveTextContent('Resuming from the last checkpoint.');
  });

  it('given a data source the app cannot resolve, shows why the import could not start', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'files' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Relay CRM has no collection for the "files" data model.');
    expect(alert).toHaveAttribute('data-error-code', 'data-model.unresolved');
    expect(screen.getByRole('button', { name: 'Start import' })).toBeEnabled();
  });

  it('given a data source, lists only its connection’s runs; given none, lists all', async () => {
    const { client } = createTestTributary();
    const first = await connectRelayCrm(client);
    const second = await connectRelayCrm(client);
    await client.startImport({ connectionId: first.id, dataModel: 'contacts' });
    renderWithTributary(
      <>
        <ImportRuns dataSource={{ connectionId: second.id, dataModel: 'contacts' }} />
        <ImportRuns className="all-runs" classNames={{ 'run-list': 'all-runs-list' }} />
      </>,
      client,
    );

    const [scoped, all] = screen.getAllByRole('region', { name: 'Import runs' });
    expect(all).toHaveClass('all-runs');
    await waitFor(() => expect(within(within(all!).getByRole('listbox')).getAllByRole('option')).toHaveLength(1));
    expect(within(all!).getByRole('listbox')).toHaveClass('all-runs-list');
    expect(within(scoped!).getByText('No imports yet.')).toBeInTheDocument();
    expect(within(all!).queryByRole('button', { name: 'Start import' })).not.toBeInTheDocument();
  });

  it('announces a running import’s progress every few seconds, not on every page', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    server.use(
      http.get('*/users', async () => {
        await delay(250);
        return undefined;
      }),
    );
    renderWithTributary(
      <ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} progressAnnouncementMs={700} />,
      client,
    );
    const region = screen.getByRole('status');
    const said: string[] = [];
    const observer = new MutationObserver(() => {
      if (said.at(-1) !== region.textContent) said.push(region.textContent ?? '');
    });
    observer.observe(region, { subtree: true, childList: true, characterData: true });

    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const run = await screen.findByRole('option', { name: /^Import of users/ });
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    observer.disconnect();

    const progress = said.filter((text) => /records? delivered, \d+ pages?\.$/.test(text));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^Import of users: [\d,]+ records? delivered, \d+ pages?\.$/);
    // Six pages a quarter-second apart: well under one progress announcement per page.
    expect(progress.length).toBeLessThan(4);
    expect(said).toContain('Import of users: running.');
    expect(said.at(-1)).toBe(`Import of users: succeeded, ${relayCrm.userCount} delivered.`);
  });
});

describe('ImportRuns: rate limits, dead letters and starting over', () => {
  it('given a run waiting for the app’s rate limit, counts down each second to its resume time, and Cancel run stops it', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    server.use(
      http.get('*/users', ({ request }) =>
        new URL(request.url).searchParams.has('cursor')
          ? HttpResponse.json({ error: { type: 'rate_limited', message: 'Slow down' } }, { status: 429, headers: { 'Retry-After': '120' } })
          : undefined,
      ),
    );
    const { container } = renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const run = await screen.findByRole('option', { name: /^Import of users/ });
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'rate-limited'), { timeout: 10_000 });
    const countdown = run.querySelector<HTMLElement>('[data-part="run-countdown"]')!;
    expect(countdown).toHaveTextContent(/^Resumes in (2 min|1 min 5\d s)$/);
    const before = Number(countdown.getAttribute('data-value'));
    expect(before).toBeGreaterThan(110);
    expect(before).toBeLessThanOrEqual(120);
    await waitFor(() => expect(Number(countdown.getAttribute('data-value'))).toBe(before - 1), { timeout: 2500 });
    expect(within(detail()).getByText(/^Waiting for the app.s rate limit\./)).toHaveAttribute('data-part', 'run-wait');
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Import of users: rate limited, waiting.'));
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(within(detail()).getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'cancelled'));
    expect(run.querySelector('[data-part="run-countdown"]')).toBeNull();
    // One page was delivered before the wait: there is a checkpoint to resume from.
    expect(within(detail()).getByRole('button', { name: 'Resume from checkpoint' })).toBeEnabled();
  });

  it('given a failed run with dead letters, names the records the destination refused, and Retry failed records delivers them', async () => {
    const user = userEvent.setup();
    let refusing = true;
    const delivered: DeliveredRecord[] = [];
    const { client } = createTestTributary({
      retry: { maxAttempts: 1 },
      destination: async (batch) => {
        if (refusing && batch.records.some((record) => record.id === 'usr_0030')) {
          throw new TributaryError({ code: 'destination.unavailable', class: 'transient', message: 'The host answered 503.' });
        }
        delivered.push(...batch.records);
      },
    });
    const connection = await connectRelayCrm(client);
    server.use(
      http.get('*/users', ({ request }) =>
        new URL(request.url).searchParams.has('cursor')
          ? HttpResponse.json({ error: { type: 'invalid_request', message: 'Cursor expired' } }, { status: 400 })
          : undefined,
      ),
    );
    const { container } = renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const run = await screen.findByRole('option', { name: /^Import of users/ });
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'failed'), { timeout: 10_000 });
    expect(run.querySelector('[data-counter="deadLettered"]')).toHaveTextContent('50 records not accepted');
    const problems = within(detail()).getByRole('region', { name: 'Problems' });
    expect(problems).toHaveTextContent('50 records were not accepted by the destination.');
    const letter = await within(problems).findByText(/refused after 1 attempt: The host answered 503\./);
    expect(letter).toHaveAttribute('data-error-code', 'destination.unavailable');
    const ids = [...problems.querySelectorAll('[data-part="dead-letter-record-id"]')].map((node) => node.textContent);
    expect(ids).toHaveLength(50);
    expect(ids).toContain('usr_0030');
    expect(counter(detail(), 'deadLettered')).toBe('50');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    refusing = false;
    await user.click(within(detail()).getByRole('button', { name: 'Retry failed records' }));
    await waitFor(() => expect(counter(detail(), 'delivered')).toBe('50'));
    expect(counter(detail(), 'deadLettered')).toBeNull();
    expect(within(detail()).queryByText(/not accepted by the destination/)).not.toBeInTheDocument();
    expect(within(detail()).queryByRole('button', { name: 'Retry failed records' })).not.toBeInTheDocument();
    expect(delivered.map((record) => record.id)).toContain('usr_0030');
    expect(within(detail()).getByRole('region', { name: 'Log' })).toHaveTextContent('Replayed 1 of 1 dead letters (50 records).');
  });

  it('asks before starting over: Not now (or Escape) keeps the run, Yes starts it again from the first page', async () => {
    const user = userEvent.setup();
    const { client, delivered } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);
    await user.click(await screen.findByRole('button', { name: 'Start import' }));
    const run = await screen.findByRole('option', { name: /^Import of users/ });
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });

    const startOver = within(detail()).getByRole('button', { name: 'Start over' });
    await user.click(startOver);
    const question = screen.getByRole('group', { name: /^Start over from the first page\?/ });
    expect(startOver).toHaveAttribute('aria-expanded', 'true');
    expect(within(question).getByRole('button', { name: 'Not now' })).toHaveFocus();
    await expectNoAxeViolations(detail());
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: /^Start over/ })).not.toBeInTheDocument();
    expect(startOver).toHaveFocus();
    expect(run).toHaveAttribute('data-state', 'succeeded');

    await user.click(startOver);
    await user.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('group', { name: /^Start over/ })).not.toBeInTheDocument();
    expect(delivered).toHaveLength(relayCrm.userCount);

    await user.click(startOver);
    await user.click(screen.getByRole('button', { name: 'Yes, start over' }));
    await waitFor(() => expect(within(detail()).getByRole('region', { name: 'Log' })).toHaveTextContent('Starting over from the first page.'));
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(delivered).toHaveLength(relayCrm.userCount * 2);
    expect(counter(detail(), 'delivered')).toBe(String(relayCrm.userCount));
  });

  it('given an action the engine refuses, shows its typed error in words', async () => {
    const user = userEvent.setup();
    // A run whose connection has since gone: resuming it cannot work.
    const { client } = await seededTributary(async (store) => {
      await store.putRun(importRun('run-orphan', 'connection-gone', 1, { status: 'failed', counters: { ...zero, pages: 2, fetched: 100, delivered: 100 }, error: { code: 'http.server-error', class: 'transient', message: 'Relay CRM answered 503.' } }));
    });
    const { container } = renderWithTributary(<ImportRuns defaultSelectedRunId="run-orphan" />, client);

    await user.click(await within(await screen.findByRole('region', { name: 'Import of users' })).findByRole('button', { name: 'Resume from checkpoint' }));

    const alert = await within(detail()).findByRole('alert');
    expect(alert).toHaveTextContent('Resume from checkpoint failed: There is no connection "connection-gone".');
    expect(alert).toHaveAttribute('data-error-code', 'connection.not-found');
    expect(alert).toHaveAttribute('data-action', 'resume');
    await expectNoAxeViolations(container);
  });
});

describe('ImportRuns: flow runs, filters and selection', () => {
  async function withFlowRuns() {
    return seededTributary(async (store) => {
      await store.putConnection({ id: 'relay', appId: relayCrm.appId, appName: 'Relay CRM', status: 'connected', createdAt: T0, updatedAt: T0 });
      await store.putCredentials('relay', relayCrm.credentials);
      await store.putFlowState({ connectionId: 'relay', collection: 'users', dataModel: 'users', source: 'webhook', status: 'active', importStartedAt: T0, activatedAt: T0, importRunId: 'import-1', updatedAt: T0 });
      await store.putRun(importRun('import-1', 'relay', 0));
      await store.putRun(flowRun('flow-delivered', 'relay', 1, 'usr_0004'));
      await store.putRun(
        flowRun(
          'flow-stale',
          'relay',
          2,
          'usr_0005',
          { counters: { ...zero, fetched: 1 } },
          {
            outcome: 'stale',
            steps: [
              { name: 'fetch', status: 'succeeded' },
              { name: 'map', status: 'skipped', note: 'the host has a newer version' },
              { name: 'deliver', status: 'skipped', note: 'nothing to deliver' },
            ],
          },
        ),
      );
      const failure = { code: 'destination.failed', class: 'destination' as const, message: 'The destination did not accept 1 records: host is read-only' };
      await store.putRun(
        flowRun(
          'flow-failed',
          'relay',
          3,
          'usr_0009',
          { status: 'failed', counters: { ...zero, fetched: 1 }, error: failure },
          {
            outcome: undefined,
            steps: [
              { name: 'fetch', status: 'succeeded' },
              { name: 'map', status: 'succeeded' },
              { name: 'deliver', status: 'failed', error: failure },
            ],
          },
        ),
      );
    });
  }

  it('lists flow runs beside imports with their kind and outcome, and the detail shows their steps; Retry runs a failed one again', async () => {
    const user = userEvent.setup();
    const { client, delivered } = await withFlowRuns();
    const { container } = renderWithTributary(<ImportRuns />, client);

    const list = await screen.findByRole('listbox', { name: 'Runs' });
    const options = within(list).getAllByRole('option');
    expect(options.map((node) => node.getAttribute('data-run-id'))).toEqual(['flow-failed', 'flow-stale', 'flow-delivered', 'import-1']);
    expect(options.map((node) => node.getAttribute('aria-posinset'))).toEqual(['1', '2', '3', '4']);
    expect(options.every((node) => node.getAttribute('aria-setsize') === '4')).toBe(true);
    const failed = option(/^Updated usr_0009 \(users\)\s*Failed/);
    expect(within(failed).getByText('Flow run')).toHaveAttribute('data-kind', 'flow');
    expect(failed.querySelector('[data-part="run-outcome"]')).toHaveTextContent('Failed at the deliver step');
    expect(option(/^Updated usr_0005/).querySelector('[data-part="run-outcome"]')).toHaveAttribute('data-outcome', 'stale');
    expect(option(/^Updated usr_0004/).querySelector('[data-part="run-outcome"]')).toHaveTextContent('Delivered');
    expect(screen.getByText('Select a run to see its counters, log and actions.')).toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(option(/^Updated usr_0005/));
    const steps = within(detail()).getByRole('region', { name: 'Steps' });
    expect(within(steps).getAllByRole('listitem').map((step) => step.textContent)).toEqual([
      'Fetch the record Done',
      'Map its fields Skipped the host has a newer version',
      'Deliver it Skipped nothing to deliver',
    ]);
    expect(within(detail()).getByText('Not delivered: the host already has a newer version')).toHaveAttribute('data-part', 'fact-value');
    expect(within(detail()).queryByRole('group', { name: 'Run actions' })).not.toBeInTheDocument();

    await user.click(failed);
    expect(failed).toHaveAttribute('aria-selected', 'true');
    const failedSteps = within(detail()).getByRole('region', { name: 'Steps' });
    expect(failedSteps.querySelector('[data-step="deliver"]')).toHaveAttribute('data-state', 'failed');
    expect(failedSteps.querySelector('[data-part="step-error"]')).toHaveTextContent('host is read-only');
    expect(within(detail()).getByText('usr_0009')).toHaveAttribute('data-part', 'fact-value');
    await expectNoAxeViolations(container);

    await user.click(within(detail()).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(detail()).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(delivered.map((record) => record.id)).toEqual(['usr_0009']);
    expect(within(detail()).getByText('Delivered', { selector: '[data-part="fact-value"]' })).toBeInTheDocument();
  });

  it('filters by status and by kind, and Show all runs clears the filters', async () => {
    const user = userEvent.setup();
    const { client } = await withFlowRuns();
    const onFilterChange = vi.fn();
    const { container } = renderWithTributary(<ImportRuns onFilterChange={onFilterChange} />, client);
    const list = await screen.findByRole('listbox');
    const filters = screen.getByRole('group', { name: 'Filter runs' });
    expect(filters).toHaveAccessibleDescription('4 runs');

    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Kind' }), 'Flow runs');
    expect(onFilterChange).toHaveBeenLastCalledWith({ kind: 'flow' });
    await waitFor(() => expect(screen.getByRole('listbox').getAttribute('data-count')).toBe('3'));
    expect(within(screen.getByRole('listbox')).getAllByRole('option').every((node) => node.getAttribute('data-kind') === 'flow')).toBe(true);
    expect(filters).toHaveAttribute('data-state', 'filtered');
    expect(filters).toHaveAccessibleDescription('3 of 4 runs');

    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Status' }), 'Failed');
    expect(onFilterChange).toHaveBeenLastCalledWith({ kind: 'flow', status: 'failed' });
    expect(within(screen.getByRole('listbox')).getAllByRole('option').map((node) => node.getAttribute('data-run-id'))).toEqual(['flow-failed']);

    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Kind' }), 'Imports');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(screen.getByText(/No runs match these filters\./)).toHaveAttribute('data-state', 'filtered');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Show all runs' }));
    expect(onFilterChange).toHaveBeenLastCalledWith({});
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(4);
    expect(list).not.toBeInTheDocument();
    expect(filters).toHaveAttribute('data-state', 'unfiltered');
  });

  it('given a controlled selection and filter, shows what the host holds and reports changes without making them', async () => {
    const user = userEvent.setup();
    const { client } = await withFlowRuns();
    const onSelectedRunIdChange = vi.fn();
    const onFilterChange = vi.fn();
    function Host() {
      const [selected, setSelected] = useState<string | null>('import-1');
      const [filter, setFilter] = useState<ImportRunsFilter>({});
      return (
        <>
          <button
            type="button"
            onClick={() => {
              setSelected('flow-delivered');
              setFilter({ kind: 'flow' });
            }}
          >
            Show the latest flow run
          </button>
          <ImportRuns selectedRunId={selected} onSelectedRunIdChange={onSelectedRunIdChange} filter={filter} onFilterChange={onFilterChange} />
        </>
      );
    }
    renderWithTributary(<Host />, client);
    const list = await screen.findByRole('listbox');
    expect(within(list).getByRole('option', { selected: true })).toHaveAttribute('data-run-id', 'import-1');
    expect(within(detail()).getByRole('heading', { name: 'Import of users' })).toBeInTheDocument();

    await user.click(option(/^Updated usr_0004/));
    expect(onSelectedRunIdChange).toHaveBeenLastCalledWith('flow-delivered');
    expect(within(list).getByRole('option', { selected: true })).toHaveAttribute('data-run-id', 'import-1');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Failed');
    expect(onFilterChange).toHaveBeenLastCalledWith({ status: 'failed' });
    expect(within(list).getAllByRole('option')).toHaveLength(4);
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Show the latest flow run' }));
    const flows = screen.getByRole('listbox');
    expect(within(flows).getByRole('option', { selected: true })).toHaveAttribute('data-run-id', 'flow-delivered');
    expect(within(flows).getAllByRole('option')).toHaveLength(3);
    expect(screen.getByRole('combobox', { name: 'Kind' })).toHaveValue('flow');
    expect(within(detail()).getByRole('heading', { name: 'Updated usr_0004 (users)' })).toBeInTheDocument();
  });

  it('composes from its parts in a host’s own layout, and useImportRuns drives a host’s own markup', async () => {
    const user = userEvent.setup();
    const { client } = await withFlowRuns();

    function HostRuns() {
      const [selected, setSelected] = useState<string | null>(null);
      return (
        <ImportRuns.Root selectedRunId={selected} onSelectedRunIdChange={setSelected} className="host-runs" classNames={{ 'run-detail': 'host-detail' }}>
          <aside>
            <ImportRuns.Filters className="host-filters" />
            <ImportRuns.List className="host-list" viewportHeight={320} aria-label="Recent runs" />
          </aside>
          <main>
            <ImportRuns.Detail>
              <ImportRuns.Steps />
              <ImportRuns.Actions className="host-actions" />
            </ImportRuns.Detail>
          </main>
          <p>Host says: {selected ?? 'nothing selected'}</p>
        </ImportRuns.Root>
      );
    }

    function HostCount() {
      const { runs, filter, setFilter, selectRun, selectedRun, actions } = useImportRuns({ defaultFilter: { status: 'failed' } });
      return (
        <div>
          <p>{runs.length} failed</p>
          <button type="button" onClick={() => setFilter({ ...filter, status: undefined })}>
            All
          </button>
          <button type="button" onClick={() => selectRun(runs[0]?.id ?? null)}>
            Pick first
          </button>
          <p>Host picked: {selectedRun?.id ?? 'none'} can {actions.available.join(', ') || 'nothing'}</p>
        </div>
      );
    }

    renderWithTributary(
      <>
        <HostRuns />
        <HostCount />
      </>,
      client,
    );
    const list = await screen.findByRole('listbox', { name: 'Recent runs' });
    expect(list).toHaveClass('host-list');
    expect(list).toHaveStyle({ maxBlockSize: '320px' });
    expect(screen.getByRole('group', { name: 'Filter runs' })).toHaveClass('host-filters');
    expect(screen.getByRole('region', { name: 'Import runs' })).toHaveClass('host-runs');

    await user.click(option(/^Updated usr_0009/));
    expect(screen.getByText('Host says: flow-failed')).toBeInTheDocument();
    expect(detail()).toHaveClass('host-detail');
    expect(within(detail()).getByRole('region', { name: 'Steps' })).toBeInTheDocument();
    expect(within(detail()).queryByRole('region', { name: 'Log' })).not.toBeInTheDocument();
    expect(within(detail()).getByRole('group', { name: 'Run actions' })).toHaveClass('host-actions');

    expect(screen.getByText('1 failed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Pick first' }));
    expect(screen.getByText('Host picked: flow-failed can retry-flow')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'All' }));
    expect(screen.getByText('4 failed')).toBeInTheDocument();
  });
});
