import type { Meta, StoryObj } from '@storybook/react-vite';
import { useLayoutEffect, useState, type ReactNode } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { consentRedirect, harborHr, lumenDrive, relayCrm } from '../../mocks/index.ts';
import type { AppSummary } from '../../src/engine/index.ts';
import { ConnectDialog, useApps, useConnections } from '../../src/react/index.ts';
import { WithApp, withTributary } from './decorators.tsx';

const oauthApp: AppSummary = {
  id: 'cloud-drive',
  name: 'Cloud Drive',
  description: 'File storage with OAuth sign-in.',
  categories: ['files'],
  color: '#2563eb',
  auth: { type: 'oauth2', helpText: 'Sign in with your Cloud Drive account.', fields: [] },
  collections: [],
};

const meta = {
  title: 'Components/ConnectDialog',
  component: ConnectDialog,
  decorators: [withTributary],
  args: { app: oauthApp },
  parameters: {
    docs: {
      description: {
        component:
          'A modal form generated from the app’s auth fields, portalled into the provider’s own container. Secrets are masked and never shown again.',
      },
    },
  },
} satisfies Meta<typeof ConnectDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

function Controlled({ app }: { app: AppSummary }) {
  const [open, setOpen] = useState(true);
  const [connected, setConnected] = useState<string | null>(null);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open dialog
      </button>
      {connected && <p>Connected: {connected}</p>}
      <ConnectDialog app={app} open={open} onOpenChange={setOpen} onConnected={(c) => setConnected(c.id)} />
    </>
  );
}

/** API-key auth (Relay CRM). The demo key is `relay_test_2f8a61c9`. */
export const ApiKey: Story = {
  render: () => <WithApp appId={relayCrm.appId}>{(app) => <Controlled app={app} />}</WithApp>,
};

/** Basic auth (Harbor HR): a username and a masked password. */
export const BasicAuth: Story = {
  render: () => <WithApp appId={harborHr.appId}>{(app) => <Controlled app={app} />}</WithApp>,
};

/** The app rejects the key: its message shows in an alert and nothing is saved. */
export const Rejected: Story = {
  render: () => <WithApp appId={relayCrm.appId}>{(app) => <Controlled app={app} />}</WithApp>,
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Relay CRM' });
    await userEvent.type(within(dialog).getByLabelText('API key'), 'relay_test_wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Invalid API key'));
  },
};

/** Submitting an empty form says what is missing, without calling the app. */
export const Validation: Story = {
  render: () => <WithApp appId={harborHr.appId}>{(app) => <Controlled app={app} />}</WithApp>,
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Harbor HR' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await expect(await within(dialog).findByText('Password is required.')).toBeVisible();
  },
};

/** Lumen Drive's summary, once the client has loaded the apps. */
function WithLumenDrive({ children }: { children: (app: AppSummary) => ReactNode }) {
  const app = useApps().find((candidate) => candidate.id === lumenDrive.appId);
  return app ? children(app) : <p>Loading apps…</p>;
}

function ConnectionStatuses() {
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

/**
 * Stands in for `window.open` while the story is shown, as a browser that blocks pop-ups would,
 * or as a provider whose user answers at once.
 */
function WithWindowOpen({ open, children }: { open: typeof window.open; children: ReactNode }) {
  // Swapped before anyone can click, put back when the story goes.
  useLayoutEffect(() => {
    const original = window.open;
    window.open = open;
    return () => {
      window.open = original;
    };
  }, [open]);
  return children;
}

/** A popup whose user denies access as soon as it reaches Lumen Drive's consent step. */
const denyingPopup: typeof window.open = () => {
  const popup = {
    closed: false,
    close() {
      popup.closed = true;
    },
    location: {
      set href(url: string) {
        if (!url) return;
        setTimeout(() => window.postMessage({ type: 'tributary:oauth', url: consentRedirect(url, 'deny') }, window.location.origin), 50);
      },
    },
  };
  return popup as unknown as Window;
};

const blockedPopup: typeof window.open = () => null;

/**
 * OAuth 2 (Lumen Drive): the popup opens in the click, shows Lumen Drive's consent page (served by
 * Storybook from `mock-oauth/`), and on Allow comes back through `oauth-callback.html`; the engine then
 * exchanges the code with its PKCE verifier at the mocked token endpoint.
 */
export const OAuthSignIn: Story = {
  render: () => (
    <WithLumenDrive>
      {(app) => (
        <>
          <Controlled app={app} />
          <ConnectionStatuses />
        </>
      )}
    </WithLumenDrive>
  ),
};

/** The browser blocked the popup: the dialog says how to allow it. */
export const OAuthPopupBlocked: Story = {
  render: () => (
    <WithWindowOpen open={blockedPopup}>
      <WithLumenDrive>{(app) => <Controlled app={app} />}</WithLumenDrive>
    </WithWindowOpen>
  ),
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('blocked the Lumen Drive sign-in window'));
  },
};

/** The user denied access on the consent page: nothing is connected, and the dialog says so. */
export const OAuthAccessDenied: Story = {
  render: () => (
    <WithWindowOpen open={denyingPopup}>
      <WithLumenDrive>{(app) => <Controlled app={app} />}</WithLumenDrive>
    </WithWindowOpen>
  ),
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Lumen Drive' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Sign in with Lumen Drive' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Access to Lumen Drive was not granted'));
  },
};

/** "Test connection" checks the key with the app without saving anything. */
export const TestConnection: Story = {
  render: () => <WithApp appId={relayCrm.appId}>{(app) => <Controlled app={app} />}</WithApp>,
  play: async ({ canvasElement }) => {
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Relay CRM' });
    await userEvent.type(within(dialog).getByLabelText('API key'), relayCrm.apiKey);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Relay CRM accepted these credentials'));
  },
};
