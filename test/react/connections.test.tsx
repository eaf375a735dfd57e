import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { RELAY_CRM_BASE_URL, relayUsers } from '../../mocks/relay-crm/data.ts';
import { createClient, createInProcessTransport, type Transport } from '../../src/client/index.ts';
import {
  createEngine,
  createMemoryStore,
  TributaryError,
  type Connection,
  type RunSnapshot,
  type Store,
} from '../../src/engine/index.ts';
import { Connections, useConnectionsList } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

const T0 = Date.UTC(2026, 0, 5, 9, 30);
const zero = { pages: 0, fetched: 0, delivered: 0, skipped: 0, retries: 0, bytes: 0, deadLettered: 0 };

function run(id: string, connectionId: string, minutes: number, overrides: Partial<RunSnapshot> = {}): RunSnapshot {
  const at = T0 + minutes * 60_000;
  return {
    id,
    revision: 1,
    kind: 'import',
    dataSource: { connectionId, collection: 'users', dataModel: 'users' },
    status: 'succeeded',
    createdAt: at,
    startedAt: at,
    finishedAt: at + 12_000,
    counters: { ...zero, pages: 6, fetched: 257, delivered: 257 },
    skipped: [],
    log: [],
    ...overrides,
  };
}

const relayConnection = (overrides: Partial<Connection> = {}): Connection => ({
  id: 'relay-1',
  appId: relayCrm.appId,
  appName: 'Relay CRM',
  status: 'connected',
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

/** An engine on a store seeded by `seed`, and a client on it (optionally through a transport of the test's own). */
async function seeded(seed: (store: Store) => Promise<void>, wrap?: (transport: Transport) => Transport) {
  const store = createMemoryStore();
  await seed(store);
  const engine = createEngine({ connectors, store, destination: async () => {} });
  const inner = createInProcessTransport(engine);
  const client = createClient({ transport: wrap ? wrap(inner) : inner });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  return { engine, client };
}

/** A Relay CRM connection whose key the app stopped accepting, with two imports behind it. */
async function needsReauth(store: Store) {
  await store.putConnection(
    relayConnection({
      status: 'needs-reauth',
      error: { code: 'auth.unauthorized', class: 'auth', message: 'Relay CRM refused the credentials (401): Invalid API key' },
    }),
  );
  await store.putCredentials('relay-1', { type: 'api-key', apiKey: 'relay_test_revoked' });
  await store.putRun(run('import-old', 'relay-1', 0));
  await store.putRun(
    run('import-new', 'relay-1', 30, {
      status: 'failed',
      error: { code: 'auth.unauthorized', class: 'auth', message: 'Relay CRM refused the credentials (401): Invalid API key' },
    }),
  );
}

const region = () => screen.getByRole('region', { name: 'Connections' });
const item = (connectionId: string) => {
  const found = region().querySelector(`[data-part="connection-item"][data-connection-id="${connectionId}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`No item for ${connectionId}`);
  return found;
};

describe('Connections', () => {
  it('while the client loads, says so; then lists each connection with its app, status, date added and no imports yet', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<Connections />, client);

    expect(within(region()).getByText('Loading connections…')).toHaveAttribute('role', 'status');
    expect(region()).toHaveAttribute('data-state', 'loading');
    await expectNoAxeViolations(container);

    const list = await within(region()).findByRole('list');
    expect(region()).toHaveAttribute('data-state', 'success');
    const entry = within(list).getByRole('listitem');
    expect(entry).toHaveAttribute('data-connection-id', connection.id);
    expect(entry).toHaveAttribute('data-state', 'connected');
    expect(within(entry).getByRole('heading', { name: 'Relay CRM' })).toBeInTheDocument();
    expect(within(entry).getByText('Connected')).toHaveAttribute('data-part', 'connection-status');
    expect(entry).toHaveTextContent(/Added .+/);
    expect(within(entry).getByText('No imports yet')).toHaveAttribute('data-state', 'none');
    const actions = within(entry).getByRole('group', { name: 'Relay CRM actions' });
    expect(within(actions).getByRole('button', { name: 'Reconnect Relay CRM' })).not.toHaveAttribute('data-suggested');
    expect(within(actions).getByRole('button', { name: 'Disconnect Relay CRM' })).toBeEnabled();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given no connections, says none are connected', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<Connections emptyText="Connect an app above to start." />, client);

    expect(await within(region()).findByText('Connect an app above to start.')).toHaveAttribute('data-part', 'connections-empty');
    expect(region()).toHaveAttribute('data-state', 'empty');
    await expectNoAxeViolations(container);
  });

  it('given the connections cannot be loaded, shows why, and Try again loads them', async () => {
    let reachable = false;
    const { client } = await seeded(
      (store) => store.putConnection(relayConnection()),
      (inner) => ({
        ...inner,
        call: (name, input) =>
          reachable
            ? inner.call(name, input)
            : Promise.reject(new TributaryError({ code: 'network.unreachable', class: 'transient', message: 'The server did not answer.' })),
      }),
    );
    const user = userEvent.setup();
    const { container } = renderWithTributary(<Connections />, client);

    const alert = await within(region()).findByRole('alert');
    expect(alert).toHaveTextContent('Connections could not be loaded. The server did not answer.');
    expect(alert).toHaveAttribute('data-error-code', 'network.unreachable');
    expect(region()).toHaveAttribute('data-state', 'error');
    await expectNoAxeViolations(container);

    reachable = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(region()).findByRole('heading', { name: 'Relay CRM' })).toBeInTheDocument();
    expect(within(region()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows each connection’s newest full import, its status and when, ignoring flow runs and other connections', async () => {
    const { client } = await seeded(async (store) => {
      await store.putConnection(relayConnection());
      await store.putConnection(relayConnection({ id: 'relay-2', createdAt: T0 + 1 }));
      await store.putRun(run('import-1', 'relay-1', 0));
      await store.putRun(run('import-2', 'relay-1', 10, { status: 'cancelled' }));
      await store.putRun(run('flow-1', 'relay-1', 20, { kind: 'flow', status: 'failed' }));
      await store.putRun(run('import-3', 'relay-2', 30, { status: 'failed' }));
    });
    const { container } = renderWithTributary(<Connections />, client);

    await within(region()).findAllByRole('listitem');
    const first = within(item('relay-1')).getByText(/^Last import:/);
    expect(first).toHaveAttribute('data-run-id', 'import-2');
    expect(first).toHaveAttribute('data-state', 'cancelled');
    expect(first).toHaveTextContent(/^Last import: Cancelled, finished .+/);
    expect(first.querySelector('time')).toHaveAttribute('dateTime', new Date(T0 + 10 * 60_000 + 12_000).toISOString());
    const second = within(item('relay-2')).getByText(/^Last import:/);
    expect(second).toHaveAttribute('data-run-id', 'import-3');
    expect(second).toHaveTextContent(/^Last import: Failed, finished .+/);
    await expectNoAxeViolations(container);
  });

  it('follows an import live: queued or running while it goes, then succeeded with when it finished', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<Connections />, client);
    await within(region()).findByRole('listitem');

    // The app holds its first page until the test has seen the run under way.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    server.use(
      http.get(`${RELAY_CRM_BASE_URL}/users`, async () => {
        await answered;
        return HttpResponse.json({ object: 'list', data: relayUsers(3), has_more: false, next_cursor: null });
      }),
    );
    const started = await client.startImport({ connectionId: connection.id, dataModel: 'users' });
    const last = () => within(item(connection.id)).getByText(/^Last import:/);
    await waitFor(() => expect(last()).toHaveAttribute('data-state', 'running'));
    expect(last()).toHaveAttribute('data-run-id', started.id);
    expect(last()).toHaveTextContent(/^Last import: Running, started .+/);
    answer();
    await waitFor(() => expect(last()).toHaveAttribute('data-state', 'succeeded'), { timeout: 10_000 });
    expect(last()).toHaveTextContent(/^Last import: Succeeded, finished .+/);
  });

  it('given a connection that needs re-authentication, shows the status, the app’s error and what to do, and suggests Reconnect', async () => {
    const { client } = await seeded(needsReauth);
    const { container } = renderWithTributary(<Connections />, client);

    const entry = await within(region()).findByRole('listitem');
    expect(entry).toHaveAttribute('data-state', 'needs-reauth');
    expect(within(entry).getByText('Needs re-authentication')).toHaveAttribute('data-state', 'needs-reauth');
    expect(within(entry).getByText('Relay CRM refused the credentials (401): Invalid API key')).toHaveAttribute(
      'data-error-code',
      'auth.unauthorized',
    );
    expect(entry).toHaveTextContent('Relay CRM no longer accepts the saved credentials. Reconnect to resume its imports');
    expect(within(entry).getByText(/^Last import:/)).toHaveTextContent(/^Last import: Failed/);
    expect(within(entry).getByRole('button', { name: 'Reconnect Relay CRM' })).toHaveAttribute('data-suggested', '');
    await expectNoAxeViolations(container);
  });

  it('given a connection in error, shows its error message', async () => {
    const { client } = await seeded((store) =>
      store.putConnection(
        relayConnection({ status: 'error', error: { code: 'http.server-error', class: 'transient', message: 'Relay CRM answered 503.' } }),
      ),
    );
    renderWithTributary(<Connections />, client);

    const entry = await within(region()).findByRole('listitem');
    expect(entry).toHaveAttribute('data-state', 'error');
    expect(within(entry).getByText('Error')).toHaveAttribute('data-part', 'connection-status');
    expect(within(entry).getByText('Relay CRM answered 503.')).toBeInTheDocument();
    expect(within(entry).getByRole('button', { name: 'Reconnect Relay CRM' })).toHaveAttribute('data-suggested', '');
  });

  it('when Reconnect is used with a valid key, re-authenticates in place: same id, runs kept, status connected, announced, focus back', async () => {
    const user = userEvent.setup();
    const { client } = await seeded(needsReauth);
    const onReconnected = vi.fn();
    const { container } = renderWithTributary(<Connections onReconnected={onReconnected} />, client);

    const entry = await within(region()).findByRole('listitem');
    const reconnect = within(entry).getByRole('button', { name: 'Reconnect Relay CRM' });
    await user.click(reconnect);
    const dialog = await screen.findByRole('dialog', { name: 'Reconnect Relay CRM' });
    expect(container.querySelector('[data-tributary-portal]')).toContainElement(dialog);
    // A wrong key is refused by the app and changes nothing.
    const key = within(dialog).getByLabelText('API key');
    expect(key).toHaveAttribute('type', 'password');
    await user.type(key, 'relay_test_wrong');
    await user.keyboard('{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Invalid API key');
    expect(item('relay-1')).toHaveAttribute('data-state', 'needs-reauth');

    await user.clear(within(dialog).getByLabelText('API key'));
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onReconnected).toHaveBeenCalledWith(expect.objectContaining({ id: 'relay-1', status: 'connected' }));
    expect(within(region()).getAllByRole('listitem')).toHaveLength(1);
    expect(item('relay-1')).toHaveAttribute('data-state', 'connected');
    expect(within(item('relay-1')).queryByText(/no longer accepts/)).not.toBeInTheDocument();
    expect(within(item('relay-1')).getByText(/^Last import:/)).toHaveAttribute('data-run-id', 'import-new');
    expect(client.getState().connections.map((connection) => connection.id)).toEqual(['relay-1']);
    expect(client.getState().runs.map((entry) => entry.id)).toEqual(['import-new', 'import-old']);
    expect(screen.getByText('Relay CRM reconnected.')).toHaveAttribute('data-part', 'live-region');
    expect(within(item('relay-1')).getByRole('button', { name: 'Reconnect Relay CRM' })).toHaveFocus();
    await expectNoAxeViolations(container);
  });

  it('when Disconnect is pressed, asks first with focus on Cancel; Cancel keeps the connection and gives focus back', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<Connections />, client);

    const disconnect = await within(region()).findByRole('button', { name: 'Disconnect Relay CRM' });
    expect(disconnect).toHaveAttribute('aria-haspopup', 'dialog');
    await user.click(disconnect);
    const confirm = await screen.findByRole('alertdialog', { name: 'Disconnect Relay CRM?' });
    expect(confirm).toHaveAccessibleDescription(/^Imports from Relay CRM stop, and its credentials and field mappings are deleted\./);
    expect(container.querySelector('[data-tributary-portal]')).toContainElement(confirm);
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(disconnect).toHaveFocus();
    expect(item(connection.id)).toBeInTheDocument();

    // Escape cancels as well.
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alertdialog')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(disconnect).toHaveFocus();
    expect(client.getState().connections).toHaveLength(1);
  });

  it('when the disconnect is confirmed, removes the connection, announces it, and moves focus to the list’s region', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const onDisconnected = vi.fn();
    const { container } = renderWithTributary(<Connections onDisconnected={onDisconnected} />, client);

    await user.click(await within(region()).findByRole('button', { name: 'Disconnect Relay CRM' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Disconnect Relay CRM?' });
    await user.click(within(confirm).getByRole('button', { name: 'Disconnect' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(onDisconnected).toHaveBeenCalledWith(connection.id);
    expect(client.getState().connections).toEqual([]);
    expect(within(region()).getByText('No apps connected yet.')).toBeInTheDocument();
    expect(screen.getByText('Relay CRM disconnected.')).toHaveAttribute('data-part', 'live-region');
    expect(region()).toHaveFocus();
    await expectNoAxeViolations(container);
  });

  it('given the engine refuses the disconnect, keeps the dialog open with the reason; Cancel clears it for next time', async () => {
    const user = userEvent.setup();
    const { client } = await seeded(
      (store) => store.putConnection(relayConnection()),
      (inner) => ({
        ...inner,
        call: (name, input) =>
          name === 'disconnect'
            ? Promise.reject(new TributaryError({ code: 'store.unavailable', class: 'internal', message: 'The store is read-only.' }))
            : inner.call(name, input),
      }),
    );
    const { container } = renderWithTributary(<Connections />, client);

    await user.click(await within(region()).findByRole('button', { name: 'Disconnect Relay CRM' }));
    let confirm = await screen.findByRole('alertdialog');
    await user.click(within(confirm).getByRole('button', { name: 'Disconnect' }));

    const alert = await within(confirm).findByRole('alert');
    expect(alert).toHaveTextContent('Relay CRM could not be disconnected. The store is read-only.');
    expect(alert).toHaveAttribute('data-error-code', 'store.unavailable');
    expect(within(confirm).getByRole('button', { name: 'Disconnect' })).toBeEnabled();
    expect(item('relay-1')).toBeInTheDocument();
    await expectNoAxeViolations(container);

    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await user.click(within(item('relay-1')).getByRole('button', { name: 'Disconnect Relay CRM' }));
    confirm = await screen.findByRole('alertdialog');
    expect(within(confirm).queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('Connections parts and hook', () => {
  it('composes from its parts, with a class on each part and the classNames map', async () => {
    const { client } = await seeded(needsReauth);
    renderWithTributary(
      <Connections.Root aria-label="Linked apps" className="host-root" classNames={{ 'connection-status': 'host-badge' }}>
        <h2>Linked apps</h2>
        <Connections.List className="host-list">
          {(entry) => (
            <Connections.Item item={entry} className="host-item">
              <strong data-part="host-name">{entry.connection.appName}</strong>
              <Connections.Status />
              <Connections.LastImport className="host-last" />
              <Connections.Actions />
            </Connections.Item>
          )}
        </Connections.List>
      </Connections.Root>,
      client,
    );

    const root = screen.getByRole('region', { name: 'Linked apps' });
    expect(root).toHaveClass('host-root');
    const entry = await within(root).findByRole('listitem');
    expect(within(root).getByRole('list')).toHaveClass('host-list');
    expect(entry).toHaveClass('host-item');
    expect(within(entry).getByText('Needs re-authentication')).toHaveClass('host-badge');
    expect(within(entry).getByText(/^Last import:/)).toHaveClass('host-last');
    expect(within(entry).getByRole('button', { name: 'Disconnect Relay CRM' })).toBeInTheDocument();
    // Parts the host left out are not rendered.
    expect(within(entry).queryByRole('heading')).not.toBeInTheDocument();
  });

  it('useConnectionsList gives a host the connections with their last import, and reconnect keeps the id', async () => {
    const user = userEvent.setup();
    const { client } = await seeded(needsReauth);
    function HostList() {
      const { status, items, pending, errors, reconnect } = useConnectionsList();
      if (status !== 'success') return <p>{status}</p>;
      return (
        <ul>
          {items.map(({ connection, app, lastImport }) => (
            <li key={connection.id}>
              {app?.name}: {connection.status}, last import {lastImport?.id}
              {pending[connection.id] && ` (${pending[connection.id]})`}
              {errors[connection.id] && ` error: ${errors[connection.id]?.message}`}
              <button type="button" onClick={() => void reconnect(connection.id, { type: 'api-key', apiKey: 'relay_wrong' })}>
                Try a wrong key
              </button>
              <button type="button" onClick={() => void reconnect(connection.id, relayCrm.credentials)}>
                Use the right key
              </button>
            </li>
          ))}
        </ul>
      );
    }
    renderWithTributary(<HostList />, client);

    const entry = await screen.findByRole('listitem');
    expect(entry).toHaveTextContent('Relay CRM: needs-reauth, last import import-new');
    await user.click(within(entry).getByRole('button', { name: 'Try a wrong key' }));
    expect(await within(entry).findByText(/error: .*Invalid API key/)).toBeInTheDocument();
    await user.click(within(entry).getByRole('button', { name: 'Use the right key' }));
    await waitFor(() => expect(entry).toHaveTextContent('Relay CRM: connected, last import import-new'));
    expect(entry).not.toHaveTextContent('error:');
    expect(client.getState().connections.map((connection) => connection.id)).toEqual(['relay-1']);
  });
});
