import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { relayCrm } from '../../mocks/index.ts';
import { ImportSetup, useRuns, type ImportSetupValue } from '../../src/react/index.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';

const meta = {
  title: 'Components/ImportSetup',
  component: ImportSetup,
  decorators: [withTributary],
  parameters: {
    docs: {
      description: {
        component:
          'A wizard that composes the kit’s components: connect an app (`AppCatalog`) → choose what to import (`CollectionPicker`) → map the fields (`FieldMappingEditor`) → start the import (`ImportRuns`). Next says what a step still needs; focus moves to each new step’s heading. Its state is controlled (`value`/`onValueChange`) or kept in `sessionStorage` under `persistKey`, so a user can leave and come back where they were; a restored state is checked against live data. Ships as a composite and as parts (`ImportSetup.Root`, `.Steps`, `.Panel`, `.Nav`), plus the `useImportSetup` hook.',
      },
    },
  },
} satisfies Meta<typeof ImportSetup>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Puts `value` in session storage under `persistKey` before the wizard first renders, as an earlier visit would have
 * left it.
 */
function Resumed({ persistKey, value, children }: { persistKey: string; value: ImportSetupValue; children: ReactNode }) {
  useState(() => sessionStorage.setItem(persistKey, JSON.stringify(value)));
  return children;
}

/**
 * From the start, nothing connected: connect Relay CRM (API key `relay_test_2f8a61c9`), pick Users, save the
 * mapping, start the import. Reload the page midway: the wizard comes back at the same step (the in-browser engine
 * starts empty on a reload, so it then goes back to the first step: its connection is gone).
 */
export const Fresh: Story = {
  args: { persistKey: 'storybook:import-setup:fresh' },
};

/** A user who left at the mapping step with Users of Relay CRM chosen comes back there. */
export const ResumedAtMapping: Story = {
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
  render: () => (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => (
        <Resumed
          persistKey="storybook:import-setup:resumed"
          value={{ step: 'map', connectionId: connection.id, dataSource: { connectionId: connection.id, dataModel: 'users' } }}
        >
          <ImportSetup persistKey="storybook:import-setup:resumed" />
        </Resumed>
      )}
    </WithConnection>
  ),
};

function Finished() {
  const [run] = useRuns();
  return (
    <WithConnection appId={relayCrm.appId}>
      {(connection) => (
        <Resumed
          persistKey="storybook:import-setup:finished"
          value={{
            step: 'start',
            connectionId: connection.id,
            dataSource: { connectionId: connection.id, dataModel: 'users' },
            ...(run ? { runId: run.id } : {}),
          }}
        >
          <ImportSetup persistKey="storybook:import-setup:finished" />
        </Resumed>
      )}
    </WithConnection>
  );
}

/** The last step after the import of all 257 Relay CRM users: how it went, with the run selected below. */
export const FinishedWithRun: Story = {
  parameters: { tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }] } satisfies TributaryStoryParameters },
  render: () => <Finished />,
};

/** A stored state whose connection no longer exists: the wizard starts again at the first step. */
export const StaleConnection: Story = {
  render: () => (
    <Resumed
      persistKey="storybook:import-setup:stale"
      value={{ step: 'map', connectionId: 'gone', dataSource: { connectionId: 'gone', dataModel: 'users' } }}
    >
      <ImportSetup persistKey="storybook:import-setup:stale" />
    </Resumed>
  ),
};

function Controlled() {
  const [value, setValue] = useState<ImportSetupValue>({ step: 'connect' });
  return (
    <>
      <ImportSetup value={value} onValueChange={setValue} />
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </>
  );
}

/** Controlled by the story (nothing kept in storage): the state is printed below. */
export const ControlledByHost: Story = {
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
  render: () => <Controlled />,
};
