import type { Preview } from '@storybook/react-vite';
import { handlers } from '../mocks/index.ts';
import '../src/react/styles.css';

const preview: Preview = {
  // The mocked apps answer in every story; a story may add overrides with msw.use().
  beforeEach({ msw }) {
    msw.use(...handlers);
  },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
