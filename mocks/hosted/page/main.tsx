/**
 * The hosted demo's page: a host settings page that uses the kit through the
 * HTTP transport. Credentials and records stay on the server; the page only
 * sends commands and listens to the engine's events.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../../src/client/index.ts';
import { TributaryProvider } from '../../../src/react/index.ts';
import '../../../src/react/styles.css';
import '../../../stories/host/host.css';
import { ImportSteps } from '../../../stories/host/ImportSteps.tsx';
import { KeepUpToDate } from './KeepUpToDate.tsx';
import { ReceiverPanel } from './ReceiverPanel.tsx';

// The demo server signs visitors in by a cookie (default tenant "acme"), so no header is needed.
const client = createClient({ url: '/tributary' });

function HostedSettingsPage() {
  return (
    <div className="acme-app">
      <aside className="acme-sidebar" aria-label="Acme">
        <strong className="acme-logo">Acme</strong>
        <nav aria-label="Settings">
          <a href="#integrations" aria-current="page">
            Integrations
          </a>
        </nav>
      </aside>
      <main className="acme-main">
        <header>
          <h1>Integrations</h1>
          <p className="acme-muted">
            Hosted demo: the engine runs on this server with a SQLite store; this page reaches it over HTTP and server-sent events.
          </p>
        </header>
        <TributaryProvider client={client} className="acme-stack">
          <ImportSteps renderMore={(dataSource) => <KeepUpToDate dataSource={dataSource} />} />
        </TributaryProvider>
        <ReceiverPanel />
      </main>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <HostedSettingsPage />
    </StrictMode>,
  );
}
