import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  // msw-storybook-addon starts the service worker that plays the mocked apps.
  addons: ['msw-storybook-addon'],
  framework: { name: '@storybook/react-vite', options: {} },
  // Serves mockServiceWorker.js at the site root, where the worker must live.
  staticDirs: ['./public'],
  core: { disableTelemetry: true },
};

export default config;
