import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FieldMappingEditor } from '../../src/react/index.ts';
import {
  connectRelayCrm,
  createTestTributary,
  expectEveryElementNamed,
  expectNoAxeViolations,
  reloadClient,
  renderWithTributary,
} from './helpers.tsx';

function row(field: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-part="mapping-row"][data-field="${field}"]`);
  if (!element) throw new Error(`No row for ${field}`);
  return element;
}

describe('FieldMappingEditor', () => {
  it('given the users data model, shows the app’s default mapping with one row per target field', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} />,
      client,
    );

    expect(await screen.findByText('Default mapping')).toBeInTheDocument();
    const id = screen.getByRole('combobox', { name: 'ID' });
    expect(id).toHaveValue('path:id');
    expect(id).toBeRequired();
    expect(within(id).getByRole('option', { selected: true })).toHaveTextContent('User ID (id)');
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('path:email');
    expect(screen.getByRole('combobox', { name: 'Job title' })).not.toBeRequired();
    expect(row('id')).toHaveAttribute('data-state', 'mapped');
    expect(within(row('id')).getByText('string')).toHaveAttribute('data-type', 'string');
    // The name is a template: shown read-only, kept unless the user picks a path.
    const name = screen.getByRole('combobox', { name: 'Full name' });
    expect(name).toHaveValue('keep');
    expect(row('name')).toHaveAttribute('data-state', 'expression');
    expect(within(row('name')).getByText('{{first_name}} {{last_name}}')).toBeInTheDocument();
    expect(within(name).getByRole('option', { name: '(not mapped)' })).toBeInTheDocument();
    // An untouched default can be saved: that adopts it as the tenant's own.
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Reset' })).toBeDisabled();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when a changed mapping is saved, it persists: a reload shows it and no longer the default', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const onSaved = vi.fn();
    const first = renderWithTributary(<FieldMappingEditor dataSource={dataSource} onSaved={onSaved} />, client);

    const title = await screen.findByRole('combobox', { name: 'Job title' });
    await user.selectOptions(title, 'City (address.city)');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Full name' }), 'First name (first_name)');
    const save = screen.getByRole('button', { name: 'Save mapping' });
    expect(save).toBeEnabled();
    await user.click(save);

    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ isDefault: false }));
    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.isDefault).toBe(false);
    expect(stored.mapping.fields).toMatchObject({ title: { path: 'address.city' }, name: { path: 'first_name' } });
    first.unmount();

    renderWithTributary(<FieldMappingEditor dataSource={dataSource} />, reloadClient(engine));
    expect(await screen.findByRole('combobox', { name: 'Job title' })).toHaveValue('path:address.city');
    expect(screen.getByRole('combobox', { name: 'Full name' })).toHaveValue('path:first_name');
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
  });

  it('given a required field left unmapped, blocks the save and says which field needs a source', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} />, client);

    const email = await screen.findByRole('combobox', { name: 'Email' });
    await user.selectOptions(email, '(not mapped)');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await screen.findByText('Email is required: choose a source field.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Email is required: choose a source field.');
    expect(row('email')).toHaveAttribute('data-invalid');
    expect(screen.queryByText('Mapping saved.')).not.toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).isDefault).toBe(true);
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when Reset is pressed, restores the loaded mapping', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} />, client);

    const name = await screen.findByRole('combobox', { name: 'Full name' });
    await user.selectOptions(name, 'Email (email)');
    expect(row('name')).toHaveAttribute('data-state', 'mapped');
    await user.click(screen.getByRole('button', { name: 'Reset' }));

    await waitFor(() => expect(name).toHaveValue('keep'));
    expect(within(row('name')).getByText('{{first_name}} {{last_name}}')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reset' })).toBeDisabled();
  });

  it('given the untouched default mapping, saving it stores it as the tenant\'s own', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} />, client);

    expect(await screen.findByText('Default mapping')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    const stored = await engine.getFieldMapping(dataSource);
    expect(stored).toMatchObject({ isDefault: false, mapping: { fields: { name: { template: '{{first_name}} {{last_name}}' } } } });
  });

  it('given someone else saves the mapping meanwhile, follows it without discarding the user’s own edits', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} />, client);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Job title' }), 'Country (address.country)');
    const other = reloadClient(engine);
    const current = await engine.getFieldMapping(dataSource);
    await other.saveFieldMapping(dataSource, {
      fields: { ...current.mapping.fields, createdAt: { path: 'updated_at' } },
    });

    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Created at' })).toHaveValue('path:updated_at'));
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('path:address.country');
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
  });

  it('given a raw collection, maps onto the collection’s own fields', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<FieldMappingEditor dataSource={{ connectionId: connection.id, collection: 'contacts' }} />, client);

    expect(await screen.findByRole('combobox', { name: 'ID' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('path:email');
  });
});
