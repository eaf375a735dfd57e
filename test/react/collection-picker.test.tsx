import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useState } from 'react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { relayCrmConnector } from '../../mocks/index.ts';
import { RELAY_CRM_BASE_URL } from '../../mocks/relay-crm/data.ts';
import { createClient } from '../../src/client/index.ts';
import { createEngine, type DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker, useCollectionPicker } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

describe('CollectionPicker', () => {
  it('lists data models with the collection each resolves to, and collections with their field counts', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<CollectionPicker connectionId={connection.id} />, client);

    const group = screen.getByRole('group', { name: 'What to import' });
    expect(within(group).getByRole('status')).toHaveTextContent('Loading collections…');
    const models = await screen.findByRole('group', { name: 'Data models' });
    const usersModel = within(models).getByRole('radio', { name: 'Users' });
    expect(usersModel).toHaveAccessibleDescription('From the Users collection · 9 fields');
    expect(within(models).getByRole('radio', { name: 'Contacts' })).toHaveAccessibleDescription(
      'From the Contacts collection · 7 fields',
    );
    const collections = screen.getByRole('group', { name: 'Collections' });
    expect(within(collections).getByRole('radio', { name: 'Users' })).toHaveAccessibleDescription(
      /^9 fields · Members of the Relay CRM workspace/,
    );
    expect(within(collections).getByRole('radio', { name: 'Contacts' })).toHaveAccessibleDescription(/^7 fields/);
    expect(screen.getAllByRole('radio').every((radio) => !(radio as HTMLInputElement).checked)).toBe(true);
    expect(container.querySelector('[data-part="collection-picker"]')).toHaveAttribute('data-state', 'success');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when the users data model is chosen, calls onValueChange with it and checks it (uncontrolled)', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const onValueChange = vi.fn();
    renderWithTributary(<CollectionPicker connectionId={connection.id} onValueChange={onValueChange} />, client);

    const models = await screen.findByRole('group', { name: 'Data models' });
    await user.click(within(models).getByRole('radio', { name: 'Users' }));

    expect(onValueChange).toHaveBeenCalledTimes(1);
    expect(onValueChange).toHaveBeenCalledWith({ connectionId: connection.id, dataModel: 'users' });
    expect(within(models).getByRole('radio', { name: 'Users' })).toBeChecked();
    expect(within(models).getByRole('radio', { name: 'Users' }).closest('[data-part="picker-option"]')).toHaveAttribute(
      'data-state',
      'checked',
    );
  });

  it('given a value, shows it checked and follows only the value the host passes (controlled)', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const onValueChange = vi.fn();
    renderWithTributary(
      <CollectionPicker
        connectionId={connection.id}
        value={{ connectionId: connection.id, collection: 'contacts' }}
        onValueChange={onValueChange}
      />,
      client,
    );

    const collections = await screen.findByRole('group', { name: 'Collections' });
    expect(within(collections).getByRole('radio', { name: 'Contacts' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Users', description: /^9 fields/ }));
    expect(onValueChange).toHaveBeenCalledWith({ connectionId: connection.id, collection: 'users' });
    // The host did not update `value`, so the choice stays where it was.
    expect(within(collections).getByRole('radio', { name: 'Contacts' })).toBeChecked();
  });

  it('given a host that stores the value, moves the selection with the arrow keys', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    function Host() {
      const [value, setValue] = useState<DataSourceRef>({ connectionId: connection.id, dataModel: 'users' });
      return <CollectionPicker connectionId={connection.id} value={value} onValueChange={setValue} />;
    }
    renderWithTributary(<Host />, client);

    const usersModel = await screen.findByRole('radio', { name: 'Users', description: /From the Users/ });
    expect(usersModel).toBeChecked();
    await user.click(usersModel);
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: 'Contacts', description: /From the Contacts/ })).toBeChecked();
  });

  it('given an unknown connection, shows the engine’s error with a retry', async () => {
    const { client } = createTestTributary();
    renderWithTributary(<CollectionPicker connectionId="missing" />, client);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('There is no connection "missing".');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});

/** Counts the requests the mocked Relay CRM gets for a list, by path (`/users`, `/contacts`). */
function countListRequests() {
  const counts = { users: 0, contacts: 0 };
  const listener = ({ request }: { request: Request }) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/users') counts.users++;
    if (pathname === '/v1/contacts') counts.contacts++;
  };
  server.events.on('request:start', listener);
  onTestFinished(() => server.events.removeListener('request:start', listener));
  return counts;
}

const relayUser = (overrides: Record<string, unknown>) => ({
  id: 'usr_0001',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@northwind.example',
  job_title: 'Engineer',
  address: { city: 'London', country: 'GB' },
  created_at: '2025-01-02T10:00:00.000Z',
  updated_at: '2025-01-03T10:00:00.000Z',
  ...overrides,
});

