import type { Decorator } from '@storybook/react-vite';
import { useEffect, useState, type ReactNode } from 'react';
import { connectors, harborHr, relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine, type AppSummary, type Connection, type DataSourceRef } from '../../src/engine/index.ts';
import { TributaryProvider, useApps, useConnections, type TributaryTheme } from '../../src/react/index.ts';

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
    await new Promise<void>((resolve) => {
      const done = () => {
        const current = client.getState().runs.find((candidate) => candidate.id === run.id);
        return current && ['succeeded', 'failed', 'cancelled'].includes(current.status);
      };
      const unsubscribe = client.subscribe(() => {
        if (done()) {
          unsubscribe();
          resolve();
        }
      });
      if (done()) {
        unsubscribe();
        resolve();
      }
    });
  }
}

// StrictMode runs effects twice; seeding must happen once per client.
const seeding = new WeakMap<TributaryClient, Promise<void>>();

function TributaryStory({ parameters, children }: { parameters: TributaryStoryParameters; children: ReactNode }) {
  const [client] = useState(() =>
    createClient({ engine: createEngine({ connectors, destination: async () => {} }) }),
  );
  const needsSeed = Boolean(parameters.connect?.length);
  const [ready, setReady] = useState(!needsSeed);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!needsSeed) return;
    let active = true;
    let pending = seeding.get(client);
    if (!pending) {
      pending = seed(client, parameters);
      seeding.set(client, pending);
    }
    pending.then(
      () => active && setReady(true),
      (thrown: unknown) => active && setError(thrown instanceof Error ? thrown.message : String(thrown)),
    );
    return () => {
      active = false;
    };
  }, [client, needsSeed, parameters]);

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
