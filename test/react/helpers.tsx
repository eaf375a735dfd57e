import { render, type RenderResult } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode, type ReactNode } from 'react';
import { expect, onTestFinished } from 'vitest';
import { connectors, relayCrm } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine, type DeliveredRecord, type Engine, type EngineOptions } from '../../src/engine/index.ts';
import { TributaryProvider, type TributaryProviderProps } from '../../src/react/index.ts';

export interface TestTributary {
  engine: Engine;
  client: TributaryClient;
  /** Every record the destination acknowledged. */
  delivered: DeliveredRecord[];
}

/** The real engine on the mocked apps (with `options`, e.g. the host's schemas), a client on it, and a destination that records deliveries. */
export function createTestTributary(options: Partial<EngineOptions> = {}): TestTributary {
  const delivered: DeliveredRecord[] = [];
  const engine = createEngine({
    connectors,
    destination: async (batch) => {
      delivered.push(...batch.records);
    },
    ...options,
  });
  const client = createClient({ engine });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  return { engine, client, delivered };
}

/** The mapping editor's row for a target field. */
export function mappingRow(field: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-part="mapping-row"][data-field="${CSS.escape(field)}"]`);
  if (!element) throw new Error(`No row for ${field}`);
  return element;
}

/** A second client on the same engine: what a page reload sees. */
export function reloadClient(engine: Engine): TributaryClient {
  const client = createClient({ engine });
  onTestFinished(() => client.close());
  return client;
}

export async function connectRelayCrm(client: TributaryClient) {
  return client.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
}

type ProviderOptions = Omit<TributaryProviderProps, 'client' | 'children'>;

/** Renders inside <StrictMode> and a provider, as a host app would. */
export function renderWithTributary(
  ui: ReactNode,
  client: TributaryClient,
  options: ProviderOptions = {},
): RenderResult {
  return render(
    <StrictMode>
      <TributaryProvider client={client} {...options}>
        {ui}
      </TributaryProvider>
    </StrictMode>,
  );
}

/** Fails with the list of axe violations (rule, help, nodes) found in `container`. */
export async function expectNoAxeViolations(container: Element): Promise<void> {
  // jsdom has no layout or canvas, so contrast is checked in a real browser instead.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} [${violation.nodes.map((node) => node.target.join(' ')).join(', ')}]`,
  );
  expect(violations).toEqual([]);
}

/** Every element our components render names its part, so hosts can style any of them. */
export function expectEveryElementNamed(container: Element): void {
  const unnamed = [...container.querySelectorAll('[data-tributary-root] *, [data-tributary-portal] *')]
    .filter((element) => !element.hasAttribute('data-part'))
    .map((element) => element.outerHTML.slice(0, 120));
  expect(unnamed).toEqual([]);
}
