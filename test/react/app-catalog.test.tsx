import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { useState } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { connectors, harborHr, relayCrm } from '../../mocks/index.ts';
import { createClient, createInProcessTransport, TributaryError, type Transport } from '../../src/client/index.ts';
import { createEngine, type ConnectorDefinition } from '../../src/engine/index.ts';
import { AppCatalog, ConnectDialog, useAppCatalog } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

// By attribute, not role: while the modal dialog is open, Radix hides the rest of the page from the a11y tree.
function appCard(appId: string): HTMLElement {
  const card = document.querySelector<HTMLElement>(`[data-part="app-card"][data-app-id="${appId}"]`);
  if (!card) throw new Error(`No card for ${appId}`);
  return card;
}

async function openConnectDialog(user: ReturnType<typeof userEvent.setup>, appName: string) {
  await user.click(await screen.findByRole('button', { name: `Connect ${appName}` }));
  return screen.findByRole('dialog', { name: `Connect ${appName}` });
}

describe('AppCatalog', () => {
  it('lists every app with its name, description, categories and a Connect button', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<AppCatalog />, client);

    expect(await screen.findByRole('heading', { name: 'Relay CRM' })).toBeInTheDocument();
    const relay = appCard(relayCrm.appId);
    expect(relay).toHaveAttribute('data-state', 'not-connected');
    expect(within(relay).getByText(/Sales CRM/)).toBeInTheDocument();
    expect(within(within(relay).getByRole('list', { name: 'Categories' })).getByText('crm')).toBeInTheDocument();
    expect(within(relay).getByText('RC')).toHaveAttribute('data-part', 'app-monogram');
    expect(within(appCard(harborHr.appId)).getByRole('button', { name: 'Connect Harbor HR' })).toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given an existing connection, shows its status on the app card', async () => {
    const { client } = createTestTributary();
    await connectRelayCrm(client);
    renderWithTributary(<AppCatalog />, client);

    await waitFor(() => expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'connected'));
    const connections = within(appCard(relayCrm.appId)).getByRole('list', { name: 'Relay CRM connections' });
    expect(within(connections).getByText('Connected')).toHaveAttribute('data-state', 'connected');
    expect(appCard(harborHr.appId)).toHaveAttribute('data-state', 'not-connected');
  });

  it('given a wrong API key, shows the app’s error, keeps the dialog open and saves no connection', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const onConnected = vi.fn();
    const { container } = renderWithTributary(<AppCatalog onConnected={onConnected} />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    // The dialog lives in the provider's portal container, not in document.body directly.
    expect(container.querySelector('[data-tributary-portal]')).toContainElement(dialog);
    const apiKey = within(dialog).getByLabelText('API key');
    expect(apiKey).toHaveAttribute('type', 'password');
    expect(apiKey).toHaveAttribute('autocomplete', 'off');
    await user.type(apiKey, 'relay_test_wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Invalid API key');
    expect(alert).toHaveAttribute('data-error-code', 'auth.invalid-credentials');
    expect(screen.getByRole('dialog', { name: 'Connect Relay CRM' })).toBeInTheDocument();
    expect(await engine.listConnections({})).toEqual([]);
    expect(client.getState().connections).toEqual([]);
    expect(onConnected).not.toHaveBeenCalled();
    expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'not-connected');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given the right API key, closes the dialog, reports the connection and lists it', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const onConnected = vi.fn();
    renderWithTributary(<AppCatalog onConnected={onConnected} />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ appId: relayCrm.appId, status: 'connected' }));
    expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'connected');
    expect(within(appCard(relayCrm.appId)).getByText('Connected')).toBeInTheDocument();
    expect(await engine.listConnections({})).toHaveLength(1);
  });

  it('while connecting, disables the submit button and shows progress', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get('*/me', async () => {
        await released;
        await delay(0);
        return undefined; // falls through to the app's own handler
      }),
    );
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    const busy = await within(dialog).findByRole('button', { name: 'Connecting…' });
    expect(busy).toBeDisabled();
    release();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('given an empty form, says what is missing without calling the app', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    expect(await within(dialog).findByText('API key is required.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
    expect(await engine.listConnections({})).toEqual([]);
  });

  it('given a basic-auth app, asks for username and password and connects with them', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Harbor HR');
    await user.type(within(dialog).getByLabelText('Admin email'), harborHr.username);
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    await user.type(password, harborHr.password);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await engine.listConnections({})).toEqual([expect.objectContaining({ appId: harborHr.appId })]);
  });

  it('when Cancel is pressed, closes the dialog and returns focus to the Connect button', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Connect Relay CRM' })).toHaveFocus());
  });
});

