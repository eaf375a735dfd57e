import { useEffect, useState } from 'react';
import { connectorsWithConsentPages, oauthClients } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';

const FINAL = ['succeeded', 'failed', 'cancelled'];

/** Resolves once the client shows the run finished. */
export function runFinished(client: TributaryClient, runId: string): Promise<void> {
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

// StrictMode runs effects twice; seeding must happen once per client.
const seeding = new WeakMap<TributaryClient, Promise<void>>();

/**
 * A fresh client on an in-process engine with every mocked app, prepared by
 * `seed` (connect, import…) before the story renders.
 */
export function useSeededClient(seed: ((client: TributaryClient) => Promise<void>) | undefined) {
  // OAuth apps sign in through Storybook's static consent page (see connectorsWithConsentPages).
  const [client] = useState(() =>
    createClient({ engine: createEngine({ connectors: connectorsWithConsentPages(document.baseURI), oauthClients, destination: async () => {} }) }),
  );
  const [ready, setReady] = useState(!seed);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!seed) return;
    let active = true;
    let pending = seeding.get(client);
    if (!pending) {
      pending = seed(client);
      seeding.set(client, pending);
    }
    pending.then(
      () => active && setReady(true),
      (thrown: unknown) => active && setError(thrown instanceof Error ? thrown.message : String(thrown)),
    );
    return () => {
      active = false;
    };
  }, [client, seed]);
  return { client, ready, error };
}
