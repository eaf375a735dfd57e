/**
 * The crash test with a real process: a hosted engine on a SQLite file is
 * killed with SIGKILL in the middle of an import and started again on the same
 * file. The import resumes from its checkpoint, and the host receiver ends with
 * every record exactly once after dropping repeated idempotency keys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getResponse, http } from 'msw';
import { afterAll, describe, expect, it } from 'vitest';
import { relayCrm, relayCrmHandlers } from '../../mocks/index.ts';
import { createHostReceiver } from '../../mocks/host/receiver.ts';
import { serveHandlers, type ServedHandlers } from '../../mocks/node/serveHandlers.ts';
import { createClient, type TributaryClient } from '../../src/client/index.ts';
import { generateWebhookSecret, type RunSnapshot } from '../../src/engine/index.ts';

const USERS = 3000;
/** The page size the Relay CRM connector asks for; each page is one delivered batch. */
const PAGE = 50;

async function startServer(database: string, appsUrl: string, receiverUrl: string, secret: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/killableServer.ts', database, appsUrl, receiverUrl, secret], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the server process exited (${String(code)}) before it listened`);
  });
  const [line] = (await Promise.race([once(child.stdout!, 'data'), exited])) as [Buffer];
  const { port } = JSON.parse(String(line).split('\n')[0]!) as { port: number };
  return { child, url: `http://127.0.0.1:${port}/tributary` };
}

function clientOf(url: string): TributaryClient {
  return createClient({ url, headers: { 'x-tenant': 'tenant-1' } });
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a hosted engine killed mid-import', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-kill-'));
  const children: ChildProcess[] = [];
  let served: ServedHandlers | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await served?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('resumes from its checkpoint after SIGKILL, and every record arrives once in effect', async () => {
    const secret = generateWebhookSecret();
    const receiverUrl = 'https://host.tributary.test/deliveries';
    const receiver = createHostReceiver({ url: receiverUrl, secret });
    // The kill lands at the worst moment: the receiver has stored the sixth page, and its answer never leaves.
    let victim: ChildProcess | undefined;
    const killer = http.post(receiverUrl, async ({ request }) => {
      const response = await getResponse(receiver.handlers, request);
      if (victim && receiver.accepted.length >= 6 * PAGE) {
        victim.kill('SIGKILL');
        await once(victim, 'exit');
        victim = undefined;
      }
      return response;
    });
    served = await serveHandlers([...relayCrmHandlers({ users: USERS, faults: { latencyMs: 10 } }), killer]);
    const database = join(folder, 'tributary.db');

    const first = await startServer(database, served.url, receiverUrl, secret);
    children.push(first.child);
    victim = first.child;
    const client = clientOf(first.url);
    const connection = await client.connect({ appId: relayCrm.appId, credentials: relayCrm.credentials });
    const run = await client.startImport({ connectionId: connection.id, dataModel: 'users' });
    client.close();

    await until(() => (first.child.exitCode !== null || first.child.signalCode !== null ? true : undefined));
    expect(first.child.signalCode).toBe('SIGKILL');
    const beforeRestart = receiver.accepted.length;
    expect(beforeRestart).toBeLessThan(USERS);

    const second = await startServer(database, served.url, receiverUrl, secret);
    children.push(second.child);
    const again = clientOf(second.url);
    await again.start();
    // The client's runs stay live over server-sent events.
    const finished = await until(() => {
      const found = again.getState().runs.find((candidate: RunSnapshot) => candidate.id === run.id);
      return found && ['succeeded', 'failed', 'cancelled'].includes(found.status) ? found : undefined;
    });
    again.close();
    second.child.kill('SIGTERM');

    expect(finished.status).toBe('succeeded');
    const ids = new Set(receiver.accepted.map((record) => record.id));
    expect(ids.size).toBe(USERS);
    expect(receiver.accepted).toHaveLength(USERS);
    // The page whose acknowledgement was lost came again, and only that page; the receiver dropped it.
    expect(receiver.duplicates).toBe(PAGE);
    expect(finished.log.some((entry) => /resum/i.test(entry.message))).toBe(true);
    console.log(`SIGKILL after ${beforeRestart} of ${USERS} records; after restart all ${ids.size} arrived, ${receiver.duplicates} redeliveries dropped by idempotency key`);
  }, 90_000);
});
