import type { Decorator, Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import type { TributaryClient } from '../../src/client/index.ts';
import type { Connection, DataSourceRef } from '../../src/engine/index.ts';
import { FieldMappingEditor, TributaryProvider, type FieldMappingEditorProps } from '../../src/react/index.ts';
import {
  WIDE_APP_ID,
  WIDE_MODEL,
  connectStoryApp,
  createMappingStoryClient,
  type MappingStoryOptions,
} from '../shared/mappingStoryClient.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';

type EditorOptions = Omit<FieldMappingEditorProps, 'dataSource'>;

/** A provider on a story client (see mappingStoryClient.ts), with the app connected before the editor renders. */
function MappingStory({
  client,
  app,
  children,
}: {
  client: TributaryClient;
  app: 'relay-crm' | typeof WIDE_APP_ID;
  children: (connection: Connection) => ReactNode;
}) {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    connectStoryApp(client, app).then(
      (connected) => active && setConnection(connected),
      (thrown: unknown) => active && setError(thrown instanceof Error ? thrown.message : String(thrown)),
    );
    return () => {
      active = false;
    };
  }, [client, app]);
  return (
    <div style={{ padding: '1.5rem', maxWidth: '72rem' }}>
      <TributaryProvider client={client} theme="auto">
        {error ? <p role="alert">Story setup failed: {error}</p> : connection ? children(connection) : <p>Preparing the story…</p>}
      </TributaryProvider>
    </div>
  );
}

/** Renders the editor for a data source of `app` on a story client made with `options`. */
function editorStory(
  options: MappingStoryOptions,
  app: 'relay-crm' | typeof WIDE_APP_ID,
  source: Omit<DataSourceRef, 'connectionId'>,
  props: EditorOptions = {},
) {
  function Render() {
    const [client] = useState(() => createMappingStoryClient(options));
    return (
      <MappingStory client={client} app={app}>
        {(connection) => <FieldMappingEditor dataSource={{ ...source, connectionId: connection.id }} {...props} />}
      </MappingStory>
    );
  }
  return Render;
}

/** The seeded in-process engine of the other component stories, with Relay CRM connected. */
const seeded: Decorator = withTributary;
const relayUsers = (props: EditorOptions = {}) => (
  <WithConnection appId={relayCrm.appId}>
    {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} {...props} />}
  </WithConnection>
);

/** Relay CRM's users with no mapping at all: the host's default for them is empty. */
const emptyDefault: MappingStoryOptions['defaultMappings'] = { 'relay-crm': { users: { fields: {} } } };

const meta = {
  title: 'Components/FieldMappingEditor',
  component: FieldMappingEditor,
  args: { dataSource: { connectionId: 'set-by-the-story', dataModel: 'users' } },
  parameters: {
    tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    docs: {
      description: {
        component:
          'One row per target field: a searchable picker over the source schema (nested fields grouped by parent path), ' +
          'or a constant, a template or a lookup table, with an optional coercion. Suggestions show their confidence; ' +
          'confident ones fill an empty or default mapping. The live preview maps sample records as you edit.',
      },
    },
  },
} satisfies Meta<typeof FieldMappingEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Relay CRM users onto the Users data model: the app’s default mapping, with a template for the full name. */
export const DefaultMapping: Story = {
  decorators: [seeded],
  render: () => relayUsers(),
};

/** Nothing mapped yet and no pre-fill: every row offers its ranked suggestions, and the preview waits. */
export const Empty: Story = {
  render: editorStory({ defaultMappings: emptyDefault }, 'relay-crm', { dataModel: 'users' }, { prefillSuggestions: false }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('button', { name: 'Use Email (email) 100%' })).toBeVisible();
  },
};

/** An empty mapping filled from confident suggestions, each marked as suggested until saved. */
export const Suggested: Story = {
  render: editorStory({ defaultMappings: emptyDefault }, 'relay-crm', { dataModel: 'users' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const suggested = await canvas.findAllByText('Suggested · 100% match', {}, { timeout: 5000 });
    await expect(suggested[0]).toBeVisible();
  },
};

/** A required field left unmapped blocks the save and says which field needs a source. */
export const Invalid: Story = {
  decorators: [seeded],
  render: () => relayUsers(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('combobox', { name: 'Email' }));
    await userEvent.click(await canvas.findByRole('option', { name: 'Not mapped' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByText('Email is required: choose a source field.')).toBeVisible();
  },
};

/** A save on its way: the actions say so and wait. */
export const Saving: Story = {
  render: editorStory({ save: 'hold' }, 'relay-crm', { dataModel: 'users' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(await canvas.findByRole('combobox', { name: 'Convert Created at' }), 'ISO date');
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByRole('button', { name: 'Saving…' })).toBeDisabled();
  },
};

/** The store refused the save: a typed, readable error, and the edits are kept. */
export const SaveFailed: Story = {
  render: editorStory({ save: 'fail' }, 'relay-crm', { dataModel: 'users' }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(await canvas.findByRole('combobox', { name: 'Convert Created at' }), 'ISO date');
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByText(/The mapping was not saved: The mapping store did not answer/)).toBeVisible();
  },
};

/** After a save: no longer the default. */
export const Saved: Story = {
  decorators: [seeded],
  render: () => relayUsers(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const title = await canvas.findByRole('combobox', { name: 'Job title' });
    await userEvent.clear(title);
    await userEvent.type(title, 'city');
    await userEvent.keyboard('{Enter}');
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByText('Mapping saved.')).toBeVisible();
  },
};

/** The host’s default converts job titles to numbers: the preview shows each sample record’s field error. */
export const PreviewWithErrors: Story = {
  render: editorStory(
    {
      defaultMappings: {
        'relay-crm': {
          users: {
            fields: {
              id: { path: 'id' },
              name: { template: '{{first_name}} {{last_name}}' },
              email: { path: 'email', as: 'email' },
              title: { path: 'job_title', as: 'number' },
              createdAt: { path: 'created_at', as: 'date' },
            },
          },
        },
      },
    },
    'relay-crm',
    { dataModel: 'users' },
    { prefillSuggestions: false },
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const preview = await canvas.findByRole('region', { name: 'Preview' });
    await waitFor(() => expect(preview).toHaveAttribute('data-state', 'success'), { timeout: 5000 });
    await expect(within(preview).getByText(/with field errors/)).toBeVisible();
  },
};

/** 300 target fields and 300 nested source fields; half mapped by the app’s default, the rest suggested or open. */
export const Large: Story = {
  render: editorStory({}, WIDE_APP_ID, { dataModel: WIDE_MODEL }),
};

/** The mapping is still loading. */
export const Loading: Story = {
  render: editorStory({ loading: true }, 'relay-crm', { dataModel: 'users' }),
};

/** The data source cannot be found: the error, and a retry. */
export const LoadError: Story = {
  decorators: [seeded],
  parameters: { tributary: {} satisfies TributaryStoryParameters },
  render: () => <FieldMappingEditor dataSource={{ connectionId: 'no-such-connection', dataModel: 'users' }} />,
};

/** A raw collection with no data model maps onto its own fields. */
export const RawCollection: Story = {
  decorators: [seeded],
  render: () => (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, collection: 'contacts' }} />}
    </WithConnection>
  ),
};

/** Harbor HR employees onto Users: different source paths (nested `name.given`), same target. */
export const HarborHrEmployees: Story = {
  decorators: [seeded],
  parameters: { tributary: { connect: [harborHr.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <WithConnection appId={harborHr.appId}>
      {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} />}
    </WithConnection>
  ),
};
