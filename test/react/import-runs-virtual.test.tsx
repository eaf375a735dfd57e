import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, onTestFinished } from 'vitest';
import { connectors } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { createEngine, createMemoryStore, type RunSnapshot, type RunStatus } from '../../src/engine/index.ts';
import { ImportRuns } from '../../src/react/index.ts';
import { expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

const COUNT = 10_000;
const ROW = 64;
const VIEWPORT = 480;
/** The one run still waiting for a rate limit, half-way down the list. */
const WAITING = 4_999;
const T0 = Date.UTC(2026, 0, 5, 9, 30);
const zero = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };

function statusOf(i: number): RunStatus {
  if (i === WAITING) return 'rate-limited';
  return i % 10 === 4 ? 'failed' : i % 10 === 7 ? 'cancelled' : 'succeeded';
}

/** Run `i` of the history: every fourth a flow run, the rest imports; newer runs have higher numbers. */
function historicRun(i: number): RunSnapshot {
  const id = `run-${String(i).padStart(5, '0')}`;
  const status = statusOf(i);
  const createdAt = T0 + i * 1000;
  const base: RunSnapshot = {
    id,
    revision: 1,
    kind: i % 4 === 0 || i === WAITING ? 'flow' : 'import',
    dataSource: { connectionId: 'relay', collection: 'users', dataModel: 'users' },
    status,
    createdAt,
    startedAt: createdAt,
    ...(status === 'rate-limited' ? { resumesAt: Date.now() + 90_000 } : { finishedAt: createdAt + 700 }),
    counters: { ...zero, pages: 2, fetched: 100, delivered: status === 'succeeded' ? 100 : 40 },
    skipped: [],
    log: [],
  };
  if (base.kind === 'import') return base;
  const recordId = `usr_${String(i).padStart(5, '0')}`;
  return {
    ...base,
    counters: { ...zero, fetched: 1, delivered: status === 'succeeded' ? 1 : 0 },
    flow: {
      type: 'record-updated',
      recordId,
      origin: 'polling',
      events: 1,
      ...(status === 'succeeded' ? { outcome: 'delivered' as const } : {}),
      steps: [
        { name: 'fetch', status: status === 'rate-limited' ? 'running' : 'succeeded' },
        { name: 'map', status: status === 'rate-limited' ? 'pending' : 'succeeded' },
        { name: 'deliver', status: status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'pending' },
      ],
      event: { id: `event-${id}`, connectionId: 'relay', collection: 'users', type: 'record-updated', recordId, origin: 'polling', runId: id, receivedAt: createdAt },
    },
  };
}

/** The real engine over a store holding 10,000 runs. */
async function tenThousandRuns() {
  const store = createMemoryStore();
  for (let i = 0; i < COUNT; i++) await store.putRun(historicRun(i));
  const engine = createEngine({ connectors, destination: async () => {}, store });
  const client = createClient({ engine });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  return client;
}

function rows(list: HTMLElement): HTMLElement[] {
  return within(list).getAllByRole('option');
}

function positions(list: HTMLElement): number[] {
  return rows(list).map((row) => Number(row.getAttribute('aria-posinset')));
}

function scrollTo(list: HTMLElement, top: number): void {
  list.scrollTop = top;
  fireEvent.scroll(list);
}

function selected(list: HTMLElement): HTMLElement {
  return within(list).getByRole('option', { selected: true });
}

