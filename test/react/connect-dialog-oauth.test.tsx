import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { connectors, consentRedirect, createLumenDrive, lumenDrive, oauthClients } from '../../mocks/index.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { createEngine, type AppSummary, type Connection } from '../../src/engine/index.ts';
import { ConnectDialog, completeOAuthRedirect, useConnections } from '../../src/react/index.ts';
import { server } from '../setup/msw.ts';
import { expectEveryElementNamed, expectNoAxeViolations, renderWithTributary } from './helpers.tsx';

/** What the dialog touches of the popup it opens: a stand-in that records where it was sent. */
interface FakePopup {
  closed: boolean;
  location: { href: string };
  close(): void;
}

function fakePopup(): FakePopup {
  return {
    closed: false,
    location: { href: '' },
    close() {
      this.closed = true;
    },
  };
}

/** `window.open` answering with `popup` (or null: a blocked popup). */
function stubOpen(popup: FakePopup | null) {
  return vi.spyOn(window, 'open').mockImplementation(() => popup as unknown as Window);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The real engine with Lumen Drive registered, against a fresh mocked Lumen Drive. */
async function oauthTributary(): Promise<{ client: TributaryClient; app: AppSummary }> {
  server.use(...createLumenDrive().handlers);
  const engine = createEngine({ connectors, oauthClients, destination: async () => undefined });
  const client = createClient({ engine });
  onTestFinished(async () => {
    client.close();
    await engine.dispose();
  });
  await client.start();
  return { client, app: client.getState().apps.find((candidate) => candidate.id === lumenDrive.appId)! };
}

/** What the redirect page posts to the opener once the provider sent the popup back. */
function postRedirect(url: string, origin = window.location.origin): void {
  act(() => {
    window.dispatchEvent(new MessageEvent('message', { origin, data: { type: 'tributary:oauth', url } }));
  });
}

/** Waits until the dialog sent the popup to the provider, and returns that URL. */
async function authorizationUrl(popup: FakePopup): Promise<string> {
  await waitFor(() => expect(popup.location.href).toMatch(/^https:\/\/auth\.lumen-drive\.test\/oauth\/authorize\?/));
  return popup.location.href;
}

function ConnectionList() {
  const connections = useConnections();
  return (
    <ul aria-label="Connections">
      {connections.map((connection) => (
        <li key={connection.id}>
          {connection.appName}: {connection.status}
        </li>
      ))}
    </ul>
  );
}

describe('ConnectDialog, signing in with OAuth', () => {
  it('opens the popup in the click, sends it to the provider, and on the answer connects, closes the popup and the dialog', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    const open = stubOpen(popup);
    const onConnected = vi.fn<(connection: Connection) => void>();
    const { container } = renderWithTributary(
      <>
        <ConnectionList />
        <ConnectDialog app={app} defaultOpen onConnected={onConnected} />
      </>,
      client,
    );

    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    expect(open).toHaveBeenCalledExactlyOnceWith('', 'tributary-oauth', 'popup,width=520,height=640');
    expect(within(dialog).getByRole('status')).toHaveTextContent('Finish signing in to Lumen Drive in the window that opened.');
    expect(container.ownerDocument.querySelector('[data-part="oauth-sign-in"]')).toHaveAttribute('data-state', 'waiting');

    const url = new URL(await authorizationUrl(popup));
    expect(url.searchParams.get('redirect_uri')).toBe(`${window.location.origin}/oauth-callback.html`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expectEveryElementNamed(container.ownerDocument.querySelector('[data-tributary-portal]')!);
    await expectNoAxeViolations(container.ownerDocument.body);

    postRedirect(consentRedirect(url.toString(), 'allow'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(onConnected).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ appId: lumenDrive.appId, status: 'connected' }));
    expect(popup.closed).toBe(true);
    expect(within(screen.getByRole('list', { name: 'Connections' })).getByRole('listitem')).toHaveTextContent('Lumen Drive: connected');
  });

  it('uses the provider’s oauthRedirectUri, and re-authorises a given connection in place', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const first = fakePopup();
    stubOpen(first);
    const redirectUri = 'https://host.example/auth/done';
    renderWithTributary(<ConnectDialog app={app} defaultOpen />, client, { oauthRedirectUri: redirectUri });
    await user.click(await screen.findByRole('button', { name: 'Sign in with Lumen Drive' }));
    const url = await authorizationUrl(first);
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(redirectUri);
    // The redirect page is the host's; its message still comes from this origin.
    postRedirect(consentRedirect(url, 'allow'));
    await waitFor(() => expect(client.getState().connections).toHaveLength(1));
    const connection = client.getState().connections[0]!;

    const startOAuth = vi.spyOn(client, 'startOAuth');
    const again = fakePopup();
    stubOpen(again);
    const onConnected = vi.fn<(connection: Connection) => void>();
    renderWithTributary(<ConnectDialog app={app} defaultOpen connectionId={connection.id} onConnected={onConnected} />, client, { oauthRedirectUri: redirectUri });
    const dialog = await screen.findByRole('dialog', { name: 'Reconnect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    postRedirect(consentRedirect(await authorizationUrl(again), 'allow'));
    await waitFor(() => expect(onConnected).toHaveBeenCalledOnce());
    expect(startOAuth).toHaveBeenCalledWith(lumenDrive.appId, redirectUri, connection.id);
    expect(onConnected.mock.calls[0]?.[0]).toMatchObject({ id: connection.id, status: 'connected' });
    expect(client.getState().connections).toHaveLength(1);
  });

  it('given a blocked popup, says so and starts nothing', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    stubOpen(null);
    const startOAuth = vi.spyOn(client, 'startOAuth');
    const { container } = renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    const alert = within(dialog).getByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'oauth.popup-blocked');
    expect(alert).toHaveTextContent('Your browser blocked the Lumen Drive sign-in window. Allow pop-ups for this site, then try again.');
    expect(startOAuth).not.toHaveBeenCalled();
    await expectNoAxeViolations(container.ownerDocument.body);
  });

  it('given the popup is closed before the provider answered, says so and can start again', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    stubOpen(popup);
    renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    await authorizationUrl(popup);
    popup.close();
    const alert = await within(dialog).findByRole('alert', {}, { timeout: 3000 });
    expect(alert).toHaveAttribute('data-error-code', 'oauth.popup-closed');
    expect(alert).toHaveTextContent('The Lumen Drive sign-in window was closed before the sign-in finished.');

    const retry = fakePopup();
    stubOpen(retry);
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    postRedirect(consentRedirect(await authorizationUrl(retry), 'allow'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('given the user denies access, shows the provider’s refusal and connects nothing', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    stubOpen(popup);
    const { container } = renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    postRedirect(consentRedirect(await authorizationUrl(popup), 'deny'));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'oauth.access-denied');
    expect(alert).toHaveTextContent('Access to Lumen Drive was not granted, so nothing was connected.');
    expect(popup.closed).toBe(true);
    expect(client.getState().connections).toEqual([]);
    expect(container.ownerDocument.querySelector('[data-part="oauth-sign-in"]')).toHaveAttribute('data-state', 'error');
    await expectNoAxeViolations(container.ownerDocument.body);
  });

  it('given an answer whose state is not the one started, refuses it without completing, and ignores other origins and messages', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    stubOpen(popup);
    const completeOAuth = vi.spyOn(client, 'completeOAuth');
    renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    const answer = new URL(consentRedirect(await authorizationUrl(popup), 'allow'));

    // Another origin's message, and this origin's unrelated ones, change nothing.
    postRedirect(answer.toString(), 'https://evil.example');
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { origin: window.location.origin, data: { type: 'something-else', url: answer.toString() } }));
      window.dispatchEvent(new MessageEvent('message', { origin: window.location.origin, data: { type: 'tributary:oauth', url: 'https://host.example/not-an-answer' } }));
    });
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(popup.closed).toBe(false);

    answer.searchParams.set('state', 'forged-state');
    postRedirect(answer.toString());
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'oauth.state-mismatch');
    expect(alert).toHaveTextContent('does not match this sign-in');
    expect(completeOAuth).not.toHaveBeenCalled();
    expect(popup.closed).toBe(true);
  });

  it('given no answer within the timeout, gives up and closes the popup', async () => {
    // Fake time still moves with real time, so the waits of Testing Library go on working.
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    stubOpen(popup);
    renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    await authorizationUrl(popup);

    await act(() => vi.advanceTimersByTimeAsync(5 * 60_000 - 1_000));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    const alert = within(dialog).getByRole('alert');
    expect(alert).toHaveAttribute('data-error-code', 'oauth.timeout');
    expect(alert).toHaveTextContent('Signing in to Lumen Drive took longer than 5 minutes.');
    expect(popup.closed).toBe(true);
  });

  it('closing the dialog mid-sign-in closes the popup and ignores a late answer', async () => {
    const user = userEvent.setup();
    const { client, app } = await oauthTributary();
    const popup = fakePopup();
    stubOpen(popup);
    renderWithTributary(<ConnectDialog app={app} defaultOpen />, client);
    const dialog = await screen.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await user.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    const url = await authorizationUrl(popup);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(popup.closed).toBe(true);
    const completeOAuth = vi.spyOn(client, 'completeOAuth');
    postRedirect(consentRedirect(url, 'allow'));
    expect(completeOAuth).not.toHaveBeenCalled();
  });
});

describe('completeOAuthRedirect', () => {
  it('posts the page’s URL to its opener on this origin only, then closes the page', () => {
    const postMessage = vi.fn();
    const close = vi.fn();
    const page = { opener: { postMessage }, location: { href: 'https://host.example/oauth-callback.html?code=c&state=s', origin: 'https://host.example' }, close };
    expect(completeOAuthRedirect(page as unknown as Window)).toBe(true);
    expect(postMessage).toHaveBeenCalledExactlyOnceWith({ type: 'tributary:oauth', url: 'https://host.example/oauth-callback.html?code=c&state=s' }, 'https://host.example');
    expect(close).toHaveBeenCalledOnce();
  });

  it('without an opener, leaves the page as it is', () => {
    const close = vi.fn();
    expect(completeOAuthRedirect({ opener: null, location: { href: 'https://host.example/cb', origin: 'https://host.example' }, close } as unknown as Window)).toBe(false);
    expect(close).not.toHaveBeenCalled();
  });
});
