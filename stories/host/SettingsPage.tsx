import { useMemo, useState } from 'react';
import { createClient, type DataSourceRef } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import {
  AppCatalog,
  CollectionPicker,
  FieldMappingEditor,
  ImportRuns,
  TributaryProvider,
  useConnections,
} from '../../src/react/index.ts';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { HostReceiverPanel } from './HostReceiverPanel.tsx';
import { createHostReceiver } from './hostReceiver.ts';
import './host.css';

/** The host's schema for users: what its own users table holds. */
const hostSchemas = {
  users: {
    fields: [
      { key: 'id', label: 'External ID', type: 'string' as const, required: true },
      { key: 'name', label: 'Full name', type: 'string' as const, required: true },
      { key: 'email', label: 'Email', type: 'string' as const, required: true },
      { key: 'title', label: 'Job title', type: 'string' as const },
      { key: 'createdAt', label: 'Member since', type: 'date' as const },
    ],
  },
};

function ImportSteps() {
  const connections = useConnections();
  const [chosen, setChosen] = useState<string | undefined>();
  const [dataSource, setDataSource] = useState<DataSourceRef | null>(null);
  const connection = connections.find((c) => c.id === chosen) ?? connections.at(-1);
  const source = dataSource && dataSource.connectionId === connection?.id ? dataSource : null;

  return (
    <>
      <section className="acme-card" aria-labelledby="acme-step-connect">
        <h2 id="acme-step-connect">1. Connect an app</h2>
        <p className="acme-muted">
          Demo credentials: Relay CRM API key <code>{relayCrm.apiKey}</code>; Harbor HR <code>demo@harbor.test</code> /{' '}
          <code>harbor-demo-pass</code>.
        </p>
        <AppCatalog onConnected={(created) => setChosen(created.id)} />
      </section>

      {connection && (
        <section className="acme-card" aria-labelledby="acme-step-pick">
          <h2 id="acme-step-pick">2. Choose what to import from {connection.appName}</h2>
          {connections.length > 1 && (
            <label className="acme-field">
              Connection
              <select value={connection.id} onChange={(event) => setChosen(event.target.value)}>
                {connections.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.appName}
                  </option>
                ))}
              </select>
            </label>
          )}
          <CollectionPicker connectionId={connection.id} value={source} onValueChange={setDataSource} />
        </section>
      )}

      {source && (
        <>
          <section className="acme-card" aria-labelledby="acme-step-map">
            <h2 id="acme-step-map">3. Map fields onto Acme users</h2>
            <FieldMappingEditor dataSource={source} />
          </section>
          <section className="acme-card" aria-labelledby="acme-step-run">
            <h2 id="acme-step-run">4. Import</h2>
            <ImportRuns dataSource={source} />
          </section>
        </>
      )}
    </>
  );
}

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
