import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, mappingRow, renderWithTributary } from './helpers.tsx';

type User = ReturnType<typeof userEvent.setup>;

const createTributary = createTestTributary;

const row = mappingRow;

async function switchTo(user: User, label: string, kind: string): Promise<void> {
  await user.selectOptions(screen.getByRole('combobox', { name: `Map ${label} from` }), kind);
}

async function pick(user: User, label: string, query: string): Promise<void> {
  const input = screen.getByRole('combobox', { name: label });
  await user.clear(input);
  await user.type(input, query);
  await user.keyboard('{Enter}');
}

async function save(user: User): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Save mapping' }));
  expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
}

describe('FieldMappingEditor expressions', () => {
  it('when rows are switched to a constant, a template and a lookup table and saved, the engine stores those expressions', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);
    await screen.findByRole('combobox', { name: 'Job title' });

    await switchTo(user, 'Created at', 'Constant');
    await user.type(screen.getByRole('textbox', { name: 'Created at' }), '2024-01-01T00:00:00Z');
    expect(row('createdAt')).toHaveAttribute('data-kind', 'constant');
    // A constant takes no coercion.
    expect(within(row('createdAt')).queryByRole('combobox', { name: 'Convert Created at' })).not.toBeInTheDocument();

    const name = screen.getByRole('textbox', { name: 'Full name' });
    await user.clear(name);
    // user-event reads `{{` as a literal `{`.
    await user.type(name, '{{{{last_name}}, {{{{first_name}}');
    expect(name).toHaveValue('{{last_name}}, {{first_name}}');

    await switchTo(user, 'Job title', 'Lookup table');
    // The lookup keeps the row's source field, and can change it.
    expect(screen.getByRole('combobox', { name: 'Job title' })).toHaveValue('Job title (job_title)');
    const table = within(row('title')).getByRole('group', { name: 'Lookup table' });
    await user.type(within(table).getByRole('textbox', { name: 'Source value 1' }), 'Engineer');
    await user.type(within(table).getByRole('textbox', { name: 'Becomes 1' }), 'eng');
    await user.click(within(table).getByRole('button', { name: 'Add value' }));
    await user.type(within(table).getByRole('textbox', { name: 'Source value 2' }), 'Designer');
    await user.type(within(table).getByRole('textbox', { name: 'Becomes 2' }), 'design');
    await user.click(within(table).getByRole('button', { name: 'Add value' }));
    await user.click(within(table).getByRole('button', { name: 'Remove value 3' }));
    await user.type(within(table).getByRole('textbox', { name: 'Otherwise' }), 'other');
    await user.click(within(table).getByRole('checkbox', { name: 'Ignore case' }));
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
    await save(user);

    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.mapping.fields).toEqual({
      id: { path: 'id' },
      name: { template: '{{last_name}}, {{first_name}}' },
      email: { path: 'email' },
      title: {
        lookup: { value: { path: 'job_title' }, table: { Engineer: 'eng', Designer: 'design' }, otherwise: 'other', ignoreCase: true },
      },
      createdAt: { constant: '2024-01-01T00:00:00Z' },
    });
    // After the save, the rows show what was stored.
    expect(within(row('title')).getByRole('textbox', { name: 'Becomes 2' })).toHaveValue('design');
    expect(row('title')).not.toHaveAttribute('data-dirty');
  });

  it('given a coercion and the null policy, saves them with the mapping', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Convert Created at' }), 'ISO date');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Convert Email' }), 'Email address');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'When a record cannot be mapped' }),
      'send its failing optional fields as null',
    );
    await save(user);

    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.mapping).toMatchObject({
      fields: { createdAt: { path: 'created_at', as: 'date' }, email: { path: 'email', as: 'email' } },
      onError: 'null',
    });
  });

  it('given the host’s default uses first-of and cases, shows them read-only and keeps them on save', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary({
      defaultMappings: {
        'relay-crm': {
          users: {
            fields: {
              id: { path: 'id' },
              name: { firstOf: [{ template: '{{first_name}} {{last_name}}' }, { path: 'email' }] },
              email: { path: 'email' },
              title: {
                cases: [{ when: { path: 'job_title', equals: '' }, then: { constant: 'Member' } }],
                otherwise: { path: 'job_title' },
              },
            },
          },
        },
      },
    });
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const nameKind = await screen.findByRole('combobox', { name: 'Map Full name from' });
    expect(nameKind).toHaveValue('keep');
    expect(within(nameKind).getByRole('option', { name: 'Keep current (first non-empty)' })).toBeInTheDocument();
    expect(within(row('name')).getByText('the first non-empty of "{{first_name}} {{last_name}}", email')).toBeInTheDocument();
    expect(within(row('title')).getByText('when job_title is "", "Member"; otherwise job_title')).toBeInTheDocument();
    expect(row('name')).toHaveAttribute('data-kind', 'keep');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    // Switching away and back loses nothing; other edits save around the kept expressions.
    await switchTo(user, 'Full name', 'Source field');
    expect(row('name')).toHaveAttribute('data-dirty');
    await switchTo(user, 'Full name', 'Keep current (first non-empty)');
    expect(row('name')).not.toHaveAttribute('data-dirty');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Convert Created at' }), 'ISO date');
    await pick(user, 'Created at', 'created');
    await save(user);

    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.mapping.fields['name']).toEqual({ firstOf: [{ template: '{{first_name}} {{last_name}}' }, { path: 'email' }] });
    expect(stored.mapping.fields['title']).toEqual({
      cases: [{ when: { path: 'job_title', equals: '' }, then: { constant: 'Member' } }],
      otherwise: { path: 'job_title' },
    });
    expect(stored.mapping.fields['createdAt']).toEqual({ path: 'created_at', as: 'date' });
  });

  it('given the host’s schema with number, boolean and dotted keys, checks constants and table values by type', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTributary({
      schemas: {
        users: {
          fields: [
            { key: 'id', label: 'ID', type: 'string', required: true },
            { key: 'age', label: 'Age', type: 'number' },
            { key: 'active', label: 'Active', type: 'boolean' },
            { key: 'home.city', label: 'Home city', type: 'string' },
          ],
        },
      },
    });
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={dataSource} preview={false} prefillSuggestions={false} />,
      client,
    );
    await screen.findByRole('combobox', { name: 'ID' });

    await switchTo(user, 'Age', 'Constant');
    await user.type(screen.getByRole('textbox', { name: 'Age' }), 'forty');
    await switchTo(user, 'Active', 'Lookup table');
    await pick(user, 'Active', 'job');
    const table = within(row('active')).getByRole('group', { name: 'Lookup table' });
    await user.type(within(table).getByRole('textbox', { name: 'Source value 1' }), 'Engineer');
    await user.type(within(table).getByRole('textbox', { name: 'Becomes 1' }), 'yes');
    await pick(user, 'Home city', 'city');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));

    expect(await within(row('age')).findByText('Enter a number.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Age' })).toHaveAttribute('aria-invalid', 'true');
    expect(within(row('active')).getByText('Each value must become true or false.')).toBeInTheDocument();
    expect(within(table).getByRole('textbox', { name: 'Becomes 1' })).toHaveAttribute('aria-invalid', 'true');
    expect(table).toHaveAccessibleDescription('Each value must become true or false.');
    await expectNoAxeViolations(container);

    const age = screen.getByRole('textbox', { name: 'Age' });
    await user.clear(age);
    await user.type(age, '42');
    const becomes = within(table).getByRole('textbox', { name: 'Becomes 1' });
    await user.clear(becomes);
    await user.type(becomes, 'true');
    await waitFor(() => expect(row('age')).not.toHaveAttribute('data-invalid'));
    await save(user);

    const stored = await engine.getFieldMapping(dataSource);
    expect(stored.mapping.fields).toEqual({
      id: { path: 'id' },
      age: { constant: 42 },
      active: { lookup: { value: { path: 'job_title' }, table: { Engineer: true } } },
      'home.city': { path: 'address.city' },
    });
  });

  it('given a lookup table left empty or with a value twice, says what is wrong', async () => {
    const user = userEvent.setup();
    const { client } = createTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />, client);
    await screen.findByRole('combobox', { name: 'Job title' });

    await switchTo(user, 'Job title', 'Lookup table');
    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await within(row('title')).findByText('Add at least one value to the table.')).toBeInTheDocument();

    const table = within(row('title')).getByRole('group', { name: 'Lookup table' });
    await user.type(within(table).getByRole('textbox', { name: 'Source value 1' }), 'A');
    await user.type(within(table).getByRole('textbox', { name: 'Becomes 1' }), '1');
    await user.click(within(table).getByRole('button', { name: 'Add value' }));
    await user.type(within(table).getByRole('textbox', { name: 'Source value 2' }), 'A');
    expect(await within(row('title')).findByText('"A" is in the table twice.')).toBeInTheDocument();

    await switchTo(user, 'Job title', 'Template');
    const template = screen.getByRole('textbox', { name: 'Job title' });
    await user.type(template, '{{{{job_title');
    expect(await within(row('title')).findByText('Close every {{ placeholder with }}.')).toBeInTheDocument();
    expect(template).toHaveAccessibleDescription(/Close every \{\{ placeholder with \}\}\./);
  });
});