const catalog = () => screen.getByRole('region', { name: 'Apps' });
const searchBox = () => within(catalog()).getByRole('searchbox', { name: 'Search apps' });
const categoryFilter = () => within(catalog()).getByRole('group', { name: 'Filter by category' });
const resultCount = () => within(catalog()).getByRole('status');
/** The names of the apps listed, in order. */
const listedApps = () => within(catalog()).queryAllByRole('heading', { level: 3 }).map((heading) => heading.textContent);

/** A client on an engine offering `apps`, closed after the test. */
function clientWith(apps: ConnectorDefinition[], wrap?: (transport: Transport) => Transport) {
  const engine = createEngine({ connectors: apps, destination: async () => {} });
  const inner = createInProcessTransport(engine);
  const client = createClient({ transport: wrap ? wrap(inner) : inner });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  return client;
}

/** Relay CRM's connector under an accented name and description. */
const cafeLedger: ConnectorDefinition = {
  ...connectors[0]!,
  id: 'cafe-ledger',
  name: 'Café Ledger',
  description: 'Bookkeeping for cafés and bistros.',
  categories: ['finance'],
};

describe('AppCatalog search and filter', () => {
  it('given a search, lists only the apps whose name, description or categories hold it, and says how many', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<AppCatalog />, client);

    expect(await within(catalog()).findByRole('searchbox', { name: 'Search apps' })).toHaveValue('');
    expect(catalog()).toHaveAttribute('data-state', 'success');
    expect(resultCount()).toHaveTextContent('11 apps');
    expect(resultCount()).toHaveAttribute('data-state', 'unfiltered');

    await user.type(searchBox(), 'crm');
    expect(listedApps()).toEqual(['Relay CRM', 'Pipewell CRM']);
    expect(resultCount()).toHaveTextContent('2 of 11 apps');
    expect(resultCount()).toHaveAttribute('data-state', 'filtered');

    // Only Beacon Desk's description says "help desk".
    await user.clear(searchBox());
    await user.type(searchBox(), 'help desk');
    expect(listedApps()).toEqual(['Beacon Desk']);

    // Only Forge Hub's category, developer-tools, holds "developer".
    await user.clear(searchBox());
    await user.type(searchBox(), 'developer');
    expect(listedApps()).toEqual(['Forge Hub']);
    expect(resultCount()).toHaveTextContent('1 of 11 apps');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('matches whatever the case and accents, in the search and in the apps', async () => {
    const user = userEvent.setup();
    renderWithTributary(<AppCatalog />, clientWith([connectors[0]!, connectors[1]!, cafeLedger]));

    await user.type(await within(catalog()).findByRole('searchbox', { name: 'Search apps' }), 'cafe');
    expect(listedApps()).toEqual(['Café Ledger']);
    await user.clear(searchBox());
    await user.type(searchBox(), 'BISTRÓS');
    expect(listedApps()).toEqual(['Café Ledger']);
    await user.clear(searchBox());
    await user.type(searchBox(), 'rélay  Crm');
    expect(listedApps()).toEqual(['Relay CRM']);
  });

  it('given a category, lists its apps alone; All lists every app again', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<AppCatalog />, client);

    await within(catalog()).findByRole('group', { name: 'Filter by category' });
    const chips = within(categoryFilter()).getAllByRole('button');
    expect(chips.map((chip) => chip.textContent)).toEqual([
      'All',
      'crm',
      'hr',
      'productivity',
      'developer-tools',
      'support',
      'payments',
      'database',
      'search',
      'files',
    ]);
    expect(within(categoryFilter()).getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(within(categoryFilter()).getByRole('button', { name: 'productivity' }));
    expect(listedApps()).toEqual(['Taskwise', 'Quillpad']);
    const productivity = within(categoryFilter()).getByRole('button', { name: 'productivity' });
    expect(productivity).toHaveAttribute('aria-pressed', 'true');
    expect(productivity).toHaveAttribute('data-state', 'on');
    expect(productivity).toHaveAttribute('data-category', 'productivity');
    expect(within(categoryFilter()).getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'false');
    expect(resultCount()).toHaveTextContent('2 of 11 apps');
    await expectNoAxeViolations(container);

    // The search narrows within the category.
    await user.type(searchBox(), 'notes');
    expect(listedApps()).toEqual(['Quillpad']);

    await user.click(within(categoryFilter()).getByRole('button', { name: 'All' }));
    expect(listedApps()).toEqual(['Quillpad']);
    await user.clear(searchBox());
    expect(listedApps()).toHaveLength(11);
    expect(resultCount()).toHaveTextContent('11 apps');
  });

  it('given nothing matches, says so, and Clear filters lists every app and returns focus to the search', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<AppCatalog />, client);

    await user.click(await within(catalog()).findByRole('button', { name: 'hr' }));
    await user.type(searchBox(), ' relay ');
    expect(listedApps()).toEqual([]);
    expect(within(catalog()).queryByRole('list')).not.toBeInTheDocument();
    const empty = within(catalog()).getByText(/No apps match “relay”\./);
    expect(empty).toHaveAttribute('data-part', 'catalog-empty');
    expect(empty).toHaveAttribute('data-state', 'no-match');
    expect(resultCount()).toHaveTextContent('0 of 11 apps');
    // Still success: there are apps, none of them match.
    expect(catalog()).toHaveAttribute('data-state', 'success');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(within(empty).getByRole('button', { name: 'Clear filters' }));
    expect(listedApps()).toHaveLength(11);
    expect(searchBox()).toHaveValue('');
    expect(searchBox()).toHaveFocus();
    expect(within(categoryFilter()).getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('given a category no app is in, says so, and Clear filters lists every app', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    renderWithTributary(<AppCatalog defaultCategory="no-such-category" />, client);

    expect(await within(catalog()).findByText(/No apps in this category\./)).toHaveAttribute('data-state', 'no-match');
    await user.click(within(catalog()).getByRole('button', { name: 'Clear filters' }));
    expect(listedApps()).toHaveLength(11);
  });

  it('controlled: shows the host’s query and category, and asks the host to change them', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const onQueryChange = vi.fn();
    const onCategoryChange = vi.fn();
    renderWithTributary(
      <AppCatalog query="sales" onQueryChange={onQueryChange} category="crm" onCategoryChange={onCategoryChange} />,
      client,
    );

    expect(await within(catalog()).findByRole('searchbox', { name: 'Search apps' })).toHaveValue('sales');
    expect(listedApps()).toEqual(['Relay CRM', 'Pipewell CRM']);
    await user.type(searchBox(), 'x');
    expect(onQueryChange).toHaveBeenLastCalledWith('salesx');
    expect(searchBox()).toHaveValue('sales');
    await user.click(within(categoryFilter()).getByRole('button', { name: 'hr' }));
    expect(onCategoryChange).toHaveBeenLastCalledWith('hr');
    await user.click(within(categoryFilter()).getByRole('button', { name: 'All' }));
    expect(onCategoryChange).toHaveBeenLastCalledWith(null);
    expect(within(categoryFilter()).getByRole('button', { name: 'crm' })).toHaveAttribute('aria-pressed', 'true');
    expect(listedApps()).toEqual(['Relay CRM', 'Pipewell CRM']);
  });

  it('controlled by a host’s state, follows it; uncontrolled, starts from the defaults and reports changes', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const onCategoryChange = vi.fn();
    function Host() {
      const [query, setQuery] = useState('');
      return (
        <>
          <button type="button" onClick={() => setQuery('storage')}>
            Find storage
          </button>
          <AppCatalog query={query} onQueryChange={setQuery} defaultCategory="crm" onCategoryChange={onCategoryChange} />
        </>
      );
    }
    renderWithTributary(<Host />, client);

    expect(await within(catalog()).findByRole('heading', { name: 'Pipewell CRM' })).toBeInTheDocument();
    expect(listedApps()).toEqual(['Relay CRM', 'Pipewell CRM']);
    await user.type(searchBox(), 'pipe');
    expect(listedApps()).toEqual(['Pipewell CRM']);
    await user.click(within(categoryFilter()).getByRole('button', { name: 'All' }));
    expect(onCategoryChange).toHaveBeenCalledWith(null);
    await user.click(screen.getByRole('button', { name: 'Find storage' }));
    expect(searchBox()).toHaveValue('storage');
    expect(listedApps()).toEqual(['Lumen Drive']);
  });
});

