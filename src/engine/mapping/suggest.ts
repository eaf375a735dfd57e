import type { FieldType, SourceField } from '../connectors/connector.types.ts';
import type { FieldSuggestion, MappingSuggestions, SuggestionCandidate } from '../engine.types.ts';
import { parsePath } from '../util/path.ts';
import { ID_CONCEPT, prefixWords, sourcePhrases, spokenWords, targetPhrases, type Phrase } from './fieldNames.ts';
import type { FieldMapping, TargetField, TargetSchema } from './mapping.types.ts';
import { SYNONYM_GROUPS, type ValueShape } from './synonyms.ts';
import { parseTemplate } from './template.ts';
import { discoverPaths, profileOf, shareOf, type ValueProfile } from './valueShapes.ts';

export interface SuggestOptions {
  /** Candidates at or above this confidence are pre-filled. @default 0.75 */
  threshold?: number;
  /** Candidates offered per field, best first. @default 5 */
  maxCandidates?: number;
  /**
   * Words an app puts before its field names, such as the data model's or the
   * collection's name (`user` in `user_email`); ignored when names are compared.
   */
  prefixes?: readonly string[];
  /** The source path of the record's id; it is the first candidate for a target `id`. */
  idPath?: string;
}

/**
 * The scoring model. A pair's confidence is its best name score over both
 * fields' name variants (less `PHRASE_PENALTY`, in fieldNames.ts, for a
 * variant other than the whole key or path), then adjusted by type, by what
 * the sample values look like and by whether the mapping already uses the
 * path; clamped to 0..1 and rounded to hundredths.
 */
const SCORE = {
  /** The target key and the source path are the same string. */
  exact: 1,
  /** The same words once case, separators and plurals are ignored. */
  sameWords: 0.95,
  /** The same words in another order (`name.given` and `given name`). */
  reordered: 0.88,
  /** Words of one synonym group (`surname` and `last name`). */
  synonym: 0.85,
  /** The path is the collection's id path and the target is an id. */
  recordId: 0.9,
  /** Some words shared: `overlapBase + overlapPerShare × Dice coefficient`, offered when the coefficient is at least 1/2. */
  overlapBase: 0.25,
  overlapPerShare: 0.3,
  /** No name in common, but the values have the shape the target expects (emails, URLs, dates, phone numbers). */
  shapeOnly: 0.4,
  sameType: 0.05,
  /** A scalar of another type (text for a number field). */
  otherType: -0.1,
  /** Yes/no for a number or date, a date for yes/no. */
  unfitType: -0.3,
  valuesFit: 0.1,
  /** Strong enough to take even a same-named field below the default threshold. */
  valuesDoNotFit: -0.35,
  emptyInSamples: -0.05,
  alreadyMapped: -0.2,
  /** Below this, a candidate is not offered at all. */
  floor: 0.3,
} as const;

const DEFAULT_THRESHOLD = 0.75;
/** More source fields than any schema has, to pack a candidate's rank and index into one number. */
const RANK_SPAN = 2 ** 24;
const DEFAULT_MAX_CANDIDATES = 5;
/** Share of non-empty sample values that must have a shape for the field to "look like" it. */
const LOOKS_LIKE = 0.8;
/** At or below this share, the values "do not look like" it. */
const UNLIKE = 0.2;

interface Source {
  index: number;
  path: string;
  type: FieldType;
  phrases: Phrase[];
  profile?: ValueProfile;
  /** The target field whose expression already reads this path. */
  mappedTo?: string;
}

interface Target {
  field: TargetField;
  phrases: Phrase[];
  /** Shapes the target's values have, from its name and type. */
  expects: ValueShape[];
  isId: boolean;
  /** The field's key in words, as reasons name it: `modifiedAt` → `modified at`. */
  spoken: string;
  /** Whether it expects values distinctive enough to propose a field on their own. */
  distinctive: boolean;
}

const SCALAR_TYPES: ReadonlySet<FieldType> = new Set(['string', 'number', 'boolean', 'date']);
/** Shapes distinctive enough to propose a field on their own. */
const DISTINCTIVE: ReadonlySet<ValueShape> = new Set(['email', 'url', 'domain', 'phone', 'date']);

const TYPE_WORDS: Record<FieldType, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'yes/no',
  date: 'a date',
  object: 'an object',
  array: 'a list',
};
const TYPE_PLURALS: Record<FieldType, string> = {
  string: 'text',
  number: 'numbers',
  boolean: 'yes/no',
  date: 'dates',
  object: 'objects',
  array: 'lists',
};
const SHAPE_PLURALS: Record<ValueShape, string> = {
  email: 'emails',
  url: 'web addresses',
  domain: 'domain names',
  date: 'dates',
  phone: 'phone numbers',
  number: 'numbers',
  boolean: 'yes/no values',
};

