/**
 * `npm run serve`: the hosted demo on http://localhost:4400 (PORT to change it),
 * with its SQLite database and keys in `.tributary-data/` (TRIBUTARY_DATA_DIR
 * to change it). The page is served by Vite from `mocks/hosted/page/`.
 */
import { startHostedDemoWithPage } from './withPage.ts';

const port = Number(process.env.PORT ?? 4400);
const dataDir = process.env.TRIBUTARY_DATA_DIR ?? '.tributary-data';
const demo = await startHostedDemoWithPage({ dataDir, port });

console.log(`Tributary hosted demo: ${demo.url.replace('127.0.0.1', 'localhost')}`);
console.log(`  data folder   ${dataDir} (delete it to start afresh)`);
console.log(`  engine API    ${demo.url}/tributary  (commands, events, webhooks)`);
console.log('  Relay CRM API key: shown on the page; its webhooks post to the engine’s intake URL.');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await demo.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
