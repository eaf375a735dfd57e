import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useStorybookSite, STORYBOOK } from './storybookSite.ts';

const site = useStorybookSite();

function storyIds(): string[] {
  const index = JSON.parse(readFileSync(resolve(STORYBOOK, 'index.json'), 'utf8')) as { entries: Record<string, { type: string }> };
  return Object.entries(index.entries).filter(([, entry]) => entry.type === 'story').map(([id]) => id);
}



describe('every story in Chromium', () => {
  it('renders the kit with no page error and no failed story setup', async () => {
    const ids = storyIds();
    expect(ids.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const id of ids) {
      const page = await site.browser.newPage();
      page.on('pageerror', (error) => failures.push(`${id}: ${error.message}`));
      await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story`);
      try {
        await page.locator('[data-tributary-root]').first().waitFor({ timeout: 20_000 });
        // Stories that prepare data (connect, import) render once that is done, or say why not.
        await page.waitForFunction(() => !document.body.textContent?.match(/Preparing the story…|Connecting…/), null, { timeout: 30_000 });
        const setupError = await page.getByText(/Story setup failed/).count();
        if (setupError > 0) failures.push(`${id}: ${await page.getByText(/Story setup failed/).first().textContent()}`);
      } catch (error) {
        failures.push(`${id}: ${(error as Error).message.split('\n')[0]}`);
      }
      await page.close();
    }
    expect(failures).toEqual([]);
  });
});
