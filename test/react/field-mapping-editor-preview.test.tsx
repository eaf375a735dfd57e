import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { RELAY_CRM_BASE_URL } from '../../mocks/relay-crm/data.ts';
import { createMemoryStore } from '../../src/engine/index.ts';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, mappingRow, renderWithTributary } from './helpers.tsx';

type User = ReturnType<typeof userEvent.setup>;

const createTributary = createTestTributary;

const row = mappingRow;

function preview(): HTMLElement {
  return screen.getByRole('region', { name: 'Preview' });
}

/** What the preview shows for one target field of each sample record. */
function previewed(label: string): string[] {
  return within(preview())
    .getAllByText(label, { selector: 'dt' })
    .map((term) => term.nextElementSibling?.textContent ?? '');
}

async function typeConstant(user: User, label: string, text: string): Promise<void> {
  await user.selectOptions(screen.getByRole('combobox', { name: `Map ${label} from` }), 'Constant');
  const input = screen.getByRole('textbox', { name: label });
  await user.clear(input);
  await user.type(input, text);
}

describe('FieldMappingEditor live preview', () => {
  it('shows sample records from the app beside what the mapping makes of them', async () => {
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} prefillSuggestions={false} />,
      client,
    );

    expect(await within(await screen.findByRole('region', { name: 'Preview' })).findByText('3 sample records, mapped with the changes above.')).toBeInTheDocument();
    expect(preview()).toHaveAttribute('data-state', 'success');
    const records = within(preview()).getAllByRole('listitem');
    expect(records).toHaveLength(3);
    expect(within(records[0]!).getByText('Record usr_0001')).toBeInTheDocument();
    expect(within(records[0]!).getByText(/"first_name": "Grace"/)).toBeInTheDocument();
    expect(previewed('Full name')[0]).toBe('Grace Borg');
    expect(previewed('Email')[0]).toBe('grace.borg.1@northwind.example');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('when a row changes, previews the unsaved mapping once the typing stops, with one request', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} prefillSuggestions={false} />, client);
    await within(await screen.findByRole('region', { name: 'Preview' })).findByText(/3 sample records/);
    const requests = vi.spyOn(client, 'previewMapping');

    await typeConstant(user, 'Job title', 'Member');
    await waitFor(() => expect(previewed('Job title')).toEqual(['Member', 'Member', 'Member']));
    expect(requests).toHaveBeenCalledTimes(1);
    expect(requests.mock.calls[0]![1]?.fields['title']).toEqual({ constant: 'Member' });
    // Previewed, not saved.
    expect((await engine.getFieldMapping(dataSource)).isDefault).toBe(true);
  });

  it('given a coercion the sample values fail, shows the field error on each record', async () => {
    const user = userEvent.setup();
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} prefillSuggestions={false} />,
      client,
    );
    await within(await screen.findByRole('region', { name: 'Preview' })).findByText(/3 sample records/);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Convert Job title' }), 'Number');

    expect(await within(preview()).findByText('3 sample records, 3 with field errors.')).toBeInTheDocument();
    expect(previewed('Job title')[0]).toBe('Cannot be read as a number: "Data Analyst".');
    const field = within(preview()).getAllByText('Job title', { selector: 'dt' })[0]!.parentElement!;
    expect(field).toHaveAttribute('data-state', 'error');
    expect(within(preview()).getAllByRole('listitem')[0]).toHaveAttribute('data-state', 'error');
    expect(within(preview()).getAllByText('Record usr_0001: not delivered')).toHaveLength(1);
    await expectNoAxeViolations(container);

    // With the null policy the record is delivered, the field sent as null.
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'When a record cannot be mapped' }),
      'send its failing optional fields as null',
    );
    await waitFor(() => expect(previewed('Job title')[0]).toBe('Sent as null: Cannot be read as a number: "Data Analyst".'));
    expect(within(preview()).getByText('Record usr_0001')).toBeInTheDocument();
  });

  it('given a mapping the engine finds invalid, shows its issues on the rows they concern, and a save says why it failed', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} prefillSuggestions={false} />, client);
    await within(await screen.findByRole('region', { name: 'Preview' })).findByText(/3 sample records/);

    const name = screen.getByRole('textbox', { name: 'Full name' });
    await user.clear(name);
    await user.type(name, '{{{{first..name}}');

    const issue = await within(row('name')).findByText(/^Placeholder "\{\{first\.\.name\}\}" is not a valid source path/);
    expect(row('name')).toHaveAttribute('data-issue');
    expect(name).toHaveAccessibleDescription(expect.stringContaining(issue.textContent!));
    expect(within(preview()).getByText('The mapping has problems, marked on the fields they concern.')).toBeInTheDocument();
    expect(within(preview()).queryAllByRole('listitem')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The mapping was not saved: The field mapping is invalid');
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'error');
    expect(within(row('name')).getByText(/^Placeholder "\{\{first\.\.name\}\}"/)).toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).isDefault).toBe(true);
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    // Fixed, the issue goes with the next preview.
    await user.clear(name);
    await user.type(name, '{{{{first_name}}');
    await waitFor(() => expect(row('name')).not.toHaveAttribute('data-issue'));
  });

  it('given the store fails to save, shows the error and keeps the edits, and a retry saves them', async () => {
    const user = userEvent.setup();
    const store = createMemoryStore();
    const putMapping = store.putMapping.bind(store);
    let failing = true;
    store.putMapping = async (mapping) => {
      if (failing) throw new Error('The database is read-only.');
      return putMapping(mapping);
    };
    const { client, engine } = createTributary({ store });
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);
    await screen.findByRole('combobox', { name: 'Map Job title from' });

    await typeConstant(user, 'Job title', 'Member');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(/^The mapping was not saved: .+/);
    expect(container.querySelector('[data-part="editor-actions"]')).toHaveAttribute('data-state', 'error');
    expect(screen.getByRole('textbox', { name: 'Job title' })).toHaveValue('Member');
    expect(screen.getByRole('button', { name: 'Save mapping' })).toBeEnabled();
    await expectNoAxeViolations(container);

    failing = false;
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).mapping.fields['title']).toEqual({ constant: 'Member' });
  });

  it('given an older preview answers after a newer one, keeps the newer', async () => {
    const user = userEvent.setup();
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} prefillSuggestions={false} />,
      client,
    );
    await within(await screen.findByRole('region', { name: 'Preview' })).findByText(/3 sample records/);

    // The next read of the app's users is slow; the one after is not.
    let slow = true;
    server.use(
      http.get(`${RELAY_CRM_BASE_URL}/users`, async () => {
        if (!slow) return undefined;
        slow = false;
        await delay(800);
        return undefined;
      }),
    );
    await typeConstant(user, 'Job title', 'Older');
    await waitFor(() => expect(preview()).toHaveAttribute('data-state', 'loading'));
    const input = screen.getByRole('textbox', { name: 'Job title' });
    await user.clear(input);
    await user.type(input, 'Newer');
    await waitFor(() => expect(previewed('Job title')[0]).toBe('Newer'));

    // The older answer arrives later and is dropped.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(previewed('Job title')[0]).toBe('Newer');
    expect(preview()).toHaveAttribute('data-state', 'success');
  });

  it('given a required field left unmapped, the preview waits for a complete mapping', async () => {
    const user = userEvent.setup();
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} prefillSuggestions={false} />,
      client,
    );
    await within(await screen.findByRole('region', { name: 'Preview' })).findByText(/3 sample records/);

    await user.click(screen.getByRole('combobox', { name: 'Email' }));
    await user.click(screen.getByRole('option', { name: 'Not mapped' }));

    await waitFor(() => expect(preview()).toHaveAttribute('data-state', 'invalid'));
    expect(within(preview()).getByRole('status')).toHaveTextContent(
      'The preview waits until every required field is mapped and each value is complete.',
    );
    await expectNoAxeViolations(container);
  });
});
