import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.ts';
import { useStorybookSite, STORYBOOK } from './storybookSite.ts';

/** Pages checking stories side by side: the stories wait on timers and mocked apps more than on the CPU. */
const PAGES = 2;
const site = useStorybookSite();

function storyIds(): string[] {
  const index = JSON.parse(readFileSync(resolve(STORYBOOK, 'index.json'), 'utf8')) as { entries: Record<string, { type: string }> };
  return Object.entries(index.entries)
    .filter(([, entry]) => entry.type === 'story')
    .map(([id]) => id);
}



/** Phases of Storybook's render after which the story, its play function included, is done. */
const DONE = ['completed', 'afterEach', 'finished'];

/**
 * Rules about the page as a whole: one main landmark, a level-one heading, all content in landmarks. A story
 * that shows a component on its own is not a page (the host's page around it has those); a story that shows a
 * whole host page is held to them.
 */
const PAGE_RULES = ['landmark-one-main', 'page-has-heading-one', 'region'];
const isWholePage = (id: string) => /^(host-|theming-brands--|flows-)/.test(id);

type Preview = { __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } }; __STORYBOOK_ADDONS_CHANNEL__?: { emit: (event: string, payload: unknown) => void } };

/**
 * Shows the story (loading Storybook's preview only for a page's first story, then switching stories as
 * Storybook's own UI does) and waits until it has rendered its prepared state: Storybook has finished the render
 * and any play function, the kit's root is there, nothing is still being prepared, and no transition is running.
 * Returns why the story could not be checked, or nothing.
 */
async function showStory(page: Page, id: string): Promise<string | undefined> {
  if (!page.url().includes('/iframe.html')) await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story`);
  else await page.evaluate((storyId) => (window as unknown as Preview).__STORYBOOK_ADDONS_CHANNEL__?.emit('setCurrentStory', { storyId, viewMode: 'story' }), id);
  const phase = await page.waitForFunction(
    ([storyId, done]) => {
      const render = (window as unknown as Preview).__STORYBOOK_PREVIEW__?.currentRender;
      if (render?.id !== storyId || render.phase === undefined) return false;
      return render.phase === 'errored' || done.includes(render.phase) ? render.phase : false;
    },
    [id, DONE] as const,
    { timeout: 30_000 },
  );
  if ((await phase.jsonValue()) === 'errored') return 'the story errored in Storybook';
  await page.locator('[data-tributary-root]').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !document.body.textContent?.match(/Preparing the story…|Connecting…/), null, { timeout: 30_000 });
  if ((await page.getByText(/Story setup failed/).count()) > 0) return (await page.getByText(/Story setup failed/).first().textContent()) ?? 'setup failed';
  // Colour contrast is judged on settled colours, not halfway through a dialog's fade-in.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity),
  );
  return undefined;
}

describe('axe over every story in Chromium', () => {
  it('finds no accessibility violations in any story, colour contrast included', async () => {
    const ids = storyIds();
    expect(ids.length).toBeGreaterThan(20);
    const found: string[] = [];
    const queue = [...ids];
    const checked: string[] = [];
    const worker = async () => {
      const page = await site.browser.newPage();
      let current = '';
      page.on('pageerror', (error) => found.push(`${current}: page error: ${error.message}`));
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        current = id;
        try {
          const problem = await showStory(page, id);
          if (problem) {
            found.push(`${id}: ${problem}`);
            continue;
          }
          const disableRules = isWholePage(id) ? [] : PAGE_RULES;
          for (const violation of await axeViolations(page, { disableRules })) found.push(`${id}: ${violation}`);
          checked.push(id);
        } catch (error) {
          found.push(`${id}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: PAGES }, worker));
    expect(found).toEqual([]);
    expect(checked.sort()).toEqual([...ids].sort());
  });
});
