import type { HttpHandler } from 'msw';
import type { ConnectorDefinition, OAuthClients } from '../src/engine/index.ts';
import { beaconDeskConnector } from './beacon-desk/connector.ts';
import { BEACON_DESK_PASSWORD, BEACON_DESK_RATE_LIMIT, BEACON_DESK_USERNAME } from './beacon-desk/data.ts';
import { beaconDeskHandlers } from './beacon-desk/handlers.ts';
import { cirrusDbConnector } from './cirrus-db/connector.ts';
import { CIRRUS_TOKEN } from './cirrus-db/data.ts';
import { cirrusDbHandlers } from './cirrus-db/handlers.ts';
import { forgeHubConnector } from './forge-hub/connector.ts';
import { FORGE_HUB_RATE_LIMIT, FORGE_HUB_TOKEN } from './forge-hub/data.ts';
import { forgeHubHandlers } from './forge-hub/handlers.ts';
import { harborHrConnector } from './harbor-hr/connector.ts';
import { HARBOR_HR_PASSWORD, HARBOR_HR_USERNAME } from './harbor-hr/data.ts';
import { harborHrHandlers } from './harbor-hr/handlers.ts';
import { pipewellCrmConnector } from './pipewell-crm/connector.ts';
import { PIPEWELL_API_TOKEN } from './pipewell-crm/data.ts';
import { pipewellCrmHandlers } from './pipewell-crm/handlers.ts';
import { quillpadConnector } from './quillpad/connector.ts';
import { QUILLPAD_SECRET } from './quillpad/data.ts';
import { quillpadHandlers } from './quillpad/handlers.ts';
import { relayCrmConnector } from './relay-crm/connector.ts';
import { RELAY_CRM_API_KEY } from './relay-crm/data.ts';
import { relayCrmHandlers } from './relay-crm/handlers.ts';
import { SIFT_API_KEY } from './sift-search/data.ts';
import { siftSearchConnector } from './sift-search/connector.ts';
import { siftSearchHandlers } from './sift-search/handlers.ts';
import { taskwiseConnector } from './taskwise/connector.ts';
import { TASKWISE_TOKEN } from './taskwise/data.ts';
import { taskwiseHandlers } from './taskwise/handlers.ts';
import { tollgateConnector } from './tollgate/connector.ts';
import { TOLLGATE_SECRET_KEY } from './tollgate/data.ts';
import { tollgateHandlers } from './tollgate/handlers.ts';
import { lumenDriveConnector } from './lumen-drive/connector.ts';
import { LUMEN_DRIVE_CLIENT_ID, LUMEN_DRIVE_CONFIDENTIAL_CLIENT, LUMEN_DRIVE_SCOPES } from './lumen-drive/data.ts';
import { lumenDriveHandlers } from './lumen-drive/handlers.ts';

export { createRelayCrm, relayCrmHandlers, type RelayCrmApp, type RelayCrmOptions } from './relay-crm/handlers.ts';
export type { RelayDelivery, RelayEvent, RelayWebhookTarget, RelayWebhooks } from './relay-crm/webhooks.ts';
export { createHarborHr, harborHrHandlers, type HarborHrApp, type HarborHrOptions } from './harbor-hr/handlers.ts';
export { taskwiseHandlers, type TaskwiseOptions } from './taskwise/handlers.ts';
export { forgeHubHandlers, type ForgeHubOptions } from './forge-hub/handlers.ts';
export { createPipewellCrm, pipewellCrmHandlers, type PipewellCrmApp, type PipewellCrmOptions } from './pipewell-crm/handlers.ts';
export { createLiveRecords, type LiveRecords, type RecordChange } from './shared/liveRecords.ts';
export { beaconDeskHandlers, type BeaconDeskOptions } from './beacon-desk/handlers.ts';
export { tollgateHandlers, type TollgateOptions } from './tollgate/handlers.ts';
export { quillpadHandlers, type QuillpadOptions } from './quillpad/handlers.ts';
export { cirrusDbHandlers, type CirrusDbOptions } from './cirrus-db/handlers.ts';
export { siftSearchHandlers, type SiftSearchOptions } from './sift-search/handlers.ts';
export { createLumenDrive, lumenDriveHandlers, type LumenDriveApp, type LumenDriveOptions, type TokenRequest } from './lumen-drive/handlers.ts';
export { consentRedirect, decodeCode, encodeCode, type AuthorizationCode } from './lumen-drive/authorizationCode.ts';
export { createAppGate, fixedWindowLimiter, type AppGate, type FaultOptions, type RateLimitRule } from './shared/faults.ts';
export {
  relayCrmConnector,
  harborHrConnector,
  taskwiseConnector,
  forgeHubConnector,
  pipewellCrmConnector,
  beaconDeskConnector,
  tollgateConnector,
  quillpadConnector,
  cirrusDbConnector,
  siftSearchConnector,
  lumenDriveConnector,
};

/** The connectors for every mocked app, as a host would pass them to the engine. */
export const connectors: ConnectorDefinition[] = [
  relayCrmConnector,
  harborHrConnector,
  taskwiseConnector,
  forgeHubConnector,
  pipewellCrmConnector,
  beaconDeskConnector,
  tollgateConnector,
  quillpadConnector,
  cirrusDbConnector,
  siftSearchConnector,
  lumenDriveConnector,
];

