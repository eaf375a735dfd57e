import { useSyncExternalStore } from 'react';
import type { HostReceiver } from './hostReceiver.ts';

const SHOWN = 8;

/** The host's own view of what Tributary delivered: its users table. */
export function HostReceiverPanel({ receiver }: { receiver: HostReceiver }) {
  const snapshot = useSyncExternalStore(receiver.subscribe, receiver.getSnapshot, receiver.getSnapshot);
  return (
    <section className="acme-card" aria-labelledby="acme-receiver-title">
      <h2 id="acme-receiver-title">Acme users table</h2>
      <p className="acme-muted">
        What the host app received: the in-process destination stores each record by id and drops redeliveries by their
        idempotency key.
      </p>
      <dl className="acme-stats">
        <div>
          <dt>Users stored</dt>
          <dd data-host="received-count">{snapshot.rows.length}</dd>
        </div>
        <div>
          <dt>Deliveries</dt>
          <dd data-host="deliveries">{snapshot.deliveries}</dd>
        </div>
        <div>
          <dt>Batches</dt>
          <dd data-host="batches">{snapshot.batches}</dd>
        </div>
        <div>
          <dt>Duplicates dropped</dt>
          <dd data-host="duplicates">{snapshot.duplicates}</dd>
        </div>
      </dl>
      {snapshot.rows.length === 0 ? (
        <p className="acme-muted">Nothing received yet. Start an import above.</p>
      ) : (
        <table className="acme-table">
          <caption className="acme-muted">
            First {Math.min(SHOWN, snapshot.rows.length)} of {snapshot.rows.length} rows
          </caption>
          <thead>
            <tr>
              <th scope="col">id</th>
              <th scope="col">name</th>
              <th scope="col">email</th>
              <th scope="col">title</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.rows.slice(0, SHOWN).map((row) => (
              <tr key={row.id}>
                <td>{row.id}</td>
                <td>{String(row.data.name ?? '')}</td>
                <td>{String(row.data.email ?? '')}</td>
                <td>{String(row.data.title ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
