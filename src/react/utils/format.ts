/** Up to two capital letters from an app's name: `Relay CRM` → `RC`. */
export function monogram(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?').slice(0, 2)];
  return letters.join('').toUpperCase();
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp for people, in their locale. */
export function formatDateTime(at: number): string {
  return dateTimeFormat.format(at);
}

/** A timestamp for machines, for `<time dateTime>`. */
export function isoDateTime(at: number): string {
  return new Date(at).toISOString();
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const numberFormat = new Intl.NumberFormat(undefined);

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}