/** Every source path an expression reads. Tolerant of a mapping still being edited. */
function collectPaths(expression: unknown, into: Set<string>): void {
  if (expression === null || typeof expression !== 'object') return;
  const node = expression as Partial<Record<string, unknown>>;
  if (typeof node.path === 'string') into.add(node.path);
  if (typeof node.template === 'string') {
    for (const part of parseTemplate(node.template)) if ('path' in part && part.path !== '') into.add(part.path);
  }
  if (Array.isArray(node.firstOf)) for (const item of node.firstOf) collectPaths(item, into);
  if (node.lookup !== null && typeof node.lookup === 'object') collectPaths((node.lookup as { value?: unknown }).value, into);
  if (Array.isArray(node.cases)) {
    for (const item of node.cases as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const { when, then } = item as { when?: unknown; then?: unknown };
      collectPaths(when, into);
      collectPaths(then, into);
    }
  }
  collectPaths(node.otherwise, into);
}

/** Source path → the first target field whose expression reads it. */
function mappedPaths(mapping: FieldMapping): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const [field, expression] of Object.entries(mapping.fields)) {
    const paths = new Set<string>();
    collectPaths(expression, paths);
    for (const path of paths) if (!byPath.has(path)) byPath.set(path, field);
  }
  return byPath;
}

function quoteList(words: readonly string[]): string {
  return words.map((word) => `"${word}"`).join(', ');
}

/** How alike two phrases are by name alone. Numbers only: most pairs compared are never shown. */
function phraseScore(target: Phrase, source: Phrase): number {
  const penalty = target.penalty + source.penalty;
  if (target.raw !== undefined && target.raw === source.raw) return SCORE.exact;
  if (target.text === source.text) return SCORE.sameWords - penalty;
  if (target.key === source.key) return SCORE.reordered - penalty;
  if (target.concepts.length > 0 && source.concepts.length > 0) {
    for (const concept of target.concepts) if (source.concepts.includes(concept)) return SCORE.synonym - penalty;
  }
  let shared = 0;
  for (const word of target.words) if (source.words.includes(word)) shared += 1;
  if (shared === 0) return 0;
  const dice = (2 * shared) / (target.words.length + source.words.length);
  return dice < 0.5 ? 0 : SCORE.overlapBase + SCORE.overlapPerShare * dice - penalty;
}

/** Why `phraseScore` scored the pair as it did, in words; `spoken` is the target field's name in words. */
function phraseReason(target: Phrase, source: Phrase, spoken: string): string {
  if (target.raw !== undefined && target.raw === source.raw) return 'same name';
  if (target.text === source.text) {
    if (source.dropped !== undefined || target.dropped !== undefined) return `same name without "${source.dropped ?? target.dropped ?? ''}"`;
    if (source.kind === 'label') return `labelled "${source.shown}"`;
    if (target.kind === 'label') return `same name as the label "${target.shown}"`;
    if (source.kind === 'part') return `its last part "${source.shown}" has the same name`;
    return 'same name apart from case, separators or plural';
  }
  if (target.key === source.key) return 'same words in another order';
  if (target.concepts.some((concept) => source.concepts.includes(concept))) return `synonym of "${spoken}"`;
  const common = target.words.filter((word) => source.words.includes(word));
  return `shares the word${common.length > 1 ? 's' : ''} ${quoteList(common)}`;
}

/** The best name score over both fields' phrases; its reason goes into `reasons` when given. */
function nameScore(target: Target, source: Source, reasons?: string[]): number {
  let best = 0;
  let bestTarget: Phrase | undefined;
  let bestSource: Phrase | undefined;
  for (const left of target.phrases) {
    for (const right of source.phrases) {
      const scored = phraseScore(left, right);
      if (scored > best) {
        best = scored;
        bestTarget = left;
        bestSource = right;
      }
    }
  }
  if (reasons && bestTarget && bestSource) reasons.push(phraseReason(bestTarget, bestSource, target.spoken));
  return best;
}

/** A type's fit for the target. */
function typeScore(source: FieldType, target: FieldType, profile: ValueProfile | undefined, reasons?: string[]): number {
  if (source === target) {
    if (reasons && source !== 'string') reasons.push(`both are ${TYPE_PLURALS[source]}`);
    return SCORE.sameType;
  }
  if (target === 'string') return 0;
  // Numeric text for a number, epoch numbers for a date: the values say so (and convert).
  if (profile && (target === 'number' || target === 'date' || target === 'boolean') && shareOf(profile, target) >= LOOKS_LIKE) return 0;
  reasons?.push(`holds ${TYPE_WORDS[source]}, not ${TYPE_WORDS[target]}`);
  const unfit = (source === 'boolean' && (target === 'number' || target === 'date')) || (source === 'date' && target === 'boolean');
  return unfit ? SCORE.unfitType : SCORE.otherType;
}

