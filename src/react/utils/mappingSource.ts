import type { SourceField } from '../../engine/index.ts';

/** Source fields under one parent path (`address`, `emails[0]`); `''` is the record's top level. */
export interface SourceGroup {
  parent: string;
  fields: readonly SourceField[];
}

/** A choice in the source picker: a field, "not mapped", or a path typed by hand; no two in a list share a path. */
export interface PickerOption {
  path: string;
  text: string;
  /** The heading it sits under: a parent path, `Top level`, `Typed path`, or `''` for none. */
  group: string;
  field?: SourceField;
}

/** Source fields grouped by parent path, top level first, then in the order the app lists them. */
export function groupSourceFields(fields: readonly SourceField[]): SourceGroup[] {
  const groups = new Map<string, SourceField[]>([['', []]]);
  for (const field of fields) {
    // `address.city` → `address`; `emails[0].value` → `emails[0]`; `id` → `''`.
    const parent = field.path.replace(/\.?[^.]*$/, '');
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
  const field = groups.flatMap((group) => group.fields).find((candidate) => candidate.path === path);
  return field ? sourceFieldText(field) : path;
}

// Dotted keys with `[n]` or `[*]` steps: what a person may type for a path the app's field list lacks.
const TYPED_PATH = /^[\w$-]+(?:\[(?:\d+|\*)\])*(?:\.[\w$-]+(?:\[(?:\d+|\*)\])*)*$/;

/**
 * The picker's options for `query` (matched against label and path, any case): "not mapped" first while nothing is
 * typed, and the typed text itself as a path when it looks like one (nested, or matching no field) and no field has it.
 */
export function pickerOptions(groups: readonly SourceGroup[], query: string): PickerOption[] {
  const typed = query.trim();
  const options: PickerOption[] = typed ? [] : [{ path: '', text: 'Not mapped', group: '' }];
  for (const { parent, fields } of groups) {
    for (const field of fields) {
      const text = sourceFieldText(field);
      if (text.toLowerCase().includes(typed.toLowerCase())) {
        options.push({ path: field.path, text, group: parent || 'Top level', field });
      }
    }
  }
  // A nested path, or a name no field has: likely meant as a path, not as a search.
  if (TYPED_PATH.test(typed) && !options.some((option) => option.path === typed) && (/[.[]/.test(typed) || !options.length)) {
    options.push({ path: typed, text: `Use the path "${typed}"`, group: 'Typed path' });
  }
  return options;
}
