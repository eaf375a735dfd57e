import type { Meta, StoryObj } from '@storybook/react-vite';
import { useSyncExternalStore, type CSSProperties } from 'react';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine, type Connection } from '../../src/engine/index.ts';
import { Connections, ImportRuns, TributaryProvider } from '../../src/react/index.ts';
import { createHostReceiver, type HostReceiver } from '../host/hostReceiver.ts';
import { keyRotationHandlers, REVOKE_AFTER_PAGES, ROTATED_KEY } from './keyRotation.ts';
import { usePrepared } from '../shared/Prepared.tsx';

/** What the host saw arrive: every delivery, and the redeliveries it dropped by their idempotency key. */
function ReceiverCounts({ receiver }: { receiver: HostReceiver }) {
  const snapshot = useSyncExternalStore(receiver.subscribe, receiver.getSnapshot, receiver.getSnapshot);
  return (
    <section aria-labelledby="reauth-receiver-title">
      <h2 id="reauth-receiver-title">What the host received</h2>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content max-content', gap: '0.25rem 1rem', margin: 0 }}>
        <dt>Users stored</dt>
        <dd data-host="received-count" style={{ margin: 0 }}>
          {snapshot.rows.length}
        </dd>
        <dt>Deliveries</dt>
        <dd data-host="deliveries" style={{ margin: 0 }}>
          {snapshot.deliveries}
        </dd>
        <dt>Duplicates dropped</dt>
        <dd data-host="duplicates" style={{ margin: 0 }}>
          {snapshot.duplicates}
        </dd>
      </dl>
    </section>
  );
}

const frame: CSSProperties = { display: 'grid', gap: '1.25rem', padding: '1.5rem', maxWidth: '60rem' };

interface Prepared {
  client: TributaryClient;
  receiver: HostReceiver;
  connection: Connection;
}

/** An engine delivering to the host's receiver, with Relay CRM connected on the key it is about to revoke. */
async function prepare(): Promise<Prepared> {
  const receiver = createHostReceiver();
  const client = createClient({ engine: createEngine({ connectors, destination: receiver.destination }) });
  const connection = await client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
  return { client, receiver, connection };
}

function ReauthFlow() {
  const { value: prepared, error } = usePrepared(prepare);
  if (error) return <p role="alert">Story setup failed: {error}</p>;
  if (!prepared) return <p style={frame}>Preparing the story…</p>;
  const { client, receiver, connection } = prepared;
  return (
    <main style={frame}>
      <header>
        <h1 style={{ margin: 0, fontSize: '1.25rem' }}>Relay CRM revokes its API key mid-import</h1>
        <p style={{ margin: '0.25rem 0 0' }}>
          Relay CRM answers {REVOKE_AFTER_PAGES} pages of users with the saved key, then revokes it. Start the import, then
          reconnect Relay CRM with the new key <code data-host="rotated-key">{ROTATED_KEY}</code> and resume the run.
        </p>
      </header>
      {/* The host page is light whatever the viewer prefers, so the kit is too. */}
      <TributaryProvider client={client} theme="light">
        <section aria-labelledby="reauth-connections-title">
          <h2 id="reauth-connections-title">Connected apps</h2>
          <Connections />
        </section>
        <section aria-labelledby="reauth-imports-title">
          <h2 id="reauth-imports-title">Imports of Relay CRM users</h2>
          <ImportRuns dataSource={{ connectionId: connection.id, dataModel: 'users' }} />
        </section>
      </TributaryProvider>
      <ReceiverCounts receiver={receiver} />
    </main>
  );
}

const meta = {
  title: 'Flows/Reauth',
  component: ReauthFlow,
  parameters: {
    docs: {
      description: {
        component:
          'A key revoked in the middle of an import: the run fails on the auth error, the connection needs re-authentication, Reconnect saves a new key in place, and Resume goes on from the run’s checkpoint, so every record arrives once.',
      },
    },
  },
} satisfies Meta<typeof ReauthFlow>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Relay CRM serves 3 pages of its 257 users (50 a page) with the demo key, then revokes it: the run fails with
 * Relay CRM’s message and the connection shows Needs reauth. Reconnect with `relay_test_rotated_5d0b3e`, then Resume:
 * the run picks up at page 4 and the host ends with 257 users, none delivered twice.
 */
export const KeyRevokedMidImport: Story = {
  beforeEach({ msw }) {
    msw.use(...keyRotationHandlers());
  },
};