/**
 * Answers Relay CRM's user list with these records (the connection check still goes to the mocked app),
 * once `answered` resolves.
 */
function relayUsersAre(records: unknown[], answered: Promise<void> = Promise.resolve()) {
  server.use(
    http.get(`${RELAY_CRM_BASE_URL}/users`, async () => {
      await answered;
      return HttpResponse.json({ object: 'list', data: records, has_more: false, next_cursor: null });
    }),
  );
}

describe('CollectionPicker sample records', () => {
  it('given nothing selected, asks the app for no records; once the users data model is picked, shows what it resolved to, its fields and three sample users', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const requests = countListRequests();
    const { container } = renderWithTributary(<CollectionPicker connectionId={connection.id} />, client);

    const models = await screen.findByRole('group', { name: 'Data models' });
    expect(screen.queryByRole('region', { name: 'Users' })).not.toBeInTheDocument();
    expect(requests).toEqual({ users: 0, contacts: 0 });

    await user.click(within(models).getByRole('radio', { name: 'Users' }));
    const details = screen.getByRole('region', { name: 'Users' });
    expect(details).toHaveAttribute('data-collection', 'users');
    expect(within(details).getByText('The Users data model imports the Users collection of this app.')).toBeInTheDocument();
    expect(within(details).getByText(/^9 fields: User ID, First name, Last name, Email/)).toBeInTheDocument();

    const table = await within(details).findByRole('table', { name: 'Sample Users records' });
    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'User ID',
      'First name',
      'Last name',
      'Email',
      'Job title',
      'City',
      'Country',
      'Created',
      'Updated',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole('cell', { name: 'usr_0001' })).toBeInTheDocument();
    // A plain address is text: only a value that spells out mailto: becomes a link.
    expect(within(table).queryAllByRole('link')).toEqual([]);
    expect(requests).toEqual({ users: 1, contacts: 0 });
    expect(container.querySelector('[data-part="samples"]')).toHaveAttribute('data-state', 'success');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('loads samples only for the selected collection, once per collection, as the selection moves', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const requests = countListRequests();
    renderWithTributary(<CollectionPicker connectionId={connection.id} />, client);

    const collections = await screen.findByRole('group', { name: 'Collections' });
    await user.click(within(collections).getByRole('radio', { name: 'Contacts' }));
    await screen.findByRole('table', { name: 'Sample Contacts records' });
    expect(requests).toEqual({ users: 0, contacts: 1 });

    await user.click(within(collections).getByRole('radio', { name: 'Users' }));
    await screen.findByRole('table', { name: 'Sample Users records' });
    // The Contacts data model resolves to the same collection: its samples are already here.
    await user.click(screen.getByRole('radio', { name: 'Contacts', description: /^From the Contacts collection/ }));
    expect(screen.getByRole('table', { name: 'Sample Contacts records' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Contacts' })).toHaveTextContent(
      'The Contacts data model imports the Contacts collection of this app.',
    );
    expect(requests).toEqual({ users: 1, contacts: 1 });
  });

  it('renders record values as text: markup stays text, and javascript:, data: or disguised URLs never become links', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    relayUsersAre([
      relayUser({
        first_name: '<img src=x onerror=alert(1)>',
        email: 'mailto:ada@northwind.example',
        job_title: 'javascript:alert(1)',
        address: { city: 'https://northwind.example/offices/london', country: ' JavaScript:alert(2)' },
        created_at: 'data:text/html,<script>alert(3)</script>',
        updated_at: 'java\tscript:alert(4)',
      }),
    ]);
    const { container } = renderWithTributary(
      <CollectionPicker connectionId={connection.id} defaultValue={{ connectionId: connection.id, collection: 'users' }} />,
      client,
    );

    const table = await screen.findByRole('table', { name: 'Sample Users records' });
    const links = within(table).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      'mailto:ada@northwind.example',
      'https://northwind.example/offices/london',
    ]);
    expect(links[1]).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(table).getByRole('cell', { name: 'javascript:alert(1)' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: '<img src=x onerror=alert(1)>' })).toBeInTheDocument();
    expect(within(table).getByRole('cell', { name: 'data:text/html,<script>alert(3)</script>' })).toBeInTheDocument();
    expect(container.querySelectorAll('img, script')).toHaveLength(0);
    for (const anchor of container.querySelectorAll('a')) expect(anchor.getAttribute('href')).toMatch(/^(https:|mailto:)/);
    await expectNoAxeViolations(container);
  });

  it('while the app answers, says the samples are loading; given a collection with no records, says so', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    relayUsersAre([], answered);
    const { container } = renderWithTributary(
      <CollectionPicker connectionId={connection.id} defaultValue={{ connectionId: connection.id, dataModel: 'users' }} />,
      client,
    );

    const details = await screen.findByRole('region', { name: 'Users' });
    expect(await within(details).findByRole('status')).toHaveTextContent('Loading sample records…');
    expect(container.querySelector('[data-part="samples"]')).toHaveAttribute('data-state', 'loading');
    await expectNoAxeViolations(container);
    answer();
    expect(await screen.findByText('Users has no records yet.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(container.querySelector('[data-part="samples"]')).toHaveAttribute('data-state', 'success');
    await expectNoAxeViolations(container);
  });

  it('given the app refuses the sample request, shows why with a retry that loads them once the app answers', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    server.use(
      http.get(`${RELAY_CRM_BASE_URL}/users`, () =>
        HttpResponse.json({ error: { type: 'invalid_request', message: 'Workspace suspended' } }, { status: 400 }),
      ),
    );
    const { container } = renderWithTributary(
      <CollectionPicker connectionId={connection.id} defaultValue={{ connectionId: connection.id, dataModel: 'users' }} />,
      client,
    );

    const details = await screen.findByRole('region', { name: 'Users' });
    const alert = await within(details).findByRole('alert');
    expect(alert).toHaveTextContent(/^Sample records could not be loaded\./);
    expect(container.querySelector('[data-part="samples"]')).toHaveAttribute('data-state', 'error');
    await expectNoAxeViolations(container);

    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await within(details).findByRole('table', { name: 'Sample Users records' })).toBeInTheDocument();
    expect(within(details).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('given an app with nothing to import, says so', async () => {
    const engine = createEngine({
      connectors: [{ ...relayCrmConnector, collections: {} }],
      destination: async () => {},
    });
    const client = createClient({ engine });
    onTestFinished(async () => {
      client.close();
      await engine.dispose();
    });
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(<CollectionPicker connectionId={connection.id} />, client);

    expect(await screen.findByText('This app has nothing to import.')).toBeInTheDocument();
    expect(container.querySelector('[data-part="collection-picker"]')).toHaveAttribute('data-state', 'empty');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    await expectNoAxeViolations(container);
  });
});

