import { useEffect, useState } from 'react';
import type { ReceiverState } from '../demo.ts';
import { demoApi } from './demoApi.ts';

const SHOWN = 10;

/** The host app's side: what its endpoint received, checked signatures and dropped redeliveries included. */
export function ReceiverPanel() {
  const [state, setState] = useState<ReceiverState | undefined>();
  useEffect(() => {
    let live = true;
    const read = () => void demoApi.receiver().then((next) => live && setState(next), () => undefined);
    read();
    const timer = setInterval(read, 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <section className="acme-card" aria-labelledby="acme-receiver-title">
      <h2 id="acme-receiver-title">Acme users table</h2>
      <p className="acme-muted">
        The host app’s endpoint: it checks each batch’s Standard Webhooks signature and drops records whose idempotency key it has
        already accepted.
      </p>
      <dl className="acme-stats">
        <div>
          <dt>Records stored</dt>
          <dd data-host="received-count">{state?.records.length ?? 0}</dd>
        </div>
        <div>
          <dt>Deliveries</dt>
          <dd>{state?.deliveries ?? 0}</dd>
        </div>
        <div>
          <dt>Duplicates dropped</dt>
          <dd>{state?.duplicates ?? 0}</dd>
        </div>
      </dl>
      {state && state.recent.length > 0 ? (
        <table className="acme-table">
          <caption className="acme-muted">Latest deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Change</th>
              <th scope="col">Record</th>
              <th scope="col">Name</th>
              <th scope="col">Job title</th>
            </tr>
          </thead>
          <tbody>
            {state.recent.slice(0, SHOWN).map((record, index) => (
              <tr key={`${record.runId}-${record.id}-${index}`}>
                <td>{new Date(record.receivedAt).toLocaleTimeString()}</td>
                <td>{record.op}</td>
                <td>{record.id}</td>
                <td>{String(record.data.name ?? '')}</td>
                <td>{String(record.data.title ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="acme-muted">Nothing received yet. Start an import above.</p>
      )}
    </section>
  );
}
