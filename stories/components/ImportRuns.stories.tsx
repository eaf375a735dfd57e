import type { Meta, StoryObj } from '@storybook/react-vite';
import { delay, http } from 'msw';
import { relayCrm, relayCrmHandlers } from '../../mocks/index.ts';
import { ImportRuns } from '../../src/react/index.ts';
import { WithConnection, withTributary, type TributaryStoryParameters } from './decorators.tsx';

const meta = {
  title: 'Components/ImportRuns',
  component: ImportRuns,
  decorators: [withTributary],
  parameters: {
    tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    docs: {
      description: {
        component:
          'Import runs, newest first, with live counters (pages, fetched, delivered, skipped). Given a data source, a Start import button.',
      },
    },
  },
} satisfies Meta<typeof ImportRuns>;

export default meta;
type Story = StoryObj<typeof meta>;

const usersOf = (connectionId: string) => ({ connectionId, dataModel: 'users' });

/** No runs yet; press Start import to watch one run live. */
export const Empty: Story = {
  render: () => (
    <WithConnection appId={relayCrm.appId}>{(connection) => <ImportRuns dataSource={usersOf(connection.id)} />}</WithConnection>
  ),
};

/** A finished import of all 257 Relay CRM users. */
export const Succeeded: Story = {
  ...Empty,
  parameters: {
    tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }] } satisfies TributaryStoryParameters,
  },
};

/** Relay CRM keeps failing page 3: the run fails with the app’s message. */
export const Failed: Story = {
  ...Empty,
  parameters: {
    tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }] } satisfies TributaryStoryParameters,
  },
  beforeEach({ msw }) {
    msw.use(...relayCrmHandlers({ failPage: { page: 3, status: 400 } }));
  },
};

/** Relay CRM answers slowly (1.5 s a page): the counters move live, and the run offers Cancel. */
export const Running: Story = {
  ...Empty,
  parameters: {
    tributary: {
      connect: [relayCrm.appId],
      imports: [{ dataModel: 'users' }],
      awaitImports: false,
    } satisfies TributaryStoryParameters,
  },
  beforeEach({ msw }) {
    msw.use(
      http.get('*/users', async () => {
        await delay(1500);
        return undefined; // then Relay CRM's own handler answers
      }),
    );
  },
};

/** Without a data source: every run, no Start button. */
export const AllRuns: Story = {
  parameters: {
    tributary: { connect: [relayCrm.appId], imports: [{ dataModel: 'users' }, { dataModel: 'contacts' }] } satisfies TributaryStoryParameters,
  },
};
