import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import { createClient, createInProcessTransport } from '../../src/client/index.ts';
import { TributaryError } from '../../src/engine/index.ts';
import { ImportSetup, useImportSetup, type ImportSetupValue } from '../../src/react/index.ts';
import {
  connectRelayCrm,
  createTestTributary,
  expectEveryElementNamed,
  expectNoAxeViolations,
  reloadClient,
  renderWithTributary,
} from './helpers.tsx';

const KEY = 'tributary:import-setup';
const stored = (key = KEY): unknown => JSON.parse(sessionStorage.getItem(key) ?? 'null');

const wizard = () => screen.getByRole('region', { name: 'Import setup' });
const stepList = () => screen.getByRole('list', { name: 'Import setup steps' });
const currentStep = () => within(stepList()).getAllByRole('listitem').find((item) => item.getAttribute('aria-current') === 'step');
const heading = () => within(wizard()).getByRole('heading', { level: 2 });

async function connectInCatalog(user: UserEvent) {
  await user.click(await within(wizard()).findByRole('button', { name: 'Connect Relay CRM' }));
  const dialog = await screen.findByRole('dialog', { name: 'Connect Relay CRM' });
  await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
  await user.keyboard('{Enter}');
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
}

beforeEach(() => {
  sessionStorage.clear();
});

