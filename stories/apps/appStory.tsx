import type { Decorator } from '@storybook/react-vite';
import { useEffect, useState, type ReactNode } from 'react';
import { connectors } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine, type Credentials, type DataSourceRef } from '../../src/engine/index.ts';
import { CollectionPicker, ImportRuns, TributaryProvider, useApps, useConnections } from '../../src/react/index.ts';

/** What an app story sets under `parameters.tributaryApp`: which mocked app to connect and what to import. */
export interface AppStoryParameters {
  /** The mocked app and its demo credentials, e.g. `taskwise` from mocks/index.ts. */
  app: { appId: string; credentials: Credentials };
  /** Data models to import, one after another, once connected. */
  imports?: string[];
  /** Whether the story renders only after the imports finish; `false` shows them live. @default true */
  awaitImports?: boolean;
}

const FINAL = ['succeeded', 'failed', 'cancelled'];

function finished(client: TributaryClient, runId: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => FINAL.includes(client.getState().runs.find((run) => run.id === runId)?.status ?? '');
    if (done()) return resolve();
    const unsubscribe = client.subscribe(() => {
      if (!done()) return;
      unsubscribe();
      resolve();
    });
  });
}

async function seed(client: TributaryClient, { app, imports = [], awaitImports = true }: AppStoryParameters): Promise<void> {
  const connection = await client.connect({ appId: app.appId, credentials: app.credentials });
  const runs = (async () => {
    for (const dataModel of imports) {
      const run = await client.startImport({ connectionId: connection.id, dataModel });
      await finished(client, run.id);
    }
  })();
  if (awaitImports) await runs;
  else runs.catch(() => {}); // A failed start shows in the run list; the story has rendered already.
}

// StrictMode runs effects twice; seeding must happen once per client.
const seeding = new WeakMap<TributaryClient, Promise<void>>();

function AppStory({ parameters, children }: { parameters: AppStoryParameters; children: ReactNode }) {
  const [client] = useState(() => createClient({ engine: createEngine({ connectors, destination: async () => {} }) }));
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
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
  }, [client, parameters]);

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
