import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { memo, Profiler, type ProfilerOnRenderCallback } from 'react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createClient } from '../../src/client/index.ts';
import { createEngine, type ConnectorDefinition, type DataSourceRef, type SourceField } from '../../src/engine/index.ts';
import { FieldMappingEditor, useFieldMappingEditor, type MappingRowModel } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { renderWithTributary } from './helpers.tsx';

const BASE_URL = 'https://api.ledger-wide.test';
const API_KEY = 'ledger_wide_key';

/** 300 source fields in 30 nested groups: `section0.f0` … `section29.f9`. */
const fields: SourceField[] = Array.from({ length: 300 }, (_, index) => ({
  path: `section${Math.floor(index / 10)}.f${index % 10}`,
  label: `Field ${index}`,
  type: 'string',
}));

/** A wide app: one collection without a data model, so its 300 fields are also the 300 target fields. */
const wideConnector: ConnectorDefinition = {
  id: 'ledger-wide',
  name: 'Ledger Wide',
  description: 'An app with very wide records.',
  categories: ['finance'],
  color: '#205080',
  baseUrl: BASE_URL,
  auth: { type: 'api-key', in: 'header', name: 'X-Api-Key', label: 'API key' },
  test: { path: '/me' },
  collections: {
    entries: {
      name: 'Entries',
      fields,
      list: { path: '/entries', recordsPath: 'data', idPath: 'section0.f0', pagination: { type: 'none' } },
    },
  },
};

function wideRecord(index: number): Record<string, Record<string, string>> {
  const record: Record<string, Record<string, string>> = {};
  for (const field of fields) {
    const [section, key] = field.path.split('.') as [string, string];
    (record[section] ??= {})[key] = `${field.path}#${index}`;
  }
  return record;
}

function serveWideApp(): void {
  server.use(
    http.get(`${BASE_URL}/me`, () => HttpResponse.json({ ok: true })),
    http.get(`${BASE_URL}/entries`, () => HttpResponse.json({ data: [wideRecord(1), wideRecord(2), wideRecord(3)] })),
  );
}

async function createWideTributary() {
  serveWideApp();
  const engine = createEngine({ connectors: [wideConnector], destination: async () => {} });
  const client = createClient({ engine });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  const connection = await client.connect({ appId: 'ledger-wide', credentials: { type: 'api-key', apiKey: API_KEY } });
  return { client, dataSource: { connectionId: connection.id, collection: 'entries' } };
}

/** Which profiled parts committed, and how many commits there were. */
function renderLog() {
  const parts = new Map<string, number>();
  let commits = 0;
  let hostRenders = 0;
  const onPart: ProfilerOnRenderCallback = (id) => parts.set(id, (parts.get(id) ?? 0) + 1);
  const onEditor: ProfilerOnRenderCallback = () => {
    commits += 1;
  };
  return {
    onPart,
    onEditor,
    /** Called while the component holding the hook renders (twice per render under StrictMode). */
    onHost() {
      hostRenders += 1;
    },
    reset() {
      parts.clear();
      commits = 0;
      hostRenders = 0;
    },
    get hostRenders() {
      return hostRenders;
    },
    get parts() {
      return [...parts.keys()].sort();
    },
    get commits() {
      return commits;
    },
  };
}

const ProfiledRows = memo(function ProfiledRows({ rows, onRender }: { rows: readonly MappingRowModel[]; onRender: ProfilerOnRenderCallback }) {
  return (
    <table>
      <tbody>
        {rows.map((row) => (
          <Profiler key={row.field.key} id={`row:${row.field.key}`} onRender={onRender}>
            <FieldMappingEditor.Row row={row} />
          </Profiler>
        ))}
      </tbody>
    </table>
  );
});

/** The composite's own arrangement of parts, each under a Profiler so a commit names the parts it rendered. */
function ProfiledEditor({ dataSource, log }: { dataSource: DataSourceRef; log: ReturnType<typeof renderLog> }) {
  const editor = useFieldMappingEditor(dataSource, { prefillSuggestions: false });
  log.onHost();
  return (
    <Profiler id="editor" onRender={log.onEditor}>
        <FieldMappingEditor.Root editor={editor}>
          <Profiler id="header" onRender={log.onPart}>
            <FieldMappingEditor.Header />
          </Profiler>
          <ProfiledRows rows={editor.rows} onRender={log.onPart} />
          <Profiler id="actions" onRender={log.onPart}>
            <FieldMappingEditor.Actions />
          </Profiler>
          <Profiler id="preview" onRender={log.onPart}>
            <FieldMappingEditor.Preview />
          </Profiler>
        </FieldMappingEditor.Root>
    </Profiler>
  );
}

// Role queries compute every element's accessible name: over 300 rows that takes seconds, so rows are found by
// their data attributes here, and roles are checked within one row.
function preview(): HTMLElement {
  return document.querySelector<HTMLElement>('[data-part="mapping-preview"]')!;
}