describe('ImportRuns with 10,000 runs', () => {
  it('keeps at most 60 rows in the DOM, each with its place in the whole list', async () => {
    const client = await tenThousandRuns();
    const { container } = renderWithTributary(<ImportRuns />, client);

    const list = await screen.findByRole('listbox', { name: 'Runs' }, { timeout: 10_000 });
    expect(list).toHaveAttribute('data-count', String(COUNT));
    const shown = rows(list);
    expect(shown.length).toBeGreaterThan(VIEWPORT / ROW);
    expect(shown.length).toBeLessThanOrEqual(60);
    expect(positions(list)[0]).toBe(1);
    expect(shown.every((row) => row.getAttribute('aria-setsize') === String(COUNT))).toBe(true);
    expect(shown[0]).toHaveAttribute('data-run-id', 'run-09999');
    expect(list.querySelector('[data-part="run-list-window"]')).toHaveStyle({ blockSize: `${COUNT * ROW}px` });
    expect(screen.getByRole('group', { name: 'Filter runs' })).toHaveAccessibleDescription('10,000 runs');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when scrolled, shows the rows at the new position and drops the ones left behind', async () => {
    const client = await tenThousandRuns();
    renderWithTributary(<ImportRuns />, client);
    const list = await screen.findByRole('listbox', {}, { timeout: 10_000 });

    scrollTo(list, 7_000 * ROW);
    const middle = positions(list);
    expect(middle).toContain(7_001);
    expect(middle).not.toContain(1);
    expect(middle.length).toBeLessThanOrEqual(60);
    const row = list.querySelector<HTMLElement>('[aria-posinset="7001"]')!;
    expect(row).toHaveStyle({ insetBlockStart: `${7_000 * ROW}px`, blockSize: `${ROW}px` });

    scrollTo(list, COUNT * ROW - VIEWPORT);
    const end = positions(list);
    expect(end.at(-1)).toBe(COUNT);
    expect(end.length).toBeLessThanOrEqual(60);
    expect(list.querySelector('[aria-posinset="10000"]')).toHaveAttribute('data-run-id', 'run-00000');
  });

  it('moves the selection with the arrow keys, Page Up/Down, Home and End, and brings it into view', async () => {
    const user = userEvent.setup();
    const client = await tenThousandRuns();
    renderWithTributary(<ImportRuns />, client);
    const list = await screen.findByRole('listbox', {}, { timeout: 10_000 });

    // Tab order: the two filters, then the list.
    await user.tab();
    await user.tab();
    await user.tab();
    expect(list).toHaveFocus();
    expect(list).not.toHaveAttribute('aria-activedescendant');
    await user.keyboard('{ArrowDown}');
    expect(selected(list)).toHaveAttribute('aria-posinset', '1');
    expect(list).toHaveAttribute('aria-activedescendant', selected(list).id);
    expect(screen.getByRole('region', { name: /^(Import of users|Updated usr_09999)/ })).toHaveAttribute('data-run-id', 'run-09999');

    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(selected(list)).toHaveAttribute('aria-posinset', '3');
    await user.keyboard('{ArrowUp}');
    expect(selected(list)).toHaveAttribute('aria-posinset', '2');

    await user.keyboard('{PageDown}');
    const page = Math.floor(VIEWPORT / ROW) - 1;
    expect(selected(list)).toHaveAttribute('aria-posinset', String(2 + page));
    expect(list.scrollTop).toBe((2 + page) * ROW - VIEWPORT);

    await user.keyboard('{End}');
    expect(selected(list)).toHaveAttribute('aria-posinset', String(COUNT));
    expect(selected(list)).toHaveAttribute('data-run-id', 'run-00000');
    expect(list.scrollTop).toBe(COUNT * ROW - VIEWPORT);
    expect(list).toHaveAttribute('aria-activedescendant', selected(list).id);
    expect(rows(list).length).toBeLessThanOrEqual(60);
    await user.keyboard('{ArrowDown}');
    expect(selected(list)).toHaveAttribute('aria-posinset', String(COUNT));

    await user.keyboard('{PageUp}');
    expect(selected(list)).toHaveAttribute('aria-posinset', String(COUNT - page));

    await user.keyboard('{Home}');
    expect(selected(list)).toHaveAttribute('aria-posinset', '1');
    expect(list.scrollTop).toBe(0);
    await user.keyboard('{ArrowUp}');
    expect(selected(list)).toHaveAttribute('aria-posinset', '1');
    await expectNoAxeViolations(list);
  });

  it('given a selection made elsewhere, scrolls it into view once, and leaves the scroll position to the user after that', async () => {
    const client = await tenThousandRuns();
    renderWithTributary(<ImportRuns defaultSelectedRunId="run-05000" />, client);
    const list = await screen.findByRole('listbox', {}, { timeout: 10_000 });

    const row = await within(list).findByRole('option', { selected: true });
    expect(row).toHaveAttribute('data-run-id', 'run-05000');
    const index = COUNT - 1 - 5_000;
    expect(list.scrollTop).toBe((index + 1) * ROW - VIEWPORT);
    expect(list).toHaveAttribute('aria-activedescendant', row.id);

    scrollTo(list, 0);
    expect(positions(list)[0]).toBe(1);
    expect(within(list).queryByRole('option', { selected: true })).not.toBeInTheDocument();
    expect(list).not.toHaveAttribute('aria-activedescendant');
  });

  it('shows a waiting run’s countdown once it is scrolled into view', async () => {
    const client = await tenThousandRuns();
    renderWithTributary(<ImportRuns />, client);
    const list = await screen.findByRole('listbox', {}, { timeout: 10_000 });
    const index = COUNT - 1 - WAITING;
    expect(list.querySelector('[data-part="run-countdown"]')).toBeNull();

    scrollTo(list, index * ROW);
    const row = list.querySelector<HTMLElement>(`[data-run-id="run-0${WAITING}"]`)!;
    expect(row).toHaveAttribute('data-state', 'rate-limited');
    const countdown = row.querySelector('[data-part="run-countdown"]')!;
    expect(countdown).toHaveTextContent(/^Resumes in 1 min (2\d|30) s$/);
    const seconds = Number(countdown.getAttribute('data-value'));
    await waitFor(() => expect(Number(countdown.getAttribute('data-value'))).toBeLessThan(seconds), { timeout: 2500 });

    scrollTo(list, 0);
    expect(list.querySelector('[data-part="run-countdown"]')).toBeNull();
  });

  it('filters the 10,000 by status and kind and keeps the window small', async () => {
    const user = userEvent.setup();
    const client = await tenThousandRuns();
    renderWithTributary(<ImportRuns />, client);
    await screen.findByRole('listbox', {}, { timeout: 10_000 });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Failed');
    const failed = screen.getByRole('listbox');
    expect(failed).toHaveAttribute('data-count', String(COUNT / 10));
    expect(rows(failed).every((row) => row.getAttribute('data-state') === 'failed')).toBe(true);
    expect(rows(failed)[0]).toHaveAttribute('aria-setsize', String(COUNT / 10));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'Flow runs');
    const failedFlows = screen.getByRole('listbox');
    // Runs 4, 14, 24 … failed; every other one of them (4, 24, 44 …) is a flow run.
    expect(failedFlows).toHaveAttribute('data-count', String(COUNT / 20));
    expect(rows(failedFlows).length).toBeLessThanOrEqual(60);
    expect(rows(failedFlows).every((row) => row.getAttribute('data-kind') === 'flow')).toBe(true);
    expect(screen.getByRole('group', { name: 'Filter runs' })).toHaveAccessibleDescription('500 of 10,000 runs');
  });
});
