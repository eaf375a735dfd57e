import { render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  useApps,
  useClientStatus,
  useConnections,
  useRuns,
} from '../../src/react/index.ts';
import { connectors } from '../../mocks/index.ts';
import { connectRelayCrm, createTestTributary, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

function Headless() {
  const apps = useApps();
  const connections = useConnections();
  const runs = useRuns();
  const { status } = useClientStatus();
  return (
    <p>
      {status}: {apps.length} apps, {connections.length} connections, {runs.length} runs
    </p>
  );
}

describe('TributaryProvider', () => {
  it('renders a themed root around its children and a sibling portal container it owns', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<p>Inside</p>, client, { className: 'host-class', theme: 'dark' });

    const root = container.querySelector('[data-tributary-root]');
    const portal = container.querySelector('[data-tributary-portal]');
    expect(root).toHaveAttribute('data-theme', 'dark');
    expect(root).toHaveClass('host-class');
    expect(root).toContainElement(screen.getByText('Inside'));
    expect(portal).toHaveAttribute('data-theme', 'dark');
    expect(portal?.parentElement).toBe(root?.parentElement);
    expect(root).not.toHaveAttribute('data-unstyled');
    await expectNoAxeViolations(container);
  });

  it('given no theme, uses auto; given unstyled, marks root and portal so our CSS steps aside', () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(null, client, { unstyled: true });
    for (const node of container.querySelectorAll('[data-tributary-root], [data-tributary-portal]')) {
      expect(node).toHaveAttribute('data-theme', 'auto');
      expect(node).toHaveAttribute('data-unstyled');
    }
  });

  it('gives headless hooks the live client state', async () => {
    const { client } = createTestTributary();
    renderWithTributary(<Headless />, client);
    expect(await screen.findByText(`ready: ${connectors.length} apps, 0 connections, 0 runs`)).toBeInTheDocument();
    await connectRelayCrm(client);
    expect(await screen.findByText(`ready: ${connectors.length} apps, 1 connections, 0 runs`)).toBeInTheDocument();
  });

  it('given a hook outside the provider, it throws an error naming the provider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() =>
      render(
        <StrictMode>
          <Headless />
        </StrictMode>,
      ),
    ).toThrow(/inside <TributaryProvider>/);
    spy.mockRestore();
  });
});
