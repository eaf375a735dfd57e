import { useMemo } from 'react';
import { createClient } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import { TributaryProvider } from '../../src/react/index.ts';
import { connectors } from '../../mocks/index.ts';
import { HostReceiverPanel } from './HostReceiverPanel.tsx';
import { createHostReceiver } from './hostReceiver.ts';
import { hostSchemas } from '../../mocks/host/schemas.ts';
import { ImportSteps } from './ImportSteps.tsx';
import './host.css';

/** A plausible host settings page with the kit embedded, on the in-process engine. */
export function SettingsPage() {
  const { client, receiver } = useMemo(() => {
    const receiver = createHostReceiver();
    const engine = createEngine({ connectors, destination: receiver.destination, schemas: hostSchemas });
    return { client: createClient({ engine }), receiver };
  }, []);

  return (
    <div className="acme-app">
      <aside className="acme-sidebar" aria-label="Acme">
        <strong className="acme-logo">Acme</strong>
        <nav aria-label="Settings">
          <a href="#general">General</a>
          <a href="#members">Members</a>
          <a href="#integrations" aria-current="page">
            Integrations
          </a>
          <a href="#billing">Billing</a>
        </nav>
      </aside>
      <main className="acme-main">
        <header>
          <h1>Integrations</h1>
          <p className="acme-muted">Import your team from the tools you already use, and keep it up to date.</p>
        </header>
        <TributaryProvider client={client} className="acme-stack">
          <ImportSteps />
        </TributaryProvider>
        <HostReceiverPanel receiver={receiver} />
      </main>
    </div>
  );
}
