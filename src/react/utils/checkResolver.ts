import { get, set, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';

/** What is wrong with a form's values: each problem's field path (dotted) and message; none when they are valid. */
export type FormCheck<T> = (values: T) => [path: string, message: string][];

/**
 * A react-hook-form resolver for a check: the values, or each problem as the error of the field at its path (the
 * first problem per field wins), with the field's element as `ref` so the form can focus it.
 *
 * The kit's checks are synchronous functions over the whole form, so this is all a resolver has to do; it replaces
 * a schema library that cost more bytes than every check it served.
 */
export function checkResolver<T extends FieldValues>(check: FormCheck<T>): Resolver<T> {
  return (values, _context, options) => {
    const problems = check(values);
    if (problems.length === 0) return { values, errors: {} };
    const errors: FieldErrors<T> = {};
    for (const [name, message] of problems) {
      if (!get(errors, name)) set(errors, name, { type: 'custom', message, ref: options.fields[name]?.ref });
    }
    return { values: {}, errors };
  };
}