describe('ImportSetup', () => {
  it('starts at Connect an app: a labelled list of four steps with the first current, and Next says what is missing', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<ImportSetup />, client);

    expect(within(wizard()).getByText('Loading your connections…')).toHaveAttribute('role', 'status');
    expect(wizard()).toHaveAttribute('data-state', 'loading');
    await expectNoAxeViolations(container);

    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Connect an app' })).toBeInTheDocument();
    expect(wizard()).toHaveAttribute('data-state', 'ready');
    expect(wizard()).toHaveAttribute('data-step', 'connect');
    const steps = within(stepList()).getAllByRole('listitem');
    expect(steps.map((item) => item.textContent)).toEqual([
      '1Connect an app',
      '2Choose what to import',
      '3Map the fields',
      '4Start the import',
    ]);
    expect(currentStep()).toBe(steps[0]);
    // Later steps are not yet reachable: no way to skip to them.
    expect(within(stepList()).queryAllByRole('button')).toEqual([]);
    expect(within(wizard()).getByText('Step 1 of 4')).toBeInTheDocument();
    expect(within(wizard()).queryByRole('button', { name: 'Back' })).not.toBeInTheDocument();

    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    const alert = within(wizard()).getByRole('alert');
    expect(alert).toHaveTextContent('Connect an app, or choose a connection you already have, to go on.');
    expect(within(wizard()).getByRole('button', { name: 'Next' })).toHaveAccessibleDescription(alert.textContent ?? '');
    expect(wizard()).toHaveAttribute('data-step', 'connect');
    expect(stored()).toEqual({ step: 'connect' });
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('goes connect → pick → map → start, refusing to skip a step, focusing each new heading, and keeps where the user is', async () => {
    const user = userEvent.setup();
    const { client, delivered } = createTestTributary();
    const onValueChange = vi.fn();
    const { container } = renderWithTributary(<ImportSetup onValueChange={onValueChange} />, client);

    // 1. Connecting in the catalog goes straight on to the next step.
    await connectInCatalog(user);
    const connection = client.getState().connections[0]!;
    await waitFor(() => expect(heading()).toHaveTextContent('Choose what to import'));
    expect(heading()).toHaveFocus();
    expect(currentStep()).toHaveTextContent('Choose what to import');
    expect(onValueChange).toHaveBeenLastCalledWith({ step: 'pick', connectionId: connection.id });
    expect(stored()).toEqual({ step: 'pick', connectionId: connection.id });

    // 2. No data source, no mapping step.
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(within(wizard()).getByRole('alert')).toHaveTextContent('Choose what to import to go on.');
    expect(heading()).toHaveTextContent('Choose what to import');
    expect(within(stepList()).queryByRole('button', { name: 'Map the fields' })).not.toBeInTheDocument();
    const models = await within(wizard()).findByRole('group', { name: 'Data models' });
    await user.click(within(models).getByRole('radio', { name: 'Users' }));
    expect(within(wizard()).queryByRole('alert')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));

    // 3. The mapping must be saved before the import starts.
    await waitFor(() => expect(heading()).toHaveTextContent('Map the fields'));
    expect(heading()).toHaveFocus();
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    expect(stored()).toEqual({ step: 'map', connectionId: connection.id, dataSource });
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(within(wizard()).getByRole('alert')).toHaveTextContent('Save the field mapping to go on.');
    await user.click(await within(wizard()).findByRole('button', { name: 'Save mapping' }));
    expect(await within(wizard()).findByText('The mapping is saved. Go on to start the import.')).toBeInTheDocument();
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));

    // 4. Start the import and watch it finish.
    await waitFor(() => expect(heading()).toHaveTextContent('Start the import'));
    expect(heading()).toHaveFocus();
    expect(within(wizard()).getByText(/^Everything is set\./)).toHaveAttribute('data-state', 'none');
    await user.click(within(wizard()).getByRole('button', { name: 'Start import' }));
    const summary = await within(wizard()).findByText(/^Import finished: /, undefined, { timeout: 10_000 });
    expect(summary).toHaveTextContent(`Import finished: ${relayCrm.userCount} records from Relay CRM.`);
    expect(summary).toHaveAttribute('data-state', 'succeeded');
    expect(delivered).toHaveLength(relayCrm.userCount);
    const runId = client.getState().runs[0]!.id;
    expect(stored()).toEqual({ step: 'start', connectionId: connection.id, dataSource, runId });
    expect(within(stepList()).getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Connect an app',
      'Choose what to import',
      'Map the fields',
    ]);
    await expectNoAxeViolations(container);
  });

  it('goes back with Back or a finished step in the list, keeping what was chosen, and on with Next', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ step: 'map', connectionId: connection.id, dataSource: { connectionId: connection.id, collection: 'contacts' } }),
    );
    renderWithTributary(<ImportSetup />, client);

    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Map the fields' })).toBeInTheDocument();
    await user.click(within(wizard()).getByRole('button', { name: 'Back' }));
    expect(heading()).toHaveTextContent('Choose what to import');
    expect(heading()).toHaveFocus();
    expect(await within(wizard()).findByRole('radio', { name: 'Contacts', description: /^7 fields/ })).toBeChecked();

    await user.click(within(stepList()).getByRole('button', { name: 'Connect an app' }));
    expect(heading()).toHaveTextContent('Connect an app');
    expect(heading()).toHaveFocus();
    expect(within(wizard()).getByRole('group', { name: 'Your connections' })).toBeInTheDocument();
    expect(within(wizard()).getByRole('radio', { name: 'Relay CRM Connected' })).toBeChecked();
    // The list offers the steps already set up, ahead of the current one too.
    expect(within(stepList()).getByRole('button', { name: 'Map the fields' })).toBeInTheDocument();
    expect(within(stepList()).getAllByRole('listitem')[1]).not.toHaveAttribute('aria-current');

    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(heading()).toHaveTextContent('Choose what to import');
    expect(stored()).toEqual({
      step: 'pick',
      connectionId: connection.id,
      dataSource: { connectionId: connection.id, collection: 'contacts' },
    });
  });

  it('given a stored state at the mapping step, resumes there after a reload without moving focus', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const first = renderWithTributary(<ImportSetup />, client);
    await user.click(await within(wizard()).findByRole('radio', { name: 'Relay CRM Connected' }));
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    await user.click(await within(wizard()).findByRole('radio', { name: 'Users', description: /^From the Users/ }));
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(heading()).toHaveTextContent('Map the fields');
    first.unmount();

    // A page reload: a new client on the same engine, and the same session.
    const { container } = renderWithTributary(<ImportSetup />, reloadClient(engine));
    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Map the fields' })).not.toHaveFocus();
    expect(currentStep()).toHaveTextContent('Map the fields');
    expect(within(wizard()).getByText('Step 3 of 4')).toBeInTheDocument();
    expect(await within(wizard()).findByRole('region', { name: 'Field mapping' })).toBeInTheDocument();
    expect(stored()).toEqual({ step: 'map', connectionId: connection.id, dataSource: { connectionId: connection.id, dataModel: 'users' } });
    await expectNoAxeViolations(container);
  });

  it('given a stored state whose connection no longer exists, starts again at the first step and forgets it', async () => {
    const { client } = createTestTributary();
    await connectRelayCrm(client);
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ step: 'start', connectionId: 'gone', dataSource: { connectionId: 'gone', dataModel: 'users' }, runId: 'run-1' }),
    );
    renderWithTributary(<ImportSetup />, client);

    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Connect an app' })).toBeInTheDocument();
    expect(within(wizard()).getByRole('radio', { name: 'Relay CRM Connected' })).not.toBeChecked();
    await waitFor(() => expect(stored()).toEqual({ step: 'connect' }));
  });

  it('given a stored run the engine does not know, or a data source of another connection, drops them', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ step: 'start', connectionId: connection.id, dataSource: { connectionId: 'other', dataModel: 'users' }, runId: 'run-1' }),
    );
    renderWithTributary(<ImportSetup />, client);

    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Choose what to import' })).toBeInTheDocument();
    await waitFor(() => expect(stored()).toEqual({ step: 'pick', connectionId: connection.id }));
  });

  it('given something in storage that is not a wizard state, starts fresh', async () => {
    const { client } = createTestTributary();
    sessionStorage.setItem(KEY, '{"step":"launch","connectionId":42}');
    renderWithTributary(<ImportSetup />, client);

    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Connect an app' })).toBeInTheDocument();
    await waitFor(() => expect(stored()).toEqual({ step: 'connect' }));
  });

  it('when the chosen connection is disconnected meanwhile, goes back to the first step', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<ImportSetup defaultValue={{ step: 'pick', connectionId: connection.id }} persistKey={false} />, client);
    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Choose what to import' })).toBeInTheDocument();

    await client.disconnect(connection.id);
    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Connect an app' })).toBeInTheDocument();
    expect(within(stepList()).queryAllByRole('button')).toEqual([]);
  });

  it('given a finished run, shows how it went with the run selected below', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    await client.start();
    const started = await client.startImport(dataSource);
    await waitFor(() => expect(client.getState().runs[0]?.status).toBe('succeeded'), { timeout: 10_000 });
    sessionStorage.setItem(KEY, JSON.stringify({ step: 'start', connectionId: connection.id, dataSource, runId: started.id }));
    const { container } = renderWithTributary(<ImportSetup />, client);

    expect(await within(wizard()).findByText(/^Import finished: /)).toHaveTextContent(
      `Import finished: ${relayCrm.userCount} records from Relay CRM. Changes keep arriving from now on.`,
    );
    const runs = within(wizard()).getByRole('region', { name: 'Import runs' });
    const list = within(runs).getByRole('listbox', { name: 'Runs' });
    expect(within(list).getByRole('option', { selected: true })).toHaveAttribute('data-run-id', started.id);
    await expectNoAxeViolations(container);
  });

  it('Set up another import on the last step starts over with nothing chosen', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    sessionStorage.setItem(
      KEY,
      JSON.stringify({ step: 'start', connectionId: connection.id, dataSource: { connectionId: connection.id, dataModel: 'users' } }),
    );
    renderWithTributary(<ImportSetup />, client);

    await user.click(await within(wizard()).findByRole('button', { name: 'Set up another import' }));
    expect(heading()).toHaveTextContent('Connect an app');
    expect(heading()).toHaveFocus();
    expect(stored()).toEqual({ step: 'connect' });
  });

  it('given the client cannot load, shows why with a retry', async () => {
    const user = userEvent.setup();
    const { engine } = createTestTributary();
    const inner = createInProcessTransport(engine);
    let reachable = false;
    const client = createClient({
      transport: {
        ...inner,
        call: (name, input) =>
          reachable
            ? inner.call(name, input)
            : Promise.reject(new TributaryError({ code: 'network.unreachable', class: 'transient', message: 'The server did not answer.' })),
      },
    });
    onTestFinished(() => client.close());
    const { container } = renderWithTributary(<ImportSetup />, client);

    const alert = await within(wizard()).findByRole('alert');
    expect(alert).toHaveTextContent('Import setup could not load. The server did not answer.');
    expect(wizard()).toHaveAttribute('data-state', 'error');
    expect(within(wizard()).queryByRole('button', { name: 'Next' })).not.toBeInTheDocument();
    await expectNoAxeViolations(container);

    reachable = true;
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(wizard()).findByRole('heading', { level: 2, name: 'Connect an app' })).toBeInTheDocument();
  });
});

