/** Class names for a component's parts, keyed by their `data-part` name. */
export type PartClassNames<Part extends string> = Partial<Record<Part, string>>;

/** Joins class names, skipping empty ones. */
export function cx(...names: (string | false | null | undefined)[]): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/** The `data-part` and `className` props of one part. */
export function part<Part extends string>(
  name: Part,
  classNames: PartClassNames<Part> | undefined,
  className?: string,
): { 'data-part': Part; className: string | undefined } {
  return { 'data-part': name, className: cx(classNames?.[name], className) };
}

/** A component's region: its state, its name, and busy while it loads. */
export function regionProps(status: string, label?: string) {
  return { 'data-state': status, 'aria-label': label, 'aria-busy': status === 'loading' || undefined };
}
