import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import { AppCatalog } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { connectRelayCrm, createTestTributary, expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

// By attribute, not role: while the modal dialog is open, Radix hides the rest of the page from the a11y tree.
function appCard(appId: string): HTMLElement {
  const card = document.querySelector<HTMLElement>(`[data-part="app-card"][data-app-id="${appId}"]`);
  if (!card) throw new Error(`No card for ${appId}`);
  return card;
}

async function openConnectDialog(user: ReturnType<typeof userEvent.setup>, appName: string) {
  await user.click(await screen.findByRole('button', { name: `Connect ${appName}` }));
  return screen.findByRole('dialog', { name: `Connect ${appName}` });
}

describe('AppCatalog', () => {
  it('lists every app with its name, description, categories and a Connect button', async () => {
    const { client } = createTestTributary();
    const { container } = renderWithTributary(<AppCatalog />, client);

    expect(await screen.findByRole('heading', { name: 'Relay CRM' })).toBeInTheDocument();
    const relay = appCard(relayCrm.appId);
    expect(relay).toHaveAttribute('data-state', 'not-connected');
    expect(within(relay).getByText(/Sales CRM/)).toBeInTheDocument();
    expect(within(within(relay).getByRole('list', { name: 'Categories' })).getByText('crm')).toBeInTheDocument();
    expect(within(relay).getByText('RC')).toHaveAttribute('data-part', 'app-monogram');
    expect(within(appCard(harborHr.appId)).getByRole('button', { name: 'Connect Harbor HR' })).toBeInTheDocument();
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given an existing connection, shows its status on the app card', async () => {
    const { client } = createTestTributary();
    await connectRelayCrm(client);
    renderWithTributary(<AppCatalog />, client);

    await waitFor(() => expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'connected'));
    const connections = within(appCard(relayCrm.appId)).getByRole('list', { name: 'Relay CRM connections' });
    expect(within(connections).getByText('Connected')).toHaveAttribute('data-state', 'connected');
    expect(appCard(harborHr.appId)).toHaveAttribute('data-state', 'not-connected');
  });

  it('given a wrong API key, shows the app’s error, keeps the dialog open and saves no connection', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const onConnected = vi.fn();
    const { container } = renderWithTributary(<AppCatalog onConnected={onConnected} />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    // The dialog lives in the provider's portal container, not in document.body directly.
    expect(container.querySelector('[data-tributary-portal]')).toContainElement(dialog);
    const apiKey = within(dialog).getByLabelText('API key');
    expect(apiKey).toHaveAttribute('type', 'password');
    expect(apiKey).toHaveAttribute('autocomplete', 'off');
    await user.type(apiKey, 'relay_test_wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Invalid API key');
    expect(alert).toHaveAttribute('data-error-code', 'auth.invalid-credentials');
    expect(screen.getByRole('dialog', { name: 'Connect Relay CRM' })).toBeInTheDocument();
    expect(await engine.listConnections({})).toEqual([]);
    expect(client.getState().connections).toEqual([]);
    expect(onConnected).not.toHaveBeenCalled();
    expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'not-connected');
    expectEveryElementNamed(container);
    await expectNoAxeViolations(container);
  });

  it('given the right API key, closes the dialog, reports the connection and lists it', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    const onConnected = vi.fn();
    renderWithTributary(<AppCatalog onConnected={onConnected} />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledTimes(1);
    expect(onConnected).toHaveBeenCalledWith(expect.objectContaining({ appId: relayCrm.appId, status: 'connected' }));
    expect(appCard(relayCrm.appId)).toHaveAttribute('data-state', 'connected');
    expect(within(appCard(relayCrm.appId)).getByText('Connected')).toBeInTheDocument();
    expect(await engine.listConnections({})).toHaveLength(1);
  });

  it('while connecting, disables the submit button and shows progress', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.get('*/me', async () => {
        await released;
        await delay(0);
        return undefined; // falls through to the app's own handler
      }),
    );
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    const busy = await within(dialog).findByRole('button', { name: 'Connecting…' });
    expect(busy).toBeDisabled();
    release();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('given an empty form, says what is missing without calling the app', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    expect(await within(dialog).findByText('API key is required.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
    expect(await engine.listConnections({})).toEqual([]);
  });

  it('given a basic-auth app, asks for username and password and connects with them', async () => {
    const user = userEvent.setup();
    const { client, engine } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Harbor HR');
    await user.type(within(dialog).getByLabelText('Admin email'), harborHr.username);
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    await user.type(password, harborHr.password);
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await engine.listConnections({})).toEqual([expect.objectContaining({ appId: harborHr.appId })]);
  });

  it('when Cancel is pressed, closes the dialog and returns focus to the Connect button', async () => {
    const user = userEvent.setup();
    const { client } = createTestTributary();
    renderWithTributary(<AppCatalog />, client);

    const dialog = await openConnectDialog(user, 'Relay CRM');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Connect Relay CRM' })).toHaveFocus());
  });
});
