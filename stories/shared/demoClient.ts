import { useEffect, useState } from 'react';
import { relayCrm, connectors } from '../../mocks/index.ts';
import { hostSchemas } from '../../mocks/host/schemas.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import { createHostReceiver } from '../host/hostReceiver.ts';

export interface DemoClient {
  client: TributaryClient;
  /** The host's side of the destination: what the imports delivered. */
  receiver: ReturnType<typeof createHostReceiver>;
  /** Settles once the client is prepared (see `connectRelayCrm`); rejects with the reason it could not be. */
  ready: Promise<void>;
}

export interface DemoClientOptions {
  /**
   * Connects Relay CRM with the mocks' demo key before the page renders, so the catalog shows a connection and the
   * picker has something to pick from.
   * @default false
   */
  connectRelayCrm?: boolean;
}

/** The settings page's setup: an in-process engine on every mocked app, delivering to an in-memory host receiver. */
export function createDemoClient({ connectRelayCrm = false }: DemoClientOptions = {}): DemoClient {
  const receiver = createHostReceiver();
  const engine = createEngine({ connectors, destination: receiver.destination, schemas: hostSchemas });
  const client = createClient({ engine });
  const ready = connectRelayCrm
    ? client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials }).then(() => undefined)
    : Promise.resolve();
  return { client, receiver, ready };
}

export type DemoStatus = { state: 'preparing' } | { state: 'ready' } | { state: 'failed'; message: string };

/** One demo client for the component's lifetime, and whether it is prepared yet. */
export function useDemoClient(options?: DemoClientOptions): DemoClient & { status: DemoStatus } {
  const [demo] = useState(() => createDemoClient(options));
  const [status, setStatus] = useState<DemoStatus>({ state: 'preparing' });
  useEffect(() => {
    let active = true;
    demo.ready.then(
      () => active && setStatus({ state: 'ready' }),
      (thrown: unknown) => active && setStatus({ state: 'failed', message: thrown instanceof Error ? thrown.message : String(thrown) }),
    );
    return () => {
      active = false;
    };
  }, [demo]);
  return { ...demo, status };
}
