// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../src/react/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

interface Declaration {
  property: string;
  value: string;
}

interface StyleRule {
  /** The selector list, whitespace collapsed. */
  selector: string;
  /** The at-rules it sits in, outermost first (`@layer tributary`, `@media …`). */
  atRules: string[];
  declarations: Declaration[];
}

interface Stylesheet {
  rules: StyleRule[];
  /** Every at-rule's prelude (`@layer tributary`, `@keyframes tributary-spin` …), blocks and statements alike. */
  atRules: { prelude: string; parents: string[] }[];
  /** Declarations that sit directly in an at-rule rather than in a style rule (there should be none). */
  stray: string[];
}

const squash = (text: string) => text.trim().replace(/\s+/g, ' ');

function splitDeclaration(text: string): Declaration | null {
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { property: text.slice(0, colon).trim().toLowerCase(), value: squash(text.slice(colon + 1)) };
}

/** A small CSS tokenizer: enough for our hand-written file (quotes, parentheses, nested at-rules, keyframes). */
function parse(source: string): Stylesheet {
  const sheet: Stylesheet = { rules: [], atRules: [], stray: [] };
  type Frame = { kind: 'at'; prelude: string } | { kind: 'keyframe' } | { kind: 'rule'; rule: StyleRule };
  const stack: Frame[] = [];
  let buffer = '';
  let quote: string | null = null;
  let depth = 0;
  const atParents = () => stack.flatMap((frame) => (frame.kind === 'at' ? [frame.prelude] : []));
  const flush = () => {
    const text = buffer.trim();
    buffer = '';
    if (!text) return;
    const top = stack.at(-1);
    if (text.startsWith('@')) sheet.atRules.push({ prelude: squash(text), parents: atParents() });
    else if (top?.kind === 'rule') {
      const declaration = splitDeclaration(text);
      if (declaration) top.rule.declarations.push(declaration);
    } else if (top?.kind !== 'keyframe') sheet.stray.push(squash(text));
  };
  for (const char of source) {
    if (quote) {
      buffer += char;
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (depth > 0 || (char !== '{' && char !== '}' && char !== ';')) {
      buffer += char;
      continue;
    }
    if (char === ';') flush();
    else if (char === '}') {
      flush();
      stack.pop();
    } else {
      const prelude = squash(buffer);
      buffer = '';
      const inKeyframes = stack.at(-1)?.kind === 'at' && /^@keyframes\b/.test((stack.at(-1) as { prelude: string }).prelude);
      if (prelude.startsWith('@')) {
        sheet.atRules.push({ prelude, parents: atParents() });
        stack.push({ kind: 'at', prelude });
      } else if (inKeyframes) stack.push({ kind: 'keyframe' });
      else {
        const rule: StyleRule = { selector: prelude, atRules: atParents(), declarations: [] };
        sheet.rules.push(rule);
        stack.push({ kind: 'rule', rule });
      }
    }
  }
  return sheet;
}

/** Splits a list on top-level commas (not those inside parentheses). */
function splitTopLevel(list: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of list) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
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

/**
 * Why a selector could match a node that is not ours, or null. Host markup rendered inside the provider (the host's
 * own <h2> or <button> between our parts) must never match, so type, class and id selectors are out, and so are
 * html, body, :root and :host; `*` only right under or beside one of our parts (`[data-part='x'] > * + *`).
 */
function selectorViolation(selector: string): string | null {
  const bare = selector.replace(/\[[^\]]*\]/g, '[]').replace(/::?[\w-]+/g, '');
  if (/:(root|host)\b/.test(selector)) return 'the document root';
  if (/[a-z_]/i.test(bare)) return 'a type, class or id selector';
  if (/#/.test(bare)) return 'an id selector';
  if (/(^|[^>+~])\*/.test(selector.replace(/\s*([>+~])\s*/g, '$1'))) return 'a descendant universal selector';
  return null;
}

/** Token blocks: rules on the provider's two nodes themselves (with a theme or not), which may declare tokens. */
const TOKEN_BLOCK =
  /^:where\(\[data-tributary-root\](\[data-theme='\w+'\])?, \[data-tributary-portal\](\[data-theme='\w+'\])?\)$/;
/** The one block every token is declared in, on both nodes at once. */
const BASE_TOKENS = ':where([data-tributary-root], [data-tributary-portal])';

/** Replaces each relative colour made from a token (`color(from T …)`, `oklch(from T …)`) by `T`, parentheses balanced. */
function reduceRelativeColours(value: string): string {
  const start = /\b[a-z-]+\(\s*from T\b/i.exec(value);
  if (!start) return value;
  let depth = 0;
  for (let i = start.index; i < value.length; i++) {
    if (value[i] === '(') depth++;
    if (value[i] === ')' && --depth === 0) return reduceRelativeColours(`${value.slice(0, start.index)}T${value.slice(i + 1)}`);
  }
  return value;
}

/**
 * Replaces each `var(--tributary-…)` (with or without a fallback that is itself one) by `T`, then each `calc()` made
 * only of `T`s, unitless numbers and operators, and each relative colour from a `T`, by `T`: a value derived from a
 * token stays on the token's scale.
 */
function reduceTokens(value: string): string {
  let out = value;
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = reduceRelativeColours(
      out
        .replace(/var\(--tributary-[\w-]+\)/g, 'T')
        .replace(/var\(--tributary-[\w-]+,\s*T\)/g, 'T')
        .replace(/calc\(\s*[T\d.\s*/+-]+\)/g, (expression) => (expression.includes('T') ? 'T' : expression)),
    );
  }
  return out;
}

/*
 * The allow-lists, kept small on purpose. A literal is fine only where it is not a design decision a brand would
 * want to change:
 * - `0`: nothing is nothing at any density;
 * - `auto`: a margin that pushes an item aside is layout, not spacing;
 * - `inherit`, `none`, `transparent`, `currentColor`: defer to something else instead of being a value;
 * - `50%` on a radius: a circle at any size;
 * - `em` lengths on font sizes and heights: relative to the font size, which is a token;
 * - `1px` heights: a hairline or a visually hidden live region, the same at every density;
 * - unitless numbers in `calc()` around a token, and relative colours made from a token (see reduceTokens);
 * - unitless line heights.
 */
const SPACING_KEYWORDS = new Set(['T', '0', 'auto', 'inherit']);
const RADIUS_KEYWORDS = new Set(['T', '0', '50%', 'inherit']);
/** Words allowed inside colour-bearing values (border styles, shadow keywords, color-mix's colour space). */
const COLOUR_WORDS = new Set([
  ...['transparent', 'currentcolor', 'inherit', 'none'],
  ...['solid', 'dashed', 'dotted', 'inset', 'underline'],
  ...['in', 'srgb', 'oklab'],
]);
const COLOUR_PROPERTY =
  /^(color|background(-color)?|border(-(top|right|bottom|left|block|inline)(-(start|end))?)?(-color)?|outline(-color)?|box-shadow|text-shadow|accent-color|caret-color|text-decoration(-color)?|fill|stroke)$/;
const SPACING_PROPERTY = /^(padding|margin)(-(top|right|bottom|left|block|inline)(-(start|end))?)?$|^(gap|row-gap|column-gap)$/;
const RADIUS_PROPERTY = /^border(-[a-z]+)*-radius$/;
// Maximum sizes are left out: they keep a dialog inside the viewport, they do not set density.
const DENSITY_PROPERTY = /^(min-)?(height|block-size)$|^font-size$/;

/** Why one declaration breaks the token rules, or null. */
function tokenViolation({ property, value }: Declaration): string | null {
  const reduced = reduceTokens(value);
  if (/#[0-9a-f]{3,8}\b/i.test(reduced)) return 'a hex colour';
  if (/\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|light-dark)\(/i.test(reduced)) return 'a colour function';
  if (/url\(/i.test(reduced)) return 'a url() (no network, no assets)';
  if (COLOUR_PROPERTY.test(property)) {
    const words = reduced
      .replace(/[\w-]+\(/g, '(')
      .replace(/-?\d*\.?\d+[a-z%]*/gi, '')
      .match(/[a-z][a-z-]*/gi);
    const stray = (words ?? []).filter((word) => word !== 'T' && !COLOUR_WORDS.has(word.toLowerCase()));
    if (stray.length > 0) return `a named colour or unknown word (${stray.join(', ')})`;
  }
  if (property === 'font-family' && !/^(T|inherit)$/.test(reduced)) return 'a font family that is not a token';
  if (property === 'font' && reduced !== 'inherit' && !reduced.includes('T')) return 'a font shorthand without the font token';
  if (RADIUS_PROPERTY.test(property) && !reduced.split(' ').every((part) => RADIUS_KEYWORDS.has(part))) {
    return 'a radius that is not a token';
  }
  if (SPACING_PROPERTY.test(property) && !reduced.split(' ').every((part) => SPACING_KEYWORDS.has(part))) {
    return 'a spacing that is not a token';
  }
  if (DENSITY_PROPERTY.test(property) && reduced !== '1px' && /\d(px|rem|pt|cm|mm|in|vh|vw)\b/.test(reduced)) {
    return 'an absolute size that is not a token';
  }
  return null;
}

/** Names of `--tributary-*` tokens a value reads, bare (`var(--x)`) or with a fallback (`var(--x, …)`). */
function tokensRead(value: string): { bare: string[]; withFallback: string[] } {
  const bare: string[] = [];
  const withFallback: string[] = [];
  // A fallback's own var() is a match of its own, so it counts as a bare read.
  for (const [, name, next] of value.matchAll(/var\((--tributary-[\w-]+)\s*([,)])/g)) (next === ',' ? withFallback : bare).push(name!);
  return { bare, withFallback };
}

describe('styles.css', () => {
  const sheet = parse(css);
  const { rules } = sheet;

  it('puts every rule in the tributary cascade layer', () => {
    expect(rules.length).toBeGreaterThan(50);
    for (const rule of rules) expect(rule.atRules[0], rule.selector).toBe('@layer tributary');
    expect(css.trim().startsWith('@layer tributary {')).toBe(true);
  });

  it('has one top-level block, the layer, and only scoped at-rules inside it', () => {
    const topLevel = sheet.atRules.filter((atRule) => atRule.parents.length === 0).map((atRule) => atRule.prelude);
    expect(topLevel).toEqual(['@layer tributary']);
    expect(sheet.stray).toEqual([]);
    for (const { prelude } of sheet.atRules.filter((atRule) => atRule.parents.length > 0)) {
      // No @import, @font-face, @property or nested layers: nothing that reaches the network or the global scope.
      expect(prelude, prelude).toMatch(/^@(media|container|supports|keyframes) /);
      // Keyframe names are global: ours carry the prefix so a host's `spin` never meets ours.
      if (prelude.startsWith('@keyframes')) expect(prelude).toMatch(/^@keyframes tributary-[\w-]+$/);
    }
  });

  it('wraps every selector in :where(), leaving at most pseudo-elements outside', () => {
    for (const rule of rules) {
      for (const selector of splitTopLevel(rule.selector)) {
        expect(outsideWhere(selector).replace(/::(before|after)/g, '').trim(), selector).toBe('');
      }
    }
  });

  it('styles only our own nodes: every rule is scoped to the provider root or portal', () => {
    for (const rule of rules) {
      for (const selector of splitTopLevel(rule.selector)) {
        expect(selector, selector).toMatch(/^:where\(\[data-tributary-(root|portal)\]/);
      }
    }
  });

  it('keys every compound selector on our data attributes: no element, class, id, html, body or :root selector', () => {
    const offenders = rules.flatMap((rule) => splitTopLevel(rule.selector).filter((selector) => selectorViolation(selector)));
    expect(offenders).toEqual([]);
  });

  it('takes every colour, radius, font family, spacing and size from a --tributary-* token', () => {
    const offenders: string[] = [];
    for (const rule of rules) {
      if (TOKEN_BLOCK.test(rule.selector)) continue;
      for (const declaration of rule.declarations) {
        const why = tokenViolation(declaration);
        if (why) offenders.push(`${declaration.property}: ${declaration.value} (${why}) in ${rule.selector}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('declares tokens only on the provider root and portal, and custom properties only in our namespace', () => {
    for (const rule of rules) {
      for (const { property } of rule.declarations.filter((declaration) => declaration.property.startsWith('--'))) {
        expect(property, rule.selector).toMatch(/^--tributary-/);
        expect(rule.selector, property).toMatch(TOKEN_BLOCK);
      }
    }
  });

  it('declares every token it reads on both the root and the portal', () => {
    const base = rules.find((rule) => rule.selector === BASE_TOKENS);
    expect(base, 'the token block on root and portal').toBeDefined();
    const declared = new Set(base!.declarations.map((declaration) => declaration.property).filter((name) => name.startsWith('--tributary-')));
    expect(declared.size).toBeGreaterThan(30);
    const undeclared = new Set<string>();
    for (const rule of rules) {
      for (const { value } of rule.declarations) {
        const read = tokensRead(value);
        for (const name of read.bare) if (!declared.has(name)) undeclared.add(name);
        // A token read with a fallback is a per-element hook a component sets inline (an app's colour), not a theme token.
        for (const name of read.withFallback) if (declared.has(name)) undeclared.add(`${name} (declared, yet read with a fallback)`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it('declares tokens on both the root and the portal, each colour with a light and a dark value', () => {
    const tokens = rules.find((rule) => rule.selector === BASE_TOKENS)?.declarations ?? [];
    const colours = tokens.filter(({ property }) => property.startsWith('--tributary-color-'));
    expect(colours.length).toBeGreaterThan(15);
    for (const { property, value } of colours) expect(value, property).toMatch(/^light-dark\(.+, .+\)$/);
  });

  it('picks the dark values by color-scheme: dark for the dark theme, the viewer\'s preference for auto', () => {
    expect(css).toMatch(/\[data-theme='dark'\][^{]*\{\s*color-scheme: dark;\s*\}/);
    expect(css).toMatch(/\[data-theme='auto'\][^{]*\{\s*color-scheme: light dark;\s*\}/);
    expect(rules.find((rule) => rule.selector === BASE_TOKENS)?.declarations).toContainEqual({ property: 'color-scheme', value: 'light' });
  });

  it('themes by token swap only: no rule outside the token blocks reads data-theme or prefers-color-scheme', () => {
    for (const rule of rules) {
      if (!TOKEN_BLOCK.test(rule.selector)) expect(rule.selector, rule.selector).not.toContain('data-theme');
    }
    expect(css).not.toMatch(/prefers-color-scheme/);
  });

  it('given unstyled, applies no rule except token declarations', () => {
    for (const rule of rules) {
      if (!TOKEN_BLOCK.test(rule.selector)) expect(rule.selector, rule.selector).toContain(':not([data-unstyled])');
    }
  });
});

describe('the token audit itself', () => {
  it('flags literals and accepts tokens, keywords and derived values', () => {
    const flagged = (property: string, value: string) => tokenViolation({ property, value }) !== null;
    expect(flagged('color', '#ffffff')).toBe(true);
    expect(flagged('color', 'white')).toBe(true);
    expect(flagged('background', 'rgb(0 0 0 / 0.5)')).toBe(true);
    expect(flagged('border', '1px solid red')).toBe(true);
    expect(flagged('border-radius', '0.25rem')).toBe(true);
    expect(flagged('padding', '0.0625rem var(--tributary-space-2)')).toBe(true);
    expect(flagged('gap', '2px')).toBe(true);
    expect(flagged('font-family', 'Georgia, serif')).toBe(true);
    expect(flagged('font-size', '1rem')).toBe(true);
    expect(flagged('min-height', '2.25rem')).toBe(true);
    expect(flagged('block-size', '2px')).toBe(true);

    expect(flagged('color', 'var(--tributary-color-fg)')).toBe(false);
    expect(flagged('border', '1px dashed var(--tributary-color-border-strong)')).toBe(false);
    expect(flagged('border', '1px solid color-mix(in srgb, var(--tributary-color-danger) 35%, transparent)')).toBe(false);
    expect(flagged('background', 'var(--tributary-app-color, var(--tributary-color-accent))')).toBe(false);
    expect(flagged('box-shadow', 'inset 0 0 0 2px var(--tributary-color-focus)')).toBe(false);
    expect(flagged('border-radius', 'calc(var(--tributary-radius) * 1.5)')).toBe(false);
    expect(flagged('border-radius', '50%')).toBe(false);
    expect(flagged('padding', '0 var(--tributary-space-3)')).toBe(false);
    expect(flagged('gap', 'calc(var(--tributary-space-1) / 2) var(--tributary-space-2)')).toBe(false);
    expect(flagged('margin-inline-start', 'auto')).toBe(false);
    expect(flagged('font', 'inherit')).toBe(false);
    expect(flagged('block-size', '0.875em')).toBe(false);
    expect(flagged('block-size', '1px')).toBe(false);
    expect(flagged('color', 'color(from var(--tributary-app-color, var(--tributary-color-accent)) xyz-d65 clamp(0, (0.179 - y) * 9, 1) y z)')).toBe(false);
    expect(flagged('color', 'color(from #ff0000 xyz-d65 x y z)')).toBe(true);
  });

  it('flags selectors that could reach a node that is not ours', () => {
    const root = ":where([data-tributary-root]:not([data-unstyled]))";
    expect(selectorViolation(`${root} :where(button)`)).not.toBeNull();
    expect(selectorViolation(`${root} :where(.card)`)).not.toBeNull();
    expect(selectorViolation(`${root} :where(#app)`)).not.toBeNull();
    expect(selectorViolation(':where(:root, [data-tributary-root])')).not.toBeNull();
    expect(selectorViolation(`:where(body ${root.slice(7, -1)})`)).not.toBeNull();
    expect(selectorViolation(`${root} :where([data-part='list'] *)`)).not.toBeNull();
    expect(selectorViolation(`${root} :where(*)`)).not.toBeNull();

    expect(selectorViolation(`${root} :where([data-part='cell'] > * + *)`)).toBeNull();
    expect(selectorViolation(`${root} :where([data-part='run']:hover:not(:disabled))::before`)).toBeNull();
  });

  it('parses declarations, nested at-rules and keyframes', () => {
    const parsed = parse(
      "@layer tributary { :where([data-tributary-root]) { content: ';{'; color: red } @media (x) { :where(a) { b: c } } @keyframes k { to { opacity: 0 } } }",
    );
    expect(parsed.rules).toEqual([
      { selector: ':where([data-tributary-root])', atRules: ['@layer tributary'], declarations: [{ property: 'content', value: "';{'" }, { property: 'color', value: 'red' }] },
      { selector: ':where(a)', atRules: ['@layer tributary', '@media (x)'], declarations: [{ property: 'b', value: 'c' }] },
    ]);
    expect(parsed.atRules.map((atRule) => atRule.prelude)).toEqual(['@layer tributary', '@media (x)', '@keyframes k']);
  });
});
