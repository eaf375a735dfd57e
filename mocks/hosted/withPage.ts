import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer as createViteServer } from 'vite';
import { connectorsWithConsentPages } from '../index.ts';
import { startHostedDemo, type HostedDemo, type HostedDemoOptions } from './demo.ts';

const root = fileURLToPath(new URL('./page/', import.meta.url));
// The mocked OAuth provider's consent page and the redirect page are the static files Storybook serves too.
const publicDir = fileURLToPath(new URL('../../.storybook/public/', import.meta.url));

/** The hosted demo with its page, served by Vite from `mocks/hosted/page/` on the same port. */
export async function startHostedDemoWithPage(options: Omit<HostedDemoOptions, 'fallback' | 'connectors'> & { port: number }): Promise<HostedDemo> {
  const vite = await createViteServer({
    root,
    configFile: false,
    plugins: [react()],
    appType: 'spa',
    publicDir,
    logLevel: 'warn',
    server: { middlewareMode: true, hmr: { port: options.port + 1 } },
  });
  try {
    const demo = await startHostedDemo({
      ...options,
      // A popup's navigation to the consent step is a page, not an API call: it comes from this server.
      connectors: connectorsWithConsentPages(`http://localhost:${options.port}/`),
      fallback: (req, res) => vite.middlewares(req, res),
    });
    return {
      ...demo,
      async close() {
        await demo.close();
        await vite.close();
      },
    };
  } catch (error) {
    await vite.close();
    throw error;
  }
}
