import { useCallback, useEffect, useState } from 'react';
import type { DataSourceRef, FlowSummary } from '../../../src/client/index.ts';
import { useConnections, useTributaryClient } from '../../../src/react/index.ts';
import { demoApi } from './demoApi.ts';

const SOURCES: Record<FlowSummary['source'], string> = {
  webhook: 'the app’s webhooks',
  polling: 'polling for updates',
  'full-scan': 'comparing full scans',
};

/** Step 5 of the demo: the flow that keeps the import up to date, and the mocked app's user making changes. */
export function KeepUpToDate({ dataSource }: { dataSource: DataSourceRef }) {
  const client = useTributaryClient();
  const connection = useConnections().find((c) => c.id === dataSource.connectionId);
  const [flow, setFlow] = useState<FlowSummary | undefined>();
  const [registered, setRegistered] = useState<string[]>([]);
  const [message, setMessage] = useState('');

  const refresh = useCallback(async () => {
    const [summary, relay] = await Promise.all([client.getFlow(dataSource).catch(() => undefined), demoApi.relay().catch(() => undefined)]);
    setFlow(summary);
    if (relay) setRegistered(relay.webhooks);
  }, [client, dataSource]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = (work: () => Promise<string>) => () => {
    work().then(setMessage, (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)));
  };
  const isRelay = connection?.appId === 'relay-crm';
  const hooked = registered.includes(dataSource.connectionId);

  return (
    <section className="acme-card" aria-labelledby="acme-step-flow">
      <h2 id="acme-step-flow">5. Keep it up to date</h2>
      {flow ? (
        <p className="acme-muted" data-demo="flow-status">
          Changes arrive through {SOURCES[flow.source]}. The flow is <strong>{flow.status}</strong>
          {flow.status === 'waiting' ? ' (it starts when a full import succeeds)' : ''}; {flow.queueDepth} events queued.
        </p>
      ) : (
        <p className="acme-muted">This collection has no change events.</p>
      )}
      {isRelay && flow?.source === 'webhook' && (
        <>
          <p>
            <button
              type="button"
              onClick={act(async () => {
                // The secret is shown once; in a real app the user pastes it into Relay CRM's webhook settings.
                const { secret } = await client.rotateWebhookSecret(dataSource.connectionId);
                const { url } = await demoApi.registerWebhook(dataSource.connectionId, secret);
                await refresh();
                return `Relay CRM now posts changes to ${url}, signed with a new secret.`;
              })}
            >
              {hooked ? 'Rotate the webhook secret' : 'Register the webhook in Relay CRM'}
            </button>
          </p>
          <p role="group" aria-label="Change Relay CRM as its user would">
            {(['create', 'update', 'delete'] as const).map((type) => (
              <button
                key={type}
                type="button"
                disabled={!hooked}
                onClick={act(async () => {
                  const change = await demoApi.change(type);
                  return `Relay CRM: user ${change.id} ${change.type}. Watch the flow run above and the users table below.`;
                })}
              >
                {type === 'create' ? 'Create' : type === 'update' ? 'Update' : 'Delete'} a user in Relay CRM
              </button>
            ))}
          </p>
        </>
      )}
      <p role="status" className="acme-muted">
        {message}
      </p>
    </section>
  );
}
