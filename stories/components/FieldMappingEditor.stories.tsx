import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import { FieldMappingEditor } from '../../src/react/index.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';

const meta = {
  title: 'Components/FieldMappingEditor',
  component: FieldMappingEditor,
  decorators: [withTributary],
  args: { dataSource: { connectionId: 'set-by-the-story', dataModel: 'users' } },
  parameters: {
    tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    docs: {
      description: {
        component:
          'One row per target field with a choice of source field. Templates and constants show read-only for now, with the option to switch to a path.',
      },
    },
  },
} satisfies Meta<typeof FieldMappingEditor>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Relay CRM users onto the Users data model: the app’s default mapping, with a template for the full name. */
export const DefaultMapping: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} />}
    </WithConnection>
  ),
};

/** A required field left unmapped blocks the save. */
export const RequiredFieldMissing: Story = {
  ...DefaultMapping,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(await canvas.findByRole('combobox', { name: 'Email' }), '(not mapped)');
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByText('Email is required: choose a source field.')).toBeVisible();
  },
};

/** After a save: no longer the default. */
export const Saved: Story = {
  ...DefaultMapping,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.selectOptions(await canvas.findByRole('combobox', { name: 'Job title' }), 'City (address.city)');
    await userEvent.click(canvas.getByRole('button', { name: 'Save mapping' }));
    await expect(await canvas.findByText('Mapping saved.')).toBeVisible();
  },
};

/** A raw collection with no data model maps onto its own fields. */
export const RawCollection: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, collection: 'contacts' }} />}
    </WithConnection>
  ),
};

/** Harbor HR employees onto Users: different source paths, same target. */
export const HarborHrEmployees: Story = {
  parameters: { tributary: { connect: [harborHr.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <WithConnection appId={harborHr.appId}>
      {(connection) => <FieldMappingEditor dataSource={{ connectionId: connection.id, dataModel: 'users' }} />}
    </WithConnection>
  ),
};
