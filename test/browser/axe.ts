import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser build, injected into the page under test. */
export const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

export interface AxeCheckOptions {
  /** Rules to leave out, by id. Every other rule axe enables by default runs, colour contrast included. */
  disableRules?: readonly string[];
}

/**
 * Runs axe over the whole document and returns each violation as `rule (impact, help): targets`, so a failing
 * assertion says what and where. Injects axe once per document.
 */
export async function axeViolations(page: Page, { disableRules = [] }: AxeCheckOptions = {}): Promise<string[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (disabled) => {
    const { axe } = window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } };
    // Only violations are reported in full: axe then skips building selectors for every passing node.
    const options = { resultTypes: ['violations'], rules: Object.fromEntries(disabled.map((id) => [id, { enabled: false }])) };
    const result = await axe.run(document, options);
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, targets: nodes.map((node) => node.target.join(' ')) }));
  }, disableRules);
  return violations.map(({ id, impact, help, targets }) => `${id} (${impact ?? 'n/a'}, ${help}): ${targets.join(', ')}`);
}
