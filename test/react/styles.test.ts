// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../src/react/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Every selector (prelude of a style rule) with the at-rules it sits in. */
function styleRules(source: string): { selector: string; atRules: string[] }[] {
  const rules: { selector: string; atRules: string[] }[] = [];
  const stack: string[] = [];
  let prelude = '';
  for (const char of source) {
    if (char === '{') {
      const text = prelude.trim().replace(/\s+/g, ' ');
      prelude = '';
      if (text.startsWith('@') || stack.some((entry) => entry.startsWith('@keyframes'))) stack.push(text);
      else {
        rules.push({ selector: text, atRules: [...stack] });
        stack.push(text);
      }
    } else if (char === '}') {
      stack.pop();
      prelude = '';
    } else if (char === ';') {
      prelude = '';
    } else {
      prelude += char;
    }
  }
  return rules;
}

/** Splits a selector list on top-level commas. */
function selectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

/** What is left of a selector once every :where(…) is removed. */
function outsideWhere(selector: string): string {
  let out = '';
  for (let i = 0; i < selector.length; i++) {
    if (selector.startsWith(':where(', i)) {
      let depth = 0;
      for (; i < selector.length; i++) {
        if (selector[i] === '(') depth++;
        if (selector[i] === ')' && --depth === 0) break;
      }
    } else out += selector[i];
  }
  return out;
}

describe('styles.css', () => {
  const rules = styleRules(css);

  it('puts every rule in the tributary cascade layer', () => {
    expect(rules.length).toBeGreaterThan(50);
    for (const rule of rules) expect(rule.atRules[0], rule.selector).toBe('@layer tributary');
    expect(css.trim().startsWith('@layer tributary {')).toBe(true);
  });

  it('wraps every selector in :where(), leaving at most pseudo-elements outside', () => {
    for (const rule of rules) {
      for (const selector of selectors(rule.selector)) {
        expect(outsideWhere(selector).replace(/::(before|after)/g, '').trim(), selector).toBe('');
      }
    }
  });

  it('styles only our own nodes: every rule is scoped to the provider root or portal', () => {
    for (const rule of rules) {
      for (const selector of selectors(rule.selector)) {
        expect(selector, selector).toMatch(/^:where\(\[data-tributary-(root|portal)\]/);
      }
    }
  });

  it('declares tokens on both the root and the portal, each colour with a light and a dark value', () => {
    const tokens = /:where\(\[data-tributary-root\], \[data-tributary-portal\]\) \{([^}]*)\}/.exec(css)?.[1] ?? '';
    const colours = [...tokens.matchAll(/(--tributary-color-[\w-]+):\s*([^;]+);/g)];
    expect(colours.length).toBeGreaterThan(15);
    for (const [, name, value] of colours) expect(value, name).toMatch(/^light-dark\(.+, .+\)$/);
  });

  it('picks the dark values by color-scheme: dark for the dark theme, the viewer\'s preference for auto', () => {
    expect(css).toMatch(/\[data-theme='dark'\][^{]*\{\s*color-scheme: dark;\s*\}/);
    expect(css).toMatch(/\[data-theme='auto'\][^{]*\{\s*color-scheme: light dark;\s*\}/);
  });

  it('given unstyled, applies no rule except token declarations', () => {
    for (const rule of rules) {
      const declaresTokensOnly = /^:where\(\[data-tributary-root\](\[data-theme='\w+'\])?, \[data-tributary-portal\](\[data-theme='\w+'\])?\)$/.test(
        rule.selector,
      );
      if (!declaresTokensOnly) expect(rule.selector, rule.selector).toContain(':not([data-unstyled])');
    }
  });
});
