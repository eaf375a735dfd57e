import type { PreviewRow } from '../engine.types.ts';
import { compileGetter, parsePath } from '../util/path.ts';
import type { CompiledMapping } from './mapping.types.ts';

/**
 * A compiled mapping applied to sample records: each record beside what the
 * mapping makes of it. A record that cannot be mapped keeps its field errors;
 * one mapped with fields nulled (`onError: 'null'`) has its output and those
 * fields as errors. Pure: the records are only read.
 */
export function previewRows(mapping: CompiledMapping, records: readonly unknown[], idPath: string): PreviewRow[] {
  const idOf = compileGetter(parsePath(idPath) ?? []);
  return records.map((input) => {
    const rawId = idOf(input);
    const recordId = (typeof rawId === 'string' && rawId !== '') || typeof rawId === 'number' ? String(rawId) : undefined;
    const row = (fields: Pick<PreviewRow, 'output' | 'errors'>): PreviewRow => ({ ...(recordId !== undefined ? { recordId } : {}), input, ...fields });
    const result = mapping(input);
    return result.ok ? row({ output: result.value, errors: result.nulled ? [...result.nulled] : [] }) : row({ errors: result.errors });
  });
}
