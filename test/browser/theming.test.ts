import { describe, expect, it } from 'vitest';
import { useStorybookSite } from './storybookSite.ts';

const site = useStorybookSite();



/** The catalog card's computed background once the story has rendered. */
async function cardBackground(story: string, colorScheme: 'light' | 'dark'): Promise<string> {
  const page = await site.browser.newPage({ colorScheme });
  await page.goto(`${site.url}/iframe.html?id=${story}&viewMode=story`);
  const card = page.locator('[data-part="app-card"]').first();
  await card.waitFor();
  const background = await card.evaluate((node) => getComputedStyle(node).backgroundColor);
  await page.close();
  return background;
}

describe('themes in Chromium', () => {
  it('given theme dark, renders the dark tokens whatever the viewer prefers', async () => {
    expect(await cardBackground('components-appcatalog--dark', 'light')).toBe('rgb(22, 26, 34)');
  });

  it('given theme auto, follows the viewer\'s colour-scheme preference', async () => {
    expect(await cardBackground('components-appcatalog--default', 'light')).toBe('rgb(255, 255, 255)');
    expect(await cardBackground('components-appcatalog--default', 'dark')).toBe('rgb(22, 26, 34)');
  });
});
