import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, mappingRow, reloadClient, renderWithTributary } from './helpers.tsx';

const row = mappingRow;

/** Chooses a source field in a row's picker by typing part of its name and pressing Enter. */
async function pick(user: ReturnType<typeof userEvent.setup>, label: string, query: string): Promise<void> {
  const input = screen.getByRole('combobox', { name: label });
  await user.clear(input);
  await user.type(input, query);
  await user.keyboard('{Enter}');
}

describe('FieldMappingEditor', () => {
  it('given the users data model, shows the app’s default mapping with one row per target field', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />,
      client,
    );

    expect(screen.getByRole('status')).toHaveTextContent('Loading field mapping…');
    expect(await screen.findByText('Default mapping')).toBeInTheDocument();
    const id = screen.getByRole('combobox', { name: 'ID' });
    expect(id).toHaveValue('User ID (id)');
    expect(id).toHaveAttribute('aria-required', 'true');
    expect(id).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('Email (email)');
    expect(screen.getByRole('combobox', { name: 'Job title' })).not.toHaveAttribute('aria-required');
    expect(row('id')).toHaveAttribute('data-state', 'mapped');
    expect(row('id')).toHaveAttribute('data-required');
    expect(within(row('id')).getByText('*')).toHaveAttribute('aria-hidden', 'true');
    expect(within(row('id')).getByText('string')).toHaveAttribute('data-type', 'string');
    // The name is a template: edited as one, and kept as it is unless changed.
    const name = screen.getByRole('textbox', { name: 'Full name' });
    expect(name).toHaveValue('{{first_name}} {{last_name}}');
    expect(screen.getByRole('combobox', { name: 'Map Full name from' })).toHaveValue('template');
    expect(row('name')).toHaveAttribute('data-state', 'expression');
    // An untouched default can be saved: that adopts it as the tenant's own.
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'pristine');
    expect(container.querySelector('[data-part="field-mapping-editor"]')).toHaveAttribute('data-state', 'ready');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when a changed mapping is saved, it persists: a reload shows it and no longer the default', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const onSaved = vi.fn();
    const first = renderWithTributary(<FieldMappingEditor dataSource={dataSource} onSaved={onSaved} preview={false} />, client);

    await screen.findByRole('combobox', { name: 'Job title' });
    await pick(user, 'Job title', 'city');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Map Full name from' }), 'Source field');
    await pick(user, 'Full name', 'first');
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('City (address.city)');
    expect(row('title')).toHaveAttribute('data-dirty');
    const save = screen.getByRole('button', { name: 'Save mapping' });
    save.focus();
    await user.keyboard('{Enter}');

    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeDisabled();
    // The pressed button is disabled now: focus waits on the status that says what happened, not on the page.
    await waitFor(() => expect(screen.getByText('Mapping saved.')).toHaveFocus());
    expect(row('title')).not.toHaveAttribute('data-dirty');
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ isDefault: false }));
    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.isDefault).toBe(false);
    expect(stored.mapping.fields).toEqual({
      id: { path: 'id' },
      name: { path: 'first_name' },
      email: { path: 'email' },
      title: { path: 'address.city' },
      createdAt: { path: 'created_at' },
    });
    first.unmount();

    renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, reloadClient(engine));
    expect(await screen.findByRole('combobox', { name: 'Job title' })).toHaveValue('City (address.city)');
    expect(screen.getByRole('combobox', { name: 'Full name' })).toHaveValue('First name (first_name)');
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
  });

  it('given a required field left unmapped, blocks the save and says which field needs a source', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const email = await screen.findByRole('combobox', { name: 'Email' });
    await user.click(email);
    await user.click(within(screen.getByRole('listbox', { name: 'Source fields for Email' })).getByRole('option', { name: 'Not mapped' }));
    expect(row('email')).toHaveAttribute('data-state', 'unmapped');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await screen.findByText('Email is required: choose a source field.')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Email is required: choose a source field.');
    expect(email).toHaveFocus();
    expect(row('email')).toHaveAttribute('data-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need attention before the mapping can be saved.');
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'invalid');
    expect(screen.queryByText('Mapping saved.')).not.toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).isDefault).toBe(true);
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    // Choosing a source clears the message at once (the form revalidates on change after a submit).
    await pick(user, 'Email', 'email');
    await waitFor(() => expect(email).not.toHaveAttribute('aria-invalid'));
    expect(row('email')).not.toHaveAttribute('data-invalid');
  });

  it('when Cancel is pressed, the form goes back to the saved mapping and onCancel hears of it', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const onCancel = vi.fn();
    const onDirtyChange = vi.fn();
    renderWithTributary(
      <FieldMappingEditor
        dataSource={{ connectionId: connection.id, dataModel: 'users' }}
        onCancel={onCancel}
        onDirtyChange={onDirtyChange}
        preview={false}
      />,
      client,
    );

    await screen.findByRole('textbox', { name: 'Full name' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Map Full name from' }), 'Source field');
    await pick(user, 'Full name', 'email');
    expect(row('name')).toHaveAttribute('data-state', 'mapped');
    expect(screen.getByText('Unsaved changes.')).toBeInTheDocument();
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Full name' })).toHaveValue('{{first_name}} {{last_name}}'));
    expect(row('name')).toHaveAttribute('data-state', 'expression');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(screen.queryByText('Unsaved changes.')).not.toBeInTheDocument();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onDirtyChange).toHaveBeenLastCalledWith(false);
  });

  it('given a change undone by hand, the form is no longer dirty', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />,
      client,
    );
    const actions = () => container.querySelector('[data-part="editor-actions"]');

    await screen.findByRole('combobox', { name: 'Job title' });
    await pick(user, 'Job title', 'country');
    expect(actions()).toHaveAttribute('data-state', 'dirty');
    await pick(user, 'Job title', 'job');
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('Job title (job_title)');
    expect(actions()).toHaveAttribute('data-state', 'pristine');
    expect(row('title')).not.toHaveAttribute('data-dirty');
  });

  it('given the untouched default mapping, saving it stores it as the tenant\'s own', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} prefillSuggestions={false} />, client);

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
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    await screen.findByRole('combobox', { name: 'Job title' });
    await pick(user, 'Job title', 'country');
    const other = reloadClient(engine);
    const current = await engine.getFieldMapping(dataSource);
    await other.saveFieldMapping(dataSource, {
      fields: { ...current.mapping.fields, createdAt: { path: 'updated_at' } },
    });

    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Created at' })).toHaveValue('Updated (updated_at)'));
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    expect(row('createdAt')).not.toHaveAttribute('data-dirty');
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('Country (address.country)');
    expect(row('title')).toHaveAttribute('data-dirty');
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
  });

  it('given a raw collection, maps onto the collection’s own fields', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, collection: 'contacts' }} preview={false} />,
      client,
    );

    expect(await screen.findByRole('combobox', { name: 'ID' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('Email (email)');
  });

  it('given a data source the engine cannot resolve, shows the error and a retry', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: 'no-such-connection', dataModel: 'users' }} />,
      client,
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/connection/i);
    expect(container.querySelector('[data-part="field-mapping-editor"]')).toHaveAttribute('data-state', 'error');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('takes class names for its parts', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const classNames = { 'mapping-row': 'host-row', 'save-button': 'host-save', 'source-input': 'host-input' };
    const { container } = renderWithTributary(
      <FieldMappingEditor
        dataSource={{ connectionId: connection.id, dataModel: 'users' }}
        className="host-editor"
        classNames={classNames}
        preview={false}
      />,
      client,
    );

    await screen.findByRole('combobox', { name: 'ID' });
    expect(container.querySelector('[data-part="field-mapping-editor"]')).toHaveClass('host-editor');
    expect(row('id')).toHaveClass('host-row');
    expect(screen.getByRole('button', { name: 'Save mapping' })).toHaveClass('host-save');
    expect(screen.getByRole('combobox', { name: 'ID' })).toHaveClass('host-input');
  });
});
