import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { relayCrm } from '../../mocks/index.ts';
import { brands, type Brand } from '../../stories/theming/brands.ts';
import { axeViolations } from './axe.ts';
import { useStorybookSite } from './storybookSite.ts';

const STYLES = resolve(import.meta.dirname, '../../src/react/styles.css');
const site = useStorybookSite();



/** Opens a story and waits until it has rendered its prepared state (or fails, saying why). */
async function openStory(id: string): Promise<Page> {
  const page = await site.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story`);
  await page.locator('[data-tributary-root]').first().waitFor();
  await page.waitForFunction(() => !document.body.textContent?.includes('Preparing the story…'));
  expect(await page.getByText(/Story setup failed/).count(), 'story setup').toBe(0);
  await page.locator('[data-part="app-card"]').first().waitFor();
  expect(errors).toEqual([]);
  return page;
}

/** Waits until no transition or finite animation is running, so computed styles are the settled ones. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity),
  );
}

/** Opens the connect dialog from the app's card in the catalog. */
async function openConnectDialog(page: Page, appName: string): Promise<void> {
  await page.locator('[data-part="app-card"]', { hasText: appName }).locator('[data-part="connect-button"]').click();
  await page.getByRole('dialog', { name: `Connect ${appName}` }).waitFor();
  await settled(page);
}

async function dialogGone(page: Page): Promise<void> {
  await page.locator('[data-part="connect-dialog"]').waitFor({ state: 'detached' });
}

function computed(page: Page, selector: string, properties: string[]): Promise<Record<string, string>> {
  return page.locator(selector).first().evaluate((node, names) => {
    const style = getComputedStyle(node);
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
  }, properties);
}

/** `#rrggbb` → Chromium's computed `rgb(r, g, b)`. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** One half of a brand's `light-dark(light, dark)` colour token, as a computed colour. */
function colour(brand: Brand, token: string, scheme: 'light' | 'dark'): string {
  const pair = /^light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)$/i.exec(brand.tokens[`--tributary-color-${token}`] ?? '');
  if (!pair) throw new Error(`${token} is not a light-dark() pair of hex colours`);
  return rgb(scheme === 'light' ? pair[1]! : pair[2]!);
}

/** A brand's length token as a computed pixel length (1rem = 16px in the story's document). */
function px(brand: Brand, token: string): string {
  const value = brand.tokens[`--tributary-${token}`] ?? '';
  const number = parseFloat(value);
  return `${value.endsWith('rem') ? number * 16 : number}px`;
}

