import type { HttpHandler } from 'msw';
import type { ConnectorDefinition } from '../src/engine/index.ts';
import { harborHrConnector } from './harbor-hr/connector.ts';
import { HARBOR_HR_PASSWORD, HARBOR_HR_USERNAME } from './harbor-hr/data.ts';
import { harborHrHandlers } from './harbor-hr/handlers.ts';
import { relayCrmConnector } from './relay-crm/connector.ts';
import { RELAY_CRM_API_KEY } from './relay-crm/data.ts';
import { relayCrmHandlers } from './relay-crm/handlers.ts';

export { relayCrmHandlers, type RelayCrmOptions } from './relay-crm/handlers.ts';
export { harborHrHandlers, type HarborHrOptions } from './harbor-hr/handlers.ts';
export { relayCrmConnector, harborHrConnector };

/** The connectors for every mocked app, as a host would pass them to the engine. */
export const connectors: ConnectorDefinition[] = [relayCrmConnector, harborHrConnector];

/** Handlers for every mocked app with its default data; Storybook and the tests share them. */
export const handlers: HttpHandler[] = [...relayCrmHandlers(), ...harborHrHandlers()];

/** What a story or test needs to know about the mocked Relay CRM. */
export const relayCrm = { appId: 'relay-crm', apiKey: RELAY_CRM_API_KEY, userCount: 257, contactCount: 60 } as const;

/** What a story or test needs to know about the mocked Harbor HR. */
export const harborHr = { appId: 'harbor-hr', username: HARBOR_HR_USERNAME, password: HARBOR_HR_PASSWORD, employeeCount: 84 } as const;
