import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { relayCrm } from '../../mocks/index.ts';
import { AppCatalog } from '../../src/react/index.ts';
import { withTributary, type TributaryStoryParameters } from './decorators.tsx';

const meta = {
  title: 'Components/AppCatalog',
  component: AppCatalog,
  decorators: [withTributary],
  parameters: {
    docs: {
      description: {
        component:
          'The apps an end user can connect. Each card shows the app’s connections and a Connect button that opens `ConnectDialog`.',
      },
    },
  },
} satisfies Meta<typeof AppCatalog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing connected yet. */
export const Default: Story = {};

/** Relay CRM already connected: its card shows the connection and a Disconnect button. */
export const WithConnection: Story = {
  parameters: { tributary: { connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
};

/** A wrong API key: the app’s own message appears in the dialog, which stays open. */
export const WrongApiKey: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Connect Relay CRM' }));
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: 'Connect Relay CRM' });
    await userEvent.type(within(dialog).getByLabelText('API key'), 'relay_test_wrong');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('Invalid API key'));
  },
};

/** Dark theme: a token swap on the provider’s root and portal. */
export const Dark: Story = {
  parameters: {
    tributary: { theme: 'dark', connect: [relayCrm.appId] } satisfies TributaryStoryParameters,
    backgrounds: { default: 'dark' },
  },
  decorators: [
    (Story) => (
      <div style={{ background: '#0d1017', minHeight: '100vh' }}>
        <Story />
      </div>
    ),
  ],
};

/** `unstyled`: the kit’s CSS steps aside and only the data-part/data-state hooks remain for the host. */
export const Unstyled: Story = {
  parameters: { tributary: { unstyled: true, connect: [relayCrm.appId] } satisfies TributaryStoryParameters },
};
