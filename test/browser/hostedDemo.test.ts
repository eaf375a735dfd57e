/**
 * `npm run serve`'s page in Chromium: the kit on the HTTP transport against the
 * hosted engine on SQLite. Connect, pick, save the mapping, import; then change
 * a user in the mocked app and watch the flow run deliver it to the receiver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HostedDemo } from '../../mocks/hosted/demo.ts';
import { startHostedDemoWithPage } from '../../mocks/hosted/withPage.ts';
import { relayCrm } from '../../mocks/index.ts';
import { launchChromium } from './chromium.ts';

/** A free port and the one above it (Vite's HMR socket takes port + 1). */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: found } = probe.address() as { port: number };
        probe.close(() => resolve(found));
      });
    });
    const next = await new Promise<boolean>((resolve) => {
      const probe = createServer().once('error', () => resolve(false)).listen(port + 1, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (next) return port;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-demo-page-'));
let demo: HostedDemo;
let browser: Browser;

beforeAll(async () => {
  demo = await startHostedDemoWithPage({ dataDir, port: await freePorts() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the hosted demo page in Chromium', () => {
  it('imports over the HTTP transport, then a change in the app reaches the host through a signed webhook and a flow run', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    await page.goto(demo.url, { waitUntil: 'load' });

    const card = page.locator('[data-part="app-card"][data-app-id="relay-crm"]');
    await card.getByRole('button', { name: 'Connect Relay CRM' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Relay CRM' });
    await dialog.getByLabel('API key').fill(relayCrm.apiKey);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    const models = page.locator('[data-part="picker-group"][data-group="data-models"]');
    await models.locator('label', { hasText: 'Users' }).click();
    const editor = page.locator('[data-part="mapping-form"]');
    await editor.getByRole('button', { name: 'Save mapping' }).click();
    await editor.getByText('Mapping saved.').waitFor();

    await page.getByRole('button', { name: 'Start import' }).click();
    const stored = page.locator('[data-host="received-count"]');
    await expect.poll(() => stored.textContent(), { timeout: 60_000 }).toBe(String(relayCrm.userCount));

    await page.getByRole('button', { name: 'Register the webhook in Relay CRM' }).click();
    await page.getByText(/Relay CRM now posts changes to/).waitFor();
    await page.getByRole('button', { name: 'Update a user in Relay CRM' }).click();
    const said = (await page.getByText(/Relay CRM: user \S+ updated/).textContent()) ?? '';
    const id = /user (\S+) updated/.exec(said)?.[1] as string;
    const title = demo.relay.users.get(id)?.job_title as string;

    // The host's table shows the change, and the run list a flow run that delivered it.
    const latest = page.locator('table.acme-table tbody tr').first();
    await expect.poll(() => latest.textContent(), { timeout: 30_000 }).toContain(title);
    expect(await latest.textContent()).toContain(id);
    await expect.poll(() => page.locator('[data-part="run"][data-kind="flow"][data-state="succeeded"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    expect(problems).toEqual([]);
    await page.close();
  });
});
