import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './staticServer.ts';

export const STORYBOOK = resolve(import.meta.dirname, '../../storybook-static');

export interface StorybookSite {
  readonly browser: Browser;
  /** The static server's origin. */
  readonly url: string;
}

/**
 * Serves the built Storybook and launches Chromium for the test file that
 * calls it (before all its tests), and closes both after them.
 */
export function useStorybookSite(): StorybookSite {
  let browser: Browser | undefined;
  let site: Awaited<ReturnType<typeof serveStatic>> | undefined;
  beforeAll(async () => {
    if (!existsSync(resolve(STORYBOOK, 'index.json'))) throw new Error('storybook-static/ is missing: run `npm run build-storybook` first (npm test does).');
    site = await serveStatic(STORYBOOK);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running yet.');
      return browser;
    },
    get url() {
      if (!site) throw new Error('Storybook is not served yet.');
      return site.url;
    },
  };
}

/** Records every status and delivered count the first run row shows, from now on, in `window.__runWatch`. */
export async function watchRuns(page: Page): Promise<void> {
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
