import type { SourceField } from '../connectors/connector.types.ts';
import type { TargetField } from './mapping.types.ts';
import { FILLER_WORDS, GENERIC_LEAVES, QUALIFIERS, SYNONYM_GROUPS } from './synonyms.ts';

/**
 * How much lower a name variant compares than the whole key or path. A path's
 * last part loses `lastPart` per step above it (`properties.Industry.select.name`
 * is no plain `name`); a name with a prefix left out loses `stripped` on top.
 */
export const PHRASE_PENALTY = { lastPart: 0.03, label: 0.05, stripped: 0.07 } as const;

export type PhraseKind = 'name' | 'part' | 'label';

/** One way to read a field's name, normalised for comparison. */
export interface Phrase {
  kind: PhraseKind;
  /** The raw key or path, for an exact comparison (`name` phrases only). */
  raw?: string;
  /** Words joined by single spaces: lower case, singular. */
  text: string;
  /** The distinct words, sorted: equal for the same words in any order. */
  key: string;
  /** Distinct words without filler. */
  words: readonly string[];
  /** Indexes of the synonym groups the phrase belongs to. */
  concepts: readonly number[];
  /** How the field shows it: the path's last part, a label. */
  shown: string;
  /** Leading words left out (a prefix or qualifier). */
  dropped?: string;
  penalty: number;
}

const FILLER = new Set(FILLER_WORDS);
const GENERIC = new Set(GENERIC_LEAVES);

/** `employees` → `employee`; short words, numbers and words like `status` or `address` stay as they are. */
function singular(word: string): string {
  if (word.length < 3 || !word.endsWith('s') || /\d/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:sses|uses|xes|ches|shes|zzes)$/.test(word)) return word.slice(0, -2);
  if (/(?:ss|us|is)$/.test(word)) return word;
  return word.slice(0, -1);
}

/**
 * A run of capitals before a capitalised word (`HTTP` in `HTTPStatus`), a
 * capitalised or lower-case word, digits, or letters without case.
 */
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|[\p{Lo}\p{Lm}\p{Lt}]+/gu;

/** A name's words in lower case, as written: `HTTPStatus2` → `['http', 'status', '2']`. */
export function spokenWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.matchAll(WORD)) words.push(match[0].toLowerCase());
  return words;
}

/** `firstName`, `first_name`, `First-Name` and `first names` → `['first', 'name']`. */
export function wordsOf(text: string): string[] {
  return spokenWords(text).map(singular);
}

function contentWords(words: readonly string[]): string[] {
  return [...new Set(words.filter((word) => !FILLER.has(word)))];
}

function keyOf(words: readonly string[]): string {
  return [...new Set(words)].sort().join(' ');
}

/** Synonym group lookups by normalised text and by sorted words. */
const conceptsByText = new Map<string, number[]>();
const conceptsByKey = new Map<string, number[]>();
for (const [index, group] of SYNONYM_GROUPS.entries()) {
  for (const entry of group.words) {
    const words = wordsOf(entry);
    for (const [map, name] of [[conceptsByText, words.join(' ')], [conceptsByKey, keyOf(words)]] as const) {
      const known = map.get(name);
      if (!known) map.set(name, [index]);
      else if (!known.includes(index)) known.push(index);
    }
  }
}
const QUALIFIER_WORDS = new Set(QUALIFIERS.flatMap(wordsOf));

/** The synonym group of record ids (`id`, `uid`, `object id` …). */
export const ID_CONCEPT = conceptsByText.get('id')?.[0];

function phrase(kind: PhraseKind, words: readonly string[], shown: string, penalty: number, raw?: string): Phrase {
  const text = words.join(' ');
  // Most names are one or two words: no sets to build for those.
  const key = words.length < 2 ? text : words.length === 2 && (words[0] as string) < (words[1] as string) ? text : keyOf(words);
  const concepts = conceptsByText.get(text) ?? conceptsByKey.get(key) ?? [];
  const content = words.length === 1 ? (FILLER.has(words[0] as string) ? [] : words) : contentWords(words);
  return { kind, ...(raw !== undefined ? { raw } : {}), text, key, words: content, concepts, shown, penalty };
}

/** The phrase without leading prefixes and qualifiers, when that leaves something. */
function stripped(base: Phrase, prefixes: readonly (readonly string[])[]): Phrase | undefined {
  let words = base.text.split(' ');
  const dropped: string[] = [];
  for (let changed = true; changed && words.length > 1; ) {
    changed = false;
    const first = words[0] as string;
    if (QUALIFIER_WORDS.has(first)) {
      dropped.push(first);
      words = words.slice(1);
      changed = true;
      continue;
    }
    for (const prefix of prefixes) {
      if (prefix.length < words.length && prefix.every((word, index) => words[index] === word)) {
        dropped.push(...prefix);
        words = words.slice(prefix.length);
        changed = true;
        break;
      }
    }
  }
  if (dropped.length === 0) return undefined;
  return { ...phrase(base.kind, words, base.shown, base.penalty + PHRASE_PENALTY.stripped), dropped: dropped.join(' ') };
}

/** Phrases, keeping for each text the one compared at the smallest penalty. */
function distinct(phrases: readonly (Phrase | undefined)[]): Phrase[] {
  const byText = new Map<string, Phrase>();
  for (const item of phrases) {
    if (!item || item.text === '') continue;
    const known = byText.get(item.text);
    if (!known || item.penalty < known.penalty || (item.raw !== undefined && known.raw === undefined && item.penalty === known.penalty)) byText.set(item.text, item);
  }
  return [...byText.values()];
}

function withStripped(phrases: Phrase[], prefixes: readonly (readonly string[])[]): Phrase[] {
  return distinct([...phrases, ...phrases.map((item) => stripped(item, prefixes))]);
}

/** The named steps of a path: `emails[0].value` → `['emails', 'value']`. */
function namedSegments(path: string): string[] {
  return path.split(/[.[\]]+/).filter((segment) => segment !== '' && !/^(?:\d+|\*)$/.test(segment));
}

/** Prefixes as word lists, ready for `sourcePhrases` and `targetPhrases`. */
export function prefixWords(prefixes: readonly string[]): string[][] {
  return prefixes.map(wordsOf).filter((words) => words.length > 0);
}

/** A source field's whole path, its last telling part, its label, and each without a prefix. */
export function sourcePhrases(field: SourceField, prefixes: readonly (readonly string[])[]): Phrase[] {
  const segments = namedSegments(field.path);
  const phrases: Phrase[] = [phrase('name', wordsOf(segments.join(' ')), field.path, 0, field.path)];
  // The last step that says something of its own: `emails[0].value` is named by `emails`.
  let last = segments.length - 1;
  while (last > 0 && GENERIC.has(wordsOf(segments[last] as string).join(' '))) last -= 1;
  if (segments.length > 1 && last >= 0) {
    phrases.push(phrase('part', wordsOf(segments[last] as string), segments[last] as string, PHRASE_PENALTY.lastPart * (segments.length - 1)));
  }
  if (field.label) phrases.push(phrase('label', wordsOf(field.label), field.label, PHRASE_PENALTY.label));
  return withStripped(distinct(phrases), prefixes);
}

/** A target field's key, its label, and each without a prefix. */
export function targetPhrases(field: TargetField, prefixes: readonly (readonly string[])[]): Phrase[] {
  const phrases = [phrase('name', wordsOf(field.key), field.key, 0, field.key)];
  if (field.label) phrases.push(phrase('label', wordsOf(field.label), field.label, PHRASE_PENALTY.label));
  return withStripped(distinct(phrases), prefixes);
}
