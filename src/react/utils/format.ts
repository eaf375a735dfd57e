import type { CSSProperties } from 'react';

/** Up to two capital letters from an app's name: `Relay CRM` → `RC`. */
export function monogram(name: string): string {
  const [first, second] = name.trim().split(/\s+/);
  return (second ? first![0]! + second[0] : first || '?').slice(0, 2).toUpperCase();
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

/** The style that gives an app's colour to its parts' CSS, as `--tributary-app-color`. */
export function appColor(color: string | undefined): CSSProperties | undefined {
  return color ? ({ '--tributary-app-color': color } as CSSProperties) : undefined;
}
