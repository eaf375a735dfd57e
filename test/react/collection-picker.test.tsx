import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker } from '../../src/react/index.ts';
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
    expect(usersModel).toHaveAccessibleDescription('From the Users collection');
    expect(within(models).getByRole('radio', { name: 'Contacts' })).toHaveAccessibleDescription(
      'From the Contacts collection',
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
    await user.click(screen.getByRole('radio', { name: 'Users', description: /9 fields/ }));
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
