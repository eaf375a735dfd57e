import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { lumenDrive, relayCrm } from '../../mocks/index.ts';
import { REVOKE_AFTER_PAGES, REVOKED_KEY, REVOKED_MESSAGE, ROTATED_KEY } from '../../stories/flows/keyRotation.ts';
import { useStorybookSite, watchRuns } from './storybookSite.ts';

/*
 * The wizard driven the way a keyboard user drives it: Tab and Shift+Tab to move, Enter and Space to press,
 * arrow keys in radio groups, typing into the focused field. Locators only find what to assert on and check
 * where focus is; nothing is clicked or filled.
 */

const WIZARD = 'components-importsetup--fresh';
const REAUTH = 'flows-reauth--key-revoked-mid-import';
/** Long enough for a whole import in the browser's in-process engine. */
const IMPORT_TIMEOUT = 60_000;

const site = useStorybookSite();



interface Story {
  page: Page;
  /** Page errors, console errors and failed responses, except the ones the test expects. */
  problems: string[];
}

/**
 * Opens a story in a fresh context (so a popup it opens is the context's only other page), recording what went
 * wrong. `expectedFailures` are responses the story provokes on purpose, as `status path`.
 */
async function openStory(id: string, expectedFailures: string[] = []): Promise<Story> {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Failed responses are checked below by URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console.error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const failure = `${response.status()} ${new URL(response.url()).pathname}`;
    if (!expectedFailures.includes(failure)) problems.push(`HTTP ${failure}`);
  });
  await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story`);
  await page.locator('[data-tributary-root]').first().waitFor();
  await page.waitForFunction(() => !document.body.textContent?.includes('Preparing the story…'));
  expect(await page.getByText(/Story setup failed/).count(), 'story setup').toBe(0);
  return { page, problems };
}

async function closeStory({ page }: Story): Promise<void> {
  await page.context().close();
}

/** Whether `target` is the focused element. */
function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((node) => node === node.ownerDocument.activeElement);
}

async function expectFocus(target: Locator, message: string): Promise<void> {
  await expect.poll(() => hasFocus(target), { message: `focus on ${message}` }).toBe(true);
}

/** What has the focus, for messages. */
function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const node = document.activeElement;
    if (!node) return 'nothing';
    const name = node.getAttribute('aria-label') ?? node.textContent?.trim().slice(0, 40) ?? '';
    return `${node.tagName.toLowerCase()}[data-part=${node.getAttribute('data-part')}] "${name}"`;
  });
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (await hasFocus(target)) return;
  }
  throw new Error(`${max} presses of ${backwards ? 'Shift+Tab' : 'Tab'} never reached the target; focus is on ${await focusedElement(page)}`);
}

function wizardStep(page: Page): Promise<string | null> {
  return page.locator('[data-part="import-setup"]').getAttribute('data-step');
}

/** Waits for the wizard to move to `step` and checks that focus went to the new step's heading. */
async function expectStep(page: Page, step: string, heading: string): Promise<void> {
  await expect.poll(() => wizardStep(page), { message: 'wizard step' }).toBe(step);
  await expectFocus(page.getByRole('heading', { level: 2, name: heading }), `the "${heading}" heading`);
}

function counter(run: Locator, name: string): Promise<string | null> {
  return run.locator(`[data-counter="${name}"]`).first().getAttribute('data-value');
}

/** From the mapping step: saves the suggested mapping, goes on, starts the import and waits for its end. */
async function saveMappingAndImport(page: Page): Promise<Locator> {
  await expectStep(page, 'map', 'Map the fields');
  const save = page.getByRole('button', { name: 'Save mapping' });
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await page.locator('[data-part="step-note"][data-state="saved"]').waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }));
  await page.keyboard.press('Enter');

  await expectStep(page, 'start', 'Start the import');
  await tabTo(page, page.getByRole('button', { name: 'Start import' }));
  await page.keyboard.press('Enter');
  const run = page.locator('[data-part="run"]');
  await expect.poll(() => run.getAttribute('data-state'), { timeout: IMPORT_TIMEOUT, message: 'run status' }).toBe('succeeded');
  expect(await run.count()).toBe(1);
  return run;
}

describe('the import wizard in Chromium, by keyboard alone', () => {
  it('connects Relay CRM with its API key, picks Users, saves the mapping and imports every user', async () => {
    const story = await openStory(WIZARD);
    const { page } = story;
    expect(await wizardStep(page)).toBe('connect');

    // 1. Connect: the dialog opens on its key field; Enter in the field submits.
    await tabTo(page, page.getByRole('button', { name: 'Connect Relay CRM' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Relay CRM' });
    const key = dialog.getByLabel('API key');
    await expectFocus(key, 'the API key field');
    await page.keyboard.type(relayCrm.apiKey);
    expect(await key.inputValue()).toBe(relayCrm.apiKey);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // 2. Pick: Tab reaches the first option; the arrow keys move through the group and choose.
    await expectStep(page, 'pick', 'Choose what to import');
    const models = page.locator('[data-part="picker-group"][data-group="data-models"]');
    const users = models.getByRole('radio', { name: 'Users' });
    const contacts = models.getByRole('radio', { name: 'Contacts' });
    await tabTo(page, users);
    await page.keyboard.press('ArrowDown');
    await expectFocus(contacts, 'the Contacts option');
    await expect.poll(() => contacts.isChecked(), { message: 'Contacts chosen' }).toBe(true);
    await page.keyboard.press('ArrowUp');
    await expectFocus(users, 'the Users option');
    await expect.poll(() => users.isChecked(), { message: 'Users chosen' }).toBe(true);
    expect(await contacts.isChecked()).toBe(false);
    await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }));
    await page.keyboard.press('Enter');

    // 3 and 4. Map, then import: every user arrives, in Relay CRM's six pages.
    const run = await saveMappingAndImport(page);
    expect(await counter(run, 'pages')).toBe('6');
    expect(await counter(run, 'fetched')).toBe(String(relayCrm.userCount));
    expect(await counter(run, 'delivered')).toBe(String(relayCrm.userCount));
    const summary = page.locator('[data-part="setup-summary"]');
    expect(await summary.getAttribute('data-state')).toBe('succeeded');
    expect(await summary.textContent()).toContain(`${relayCrm.userCount} records from Relay CRM`);
    expect(story.problems).toEqual([]);
    await closeStory(story);
  });

  it('signs in to Lumen Drive in a popup opened by a keypress, picks Files, saves the mapping and imports every file', async () => {
    const story = await openStory(WIZARD);
    const { page } = story;

    // 1. Connect: the dialog opens on its sign-in button; Enter opens Lumen Drive's consent page in a popup.
    await tabTo(page, page.getByRole('button', { name: 'Connect Lumen Drive' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Lumen Drive' });
    const signIn = dialog.getByRole('button', { name: 'Sign in with Lumen Drive' });
    await expectFocus(signIn, 'the sign-in button');
    const popupOpened = page.context().waitForEvent('page');
    await page.keyboard.press('Enter');
    const popup = await popupOpened;
    await popup.waitForURL(/\/mock-oauth\/authorize\.html\?/);

    // 2. Consent, by keyboard in the popup: focus starts on Allow; Shift+Tab reaches Deny and Tab comes back.
    const allow = popup.getByRole('button', { name: 'Allow' });
    await allow.waitFor();
    await expectFocus(allow, 'Allow');
    await popup.keyboard.press('Shift+Tab');
    await expectFocus(popup.getByRole('button', { name: 'Deny' }), 'Deny');
    await popup.keyboard.press('Tab');
    await expectFocus(allow, 'Allow');
    await popup.keyboard.press('Enter');
    // The redirect page hands the answer to the wizard and closes itself.
    await expect.poll(() => popup.isClosed(), { message: 'popup closed' }).toBe(true);
    await dialog.waitFor({ state: 'detached' });

    // 3. Pick Files, the one data model Lumen Drive offers, with Space.
    await expectStep(page, 'pick', 'Choose what to import');
    const files = page.locator('[data-part="picker-group"][data-group="data-models"]').getByRole('radio', { name: 'Files' });
    await tabTo(page, files);
    expect(await files.isChecked()).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => files.isChecked()).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }));
    await page.keyboard.press('Enter');

    // 4 and 5. Map, then import: every file arrives.
    const run = await saveMappingAndImport(page);
    expect(await counter(run, 'fetched')).toBe(String(lumenDrive.fileCount));
    expect(await counter(run, 'delivered')).toBe(String(lumenDrive.fileCount));
    expect(await page.locator('[data-part="setup-summary"]').textContent()).toContain(`${lumenDrive.fileCount} records from Lumen Drive`);
    expect(story.problems).toEqual([]);
    await closeStory(story);
  });
});

describe('the wizard’s error paths in Chromium', () => {
  it('given a wrong API key, the dialog shows Relay CRM’s error and nothing is saved', async () => {
    const story = await openStory(WIZARD, ['401 /v1/me']);
    const { page } = story;
    const connect = page.getByRole('button', { name: 'Connect Relay CRM' });
    await tabTo(page, connect);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Relay CRM' });
    await expectFocus(dialog.getByLabel('API key'), 'the API key field');
    await page.keyboard.type('relay_test_wrong_key');
    await page.keyboard.press('Enter');

    const error = dialog.getByRole('alert');
    await expect.poll(() => error.textContent()).toContain('Invalid API key');
    expect(await error.getAttribute('data-error-code')).toMatch(/^auth\./);
    // The dialog stays open on the same key, to fix; Escape gives up and returns focus to the card's button.
    expect(await dialog.getByLabel('API key').inputValue()).toBe('relay_test_wrong_key');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocus(connect, 'the Connect Relay CRM button');

    // Nothing saved: the wizard has no connection to go on with and stays on its first step.
    expect(await wizardStep(page)).toBe('connect');
    expect(await page.locator('[data-part="app-card"][data-app-id="relay-crm"]').getAttribute('data-state')).toBe('not-connected');
    expect(await page.locator('[data-part="setup-connections"]').count()).toBe(0);
    expect(await page.locator('[data-part="import-setup"] [data-part="connection-status"]').count()).toBe(0);
    expect(story.problems).toEqual([]);
    await closeStory(story);
  });

  it('given the sign-in popup closed before consent, the dialog says the sign-in window was closed and nothing is saved', async () => {
    const story = await openStory(WIZARD);
    const { page } = story;
    await tabTo(page, page.getByRole('button', { name: 'Connect Lumen Drive' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Connect Lumen Drive' });
    await expectFocus(dialog.getByRole('button', { name: 'Sign in with Lumen Drive' }), 'the sign-in button');
    const popupOpened = page.context().waitForEvent('page');
    await page.keyboard.press('Enter');
    const popup = await popupOpened;
    await popup.waitForURL(/\/mock-oauth\/authorize\.html\?/);
    expect(await page.locator('[data-part="oauth-sign-in"]').getAttribute('data-state')).toBe('waiting');

    await popup.close();
    const error = dialog.getByRole('alert');
    await expect.poll(() => error.getAttribute('data-error-code'), { message: 'error code' }).toBe('oauth.popup-closed');
    expect(await error.textContent()).toBe('The Lumen Drive sign-in window was closed before the sign-in finished. Try again.');
    expect(await page.locator('[data-part="oauth-sign-in"]').getAttribute('data-state')).toBe('error');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await wizardStep(page)).toBe('connect');
    expect(await page.locator('[data-part="app-card"][data-app-id="lumen-drive"]').getAttribute('data-state')).toBe('not-connected');
    expect(await page.locator('[data-part="setup-connections"]').count()).toBe(0);
    expect(story.problems).toEqual([]);
    await closeStory(story);
  });

  it('given the key revoked mid-import, the run fails, the connection needs reauth, and after reconnecting the run resumes and delivers every user once', async () => {
    // Relay CRM refuses the revoked key on the users page after the last it serves, and on the reconnect attempt below.
    const story = await openStory(REAUTH, ['401 /v1/users', '401 /v1/me']);
    const { page } = story;
    const item = page.locator('[data-part="connection-item"]');
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-state')).toBe('connected');
    await watchRuns(page);

    // 1. Import: Relay CRM serves its pages, then revokes the key; the run fails on the auth error.
    await tabTo(page, page.getByRole('button', { name: 'Start import' }));
    await page.keyboard.press('Enter');
    const run = page.locator('[data-part="run"]');
    await expect.poll(() => run.getAttribute('data-state'), { timeout: IMPORT_TIMEOUT, message: 'run status' }).toBe('failed');
    const runId = await run.getAttribute('data-run-id');
    const delivered = REVOKE_AFTER_PAGES * 50;
    expect(await counter(run, 'pages')).toBe(String(REVOKE_AFTER_PAGES));
    expect(await counter(run, 'delivered')).toBe(String(delivered));
    const runError = page.locator('[data-part="run-error"]');
    expect(await runError.getAttribute('data-error-code')).toMatch(/^auth\./);
    expect(await runError.textContent()).toContain(REVOKED_MESSAGE);

    // 2. The connection needs re-authentication, says why, and suggests Reconnect.
    await expect.poll(() => item.getAttribute('data-state'), { message: 'connection status' }).toBe('needs-reauth');
    expect(await item.locator('[data-part="connection-status"]').getAttribute('data-state')).toBe('needs-reauth');
    expect(await item.locator('[data-part="connection-error"]').textContent()).toContain(REVOKED_MESSAGE);
    const reconnect = item.getByRole('button', { name: 'Reconnect Relay CRM' });
    expect(await reconnect.getAttribute('data-suggested')).not.toBeNull();

    // 3. Reconnect in place: the old key is refused with Relay CRM's message, the new one shown in the story works.
    await tabTo(page, reconnect, { backwards: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Reconnect Relay CRM' });
    const key = dialog.getByLabel('API key');
    await expectFocus(key, 'the API key field');
    await page.keyboard.type(REVOKED_KEY);
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain(REVOKED_MESSAGE);
    expect(await item.getAttribute('data-state')).toBe('needs-reauth');
    const shownKey = await page.locator('[data-host="rotated-key"]').textContent();
    expect(shownKey).toBe(ROTATED_KEY);
    await expectFocus(key, 'the API key field');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(shownKey!);
    expect(await key.inputValue()).toBe(ROTATED_KEY);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => item.getAttribute('data-state'), { message: 'connection status' }).toBe('connected');
    expect(await item.count()).toBe(1);

    // 4. Resume the same run from its checkpoint: it goes on from the page after the last one delivered.
    await tabTo(page, page.getByRole('button', { name: 'Resume from checkpoint' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => run.getAttribute('data-state'), { timeout: IMPORT_TIMEOUT, message: 'run status' }).toBe('succeeded');
    expect(await run.count()).toBe(1);
    expect(await run.getAttribute('data-run-id')).toBe(runId);
    expect(await counter(run, 'pages')).toBe('6');
    expect(await counter(run, 'fetched')).toBe(String(relayCrm.userCount));
    expect(await counter(run, 'delivered')).toBe(String(relayCrm.userCount));
    expect(await page.locator('[data-part="timeline-message"]').allTextContents()).toContain('Resuming Users from Relay CRM at its checkpoint.');

    // Every user reached the host exactly once: as many deliveries as users, none dropped as a repeat.
    expect(await page.locator('[data-host="received-count"]').textContent()).toBe(String(relayCrm.userCount));
    expect(await page.locator('[data-host="deliveries"]').textContent()).toBe(String(relayCrm.userCount));
    expect(await page.locator('[data-host="duplicates"]').textContent()).toBe('0');
    // Watched live: failed once, then resumed; the delivered count never went back, so nothing was fetched twice.
    const watched = await page.evaluate(() => (window as unknown as { __runWatch: { statuses: string[]; delivered: number[] } }).__runWatch);
    const failedAt = watched.statuses.indexOf('failed');
    expect(watched.statuses.filter((status) => ['succeeded', 'failed', 'cancelled'].includes(status))).toEqual(['failed', 'succeeded']);
    expect(watched.statuses.slice(0, failedAt)).toContain('running');
    expect(watched.statuses.slice(failedAt + 1)).toContain('running');
    expect(watched.delivered).toContain(delivered);
    expect(watched.delivered.at(-1)).toBe(relayCrm.userCount);
    expect(watched.delivered).toEqual([...watched.delivered].sort((a, b) => a - b));
    expect(story.problems).toEqual([]);
    await closeStory(story);
  });
});

