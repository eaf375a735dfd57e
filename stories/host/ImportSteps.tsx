import { useState, type ReactNode } from 'react';
import type { DataSourceRef } from '../../src/client/index.ts';
import { AppCatalog, CollectionPicker, FieldMappingEditor, ImportRuns, useConnections } from '../../src/react/index.ts';
import { relayCrm } from '../../mocks/index.ts';

export interface ImportStepsProps {
  /** More steps for the chosen data source, after the import. */
  renderMore?: (dataSource: DataSourceRef) => ReactNode;
}

/** Connect → pick → map → import, as a host composes the kit's components on its settings page. */
export function ImportSteps({ renderMore }: ImportStepsProps) {
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
          {renderMore?.(source)}
        </>
      )}
    </>
  );
}
