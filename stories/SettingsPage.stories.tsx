import type { Meta, StoryObj } from '@storybook/react-vite';
import { SettingsPage } from './host/SettingsPage.tsx';

const meta = {
  title: 'Host/Settings page',
  component: SettingsPage,
  parameters: {
    docs: {
      description: {
        component:
          'The whole path in a plausible host page: connect a mocked app, pick Users, review the mapping, import, and see the records arrive at the host.',
      },
    },
  },
} satisfies Meta<typeof SettingsPage>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
