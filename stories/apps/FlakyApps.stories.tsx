import type { Meta, StoryObj } from '@storybook/react-vite';
import { pipewellCrm, pipewellCrmHandlers, quillpad, quillpadHandlers, tollgate, tollgateHandlers, type FaultOptions } from '../../mocks/index.ts';
import { ConnectedApp, withConnectedApp, type AppStoryParameters } from './appStory.tsx';

const meta = {
  title: 'Apps/Flaky apps',
  component: ConnectedApp,
  decorators: [withConnectedApp],
  parameters: {
    docs: {
      description: {
        component:
          'Mocked apps with seeded faults (mocks/shared/faults.ts): the same requests meet the same failures on every load, so what the run view shows is repeatable.',
      },
    },
  },
} satisfies Meta<typeof ConnectedApp>;

export default meta;
type Story = StoryObj<typeof meta>;

// Seed 140 opens with a 500 and then a 429, and never fails one page more than twice in a row.
const flaky: FaultOptions = { seed: 140, latencyMs: 150, serverErrorRate: 0.25, tooManyRequestsRate: 0.15, retryAfterSeconds: 2 };

/**
 * Pipewell CRM with 1,000 people, answering slowly (150 ms), with server errors and 429s with
 * Retry-After: watch the Retries counter climb, the run wait as rate-limited, and still deliver everything.
 */
export const Flaky: Story = {
  args: { appId: pipewellCrm.appId, dataModel: 'contacts' },
  parameters: {
    tributaryApp: { app: pipewellCrm, imports: ['contacts'], awaitImports: false } satisfies AppStoryParameters,
  },
  beforeEach({ msw }) {
    msw.use(...pipewellCrmHandlers({ persons: 1_000, faults: flaky }));
  },
};

/** Quillpad’s Accounts query hands page 2’s cursor back unchanged: the run stops with a typed error instead of looping. */
export const LoopingCursor: Story = {
  args: { appId: quillpad.appId, dataModel: 'companies' },
  parameters: { tributaryApp: { app: quillpad, imports: ['companies'] } satisfies AppStoryParameters },
  beforeEach({ msw }) {
    msw.use(...quillpadHandlers({ faults: { repeatCursorAtPage: 2 } }));
  },
};

/** Tollgate’s key expires three requests in: the run fails on an auth error and the connection needs reconnecting. */
export const CredentialsExpire: Story = {
  args: { appId: tollgate.appId, dataModel: 'contacts' },
  parameters: { tributaryApp: { app: tollgate, imports: ['contacts'] } satisfies AppStoryParameters },
  beforeEach({ msw }) {
    msw.use(...tollgateHandlers({ customers: 500, faults: { expireCredentialsAfterRequests: 3 } }));
  },
};
