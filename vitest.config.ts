import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One project per kind of test, so `vitest run --project engine --project react`
// runs a subset. Inline projects don't inherit this file's options in Vitest 4,
// so each one is complete on its own.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'engine',
          environment: 'node',
          include: ['test/engine/**/*.test.ts', 'test/client/**/*.test.ts'],
          // Starts msw's node server; unhandled requests fail the test.
          setupFiles: ['test/setup/msw.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/msw.ts', 'test/setup/react.ts'],
          // A user-event test types into a 300-field editor; on a busy 2-core runner that takes seconds.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          // Tests here run real HTTP servers and child processes on loopback;
          // loopback.ts lets fetch reach them past msw.
          setupFiles: ['test/setup/msw.ts', 'test/server/loopback.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'architecture',
          environment: 'node',
          include: ['test/architecture/**/*.test.ts', 'test/package/**/*.test.ts'],
          // These lint the tree and spawn node/tsc against dist/.
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          // Serves the built storybook-static/ and drives a real Chromium.
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
