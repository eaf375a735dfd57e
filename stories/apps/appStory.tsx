import type { Decorator } from '@storybook/react-vite';
import { useCallback, useState, type ReactNode } from 'react';
import type { TributaryClient } from '../../src/client/index.ts';
import type { Credentials, DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker, ImportRuns, TributaryProvider, useApps, useConnections } from '../../src/react/index.ts';
import { runFinished, useSeededClient } from '../shared/seededClient.ts';

/** What an app story sets under `parameters.tributaryApp`: which mocked app to connect and what to import. */
export interface AppStoryParameters {
  /** The mocked app and its demo credentials, e.g. `taskwise` from mocks/index.ts. */
  app: { appId: string; credentials: Credentials };
  /** Data models to import, one after another, once connected. */
  imports?: string[];
  /** Whether the story renders only after the imports finish; `false` shows them live. @default true */
  awaitImports?: boolean;
}

async function seed(client: TributaryClient, { app, imports = [], awaitImports = true }: AppStoryParameters): Promise<void> {
  const connection = await client.connect({ appId: app.appId, credentials: app.credentials });
  const runs = (async () => {
    for (const dataModel of imports) {
      const run = await client.startImport({ connectionId: connection.id, dataModel });
      await runFinished(client, run.id);
    }
  })();
  if (awaitImports) await runs;
  else runs.catch(() => {}); // A failed start shows in the run list; the story has rendered already.
}

function AppStory({ parameters, children }: { parameters: AppStoryParameters; children: ReactNode }) {
  const prepare = useCallback((client: TributaryClient) => seed(client, parameters), [parameters]);
  const { client, ready, error } = useSeededClient(prepare);

  return (
    <div style={{ padding: '1.5rem', maxWidth: '60rem' }}>
      <TributaryProvider client={client}>
        {error ? <p role="alert">Story setup failed: {error}</p> : ready ? children : <p>Connecting…</p>}
      </TributaryProvider>
    </div>
  );
}

/** Wraps a story in a provider with a fresh in-process engine, connected to `parameters.tributaryApp.app`. */
export const withConnectedApp: Decorator = (Story, context) => (
  <AppStory key={context.id} parameters={context.parameters.tributaryApp as AppStoryParameters}>
    <Story />
  </AppStory>
);

/** The connected app: its name, what it offers to import, and its import runs with live counters. */
export function ConnectedApp({ appId, dataModel }: { appId: string; dataModel: string }) {
  const app = useApps().find((candidate) => candidate.id === appId);
  const connection = useConnections().findLast((candidate) => candidate.appId === appId);
  const [source, setSource] = useState<DataSourceRef | null>(null);
  if (!app || !connection) return <p>Loading {appId}…</p>;
  const dataSource = source ?? { connectionId: connection.id, dataModel };
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <header>
        <h2 style={{ margin: 0 }}>{app.name}</h2>
        {app.description && <p style={{ margin: '0.25rem 0 0' }}>{app.description}</p>}
      </header>
      <CollectionPicker connectionId={connection.id} value={dataSource} onValueChange={setSource} />
      <ImportRuns dataSource={dataSource} />
    </div>
  );
}
