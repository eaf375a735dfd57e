import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import type { AppSummary, Connection } from '../../src/engine/index.ts';
import { ConnectDialog } from '../../src/react/index.ts';
import {
  createTestTributary,
  expectEveryElementNamed,
  expectNoAxeViolations,
  renderWithTributary,
} from './helpers.tsx';

const oauthApp: AppSummary = {
  id: 'cloud-drive',
  name: 'Cloud Drive',
  description: 'Files',
  categories: ['files'],
  auth: { type: 'oauth2', fields: [] },
  collections: [],
};

describe('ConnectDialog', () => {
  it('given an OAuth app, offers to sign in with it instead of a form', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<ConnectDialog app={oauthApp} defaultOpen />, client);

    const dialog = await screen.findByRole('dialog', { name: 'Connect Cloud Drive' });
    expect(within(dialog).getByRole('button', { name: 'Sign in with Cloud Drive' })).toHaveAttribute('data-part', 'sign-in-button');
    expect(dialog).toHaveAccessibleDescription('Sign in to Cloud Drive in a pop-up window and allow access. Your Cloud Drive password is never shared.');
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('controlled by the host, opens on its state, connects and asks to close', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    await client.start();
    const app = client.getState().apps.find((candidate) => candidate.id === relayCrm.appId)!;
    const onConnected = vi.fn<(connection: Connection) => void>();
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Add Relay
          </button>
          <ConnectDialog
            app={app}
            open={open}
            onOpenChange={setOpen}
            onConnected={onConnected}
            className="host-dialog"
            classNames={{ 'submit-button': 'host-submit', 'dialog-overlay': 'host-overlay' }}
          />
        </>
      );
    }
    const { container } = renderWithTributary(<Host />, client);

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add Relay' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Relay CRM' });
    expect(dialog).toHaveClass('host-dialog');
    expect(dialog).toHaveAttribute('data-state', 'open');
    expect(dialog).toHaveAccessibleDescription('Find it in Relay CRM under Settings → Developers → API keys.');
    expect(container.querySelector('[data-part="dialog-overlay"]')).toHaveClass('host-overlay');
    const submit = within(dialog).getByRole('button', { name: 'Connect' });
    expect(submit).toHaveClass('host-submit');

    await user.type(within(dialog).getByLabelText('API key'), `  ${relayCrm.apiKey}  `);
    await user.click(submit);

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ appId: relayCrm.appId }));
  });

  it('tests the entered credentials without saving them: a refusal shows as an alert, a pass as a status that an edit clears', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    await client.start();
    const app = client.getState().apps.find((candidate) => candidate.id === relayCrm.appId)!;
    const { container } = renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Relay CRM' });
    const input = within(dialog).getByLabelText('API key');
    const test = within(dialog).getByRole('button', { name: 'Test connection' });

    await user.click(test);
    expect(await within(dialog).findByText('API key is required.')).toBeInTheDocument();

    await user.type(input, 'relay_test_wrong');
    await user.click(test);
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'auth.invalid-credentials');
    expect(alert).toHaveTextContent('Invalid API key');

    await user.clear(input);
    await user.type(input, relayCrm.apiKey);
    await user.click(test);
    const status = within(dialog).getByRole('status');
    await waitFor(() => expect(status).toHaveTextContent('Relay CRM accepted these credentials. Nothing is saved until you connect.'));
    expect(status).toHaveAttribute('data-state', 'passed');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    // Write-only: the key stays masked, and nothing was saved.
    expect(input).toHaveAttribute('type', 'password');
    expect(client.getState().connections).toEqual([]);
    expect(await engine.listConnections()).toEqual([]);
    await expectNoAxeViolations(container.ownerDocument.body);

    await user.type(input, 'x');
    expect(status).toHaveAttribute('data-state', 'idle');
    expect(status).toBeEmptyDOMElement();
  });

  it('given a connection, reconnects it in place with the new credentials', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    await client.start();
    const app = client.getState().apps.find((candidate) => candidate.id === relayCrm.appId)!;
    const connection = await client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const onConnected = vi.fn<(connection: Connection) => void>();
    renderWithTributary(<ConnectDialog app={app} defaultOpen connectionId={connection.id} onConnected={onConnected} />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Reconnect Relay CRM' });
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Reconnect' }));
    await waitFor(() => expect(onConnected).toHaveBeenCalledOnce());
    expect(onConnected.mock.calls[0]?.[0]).toMatchObject({ id: connection.id, status: 'connected' });
    expect(client.getState().connections).toHaveLength(1);
  });
});