/** What the sample values at the path say about the pair. */
function shapeScore(target: Target, profile: ValueProfile | undefined, reasons?: string[]): number {
  if (!profile) return 0;
  if (profile.filled === 0) {
    reasons?.push('empty in every sample');
    return SCORE.emptyInSamples;
  }
  if (target.expects.length === 0) return 0;
  for (const shape of target.expects) {
    if (shareOf(profile, shape) >= LOOKS_LIKE) {
      reasons?.push(`values look like ${SHAPE_PLURALS[shape]}`);
      return SCORE.valuesFit;
    }
  }
  if (target.expects.every((shape) => shareOf(profile, shape) <= UNLIKE)) {
    reasons?.push(`values do not look like ${SHAPE_PLURALS[target.expects[0] as ValueShape]}`);
    return SCORE.valuesDoNotFit;
  }
  return 0;
}

/** Whether a value of this source type can fill the target at all: scalars fill scalars; objects and lists only their own kind. */
function fits(source: FieldType, target: FieldType): boolean {
  return SCALAR_TYPES.has(source) && SCALAR_TYPES.has(target) ? true : source === target;
}

function round(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

/**
 * The pair's confidence, or 0 when it is no candidate. With `reasons`, also
 * says why; called so only for the candidates kept, with the same result.
 */
function confidenceOf(target: Target, source: Source, idPath: string | undefined, reasons?: string[]): number {
  if (!fits(source.type, target.field.type)) return 0;
  const named: string[] | undefined = reasons ? [] : undefined;
  let total = nameScore(target, source, named);
  if (target.isId && source.path === idPath && total < SCORE.recordId) {
    total = SCORE.recordId;
    named?.splice(0, named.length, "the record's id");
  }
  const shaped: string[] | undefined = reasons ? [] : undefined;
  const shape = shapeScore(target, source.profile, shaped);
  if (total < SCORE.shapeOnly && shape > 0 && target.distinctive) {
    // The values alone propose it.
    total = SCORE.shapeOnly;
    named?.splice(0, named.length);
  }
  if (total <= 0) return 0;
  if (reasons && named) reasons.push(...named);
  total += typeScore(source.type, target.field.type, source.profile, reasons) + shape;
  if (reasons && shaped) reasons.push(...shaped);
  if (source.mappedTo !== undefined) {
    total += SCORE.alreadyMapped;
    reasons?.push(`already mapped to "${source.mappedTo}"`);
  }
  const confidence = round(total);
  return confidence >= SCORE.floor ? confidence : 0;
}

function push<K>(index: Map<K, number[]>, key: K, value: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/**
 * Ranked source candidates for each target field `mapping` leaves unmapped,
 * and the mapping with the confident ones filled in. Pure and deterministic:
 * the same input gives the same output, ties going to the earlier source field.
 *
 * Cost: a pair is scored only when an index on words, synonyms or value
 * shapes connects it, rather than all 90,000 pairs of 300 target × 300 source
 * fields; with 20 samples that case takes about 10 ms on a busy two-core machine.
 */
export function suggestFields(
  target: TargetSchema,
  sourceFields: readonly SourceField[],
  samples: readonly unknown[],
  mapping: FieldMapping,
  options: SuggestOptions = {},
): MappingSuggestions {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  const prefixes = prefixWords(options.prefixes ?? []);
  const used = mappedPaths(mapping);

  const declared = new Set<string>();
  const fields: SourceField[] = [];
  for (const field of sourceFields) {
    // A path no `{ path }` expression can hold (malformed, or naming a prototype key) is no candidate.
    if (declared.has(field.path) || parsePath(field.path) === undefined) continue;
    declared.add(field.path);
    fields.push(field);
  }
  fields.push(...discoverPaths(samples, declared));

  const sources: Source[] = fields.map((field, index) => {
    const segments = samples.length > 0 ? parsePath(field.path) : undefined;
    const mappedTo = used.get(field.path);
    return {
      index,
      path: field.path,
      type: field.type,
      phrases: sourcePhrases(field, prefixes),
      ...(segments ? { profile: profileOf(segments, samples) } : {}),
      ...(mappedTo !== undefined ? { mappedTo } : {}),
    };
  });

  // Indexes from a phrase's text, sorted words, synonym groups, single words and value shapes to the sources that have them.
  const byText = new Map<string, number[]>();
  const byKey = new Map<string, number[]>();
  const byConcept = new Map<number, number[]>();
  const byWord = new Map<string, number[]>();
  const byShape = new Map<ValueShape, number[]>();
  for (const source of sources) {
    for (const item of source.phrases) {
      push(byText, item.text, source.index);
      if (item.key !== '') push(byKey, item.key, source.index);
      for (const concept of item.concepts) push(byConcept, concept, source.index);
      for (const word of item.words) push(byWord, word, source.index);
    }
    if (source.profile) {
      for (const shape of DISTINCTIVE) if (shareOf(source.profile, shape) >= LOOKS_LIKE) push(byShape, shape, source.index);
    }
  }
  // A word most fields share (`field`, `custom`) tells them apart from nothing: it proposes no one.
  const commonWord = Math.max(10, Math.ceil(sources.length / 4));
  const idPath = options.idPath;
  const idSource = idPath === undefined ? undefined : sources.find((source) => source.path === idPath);

  const seen = new Int32Array(sources.length);
  const suggestions: FieldSuggestion[] = [];
  let stamp = 0;
  for (const field of target.fields) {
    if (Object.hasOwn(mapping.fields, field.key)) continue;
    const phrases = targetPhrases(field, prefixes);
    const expects = new Set<ValueShape>();
    for (const item of phrases) for (const concept of item.concepts) for (const shape of SYNONYM_GROUPS[concept]?.values ?? []) expects.add(shape);
    if (field.type === 'date' || field.type === 'number' || field.type === 'boolean') expects.add(field.type);
    const entry: Target = {
      field,
      phrases,
      expects: [...expects],
      distinctive: [...expects].some((shape) => DISTINCTIVE.has(shape)),
      spoken: spokenWords(field.key).join(' '),
      isId: phrases.some((item) => item.kind === 'name' && ID_CONCEPT !== undefined && item.concepts.includes(ID_CONCEPT)),
    };

    stamp += 1;
    const pool: number[] = [];
    const add = (list: readonly number[] | undefined) => {
      if (!list) return;
      for (const index of list) {
        if (seen[index] === stamp) continue;
        seen[index] = stamp;
        pool.push(index);
      }
    };
    for (const item of phrases) {
      add(byText.get(item.text));
      add(byKey.get(item.key));
      for (const concept of item.concepts) add(byConcept.get(concept));
      for (const word of item.words) {
        const list = byWord.get(word);
        if (list && list.length <= commonWord) add(list);
      }
    }
    for (const shape of entry.expects) if (DISTINCTIVE.has(shape)) add(byShape.get(shape));
    if (entry.isId && idSource) add([idSource.index]);

    // Each candidate as one number, so sorting allocates nothing: confidence in hundredths first, then the earlier source.
    const ranked: number[] = [];
    for (const index of pool) {
      const confidence = confidenceOf(entry, sources[index] as Source, idPath);
      if (confidence > 0) ranked.push(Math.round(confidence * 100) * RANK_SPAN + (RANK_SPAN - 1 - index));
    }
    ranked.sort((a, b) => b - a);
    const candidates = ranked.slice(0, maxCandidates).map((rank): SuggestionCandidate => {
      const source = sources[RANK_SPAN - 1 - (rank % RANK_SPAN)] as Source;
      const reasons: string[] = [];
      const confidence = confidenceOf(entry, source, idPath, reasons);
      return { path: source.path, confidence, reasons };
    });
    suggestions.push({ field: field.key, candidates });
  }

  return { threshold, suggestions, prefilled: prefill(mapping, suggestions, threshold, used), sampled: samples.length };
}

/**
 * Fills each field's best candidate at or above the threshold, most confident
 * pairs first; a source path goes to one field at most, and never to a second
 * one when the mapping already reads it.
 */
function prefill(mapping: FieldMapping, suggestions: readonly FieldSuggestion[], threshold: number, used: ReadonlyMap<string, string>): FieldMapping {
  const pairs: { field: string; path: string; confidence: number; order: number; rank: number }[] = [];
  suggestions.forEach((suggestion, order) => {
    suggestion.candidates.forEach((candidate, rank) => {
      if (candidate.confidence >= threshold) pairs.push({ field: suggestion.field, path: candidate.path, confidence: candidate.confidence, order, rank });
    });
  });
  pairs.sort((a, b) => b.confidence - a.confidence || a.order - b.order || a.rank - b.rank);
  const taken = new Set(used.keys());
  const filled = new Map<string, string>();
  for (const pair of pairs) {
    if (filled.has(pair.field) || taken.has(pair.path)) continue;
    filled.set(pair.field, pair.path);
    taken.add(pair.path);
  }
  const fields: FieldMapping['fields'] = { ...mapping.fields };
  // In the target's order, after the fields the mapping already had; __proto__ is defined, so it stays a key.
  for (const suggestion of suggestions) {
    const path = filled.get(suggestion.field);
    if (path === undefined) continue;
    if (suggestion.field === '__proto__') Object.defineProperty(fields, suggestion.field, { value: { path }, enumerable: true, writable: true, configurable: true });
    else fields[suggestion.field] = { path };
  }
  return { ...mapping, fields };
}
