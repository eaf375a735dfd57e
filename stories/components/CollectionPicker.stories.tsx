import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http, HttpResponse } from 'msw';
import { useState } from 'react';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import type { DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker, useCollectionPicker } from '../../src/react/index.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';

const meta = {
  title: 'Components/CollectionPicker',
  component: CollectionPicker,
  decorators: [withTributary],
  args: { connectionId: 'set-by-the-story' },
  parameters: {
    tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    docs: {
      description: {
        component:
          'Picks what to import: a data model (resolved to the app’s collection) or a raw collection, each with its field count, and a few sample records of the one selected (loaded only then). Values render as text; only `http`, `https` and `mailto` values become links. Native radios; controlled or uncontrolled. Ships as a composite and as parts (`CollectionPicker.Root`, `.List`, `.Option`, `.Details`, `.Samples`), plus the `useCollectionPicker` hook.',
      },
    },
  },
} satisfies Meta<typeof CollectionPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

function Controlled({ connectionId }: { connectionId: string }) {
  const [value, setValue] = useState<DataSourceRef | null>(null);
  return (
    <>
      <CollectionPicker connectionId={connectionId} value={value} onValueChange={setValue} />
      <pre>{JSON.stringify(value)}</pre>
    </>
  );
}

/** Relay CRM, controlled by the story: the chosen data source is printed below. */
export const Default: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>{(connection) => <Controlled connectionId={connection.id} />}</WithConnection>
  ),
};

/** Uncontrolled, starting on the Users data model: what it resolves to, its fields and three sample users. */
export const Preselected: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => (
        <CollectionPicker connectionId={connection.id} defaultValue={{ connectionId: connection.id, dataModel: 'users' }} />
      )}
    </WithConnection>
  ),
};

/** Harbor HR: its Employees collection holds the Users data model. */
export const HarborHr: Story = {
  parameters: { tributary: { connect: [harborHr.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <WithConnection appId={harborHr.appId}>{(connection) => <Controlled connectionId={connection.id} />}</WithConnection>
  ),
};

/** A connection the engine does not know: the error, with a Retry button. */
export const UnknownConnection: Story = {
  args: { connectionId: 'no-such-connection' },
  parameters: { tributary: {} satisfies TributaryStoryParameters },
};

/** Relay CRM takes its time over the sample page: the details say the samples are loading. */
export const SamplesLoading: Story = {
  ...Preselected,
  beforeEach({ msw }) {
    msw.use(http.get('*/users', () => delay('infinite')));
  },
};

/** Relay CRM refuses the sample request: the reason, and Try again. */
export const SamplesError: Story = {
  ...Preselected,
  beforeEach({ msw }) {
    msw.use(http.get('*/users', () => HttpResponse.json({ error: { type: 'invalid_request', message: 'Workspace suspended' } }, { status: 400 })));
  },
};

/** The Users collection is empty. */
export const NoSampleRecords: Story = {
  ...Preselected,
  beforeEach({ msw }) {
    msw.use(http.get('*/users', () => HttpResponse.json({ object: 'list', data: [], has_more: false, next_cursor: null })));
  },
};

const user = (id: string, overrides: Record<string, unknown>) => ({
  id,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@northwind.example',
  job_title: 'Engineer',
  address: { city: 'London', country: 'GB' },
  created_at: '2025-01-02T10:00:00.000Z',
  updated_at: '2025-01-03T10:00:00.000Z',
  ...overrides,
});

/**
 * Records whose values look like links and markup: only the `https:` and `mailto:` values are links; `javascript:`,
 * `data:` and markup stay plain text.
 */
export const UntrustedValues: Story = {
  ...Preselected,
  beforeEach({ msw }) {
    msw.use(
      http.get('*/users', () =>
        HttpResponse.json({
          object: 'list',
          data: [
            user('usr_0001', { email: 'mailto:ada@northwind.example', address: { city: 'https://northwind.example/offices/london', country: 'GB' } }),
            user('usr_0002', { first_name: '<img src=x onerror=alert(1)>', job_title: 'javascript:alert(document.cookie)' }),
            user('usr_0003', { address: { city: 'data:text/html,<script>alert(1)</script>', country: ' JavaScript:alert(2)' } }),
          ],
          has_more: false,
          next_cursor: null,
        }),
      ),
    );
  },
};

function HostPicker({ connectionId }: { connectionId: string }) {
  const picker = useCollectionPicker(connectionId);
  if (picker.status === 'loading' || picker.status === 'idle') return <p>Loading…</p>;
  return (
    <div style={{ display: 'grid', gap: '0.5rem' }}>
      <div role="toolbar" aria-label="What to import" style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
        {[...picker.dataModels, ...picker.collections].map((option) => (
          <button
            key={option.value}
            type="button"
            aria-pressed={picker.selected?.value === option.value}
            disabled={!option.available}
            onClick={() => picker.select(option.value)}
          >
            {option.kind === 'data-model' ? 'Model' : 'Collection'}: {option.name} ({option.collection?.fields.length ?? 0} fields)
          </button>
        ))}
      </div>
      <p>
        Samples: {picker.samples.status}
        {picker.samples.records ? `, ${picker.samples.records.length} records` : ''}
      </p>
    </div>
  );
}

/** `useCollectionPicker` with the host’s own markup: toggle buttons instead of radios. */
export const Headless: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>{(connection) => <HostPicker connectionId={connection.id} />}</WithConnection>
  ),
};
