import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { brands } from '../../stories/theming/brands.ts';
import { useStorybookSite } from './storybookSite.ts';

/** Where the screenshots go for a person (or CI) to look at; ignored by git. */
const OUTPUT = resolve(import.meta.dirname, '../../test-output/screenshots');
/** A rendered settings page is tens of kilobytes of PNG; a blank or broken one is a few. */
const MIN_BYTES = 20_000;

const site = useStorybookSite();

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
});


interface Shot {
  story: string;
  file: string;
  colorScheme: 'light' | 'dark';
}

/**
 * The settings page in each theme: the three brands and the dark theme (the Theming stories are the host's
 * settings page wearing a brand), and the plain settings page as the viewer's light and dark preference shows it.
 */
const SHOTS: Shot[] = [
  ...Object.keys(brands).map((brand): Shot => ({ story: `theming-brands--${brand}`, file: `settings-${brand}.png`, colorScheme: 'light' })),
  { story: 'theming-brands--dark', file: 'settings-ledger-dark.png', colorScheme: 'light' },
  { story: 'host-settings-page--default', file: 'settings-page-light.png', colorScheme: 'light' },
  { story: 'host-settings-page--default', file: 'settings-page-dark.png', colorScheme: 'dark' },
];

/** Opens the story, waits for its prepared and settled state, and writes a full-page screenshot. */
async function screenshot({ story, file, colorScheme }: Shot): Promise<string> {
  const path = resolve(OUTPUT, file);
  rmSync(path, { force: true });
  const page = await site.browser.newPage({ colorScheme, viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${site.url}/iframe.html?id=${story}&viewMode=story`);
  await page.locator('[data-tributary-root]').first().waitFor();
  await page.waitForFunction(() => !document.body.textContent?.includes('Preparing the story…'));
  expect(await page.getByText(/Story setup failed/).count(), `${story} setup`).toBe(0);
  await page.locator('[data-part="app-card"]').first().waitFor();
  await page.waitForFunction(() => document.fonts.status === 'loaded');
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity),
  );
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  expect(errors, `${story} page errors`).toEqual([]);
  await page.close();
  return path;
}

/** Width and height from a PNG's header chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('screenshots of the settings page in each theme', () => {
  it('writes a full-page PNG per theme to test-output/screenshots/, each a real page and each brand its own', async () => {
    const written = new Map<string, Buffer>();
    for (const shot of SHOTS) {
      const path = await screenshot(shot);
      expect(existsSync(path), shot.file).toBe(true);
      expect(statSync(path).size, `${shot.file} bytes`).toBeGreaterThan(MIN_BYTES);
      const bytes = readFileSync(path);
      const { width, height } = pngSize(bytes);
      expect(width, `${shot.file} width`).toBe(1280);
      expect(height, `${shot.file} height`).toBeGreaterThanOrEqual(800);
      written.set(shot.file, bytes);
    }
    // Every screenshot differs from every other: three brands, dark from light, the plain page in both schemes.
    const files = [...written.keys()];
    for (const [index, file] of files.entries()) {
      for (const other of files.slice(index + 1)) expect(written.get(file)!.equals(written.get(other)!), `${file} vs ${other}`).toBe(false);
    }
  });
});
