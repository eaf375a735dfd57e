import { TributaryError } from '../../engine/index.ts';

/**
 * The driver's errors as typed ones. A locked database is worth retrying
 * (another process held it past the busy timeout); anything else is ours to
 * fix. SQLite's messages name tables and columns, never the values bound.
 */
export function storeError(thrown: unknown): TributaryError {
  if (thrown instanceof TributaryError) return thrown;
  const code = typeof (thrown as { code?: unknown } | null)?.code === 'string' ? (thrown as { code: string }).code : '';
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new TributaryError({ code: 'store.busy', class: 'transient', message: `The SQLite database stayed locked by another connection: ${message}` }, { cause: thrown });
  }
  return new TributaryError({ code: 'store.failed', class: 'internal', message: `The SQLite store failed${code ? ` (${code})` : ''}: ${message}` }, { cause: thrown });
}

export function closedError(): TributaryError {
  return new TributaryError({ code: 'store.closed', class: 'internal', message: 'The SQLite store was closed; open it again to go on.' });
}
