import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import type { DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker } from '../../src/react/index.ts';
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
          'Picks what to import: a data model (resolved to the app’s collection) or a raw collection. Native radios; controlled or uncontrolled.',
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

/** Uncontrolled, starting on the Users data model. */
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
