/**
 * `npm run serve`: the hosted demo on http://localhost:4400 (PORT to change it),
 * with its SQLite database and keys in `.tributary-data/` (TRIBUTARY_DATA_DIR
 * to change it). The page is served by Vite from `mocks/hosted/page/`.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { createServer as createViteServer } from 'vite';
import { connectorsWithConsentPages } from '../index.ts';
import { startHostedDemo } from './demo.ts';

const root = fileURLToPath(new URL('./page/', import.meta.url));
// The mocked OAuth provider's consent page and the redirect page are the static files Storybook serves too.
const publicDir = fileURLToPath(new URL('../../.storybook/public/', import.meta.url));
const port = Number(process.env.PORT ?? 4400);
const dataDir = process.env.TRIBUTARY_DATA_DIR ?? '.tributary-data';

const vite = await createViteServer({
  root,
  configFile: false,
  plugins: [react()],
  appType: 'spa',
  publicDir,
  logLevel: 'warn',
  server: { middlewareMode: true, hmr: { port: port + 1 } },
});
const demo = await startHostedDemo({
  dataDir,
  port,
  // A popup's navigation to the consent step is a page, not an API call: it comes from this server.
  connectors: connectorsWithConsentPages(`http://localhost:${port}/`),
  fallback: (req, res) => vite.middlewares(req, res),
});

console.log(`Tributary hosted demo: ${demo.url.replace('127.0.0.1', 'localhost')}`);
console.log(`  data folder   ${dataDir} (delete it to start afresh)`);
console.log(`  engine API    ${demo.url}/tributary  (commands, events, webhooks)`);
console.log('  Relay CRM API key: shown on the page; its webhooks post to the engine’s intake URL.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await demo.close();
  await vite.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