/** Handlers for every mocked app with its default data and no faults; Storybook and the tests share them. */
export const handlers: HttpHandler[] = [
  ...relayCrmHandlers(),
  ...harborHrHandlers(),
  ...taskwiseHandlers(),
  ...forgeHubHandlers(),
  ...pipewellCrmHandlers(),
  ...beaconDeskHandlers(),
  ...tollgateHandlers(),
  ...quillpadHandlers(),
  ...cirrusDbHandlers(),
  ...siftSearchHandlers(),
  ...lumenDriveHandlers(),
];

/** What a story or test needs to know about the mocked Relay CRM. */
export const relayCrm = {
  appId: 'relay-crm',
  apiKey: RELAY_CRM_API_KEY,
  credentials: { type: 'api-key', apiKey: RELAY_CRM_API_KEY },
  userCount: 257,
  contactCount: 60,
} as const;

/** What a story or test needs to know about the mocked Harbor HR. */
export const harborHr = {
  appId: 'harbor-hr',
  username: HARBOR_HR_USERNAME,
  password: HARBOR_HR_PASSWORD,
  credentials: { type: 'basic', username: HARBOR_HR_USERNAME, password: HARBOR_HR_PASSWORD },
  employeeCount: 84,
} as const;

/** Taskwise (like Asana): absolute next-page URLs in the body (`next_page.uri`); bearer token. */
export const taskwise = {
  appId: 'taskwise',
  credentials: { type: 'api-key', apiKey: TASKWISE_TOKEN },
  userCount: 137,
  attachmentCount: 45,
} as const;

/** Forge Hub (like GitHub): next page in the `Link` header, absolute (members) and root-relative (assets); 5,000 requests an hour. */
export const forgeHub = {
  appId: 'forge-hub',
  credentials: { type: 'api-key', apiKey: FORGE_HUB_TOKEN },
  memberCount: 123,
  assetCount: 64,
  rateLimit: FORGE_HUB_RATE_LIMIT,
} as const;

/** Pipewell CRM (like Pipedrive): `start`/`limit` offsets and a more-items flag; token as a query parameter. */
export const pipewellCrm = {
  appId: 'pipewell-crm',
  credentials: { type: 'api-key', apiKey: PIPEWELL_API_TOKEN },
  personCount: 230,
  organizationCount: 48,
} as const;

/** Beacon Desk (like Zendesk): 1-based pages with a total `count`; basic auth; 20 requests a second with X-RateLimit-* headers. */
export const beaconDesk = {
  appId: 'beacon-desk',
  credentials: { type: 'basic', username: BEACON_DESK_USERNAME, password: BEACON_DESK_PASSWORD },
  userCount: 215,
  organizationCount: 100,
  rateLimit: BEACON_DESK_RATE_LIMIT,
} as const;

/** Tollgate (like Stripe): `has_more` and `starting_after` the last id; secret key as a bearer token. */
export const tollgate = {
  appId: 'tollgate',
  credentials: { type: 'api-key', apiKey: TOLLGATE_SECRET_KEY },
  customerCount: 180,
  fileCount: 36,
} as const;

/** Quillpad (like Notion): cursor in the query (users) and in the JSON body of a POST query (accounts); bearer secret. */
export const quillpad = {
  appId: 'quillpad',
  credentials: { type: 'api-key', apiKey: QUILLPAD_SECRET },
  userCount: 42,
  accountCount: 130,
} as const;

/** Cirrus DB (like Azure Cosmos DB): continuation token in the `x-ms-continuation` header both ways. */
export const cirrusDb = {
  appId: 'cirrus-db',
  credentials: { type: 'api-key', apiKey: CIRRUS_TOKEN },
  contactCount: 175,
  accountCount: 40,
} as const;

/** Sift Search (like Algolia): pages numbered from 0 with the total in `nbHits`; key in `X-Sift-API-Key`. */
export const siftSearch = {
  appId: 'sift-search',
  credentials: { type: 'api-key', apiKey: SIFT_API_KEY },
  companyCount: 260,
} as const;

/** Lumen Drive (like Google Drive or Dropbox): OAuth 2 with PKCE; numbered file pages with a total, folders by next URL. */
export const lumenDrive = {
  appId: 'lumen-drive',
  clientId: LUMEN_DRIVE_CLIENT_ID,
  /** A client with a secret, as a hosted engine registers one. */
  confidentialClient: LUMEN_DRIVE_CONFIDENTIAL_CLIENT,
  scopes: LUMEN_DRIVE_SCOPES,
  fileCount: 42,
  folderCount: 7,
  /** Where Storybook serves the consent step, relative to its pages. */
  consentPage: 'mock-oauth/authorize.html',
} as const;

/** The OAuth client registrations the mocked providers know, as a host passes them to the engine. */
export const oauthClients: OAuthClients = { [lumenDrive.appId]: { clientId: LUMEN_DRIVE_CLIENT_ID } };

/**
 * `connectors` for an engine in a browser page: a popup's navigation never reaches msw, so the
 * mocked OAuth provider's (Lumen Drive's) consent step is the static page under `baseUrl`
 * (Storybook serves `.storybook/public/mock-oauth/`). Token requests still go to the msw handlers.
 */
export function connectorsWithConsentPages(baseUrl: string): ConnectorDefinition[] {
  return connectors.map((connector) =>
    connector.auth.type === 'oauth2' ? { ...connector, auth: { ...connector.auth, authorizeUrl: new URL(lumenDrive.consentPage, baseUrl).toString() } } : connector,
  );
}
