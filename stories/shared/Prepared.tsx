import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import type { TributaryClient } from '../../src/client/index.ts';
import { TributaryProvider } from '../../src/react/index.ts';

// StrictMode runs effects twice: one preparation per mount, shared by both runs.
const preparing = new WeakMap<object, Promise<unknown>>();

/** What `prepare` makes (a seeded store, a connection …), once ready; prepared once per mount. */
export function usePrepared<T>(prepare: () => Promise<T>): { value: T | null; error: string | null } {
  const [mount] = useState(() => ({}));
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let pending = preparing.get(mount) as Promise<T> | undefined;
    if (!pending) {
      pending = prepare();
      preparing.set(mount, pending);
    }
    let active = true;
    pending.then(
      (made) => active && setValue(made),
      (thrown: unknown) => active && setError(thrown instanceof Error ? thrown.message : String(thrown)),
    );
    return () => {
      active = false;
    };
  }, [mount, prepare]);
  return { value, error };
}

/** Renders `children` in a provider on the client `prepare` makes, once it is ready. */
export function Prepared({ prepare, children, style }: { prepare: () => Promise<TributaryClient>; children: ReactNode; style: CSSProperties }) {
  const { value: client, error } = usePrepared(prepare);
  if (error) return <p role="alert">Story setup failed: {error}</p>;
  if (!client) return <p style={style}>Preparing the story…</p>;
  return (
    <div style={style}>
      <TributaryProvider client={client}>{children}</TributaryProvider>
    </div>
  );
}
