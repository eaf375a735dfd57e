import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { TributaryError } from '../../engine/index.ts';

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteConstructor = typeof BetterSqlite3;

/**
 * Loads `better-sqlite3` on demand: it is an optional peer with a native
 * binding, so a host on the memory store never needs it installed, and one
 * that asks for SQLite without it gets a message saying what to install.
 */
export function loadSqlite(moduleName = 'better-sqlite3'): SqliteConstructor {
  try {
    return createRequire(import.meta.url)(moduleName) as SqliteConstructor;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new TributaryError(
      {
        code: 'store.sqlite-unavailable',
        class: 'config',
        message: `The SQLite store needs the "better-sqlite3" package (version 12 or later): install it with \`npm install better-sqlite3\`. Loading it failed: ${reason}`,
      },
      { cause },
    );
  }
}