function rowOf(key: string): HTMLElement {
  const row = document.querySelector<HTMLElement>(`[data-part="mapping-row"][data-field="${key}"]`);
  if (!row) throw new Error(`No row for ${key}`);
  return row;
}

async function settled(): Promise<void> {
  await waitFor(() => expect(document.querySelectorAll('[data-part="mapping-row"]')).toHaveLength(300), { timeout: 20_000 });
  await waitFor(() => expect(preview()).toHaveAttribute('data-state', 'success'), { timeout: 10_000 });
  await waitFor(() => expect(document.querySelector('[data-part="suggestions-status"]')).toHaveAttribute('data-state', 'success'));
}

/** What the preview shows for a target field in the first sample record. */
function previewedFirst(key: string): string | null {
  return preview().querySelector(`[data-part="preview-field"][data-field="${key}"] [data-part="preview-field-value"]`)?.textContent ?? null;
}

describe('FieldMappingEditor performance', () => {
  it('given 300 target and 300 source fields, choosing a source in one row re-renders at most 3 components', async () => {
    const user = userEvent.setup();
    const { client, dataSource } = await createWideTributary();
    const log = renderLog();
    renderWithTributary(<ProfiledEditor dataSource={dataSource} log={log} />, client);

    await settled();
    const picker = within(rowOf('section15.f0')).getByRole('combobox', { name: 'Field 150' });
    log.reset();

    // Search the 300 fields, choose one by keyboard: one row's change.
    await user.clear(picker);
    await user.keyboard('field 7');
    expect(within(within(rowOf('section15.f0')).getByRole('listbox')).getAllByRole('option')).toHaveLength(11);
    await user.keyboard('{ArrowDown}');
    const searchCommits = log.commits;
    await user.keyboard('{Enter}');
    expect(picker).toHaveValue('Field 70 (section7.f0)');
    // The debounced preview answers with the change.
    await waitFor(() => expect(previewedFirst('section15.f0')).toBe('section7.f0#1'));

    const rendered = log.parts;
    const changeCommits = log.commits - searchCommits;
    console.info(
      `RENDER BUDGET rows=300 sources=300 components=${rendered.length} (${rendered.slice(0, 5).join(', ')}) ` +
        `commits: ${searchCommits} while searching, ${changeCommits} for the change and its preview`,
    );
    expect(rendered.length).toBeLessThanOrEqual(3);
    // The change and the form turning dirty in one commit; the preview's loading and its answer in one each.
    expect(changeCommits).toBeLessThanOrEqual(3);
    // The row itself, the actions once (the form turned dirty), the preview once it answered; not the other 299
    // rows, not the header, not the component holding the hook.
    expect(rendered).toEqual(['actions', 'preview', 'row:section15.f0']);
    expect(log.hostRenders).toBe(0);
  }, 60_000);

  it('given the composite with 300 rows, a change commits no more often than its parts do', async () => {
    const user = userEvent.setup();
    const { client, dataSource } = await createWideTributary();
    let commits = 0;
    renderWithTributary(
      <Profiler id="composite" onRender={() => (commits += 1)}>
        <FieldMappingEditor dataSource={dataSource} prefillSuggestions={false} />
      </Profiler>,
      client,
    );
    await settled();
    const picker = within(rowOf('section15.f0')).getByRole('combobox', { name: 'Field 150' });
    await user.clear(picker);
    await user.keyboard('field 7{ArrowDown}');
    commits = 0;

    await user.keyboard('{Enter}');
    await waitFor(() => expect(previewedFirst('section15.f0')).toBe('section7.f0#1'));
    expect(rowOf('section15.f0')).toHaveAttribute('data-dirty');
    expect(commits).toBeLessThanOrEqual(3);
  }, 60_000);

  it('given 300 rows, typing in one row’s template renders that row alone until the preview answers', async () => {
    const user = userEvent.setup();
    const { client, dataSource } = await createWideTributary();
    const log = renderLog();
    renderWithTributary(<ProfiledEditor dataSource={dataSource} log={log} />, client);

    await settled();
    const row = rowOf('section2.f0');
    await user.selectOptions(within(row).getByRole('combobox', { name: 'Map Field 20 from' }), 'Template');
    await waitFor(() => expect(preview()).toHaveAttribute('data-state', 'invalid'));
    log.reset();

    const template = within(row).getByRole('textbox', { name: 'Field 20' });
    await user.type(template, 'Total: {{{{section2.f0}}');
    expect(log.parts).toEqual(['row:section2.f0']);
    const keystrokeCommits = log.commits;

    await waitFor(() => expect(previewedFirst('section2.f0')).toBe('Total: section2.f0#1'));
    // The form was dirty already, so the actions stay as they were.
    expect(log.parts).toEqual(['preview', 'row:section2.f0']);
    expect(log.hostRenders).toBe(0);
    console.info(`RENDER BUDGET typing 23 keystrokes: commits=${keystrokeCommits}, then ${log.commits - keystrokeCommits} for the preview`);
  }, 60_000);
});
