import type { Meta, StoryObj } from '@storybook/react-vite';
import { beaconDesk, cirrusDb, forgeHub, harborHr, pipewellCrm, quillpad, relayCrm, siftSearch, taskwise, tollgate } from '../../mocks/index.ts';
import { ConnectedApp, withConnectedApp, type AppStoryParameters } from './appStory.tsx';

const meta = {
  title: 'Apps/Mocked apps',
  component: ConnectedApp,
  decorators: [withConnectedApp],
  parameters: {
    docs: {
      description: {
        component:
          'Every mocked app, connected with its demo credentials and fully imported, one pagination strategy or more each. Pick another collection and press Start import to run it.',
      },
    },
  },
} satisfies Meta<typeof ConnectedApp>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A story that connects `app`, imports `imports` in turn, and shows the first. */
function appStory(app: AppStoryParameters['app'], imports: [string, ...string[]]): Story {
  return {
    args: { appId: app.appId, dataModel: imports[0] },
    parameters: { tributaryApp: { app, imports } satisfies AppStoryParameters },
  };
}

/** Relay CRM: an opaque cursor in the body (`next_cursor`), sent back as `?cursor=`. API key. */
export const RelayCrm = appStory(relayCrm, ['users', 'contacts']);

/** Harbor HR: a page token in `meta.next_page_token`. Basic auth. */
export const HarborHr = appStory(harborHr, ['users']);

/** Taskwise (like Asana): the next page as an absolute URL in the body (`next_page.uri`). Bearer token. */
export const Taskwise = appStory(taskwise, ['users', 'files']);

/** Forge Hub (like GitHub): the next page in the `Link` header, absolute for members, root-relative for assets. */
export const ForgeHub = appStory(forgeHub, ['users', 'files']);

/** Pipewell CRM (like Pipedrive): `start`/`limit` offsets until `more_items_in_collection` is false. Token in the query. */
export const PipewellCrm = appStory(pipewellCrm, ['contacts', 'companies']);

/** Beacon Desk (like Zendesk): pages numbered from 1 until `count` is reached; 20 requests a second. Basic auth. */
export const BeaconDesk = appStory(beaconDesk, ['users', 'companies']);

/** Tollgate (like Stripe): `has_more` and the last id as `starting_after`. Secret key as a bearer token. */
export const Tollgate = appStory(tollgate, ['contacts', 'files']);

/** Quillpad (like Notion): a cursor in the query for people, in the JSON body of a POST query for the Accounts database. */
export const Quillpad = appStory(quillpad, ['companies', 'users']);

/** Cirrus DB (like Azure Cosmos DB): the continuation token in the `x-ms-continuation` header, both ways. */
export const CirrusDb = appStory(cirrusDb, ['contacts', 'companies']);

/** Sift Search (like Algolia): pages numbered from 0 until `nbHits` is reached. Key in `X-Sift-API-Key`. */
export const SiftSearch = appStory(siftSearch, ['companies']);
