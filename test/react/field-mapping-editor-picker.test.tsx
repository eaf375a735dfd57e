import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { pipewellCrm } from '../../mocks/index.ts';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

function activeOption(input: HTMLElement): HTMLElement | null {
  const id = input.getAttribute('aria-activedescendant');
  return id ? input.ownerDocument.getElementById(id) : null;
}

describe('FieldMappingEditor source picker', () => {
  it('given a search, lists matching fields by label or path and chooses one by keyboard', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const title = await screen.findByRole('combobox', { name: 'Job title' });
    expect(title).toHaveAttribute('aria-autocomplete', 'list');
    await user.click(title);
    // Opened on the current choice, which is highlighted.
    const listbox = screen.getByRole('listbox', { name: 'Source fields for Job title' });
    expect(title).toHaveAttribute('aria-expanded', 'true');
    expect(title).toHaveAttribute('aria-controls', listbox.id);
    expect(activeOption(title)).toHaveTextContent('Job title');
    expect(within(listbox).getAllByRole('option')).toHaveLength(10); // "Not mapped" and the nine fields
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);

    await user.clear(title);
    await user.type(title, 'NAME');
    const matches = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(matches.map((option) => option.textContent)).toEqual(['First namefirst_name', 'Last namelast_name']);
    // The first match is highlighted as the user types; arrows move, wrapping round.
    expect(activeOption(title)).toBe(matches[0]);
    expect(matches[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowDown}');
    expect(activeOption(title)).toBe(matches[1]);
    await user.keyboard('{ArrowDown}');
    expect(activeOption(title)).toBe(matches[0]);
    await user.keyboard('{ArrowUp}');
    expect(activeOption(title)).toBe(matches[1]);
    await user.keyboard('{Enter}');

    expect(title).toHaveValue('Last name (last_name)');
    expect(title).toHaveAttribute('aria-expanded', 'false');
    expect(title).not.toHaveAttribute('aria-activedescendant');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    // Enter chose a field; it did not submit the form.
    expect((await engine.getFieldMapping(dataSource)).isDefault).toBe(true);
  });

  it('when Escape is pressed, closes the list and restores the chosen field', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    renderWithTributary(<FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />, client);

    const email = await screen.findByRole('combobox', { name: 'Email' });
    email.focus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{ArrowDown}');
    // Focus selected the text, so typing replaces it.
    await user.keyboard('cit');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(1);
    await user.keyboard('{Escape}');

    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(email).toHaveValue('Email (email)');
    expect(email).toHaveFocus();
  });

  it('given nothing matches, says so; given a path the app does not list, offers it as typed', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const dataSource = { connectionId: connection.id, dataModel: 'users' };
    const { container } = renderWithTributary(<FieldMappingEditor dataSource={dataSource} preview={false} />, client);

    const title = await screen.findByRole('combobox', { name: 'Job title' });
    await user.clear(title);
    await user.type(title, 'zzz qq');
    expect(title).toHaveAttribute('aria-expanded', 'false');
    expect(within(title.parentElement!).getByRole('status')).toHaveTextContent('No source field matches “zzz qq”.');

    await user.clear(title);
    await user.type(title, 'address.zip');
    const typed = within(screen.getByRole('listbox')).getByRole('option', { name: 'Use the path "address.zip"' });
    expect(typed.closest('[role="group"]')).toHaveAccessibleName('Typed path');
    await user.keyboard('{Enter}');
    expect(title).toHaveValue('address.zip');
    expectEveryElementNamed(container);

    await user.click(screen.getByRole('button', { name: 'Save mapping' }));
    expect(await screen.findByText('Mapping saved.')).toBeInTheDocument();
    expect((await engine.getFieldMapping(dataSource)).mapping.fields['title']).toEqual({ path: 'address.zip' });
  });

  it('groups nested fields under their parent path, and a click chooses one', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await connectRelayCrm(client);
    const { container } = renderWithTributary(
      <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} preview={false} />,
      client,
    );

    const title = await screen.findByRole('combobox', { name: 'Job title' });
    await user.click(title);
    const listbox = screen.getByRole('listbox');
    const groups = within(listbox).getAllByRole('group');
    expect(groups.map((group) => group.textContent?.split(/(?=[A-Z])/)[0])).toEqual(['Top level', 'address']);
    const address = within(listbox).getByRole('group', { name: 'address' });
    expect(within(address).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Cityaddress.city',
      'Countryaddress.country',
    ]);
    await expectNoAxeViolations(container);

    // Typing the parent path narrows the list to the group.
    await user.clear(title);
    await user.type(title, 'address.');
    expect(within(screen.getByRole('listbox')).getAllByRole('option')).toHaveLength(2);
    await user.click(within(screen.getByRole('listbox')).getByRole('option', { name: /address\.country/ }));
    expect(title).toHaveValue('Country (address.country)');
    expect(title).toHaveFocus();
  });

  it('given array paths such as email[0].value, groups them under the indexed parent', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    const connection = await client.connect({
      appId: pipewellCrm.appId,
      credentials: pipewellCrm.credentials,
    });
    renderWithTributary(<FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'contacts' }} preview={false} />, client);

    const email = await screen.findByRole('combobox', { name: 'Email' });
    expect(email).toHaveValue('Primary email (email[0].value)');
    await user.click(email);
    const group = within(screen.getByRole('listbox')).getByRole('group', { name: 'email[0]' });
    expect(within(group).getByRole('option', { name: /email\[0\]\.value/ })).toHaveAttribute('data-state', 'checked');
    await user.keyboard('{Escape}');
  });
});
