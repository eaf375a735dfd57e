import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { DataSourceRef, FieldMapping } from '../../src/engine/index.ts';
import {
  FieldMappingEditor,
  useFieldMappingEditor,
  useMappingEditorState,
  type MappingRowValue,
} from '../../src/react/index.ts';
import { connectRelayCrm, createTestTributary, expectNoAxeViolations, mappingRow, renderWithTributary } from './helpers.tsx';

const row = mappingRow;

/** A host's own markup over the headless hook: a plain list, a text input per row for the source path. */
function HostMappingForm({ dataSource }: { dataSource: DataSourceRef }) {
  const editor = useFieldMappingEditor(dataSource, { prefillSuggestions: false });
  const dirty = useMappingEditorState(editor, (state) => state.dirty);
  const save = useMappingEditorState(editor, (state) => state.save.status);
  const preview = useMappingEditorState(editor, (state) => state.preview);
  if (editor.status !== 'ready') return <p>Loading…</p>;
  return (
    <form
      aria-label="Host mapping"
      onSubmit={(event) => {
        event.preventDefault();
        void editor.save();
      }}
    >
      {editor.rows.map((model) => (
        <label key={model.field.key}>
          {model.field.label}
          <input
            value={(editor.form.watch(model.name) as MappingRowValue).path}
            onChange={(event) =>
              editor.form.setValue(model.name, { ...editor.form.getValues(model.name), kind: 'path', path: event.target.value })
            }
          />
        </label>
      ))}
      <p>{dirty ? 'Changed' : 'As saved'}</p>
      <p>Save: {save}</p>
      <p>Preview of {preview.data?.rows.length ?? 0} records</p>
      <button type="submit">Store</button>
      <button type="button" onClick={editor.cancel}>
        Undo
      </button>
    </form>
  );
}

describe('FieldMappingEditor headless and controlled use', () => {
  it('given a host’s own markup on useFieldMappingEditor, edits, previews and saves through it', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<HostMappingForm dataSource={dataSource} />, client);

    const title = await screen.findByRole('textbox', { name: 'Job title' });
    expect(title).toHaveValue('job_title');
    expect(await screen.findByText('Preview of 3 records')).toBeInTheDocument();
    await user.clear(title);
    await user.type(title, 'address.country');
    expect(screen.getByText('Changed')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Store' }));

    await waitFor(() => expect(screen.getByText('Save: saved')).toBeInTheDocument());
    expect(screen.getByText('As saved')).toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).mapping.fields['title']).toEqual({ path: 'address.country' });
    await expectNoAxeViolations(container);
  });

  it('given defaultValue, starts from it (dirty), and onValueChange hears each change', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const onValueChange = vi.fn();
    const onDirtyChange = vi.fn();
    const defaultValue: FieldMapping = {
      fields: { id: { path: 'id' }, name: { path: 'last_name' }, email: { path: 'email' } },
    };
    renderWithTributary(
      <FieldMappingEditor
        dataSource={{ connectionId: connection.id, dataModel: 'users' }}
        defaultValue={defaultValue}
        onValueChange={onValueChange}
        onDirtyChange={onDirtyChange}
        preview={false}
      />,
      client,
    );

    expect(await screen.findByRole('combobox', { name: 'Full name' })).toHaveValue('Last name (last_name)');
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('');
    expect(row('name')).toHaveAttribute('data-dirty');
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    // Only the default value's fields: no suggestions fill the rest.
    expect(row('title')).not.toHaveAttribute('data-suggested');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Convert Email' }), 'Email address');
    expect(onValueChange).toHaveBeenLastCalledWith({
      fields: { id: { path: 'id' }, name: { path: 'last_name' }, email: { path: 'email', as: 'email' } },
    });
  });

  it('given value and onValueChange, the form follows the host’s mapping', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const first: FieldMapping = { fields: { id: { path: 'id' }, name: { path: 'first_name' }, email: { path: 'email' } } };
    function Host() {
      const [value, setValue] = useState<FieldMapping>(first);
      return (
        <>
          <button type="button" onClick={() => setValue({ ...value, fields: { ...value.fields, title: { constant: 'Guest' } } })}>
            Make everyone a guest
          </button>
          <output aria-label="Host value">{JSON.stringify(value.fields['title'] ?? null)}</output>
          <FieldMappingEditor dataSource={dataSource} value={value} onValueChange={setValue} preview={false} />
        </>
      );
    }
    renderWithTributary(<Host />, client);

    expect(await screen.findByRole('combobox', { name: 'Full name' })).toHaveValue('First name (first_name)');
    await user.click(screen.getByRole('button', { name: 'Make everyone a guest' }));
    expect(await screen.findByRole('textbox', { name: 'Job title' })).toHaveValue('Guest');

    const input = screen.getByRole('textbox', { name: 'Job title' });
    await user.clear(input);
    await user.type(input, 'Member');
    expect(screen.getByRole('status', { name: 'Host value' })).toHaveTextContent('{"constant":"Member"}');
    expect(input).toHaveValue('Member');
  });

  it('when the data source changes, shows the new one’s fields and mapping', async () => {
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    function Host() {
      const [collection, setCollection] = useState('users');
      return (
        <>
          <button type="button" onClick={() => setCollection('contacts')}>
            Contacts
          </button>
          <FieldMappingEditor dataSource={{ connectionId: connection.id, collection }} preview={false} />
        </>
      );
    }
    const user = userEvent.setup();
    renderWithTributary(<Host />, client);
    expect(await screen.findByRole('combobox', { name: 'Job title' })).toHaveValue('Job title (job_title)');

    await user.click(screen.getByRole('button', { name: 'Contacts' }));
    expect(await screen.findByRole('combobox', { name: 'Company' })).toHaveValue('Company (company.name)');
    expect(screen.queryByRole('combobox', { name: 'Job title' })).not.toBeInTheDocument();
    expect(document.querySelectorAll('[data-part="mapping-row"]')).toHaveLength(6);
  });
});
