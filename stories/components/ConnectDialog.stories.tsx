import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { harborHr, relayCrm } from '../../mocks/index.ts';
import type { AppSummary } from '../../src/engine/index.ts';
import { ConnectDialog } from '../../src/react/index.ts';
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

/** OAuth apps cannot be connected from here yet. */
export const OAuthNotSupported: Story = {
  render: (args) => <Controlled app={args.app} />,
};
