import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { relayCrm } from '../../mocks/index.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './staticServer.ts';

const STORYBOOK = resolve(import.meta.dirname, '../../storybook-static');
const STORY = 'host-settings-page--default';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  if (!existsSync(resolve(STORYBOOK, 'iframe.html'))) {
    throw new Error('storybook-static/ is missing: run `npm run build-storybook` first (npm test does).');
  }
  site = await serveStatic(STORYBOOK);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Records every status and delivered count the run list shows, from the first render on. */
async function watchRuns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { statuses: [] as string[], delivered: [] as number[] };
    (window as unknown as { __runWatch: typeof seen }).__runWatch = seen;
    const read = () => {
      const run = document.querySelector('[data-part="run"]');
      if (!run) return;
      const status = run.getAttribute('data-state') ?? '';
      if (seen.statuses.at(-1) !== status) seen.statuses.push(status);
      const delivered = Number(run.querySelector('[data-counter="delivered"]')?.getAttribute('data-value') ?? NaN);
      if (!Number.isNaN(delivered) && seen.delivered.at(-1) !== delivered) seen.delivered.push(delivered);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

describe('the Settings page story in Chromium', () => {
  it('connects Relay CRM, picks Users, saves the default mapping, imports, and the host receives every user', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // Failed responses are checked below by URL; the wrong key's 401 is expected.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console.error: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      const expected = response.status() === 401 && response.url().endsWith('/v1/me');
      if (response.status() >= 400 && !expected) problems.push(`HTTP ${response.status()} ${response.url()}`);
    });
    await page.goto(`${site.url}/iframe.html?id=${STORY}&viewMode=story`);

    // 1. Connect: a wrong key shows the app's error and saves nothing; the right key connects.
    const card = page.locator('[data-part="app-card"][data-app-id="relay-crm"]');
    await card.getByRole('button', { name: 'Connect Relay CRM' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect Relay CRM' });
    await dialog.getByLabel('API key').fill('relay_test_wrong_key');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Invalid API key');
    expect(await card.getAttribute('data-state')).toBe('not-connected');
    await dialog.getByLabel('API key').fill(relayCrm.apiKey);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await card.getAttribute('data-state')).toBe('connected');

    // 2. Pick the users data model; it says which collection it resolves to.
    const models = page.locator('[data-part="picker-group"][data-group="data-models"]');
    // The option is a card: a person clicks its label.
    await models.locator('label', { hasText: 'Users' }).click();
    expect(await models.getByRole('radio', { name: 'Users' }).isChecked()).toBe(true);
    expect(await models.textContent()).toContain('From the Users collection');

    // 3. The default mapping onto the host's user schema, saved as the tenant's own.
    const editor = page.locator('[data-part="mapping-form"]');
    await editor.getByText('Default mapping').waitFor();
    expect(await editor.getByRole('combobox', { name: 'External ID', exact: true }).inputValue()).toBe('User ID (id)');
    expect(await editor.getByRole('combobox', { name: 'Email', exact: true }).inputValue()).toBe('Email (email)');
    expect(await editor.getByRole('textbox', { name: 'Full name', exact: true }).inputValue()).toBe('{{first_name}} {{last_name}}');
    await editor.getByRole('button', { name: 'Save mapping' }).click();
    await editor.getByText('Mapping saved.').waitFor();
    expect(await editor.getByText('Default mapping').count()).toBe(0);

    // 4. Import, watching the run's status and counters live.
    await watchRuns(page);
    await page.getByRole('button', { name: 'Start import' }).click();
    const run = page.locator('[data-part="run"]').first();
    await expect.poll(() => run.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');
    const watched = await page.evaluate(() => (window as unknown as { __runWatch: { statuses: string[]; delivered: number[] } }).__runWatch);
    expect(watched.statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(watched.delivered.at(-1)).toBe(relayCrm.userCount);
    expect(watched.delivered.some((count) => count > 0 && count < relayCrm.userCount)).toBe(true);
    const counter = (name: string) => run.locator(`[data-counter="${name}"]`).getAttribute('data-value');
    expect(await counter('pages')).toBe('6');
    expect(await counter('fetched')).toBe(String(relayCrm.userCount));
    expect(await counter('delivered')).toBe(String(relayCrm.userCount));

    // 5. The host's receiver holds every user once.
    expect(await page.locator('[data-host="received-count"]').textContent()).toBe(String(relayCrm.userCount));
    expect(await page.locator('[data-host="duplicates"]').textContent()).toBe('0');

    if (process.env.TRIBUTARY_SCREENSHOT) await page.screenshot({ path: process.env.TRIBUTARY_SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
