import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import { ImportRuns } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

function counter(run: HTMLElement, name: string): string | null {
  return run.querySelector(`[data-part="run-counter"][data-counter="${name}"] [data-part="counter-value"]`)?.textContent ?? null;
}

describe('ImportRuns', () => {
  it('given no runs, says so and offers to start one', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />,
      client,
    );

    expect(await screen.findByText('No imports yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start import' })).toBeEnabled();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when an import of users is started, the run reaches succeeded with every user delivered', async () => {
    const user = userEvent.setup();
    const { client, delivered } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />,
      client,
    );

    await user.click(await screen.findByRole('button', { name: 'Start import' }));

    const list = await screen.findByRole('list');
    const run = within(list).getByRole('listitem');
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(within(run).getByText('Succeeded')).toHaveAttribute('data-part', 'run-status');
    expect(counter(run, 'delivered')).toBe(String(relayCrm.userCount));
    expect(counter(run, 'fetched')).toBe(String(relayCrm.userCount));
    expect(counter(run, 'skipped')).toBe('0');
    expect(Number(counter(run, 'pages'))).toBeGreaterThan(1);
    expect(within(run).queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
    expect(delivered).toHaveLength(relayCrm.userCount);
    expect(screen.getByRole('status')).toHaveTextContent(`Import of users: succeeded, ${relayCrm.userCount} delivered.`);
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('while a run is under way, offers Cancel, and cancelling it ends it as cancelled', async () => {
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
    const cancel = await screen.findByRole('button', { name: 'Cancel import of users' });
    const run = screen.getByRole('listitem');
    expect(['queued', 'running']).toContain(run.getAttribute('data-state'));
    await user.click(cancel);
    release();

    await waitFor(() => expect(run).toHaveAttribute('data-state', 'cancelled'));
    expect(within(run).getByText('Cancelled')).toBeInTheDocument();
    expect(within(run).queryByRole('button', { name: /Cancel/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Import of users: cancelled.'));
  });

  it('given a page the app fails to serve, shows the run as failed with the error', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    server.use(
      http.get('*/users', ({ request }) =>
        new URL(request.url).searchParams.has('cursor')
          ? Response.json({ error: { type: 'invalid_request', message: 'Cursor expired' } }, { status: 400 })
          : undefined,
      ),
    );
    renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));

    const run = await screen.findByRole('listitem');
    await waitFor(() => expect(run).toHaveAttribute('data-state', 'failed'), { timeout: 10_000 });
    expect(run.querySelector('[data-part="run-error"]')).toHaveTextContent('Cursor expired');
    expect(screen.getByRole('status')).toHaveTextContent(/Import of users: failed\./);
  });

  it('given a data source the app cannot resolve, shows why the import could not start', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'files' }} />, client);

    await user.click(await screen.findByRole('button', { name: 'Start import' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Relay CRM has no collection for the "files" data model.');
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
        <ImportRuns className="all-runs" />
      </>,
      client,
    );

    const [scoped, all] = screen.getAllByRole('region', { name: 'Import runs' });
    expect(all).toHaveClass('all-runs');
    await waitFor(() => expect(within(all!).getAllByRole('listitem')).toHaveLength(1));
    expect(within(scoped!).getByText('No imports yet.')).toBeInTheDocument();
    expect(within(all!).queryByRole('button', { name: 'Start import' })).not.toBeInTheDocument();
  });
});
