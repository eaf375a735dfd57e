import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { RELAY_CRM_BASE_URL } from '../../mocks/relay-crm/data.ts';
import { type EngineOptions } from '../../src/engine/index.ts';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, mappingRow, renderWithTributary } from './helpers.tsx';

/** The host's default for Relay CRM users maps only the id and the name: suggestions have the rest to offer. */
const partialDefault: EngineOptions['defaultMappings'] = {
  'relay-crm': { users: { fields: { id: { path: 'id' }, name: { template: '{{first_name}} {{last_name}}' } } } },
};

const createTributary = (options: Partial<EngineOptions> = {}) => createTestTributary({ defaultMappings: partialDefault, ...options });

const row = mappingRow;

describe('FieldMappingEditor suggestions', () => {
  it('given the default mapping leaves fields unmapped, pre-fills the confident suggestions, marked until saved', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const onDirtyChange = vi.fn();
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={dataSource} preview={false} onDirtyChange={onDirtyChange} />,
      client,
    );

    const email = await screen.findByRole('combobox', { name: 'Email' });
    await waitFor(() => expect(email).toHaveValue('Email (email)'));
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('Job title (job_title)');
    expect(screen.getByRole('combobox', { name: 'Created at' })).toHaveValue('Created (created_at)');
    for (const field of ['email', 'title', 'createdAt']) {
      expect(row(field)).toHaveAttribute('data-suggested');
      expect(row(field)).toHaveAttribute('data-dirty');
    }
    expect(within(row('email')).getByText('Suggested · 100% match')).toHaveAttribute('title', 'same name; values look like emails');
    expect(within(row('title')).getByText('Suggested · 95% match')).toBeInTheDocument();
    expect(row('id')).not.toHaveAttribute('data-suggested');
    // Pre-filled values are changes like any other: unsaved until saved.
    expect(screen.getByText('Unsaved changes.')).toBeInTheDocument();
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(row('email')).not.toHaveAttribute('data-suggested');
    expect(within(row('email')).queryByText(/Suggested ·/)).not.toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).mapping.fields).toEqual({
      id: { path: 'id' },
      name: { template: '{{first_name}} {{last_name}}' },
      email: { path: 'email' },
      title: { path: 'job_title' },
      createdAt: { path: 'created_at' },
    });
  });

  it('given unmapped fields and no pre-fill, offers ranked candidates with their confidence, accepted with one press', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={dataSource} preview={false} prefillSuggestions={false} />,
      client,
    );

    const created = await within(await screen.findByRole('row', { name: /Created at/ })).findByRole('group', { name: 'Suggested' });
    const offered = within(created).getAllByRole('button');
    expect(offered.map((button) => button.textContent)).toEqual(['Use Created (created_at) 100%', 'Use Updated (updated_at) 55%']);
    expect(offered[0]).toHaveAttribute('data-level', 'high');
    expect(offered[1]).toHaveAttribute('data-level', 'medium');
    expect(offered[1]).toHaveAccessibleDescription('both are dates; values look like dates');
    expect(container.querySelector('[data-part="suggestions-status"]')).toHaveTextContent(
      'Suggested sources for 3 fields, with their confidence.',
    );
    expect(row('email')).toHaveAttribute('data-state', 'unmapped');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    // By keyboard: the suggestion is a button; Enter accepts it.
    offered[1]!.focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('combobox', { name: 'Created at' })).toHaveValue('Updated (updated_at)');
    expect(within(row('createdAt')).getByText('Suggested · 55% match')).toBeInTheDocument();
    expect(within(row('createdAt')).queryByRole('group', { name: 'Suggested' })).not.toBeInTheDocument();

    await user.click(within(row('email')).getByRole('button', { name: 'Use Email (email) 100%' }));
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('Email (email)');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).mapping.fields).toMatchObject({
      email: { path: 'email' },
      createdAt: { path: 'updated_at' },
    });
    // The job title is still unmapped, and still offered.
    expect(within(row('title')).getByRole('button', { name: 'Use Job title (job_title) 95%' })).toBeInTheDocument();
  });

  it('given a save leaves a field unmapped, offers suggestions for it afterwards', async () => {
    const user = userEvent.setup();
    const { client } = createTributary({ defaultMappings: {} });
    const connection = await connectRelayCrm(client);
    renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} prefillSuggestions={false} />,
      client,
    );

    const title = await screen.findByRole('combobox', { name: 'Job title' });
    await user.click(title);
    await user.click(screen.getByRole('option', { name: 'Not mapped' }));
    // Suggestions were made for the mapping as loaded, where the job title was mapped.
    expect(within(row('title')).queryByRole('group', { name: 'Suggested' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await within(row('title')).findByRole('button', { name: 'Use Job title (job_title) 95%' })).toBeInTheDocument();
  });

  it('when Reset to default is pressed after a save, the form goes back to the default mapping, to be saved again', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary({ defaultMappings: {} });
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const reset = await screen.findByRole('button', { name: 'Reset to default' });
    // Nothing to reset while the form is the untouched default.
    expect(reset).toBeDisabled();
    const name = screen.getByRole('textbox', { name: 'Full name' });
    await user.clear(name);
    await user.type(name, '{{{{last_name}}');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reset to default' }));
    expect(screen.getByRole('textbox', { name: 'Full name' })).toHaveValue('{{first_name}} {{last_name}}');
    expect(row('name')).toHaveAttribute('data-dirty');
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'dirty');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    await waitFor(() => expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'saved'));
    expect((await engine.getFieldMapping(dataSource)).mapping.fields['name']).toEqual({ template: '{{first_name}} {{last_name}}' });
  });

  it('given a mapping the tenant saved before this page loaded, Reset to default still restores the default the engine gives', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary({ defaultMappings: {} });
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const current = (await engine.getFieldMapping(dataSource)).mapping;
    await engine.saveFieldMapping({ ...dataSource, mapping: { fields: { ...current.fields, name: { path: 'last_name' } } } });
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const reset = await screen.findByRole('button', { name: 'Reset to default' });
    expect(screen.queryByText('Default mapping')).not.toBeInTheDocument();
    await user.click(reset);
    expect(screen.getByRole('textbox', { name: 'Full name' })).toHaveValue('{{first_name}} {{last_name}}');
    expect(row('name')).toHaveAttribute('data-dirty');
  });

  it('given suggestions cannot be had, says so and leaves the form as loaded', async () => {
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    // The key was revoked in the app: suggestions, which read sample records, fail with an auth error.
    server.use(http.get(`${RELAY_CRM_BASE_URL}/users`, () => HttpResponse.json({ error: { message: 'Invalid API key' } }, { status: 401 })));
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />,
      client,
    );

    const status = await screen.findByText(/^Suggestions are unavailable/);
    expect(status).toHaveAttribute('data-state', 'error');
    expect(screen.getByRole('combobox', { name: 'Email' })).toHaveValue('');
    expect(row('email')).not.toHaveAttribute('data-dirty');
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'pristine');
  });
});
