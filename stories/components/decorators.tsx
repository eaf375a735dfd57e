import type { Decorator } from '@storybook/react-vite';
import { useCallback, type ReactNode } from 'react';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import type { TributaryClient } from '../../src/client/index.ts';
import type { AppSummary, Connection, DataSourceRef } from '../../src/engine/index.ts';
import { TributaryProvider, useApps, useConnections, type TributaryTheme } from '../../src/react/index.ts';
import { runFinished, useSeededClient } from '../shared/seededClient.ts';

type MockedAppId = typeof relayCrm.appId | typeof harborHr.appId;

/** What a story sets under `parameters.tributary` to prepare the in-process engine before it renders. */
export interface TributaryStoryParameters {
  /** @default 'auto' */
  theme?: TributaryTheme;
  /** @default false */
  unstyled?: boolean;
  /** Apps to connect (with the mocks' valid credentials) before the story renders. */
  connect?: MockedAppId[];
  /** Imports to run on the first connection of the first app in `connect` before the story renders. */
  imports?: Omit<DataSourceRef, 'connectionId'>[];
  /** Waits for the seeded imports to finish. @default true */
  awaitImports?: boolean;
}

const credentialsFor = {
  [relayCrm.appId]: { type: 'api-key', apiKey: relayCrm.apiKey },
  [harborHr.appId]: { type: 'basic', username: harborHr.username, password: harborHr.password },
} as const;

async function seed(client: TributaryClient, parameters: TributaryStoryParameters): Promise<void> {
  const connections: Connection[] = [];
  for (const appId of parameters.connect ?? []) {
    connections.push(await client.connect({ appId, credentials: credentialsFor[appId] }));
  }
  const first = connections[0];
  if (!first) return;
  for (const source of parameters.imports ?? []) {
    const run = await client.startImport({ ...source, connectionId: first.id });
    if (parameters.awaitImports === false) continue;
    await runFinished(client, run.id);
  }
}

function TributaryStory({ parameters, children }: { parameters: TributaryStoryParameters; children: ReactNode }) {
  const needsSeed = Boolean(parameters.connect?.length);
  const prepare = useCallback((client: TributaryClient) => seed(client, parameters), [parameters]);
  const { client, ready, error } = useSeededClient(needsSeed ? prepare : undefined);

  return (
    <div style={{ padding: '1.5rem', maxWidth: '60rem' }}>
      <TributaryProvider client={client} theme={parameters.theme ?? 'auto'} unstyled={parameters.unstyled ?? false}>
        {error ? <p role="alert">Story setup failed: {error}</p> : ready ? children : <p>Preparing the story…</p>}
      </TributaryProvider>
    </div>
  );
}

/** Wraps a story in a provider with a fresh in-process engine on the mocked apps, seeded per `parameters.tributary`. */
export const withTributary: Decorator = (Story, context) => (
  <TributaryStory key={context.id} parameters={(context.parameters.tributary ?? {}) as TributaryStoryParameters}>
    <Story />
  </TributaryStory>
);

/** Renders its children with the newest connection to `appId`, once the client has it. */
export function WithConnection({ appId, children }: { appId: MockedAppId; children: (connection: Connection) => ReactNode }) {
  const connection = useConnections().findLast((candidate) => candidate.appId === appId);
  return connection ? children(connection) : <p>Waiting for the {appId} connection…</p>;
}

/** Renders its children with the app summary of `appId`, once the client has loaded the apps. */
export function WithApp({ appId, children }: { appId: MockedAppId; children: (app: AppSummary) => ReactNode }) {
  const app = useApps().find((candidate) => candidate.id === appId);
  return app ? children(app) : <p>Loading apps…</p>;
}