/** Font stacks compare without quotes and spacing, which Chromium normalises. */
const family = (stack: string) => stack.replace(/["']/g, '').replace(/\s*,\s*/g, ',');

/** Relative luminance of a computed `rgb()` colour: 0 is black, 1 is white. */
function luminance(computedColour: string): number {
  const [r, g, b] = (computedColour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((channel) => {
    const value = Number(channel) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

describe('three brands and dark mode in Chromium', () => {
  it('every token a brand sets is one the kit declares, so none is silently ignored', () => {
    const declared = new Set(readFileSync(STYLES, 'utf8').match(/--tributary-[\w-]+(?=:)/g));
    for (const brand of Object.values(brands)) {
      for (const name of Object.keys(brand.tokens)) expect(declared.has(name), `${brand.name}: ${name}`).toBe(true);
    }
  });

  const looks: string[] = [];
  for (const [id, brand] of Object.entries(brands)) {
    it(`given the ${brand.name} brand, the kit's parts and its dialog take the brand's colours, font, radius and density`, async () => {
      const page = await openStory(`theming-brands--${id}`);
      const card = await computed(page, '[data-part="app-card"]', ['background-color', 'border-top-left-radius', 'padding-top']);
      expect(card).toEqual({
        'background-color': colour(brand, 'bg', 'light'),
        'border-top-left-radius': px(brand, 'radius'),
        'padding-top': px(brand, 'space-4'),
      });
      const button = await computed(page, '[data-part="connect-button"]', ['background-color', 'color', 'border-top-left-radius', 'min-height', 'font-family']);
      expect(button).toEqual({
        'background-color': colour(brand, 'accent', 'light'),
        color: colour(brand, 'accent-fg', 'light'),
        'border-top-left-radius': px(brand, 'radius-sm'),
        'min-height': px(brand, 'control-height'),
        'font-family': button['font-family'],
      });
      expect(family(button['font-family']!)).toBe(family(brand.tokens['--tributary-font']!));
      const name = await computed(page, '[data-part="app-name"]', ['font-size', 'color']);
      expect(name).toEqual({ 'font-size': px(brand, 'font-size-lg'), color: colour(brand, 'fg', 'light') });
      const badge = await computed(page, '[data-part="connection-status"]', ['color', 'border-top-left-radius']);
      expect(badge).toEqual({ color: colour(brand, 'success', 'light'), 'border-top-left-radius': px(brand, 'radius-pill') });
      looks.push(JSON.stringify([button, card]));

      // Dialogs render in the portal container, which carries the brand through portalClassName.
      await openConnectDialog(page, 'Harbor HR');
      const dialog = await computed(page, '[data-part="connect-dialog"]', ['background-color', 'font-family', 'padding-top']);
      expect(dialog['background-color']).toBe(colour(brand, 'bg', 'light'));
      expect(family(dialog['font-family']!)).toBe(family(brand.tokens['--tributary-font']!));
      expect(dialog['padding-top']).toBe(px(brand, 'space-5'));
      // The first field has the focus (and the accent border); the second shows the resting look.
      const input = await computed(page, '[data-part="field-input"]:not(:focus)', ['border-top-left-radius', 'border-top-color']);
      expect(input).toEqual({ 'border-top-left-radius': px(brand, 'radius-sm'), 'border-top-color': colour(brand, 'border-strong', 'light') });
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await dialogGone(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    });
  }

  it('the three brands look different from each other', () => {
    expect(looks).toHaveLength(3);
    expect(new Set(looks).size).toBe(3);
  });

  it('given the dark story, the kit and its dialog are dark whatever the viewer prefers', async () => {
    const page = await openStory('theming-brands--dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const brand = brands.ledger;
    const card = await computed(page, '[data-part="app-card"]', ['background-color', 'color']);
    expect(card).toEqual({ 'background-color': colour(brand, 'bg', 'dark'), color: colour(brand, 'fg', 'dark') });
    expect(luminance(card['background-color']!)).toBeLessThan(0.05);
    expect(luminance(card.color!)).toBeGreaterThan(0.6);
    expect((await computed(page, '[data-part="connect-button"]', ['background-color']))['background-color']).toBe(colour(brand, 'accent', 'dark'));
    await openConnectDialog(page, 'Harbor HR');
    const dialog = await computed(page, '[data-part="connect-dialog"]', ['background-color', 'color-scheme']);
    expect(dialog).toEqual({ 'background-color': colour(brand, 'bg', 'dark'), 'color-scheme': 'dark' });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

/*
 * What "no leak" means here, in both directions:
 * - kit → host: the kit's stylesheet changes no computed style of any host element. Checked by deleting the
 *   kit's `@layer tributary` from the page and finding every host element's style unchanged.
 * - host → kit: a host rule changes a kit element only where it names that element (a `button` rule and the
 *   kit's button), or, for an inherited property, an element between it and the kit's root. Un-layered host
 *   rules beat the kit's layer there, by design: it is how a host restyles the kit. Nothing reaches the kit
 *   otherwise: not the body's font, colour, spacing or alignment by inheritance, nor any rule that does not
 *   match. Checked by disabling the host's stylesheet and explaining every difference on every kit element by
 *   a host rule that matches it. Fenced with `@scope … to (kit nodes)`, the host's rules change nothing at all.
 */

/** Properties compared on every element, and which of them inherit. */
const INHERITED = [
  'color',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-transform',
  'text-align',
  'text-indent',
  'white-space',
  'list-style-type',
  'cursor',
  'color-scheme',
];
const NOT_INHERITED = [
  'background-color',
  'background-image',
  'border-top-color',
  'border-top-style',
  'border-top-width',
  'border-left-width',
  'border-top-left-radius',
  'border-bottom-right-radius',
  'box-shadow',
  'box-sizing',
  'padding-top',
  'padding-left',
  'margin-top',
  'margin-left',
  'row-gap',
  'column-gap',
  'display',
  'position',
  'z-index',
  'min-height',
  'outline-style',
  'text-decoration-line',
];
const PROPERTIES = [...INHERITED, ...NOT_INHERITED];
const KIT_ELEMENTS = '[data-tributary-root], [data-tributary-root] [data-part], [data-tributary-portal], [data-tributary-portal] [data-part]';
const HOST_ELEMENTS =
  ':is(html, body, #app, [data-host], #app h2, #app section, #app th):not([data-tributary-root] *, [data-tributary-portal] *)';

type Styles = Record<string, string>[];

/** Every matched element's computed value for each property, in document order. */
function readStyles(page: Page, selector: string): Promise<Styles> {
  return page.evaluate(
    ([query, properties]) =>
      [...document.querySelectorAll(query)].map((node) => {
        const style = getComputedStyle(node);
        // Margins as computed, not as laid out: an `auto` margin's pixels follow the width around it.
        const computedMargin = (name: string) => node.computedStyleMap().get(name)?.toString() ?? '';
        return Object.fromEntries(properties.map((name) => [name, name.startsWith('margin-') ? computedMargin(name) : style.getPropertyValue(name)]));
      }),
    [selector, PROPERTIES] as const,
  );
}

/** Each kit element's label and, per property, whether a host rule (matching it or, if inherited, an ancestor up to the kit's node) sets it. */
function hostReach(page: Page): Promise<{ label: string; reached: string[] }[]> {
  return page.evaluate(
    ([query, inherited, properties]) => {
      const sheet = (document.querySelector('style[data-host-stylesheet]') as HTMLStyleElement).sheet!;
      const rules = [...sheet.cssRules].filter((rule): rule is CSSStyleRule => rule instanceof CSSStyleRule);
      // Shorthands (`font`, `border`) come back from CSSOM as their longhands.
      const declares = (node: Element) =>
        new Set(rules.filter((rule) => node.matches(rule.selectorText)).flatMap((rule) => [...rule.style]));
      return [...document.querySelectorAll(query)].map((node) => {
        const own = declares(node);
        const chain = new Set<string>();
        for (let at: Element | null = node; at; at = at.parentElement) {
          for (const property of declares(at)) chain.add(property);
          if (at.matches('[data-tributary-root], [data-tributary-portal]')) break;
        }
        const reached = properties.filter((property) => own.has(property) || (inherited.includes(property) && chain.has(property)));
        return { label: node.getAttribute('data-part') ?? node.tagName, reached };
      });
    },
    [KIT_ELEMENTS, INHERITED, PROPERTIES] as const,
  );
}

async function setHostStylesheet(page: Page, enabled: boolean): Promise<void> {
  await page.evaluate((on) => {
    (document.querySelector('style[data-host-stylesheet]') as HTMLStyleElement).sheet!.disabled = !on;
  }, enabled);
  await settled(page);
}

/** Deletes the kit's cascade layer from whichever stylesheet holds it. */
async function removeKitStylesheet(page: Page): Promise<void> {
  const removed = await page.evaluate(() => {
    for (const sheet of document.styleSheets) {
      const index = [...sheet.cssRules].findIndex((rule) => rule instanceof CSSLayerBlockRule && rule.name === 'tributary');
      if (index >= 0) {
        sheet.deleteRule(index);
        return true;
      }
    }
    return false;
  });
  expect(removed, 'found the kit stylesheet').toBe(true);
  await settled(page);
}

/** Differences between two readings of the same elements, as `label property: before → after`. */
function differences(labels: string[], before: Styles, after: Styles, ignore: (index: number, property: string) => boolean = () => false): string[] {
  expect(after).toHaveLength(before.length);
  return before.flatMap((styles, index) =>
    PROPERTIES.filter((property) => styles[property] !== after[index]![property] && !ignore(index, property)).map(
      (property) => `${labels[index]} ${property}: ${styles[property]} → ${after[index]![property]}`,
    ),
  );
}

describe('the kit in an aggressive host page', () => {
  it("given the host's careless stylesheet, the kit's rules change nothing on the host's own elements, dialog open or not", async () => {
    const page = await openStory('theming-aggressive-host--careless');
    await openConnectDialog(page, 'Harbor HR');
    const labels = await page.evaluate((query) => [...document.querySelectorAll(query)].map((node) => node.getAttribute('data-host') ?? node.tagName), HOST_ELEMENTS);
    const withKit = await readStyles(page, HOST_ELEMENTS);
    // The host looks like itself: these are its own rules, not the browser's defaults.
    const at = (label: string) => withKit[labels.indexOf(label)]!;
    expect(at('button')['background-color']).toBe('rgb(255, 212, 0)');
    expect(at('heading')['text-transform']).toBe('uppercase');
    expect(at('input')['border-top-style']).toBe('dashed');
    expect(at('BODY')['font-family']).toContain('Georgia');
    expect(at('BODY')['text-align']).toBe('justify');
    await removeKitStylesheet(page);
    expect(differences(labels, withKit, await readStyles(page, HOST_ELEMENTS))).toEqual([]);
    await page.close();
  });

  it("given the host's careless stylesheet, its rules reach a kit element only where they name it", async () => {
    const page = await openStory('theming-aggressive-host--careless');
    await openConnectDialog(page, 'Harbor HR');
    const reach = await hostReach(page);
    const labels = reach.map((entry) => entry.label);
    const hosted = await readStyles(page, KIT_ELEMENTS);
    await setHostStylesheet(page, false);
    const clean = await readStyles(page, KIT_ELEMENTS);
    const named = (index: number, property: string) => reach[index]!.reached.includes(property);
    // A border or outline left at currentColor follows the colour, so it is reached where the colour is.
    const followsColour = (index: number, property: string) =>
      [hosted, clean].every((styles) => styles[index]![property] === styles[index]!.color) && named(index, 'color');
    const reachedBy = (index: number, property: string) => named(index, property) || followsColour(index, property);

    // Where a host rule names a kit element it wins, by design: the layer yields to the host.
    const connect = labels.indexOf('connect-button');
    expect(reachedBy(connect, 'background-color')).toBe(true);
    expect(hosted[connect]!['background-color']).toBe('rgb(255, 212, 0)');
    // Everywhere else the kit is itself: compare every property of every kit element, the dialog's included.
    expect(differences(labels, clean, hosted, reachedBy)).toEqual([]);
    const compared = reach.reduce((sum, entry) => sum + PROPERTIES.length - entry.reached.length, 0);
    expect(compared).toBeGreaterThan(1000);
    // Among them, what makes the kit recognisable: its surfaces, type and status colours.
    for (const [part, properties] of [
      ['app-card', ['background-color', 'border-top-left-radius', 'box-shadow']],
      ['connection-status', ['background-color', 'color', 'border-top-left-radius']],
      ['connect-dialog', ['background-color', 'border-top-left-radius', 'box-shadow', 'position', 'z-index']],
      ['app-description', ['font-family', 'color', 'letter-spacing', 'text-align', 'word-spacing']],
    ] as const) {
      for (const property of properties) expect(reachedBy(labels.indexOf(part), property), `${part} ${property}`).toBe(false);
    }
    // The dialog stays on top of the host's sticky header and content.
    await setHostStylesheet(page, true);
    const onTop = await page.locator('[data-part="connect-dialog"]').evaluate((dialog) => {
      const box = dialog.getBoundingClientRect();
      return dialog.contains(document.elementFromPoint(box.left + box.width / 2, box.top + 8));
    });
    expect(onTop).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("given the host's stylesheet fenced off with @scope, the kit looks exactly as it does on a clean page and the host keeps its look", async () => {
    const page = await openStory('theming-aggressive-host--fenced');
    await openConnectDialog(page, 'Harbor HR');
    const labels = (await hostReach(page)).map((entry) => entry.label);
    const hosted = await readStyles(page, KIT_ELEMENTS);
    expect(await computed(page, '[data-host="button"]', ['background-color'])).toEqual({ 'background-color': 'rgb(255, 212, 0)' });
    expect(hosted[labels.indexOf('connect-button')]!['background-color']).not.toBe('rgb(255, 212, 0)');
    await setHostStylesheet(page, false);
    expect(differences(labels, await readStyles(page, KIT_ELEMENTS), hosted)).toEqual([]);
    await page.close();
  });
});

/** What the page's html and body carry, and what else a modal could mark: everything a dialog might leave behind. */
function snapshotDocument(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const attributes = (node: Element) => [...node.attributes].map((attribute) => `${attribute.name}=${attribute.value}`).sort();
    const describe = (node: Element) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}[${attributes(node).join(' ')}]`;
    return {
      html: attributes(document.documentElement),
      body: attributes(document.body),
      bodyStyle: [document.body.style.cssText],
      bodyChildren: [...document.body.children].map(describe),
      headStyles: [...document.head.querySelectorAll('style')].map((style) => style.textContent ?? ''),
      // Modals hide the rest of the page from assistive technology while open.
      hidden: [...document.querySelectorAll('[aria-hidden], [data-aria-hidden], [inert]')]
        .filter((node) => !node.closest('[data-tributary-root], [data-tributary-portal]'))
        .map(describe),
    };
  });
}

describe('dialogs leave the host page as they found it', () => {
  /** Opens a dialog, checks the snapshot sees the modal's marks, closes it, and waits for the page to be as before. */
  async function openAndClose(page: Page, before: Record<string, string[]>, open: () => Promise<void>, close: () => Promise<void>, dialog: string, how: string) {
    await open();
    await page.locator(dialog).waitFor();
    await settled(page);
    // While open, the modal does mark the page (scroll lock, outside pointer events, hidden siblings): the
    // snapshot sees what it must see cleared.
    expect(await snapshotDocument(page), `open, before closing by ${how}`).not.toEqual(before);
    await close();
    await page.locator(dialog).waitFor({ state: 'detached' });
    await expect.poll(() => snapshotDocument(page), { timeout: 5_000, message: `after closing by ${how}` }).toEqual(before);
  }

  it('after the connect dialog closes by Escape, by its close button and by a successful submit, body and html carry nothing the kit left', async () => {
    const page = await openStory('theming-aggressive-host--careless');
    const before = await snapshotDocument(page);
    const open = () => page.locator('[data-part="app-card"]', { hasText: 'Relay CRM' }).locator('[data-part="connect-button"]').click();
    const dialog = page.getByRole('dialog', { name: 'Connect Relay CRM' });
    const closes: [string, () => Promise<void>][] = [
      ['Escape', () => page.keyboard.press('Escape')],
      ['the close button', () => dialog.getByRole('button', { name: 'Cancel' }).click()],
      [
        'a successful submit',
        async () => {
          await dialog.getByLabel('API key').fill(relayCrm.apiKey);
          await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
        },
      ],
    ];
    for (const [how, close] of closes) await openAndClose(page, before, open, close, '[data-part="connect-dialog"]', how);
    expect(await page.locator('[data-part="app-connections"] [data-part="connection"]').count()).toBe(2);
    await page.close();
  });

  it('after the disconnect confirmation closes by Escape, by Cancel and by confirming, body and html carry nothing the kit left', async () => {
    const page = await openStory('theming-aggressive-host--careless');
    const before = await snapshotDocument(page);
    const open = () => page.locator('[data-part="connections"] [data-part="disconnect-button"]').first().click();
    const dialog = page.getByRole('alertdialog');
    const closes: [string, () => Promise<void>][] = [
      ['Escape', () => page.keyboard.press('Escape')],
      // By keyboard, as the dialog's own focus order offers them.
      ['Cancel', () => dialog.getByRole('button', { name: 'Cancel' }).press('Enter')],
      ['confirming', () => dialog.getByRole('button', { name: 'Disconnect' }).press('Enter')],
    ];
    for (const [how, close] of closes) await openAndClose(page, before, open, close, '[data-part="disconnect-dialog"]', how);
    await expect.poll(() => page.locator('[data-part="connections"] [data-part="disconnect-button"]').count()).toBe(0);
    await page.close();
  });
});