describe('CollectionPicker parts and hook', () => {
  it('composes from its parts in a host layout, with a class on each part and the classNames map', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <CollectionPicker.Root connectionId={connection.id} legend="Import from Relay CRM" classNames={{ 'picker-option': 'host-option' }}>
        <CollectionPicker.Details className="host-details">
          <p data-part="host-note">Pick below.</p>
        </CollectionPicker.Details>
        <CollectionPicker.List className="host-groups" />
      </CollectionPicker.Root>,
      client,
    );

    const group = screen.getByRole('group', { name: 'Import from Relay CRM' });
    const users = await within(group).findByRole('radio', { name: 'Users', description: /^9 fields/ });
    expect(container.querySelector('[data-part="picker-groups"]')).toHaveClass('host-groups');
    expect(users.closest('[data-part="picker-option"]')).toHaveClass('host-option');
    await user.click(users);
    const details = screen.getByRole('region', { name: 'Users' });
    expect(details).toHaveClass('host-details');
    expect(details).toHaveAttribute('data-kind', 'collection');
    // Children replace the samples, so none are asked for.
    expect(within(details).getByText('Pick below.')).toBeInTheDocument();
    expect(within(details).queryByRole('status')).not.toBeInTheDocument();
  });

  it('useCollectionPicker gives a host the options, the selection and the selected collection’s samples', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    function HostPicker() {
      const picker = useCollectionPicker(connection.id);
      if (picker.status !== 'success') return <p>{picker.status}</p>;
      return (
        <div>
          {picker.dataModels.map((option) => (
            <button key={option.value} type="button" aria-pressed={picker.selected?.value === option.value} onClick={() => picker.select(option.value)}>
              {option.name} ({option.collection?.fields.length} fields)
            </button>
          ))}
          <p>{picker.value ? JSON.stringify(picker.value) : 'nothing'}</p>
          <p>samples: {picker.samples.status} {picker.samples.records?.length ?? 0}</p>
        </div>
      );
    }
    renderWithTributary(<HostPicker />, client);

    const users = await screen.findByRole('button', { name: 'Users (9 fields)' });
    expect(screen.getByText('samples: idle 0')).toBeInTheDocument();
    await user.click(users);
    expect(users).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText(JSON.stringify({ connectionId: connection.id, dataModel: 'users' }))).toBeInTheDocument();
    expect(await screen.findByText('samples: success 3')).toBeInTheDocument();
  });
});
