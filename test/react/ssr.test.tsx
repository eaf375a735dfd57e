// @vitest-environment node
import { StrictMode, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { connectors } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { createEngine, type AppSummary } from '../../src/engine/index.ts';
import {
  AppCatalog,
  CollectionPicker,
  ConnectDialog,
  Connections,
  FieldMappingEditor,
  ImportRuns,
  ImportSetup,
  TributaryProvider,
} from '../../src/react/index.ts';

const app: AppSummary = {
  id: 'relay-crm',
  name: 'Relay CRM',
  description: 'Sales CRM',
  categories: ['crm'],
  color: '#6d4aff',
  auth: { type: 'api-key', fields: [{ name: 'apiKey', label: 'API key', secret: true }] },
  collections: [{ key: 'users', name: 'Users', dataModel: 'users' }],
};

function renderOnServer(ui: ReactNode): string {
  const engine = createEngine({ connectors, destination: async () => {} });
  const client = createClient({ engine });
  return renderToString(
    <StrictMode>
      <TributaryProvider client={client}>{ui}</TributaryProvider>
    </StrictMode>,
  );
}

describe('server rendering, with no DOM', () => {
  let consoleError: MockInstance<typeof console.error>;
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });

  it('has no DOM globals to lean on', () => {
    expect(typeof document).toBe('undefined');
    expect(typeof window).toBe('undefined');
  });

  it('renders the provider’s root and portal container', () => {
    const html = renderOnServer(<p>child</p>);
    expect(html).toContain('data-tributary-root=""');
    expect(html).toContain('data-tributary-portal=""');
    expect(html).toContain('data-theme="auto"');
  });

  it('renders AppCatalog in its loading state', () => {
    const html = renderOnServer(<AppCatalog />);
    expect(html).toContain('data-part="app-catalog"');
    expect(html).toContain('Loading apps…');
  });

  it('renders ConnectDialog as its trigger alone (the dialog portals only in the browser)', () => {
    const html = renderOnServer(
      <ConnectDialog app={app} defaultOpen>
        <button type="button">Connect</button>
      </ConnectDialog>,
    );
    expect(html).toContain('Connect</button>');
    expect(html).not.toContain('role="dialog"');
  });

  it('renders CollectionPicker in its loading state', () => {
    const html = renderOnServer(<CollectionPicker connectionId="connection-1" />);
    expect(html).toContain('data-part="collection-picker"');
    expect(html).toContain('Loading collections…');
  });

  it('renders FieldMappingEditor in its loading state', () => {
    const html = renderOnServer(<FieldMappingEditor dataSource={{ connectionId: 'connection-1', dataModel: 'users' }} />);
    expect(html).toContain('data-part="field-mapping-editor"');
    expect(html).toContain('Loading field mapping…');
  });

  it('renders ImportRuns with its start button and empty list', () => {
    const html = renderOnServer(<ImportRuns dataSource={{ connectionId: 'connection-1', dataModel: 'users' }} />);
    expect(html).toContain('Start import');
    expect(html).toContain('No imports yet.');
  });

  it('renders Connections in its loading state', () => {
    const html = renderOnServer(<Connections />);
    expect(html).toContain('data-part="connections"');
    expect(html).toContain('Loading connections…');
  });

  it('renders ImportSetup at its first step, without reading session storage', () => {
    const html = renderOnServer(<ImportSetup />);
    expect(html).toContain('data-part="import-setup"');
    expect(html).toContain('aria-current="step"');
  });
});