describe('ImportSetup controlled, keys, parts and hook', () => {
  it('controlled: shows the host’s value, asks to change it, and keeps nothing in storage', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const changes: ImportSetupValue[] = [];
    function Host() {
      const [value, setValue] = useState<ImportSetupValue>({ step: 'connect', connectionId: connection.id });
      return (
        <ImportSetup
          value={value}
          onValueChange={(next) => {
            changes.push(next);
            setValue(next);
          }}
        />
      );
    }
    renderWithTributary(<Host />, client);

    expect(await within(wizard()).findByRole('radio', { name: 'Relay CRM Connected' })).toBeChecked();
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(heading()).toHaveTextContent('Choose what to import');
    expect(changes).toEqual([{ step: 'pick', connectionId: connection.id }]);
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps its state under the host’s key, or nowhere with persistKey={false}', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { unmount } = renderWithTributary(<ImportSetup persistKey="acme:tenant-7:import" />, client);
    await user.click(await within(wizard()).findByRole('radio', { name: 'Relay CRM Connected' }));
    expect(stored('acme:tenant-7:import')).toEqual({ step: 'connect', connectionId: connection.id });
    expect(sessionStorage.getItem(KEY)).toBeNull();
    unmount();

    sessionStorage.clear();
    renderWithTributary(<ImportSetup persistKey={false} />, client);
    await user.click(await within(wizard()).findByRole('radio', { name: 'Relay CRM Connected' }));
    await user.click(within(wizard()).getByRole('button', { name: 'Next' }));
    expect(heading()).toHaveTextContent('Choose what to import');
    expect(sessionStorage.length).toBe(0);
  });

  it('composes from its parts in a host layout, with classes', async () => {
    const { client } = createTestTributary();
    renderWithTributary(
      <ImportSetup.Root aria-label="Bring in your data" className="host-wizard" classNames={{ 'setup-step': 'host-step' }}>
        <ImportSetup.Nav className="host-nav" />
        <ImportSetup.Steps aria-label="Progress" className="host-steps" />
        <ImportSetup.Panel className="host-panel" />
      </ImportSetup.Root>,
      client,
    );

    const root = screen.getByRole('region', { name: 'Bring in your data' });
    expect(root).toHaveClass('host-wizard');
    const steps = within(root).getByRole('list', { name: 'Progress' });
    expect(steps).toHaveClass('host-steps');
    expect(within(steps).getAllByRole('listitem')[0]).toHaveClass('host-step');
    expect(await within(root).findByRole('region', { name: 'Connect an app' })).toHaveClass('host-panel');
    expect(within(root).getByRole('button', { name: 'Next' }).parentElement).toHaveClass('host-nav');
  });

  it('useImportSetup gives a host the steps, the blocker and navigation for its own markup', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    function HostWizard() {
      const setup = useImportSetup({ persistKey: false });
      if (setup.status !== 'ready') return <p>{setup.status}</p>;
      return (
        <div>
          <p>
            at {setup.step}; reachable: {setup.steps.filter((info) => info.reachable).map((info) => info.step).join(',')}
          </p>
          <p>blocker: {setup.blocker ?? 'none'}</p>
          <button type="button" onClick={() => setup.chooseConnection(connection.id)}>
            Use Relay CRM
          </button>
          <button type="button" onClick={() => setup.chooseDataSource({ connectionId: connection.id, collection: 'users' })}>
            Use users
          </button>
          <button type="button" onClick={() => setup.goTo('map')}>
            Go to mapping
          </button>
          <button type="button" onClick={() => setup.next()}>
            Onwards
          </button>
        </div>
      );
    }
    renderWithTributary(<HostWizard />, client);

    expect(await screen.findByText('at connect; reachable: connect')).toBeInTheDocument();
    expect(screen.getByText(/^blocker: Connect an app/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to mapping' }));
    expect(screen.getByText('at connect; reachable: connect')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use Relay CRM' }));
    await user.click(screen.getByRole('button', { name: 'Onwards' }));
    expect(screen.getByText('at pick; reachable: connect,pick')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use users' }));
    await user.click(screen.getByRole('button', { name: 'Go to mapping' }));
    expect(screen.getByText('at map; reachable: connect,pick,map')).toBeInTheDocument();
    expect(screen.getByText('blocker: Save the field mapping to go on.')).toBeInTheDocument();
  });
});
