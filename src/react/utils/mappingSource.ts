import type { SourceField } from '../../engine/index.ts';

/** Source fields under one parent path (`address`, `emails[0]`); `''` is the record's top level. */
export interface SourceGroup {
  parent: string;
  fields: readonly SourceField[];
}

/** A choice in the source picker: a field, "not mapped", or a path typed by hand. */
export interface PickerOption {
  key: string;
  path: string;
  text: string;
  /** The heading it sits under: a parent path, `Top level`, `Typed path`, or `''` for none. */
  group: string;
  field?: SourceField;
}

/** `address.city` → `address`; `emails[0].value` → `emails[0]`; `id` → `''`. */
export function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** The key of the option for `path` (`''`: not mapped). */
export function optionKey(path: string): string {
  return path ? `field:${path}` : '';
}

/** Source fields grouped by parent path, top level first, then in the order the app lists them. */
export function groupSourceFields(fields: readonly SourceField[]): SourceGroup[] {
  const groups = new Map<string, SourceField[]>([['', []]]);
  for (const field of fields) {
    const parent = parentPath(field.path);
    const group = groups.get(parent);
    if (group) group.push(field);
    else groups.set(parent, [field]);
  }
  return [...groups].filter(([, members]) => members.length > 0).map(([parent, members]) => ({ parent, fields: members }));
}

export function sourceFieldText(field: SourceField): string {
  return field.label ? `${field.label} (${field.path})` : field.path;
}

/** How the picker shows a chosen path: the field's label and path, or the path alone for one the app does not list. */
export function sourcePathText(groups: readonly SourceGroup[], path: string): string {
  for (const group of groups) {
    const field = group.fields.find((candidate) => candidate.path === path);
    if (field) return sourceFieldText(field);
  }
  return path;
}

// Dotted keys with `[n]` or `[*]` steps: what a person may type for a path the app's field list lacks.
const TYPED_PATH = /^[\w$-]+(?:\[(?:\d+|\*)\])*(?:\.[\w$-]+(?:\[(?:\d+|\*)\])*)*$/;

/**
 * The picker's options for `query` (matched against label and path, any case): "not mapped" first while nothing is
 * typed, and the typed text itself as a path when it looks like one (nested, or matching no field) and no field has it.
 */
export function pickerOptions(groups: readonly SourceGroup[], query: string): PickerOption[] {
  const needle = query.trim().toLowerCase();
  const options: PickerOption[] = needle ? [] : [{ key: '', path: '', text: 'Not mapped', group: '' }];
  let exact = false;
  for (const group of groups) {
    for (const field of group.fields) {
      const text = sourceFieldText(field);
      if (needle && !text.toLowerCase().includes(needle)) continue;
      exact ||= field.path === query.trim();
      options.push({ key: `field:${field.path}`, path: field.path, text, group: group.parent || 'Top level', field });
    }
  }
  const typed = query.trim();
  // A nested path, or a name no field has: likely meant as a path, not as a search.
  const pathLike = /[.[]/.test(typed) || !options.some((option) => option.field);
  if (typed && !exact && pathLike && TYPED_PATH.test(typed)) {
    options.push({ key: `typed:${typed}`, path: typed, text: `Use the path "${typed}"`, group: 'Typed path' });
  }
  return options;
}
