import { describe, expect, it } from 'vitest';
import { relayCrm } from '../../mocks/index.ts';
import { useStorybookSite, watchRuns } from './storybookSite.ts';

const STORY = 'host-settings-page--default';

const site = useStorybookSite();




describe('the Settings page story in Chromium', () => {
  it('connects Relay CRM, picks Users, saves the default mapping, imports, and the host receives every user', async () => {
    const page = await site.browser.newPage();
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