describe('AppCatalog states', () => {
  it('while the apps load, says so, busy, with no search or filter yet', async () => {
    const silent: Transport = { call: () => new Promise(() => {}), subscribe: () => () => {} };
    const client = createClient({ transport: silent });
    onTestFinished(() => client.close());
    const { container } = renderWithTributary(<AppCatalog />, client);

    expect(within(catalog()).getByText('Loading apps…')).toHaveAttribute('role', 'status');
    expect(catalog()).toHaveAttribute('data-state', 'loading');
    expect(catalog()).toHaveAttribute('aria-busy', 'true');
    expect(within(catalog()).queryByRole('searchbox')).not.toBeInTheDocument();
    expect(within(catalog()).queryByRole('group')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given the apps cannot be loaded, shows why, and Try again loads them', async () => {
    const user = userEvent.setup();
    let reachable = false;
    const client = clientWith(connectors, (inner) => ({
      ...inner,
      call: (name, input) =>
        reachable
          ? inner.call(name, input)
          : Promise.reject(new TributaryError({ code: 'network.unreachable', class: 'transient', message: 'The server did not answer.' })),
    }));
    const { container } = renderWithTributary(<AppCatalog />, client);

    const alert = await within(catalog()).findByRole('alert');
    expect(alert).toHaveTextContent('Apps could not be loaded. The server did not answer.');
    expect(alert).toHaveAttribute('data-part', 'catalog-error');
    expect(alert).toHaveAttribute('data-error-code', 'network.unreachable');
    expect(catalog()).toHaveAttribute('data-state', 'error');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    reachable = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(catalog()).findByRole('heading', { name: 'Relay CRM' })).toBeInTheDocument();
    expect(within(catalog()).queryByRole('alert')).not.toBeInTheDocument();
    expect(catalog()).toHaveAttribute('data-state', 'success');
  });

  it('given no apps, says none are available, with no search or filter', async () => {
    const { container } = renderWithTributary(<AppCatalog emptyText="Ask your admin to enable an app." />, clientWith([]));

    const empty = await within(catalog()).findByText('Ask your admin to enable an app.');
    expect(empty).toHaveAttribute('data-part', 'catalog-empty');
    expect(empty).toHaveAttribute('data-state', 'empty');
    expect(catalog()).toHaveAttribute('data-state', 'empty');
    expect(within(catalog()).queryByRole('searchbox')).not.toBeInTheDocument();
    expect(within(catalog()).queryByRole('status')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });
});

describe('AppCatalog parts and hook', () => {
  it('composed by a host: renders the parts it uses, in its layout, with its classes, and Connect still works', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(
      <AppCatalog.Root aria-label="Integrations" className="host-root" classNames={{ 'search-input': 'host-input', 'dialog-title': 'host-title' }} defaultQuery="hr">
        <h2 data-part="host-heading">Integrations</h2>
        <AppCatalog.Search label="Find an integration" />
        <AppCatalog.List className="host-list">
          {(item) => (
            <li data-part="host-app" data-state={item.state}>
              <span data-part="host-app-name">{item.app.name}</span> <AppCatalog.ConnectButton item={item} className="host-connect" />
            </li>
          )}
        </AppCatalog.List>
      </AppCatalog.Root>,
      client,
    );

    const root = screen.getByRole('region', { name: 'Integrations' });
    expect(root).toHaveClass('host-root');
    const search = await within(root).findByRole('searchbox', { name: 'Find an integration' });
    expect(search).toHaveClass('host-input');
    expect(search).toHaveValue('hr');
    const list = within(root).getByRole('list');
    expect(list).toHaveClass('host-list');
    expect(within(list).getAllByRole('listitem').map((entry) => entry.textContent)).toEqual(['Harbor HR Connect']);
    // Parts the host left out are not rendered.
    expect(within(root).queryByRole('group')).not.toBeInTheDocument();
    expect(within(root).queryByRole('status')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    const connect = within(list).getByRole('button', { name: 'Connect Harbor HR' });
    expect(connect).toHaveClass('host-connect');
    await user.click(connect);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Harbor HR' });
    expect(within(dialog).getByRole('heading', { name: 'Connect Harbor HR' })).toHaveClass('host-title');
    await user.type(within(dialog).getByLabelText('Admin email'), harborHr.username);
    await user.type(within(dialog).getByLabelText('Password'), harborHr.password);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(within(list).getByRole('listitem')).toHaveAttribute('data-state', 'connected'));
    expect(within(list).getByRole('button', { name: 'Connect another Harbor HR account' })).toBeInTheDocument();
  });

  it('useAppCatalog gives a host the filtered apps with their connections, and connect opens the app’s dialog', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const onConnected = vi.fn();
    function HostCatalog() {
      const { status, apps, items, categories, query, setQuery, setCategory, connect, connectingAppId, dialogProps } = useAppCatalog({
        defaultQuery: 'crm',
        onConnected,
      });
      const connecting = apps.find((app) => app.id === connectingAppId);
      if (status !== 'success') return <p>{status}</p>;
      return (
        <div>
          <input aria-label="Find" value={query} onChange={(event) => setQuery(event.target.value)} />
          <button type="button" onClick={() => setCategory('files')}>
            Only files
          </button>
          <p>
            {items.length} of {apps.length} apps in {categories.length} categories
          </p>
          <ul>
            {items.map(({ app, connections, state }) => (
              <li key={app.id}>
                {app.name}: {state}, {connections.length} connections
                <button type="button" onClick={() => connect(app.id)}>
                  Add {app.name}
                </button>
              </li>
            ))}
          </ul>
          {connecting && <ConnectDialog {...dialogProps(connecting)} />}
        </div>
      );
    }
    renderWithTributary(<HostCatalog />, client);

    expect(await screen.findByText('2 of 11 apps in 9 categories')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((entry) => entry.textContent)).toEqual([
      'Relay CRM: not-connected, 0 connectionsAdd Relay CRM',
      'Pipewell CRM: not-connected, 0 connectionsAdd Pipewell CRM',
    ]);

    await user.click(screen.getByRole('button', { name: 'Add Relay CRM' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Relay CRM' });
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ appId: relayCrm.appId, status: 'connected' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')[0]).toHaveTextContent('Relay CRM: connected, 1 connections'));

    await user.click(screen.getByRole('button', { name: 'Only files' }));
    expect(screen.getByText('0 of 11 apps in 9 categories')).toBeInTheDocument();
    await user.clear(screen.getByRole('textbox', { name: 'Find' }));
    expect(screen.getAllByRole('listitem').map((entry) => entry.textContent)).toEqual(['Lumen Drive: not-connected, 0 connectionsAdd Lumen Drive']);
  });
});
