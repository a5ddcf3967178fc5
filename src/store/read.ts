// Reading the store: read-only connections for `query`, and stored rows back into events.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { LogEvent } from '../event.js';
import { KubesleuthError } from '../errors.js';

/** How much of a store read-only connections map into memory. */
export const READ_MMAP_BYTES = 16 * 1024 ** 3;

/** Opens an existing store read-only: `query` can never change it. */
export function openReadOnly(path: string): Database.Database {
  if (path === ':memory:') throw new KubesleuthError('a :memory: store exists only during its analyze run; give --db a file to query it later');
  if (!existsSync(path)) throw new KubesleuthError(`no store at ${path}; run kubesleuth analyze first (or pass --db)`);
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    // Pages read through the OS cache's mapping rather than copied by read(): a search touching
    // 200,000 scattered rows answers in half the time. Address space only; nothing is loaded.
    db.pragma(`mmap_size = ${READ_MMAP_BYTES}`);
    return db;
  } catch (err) {
    throw new KubesleuthError(`cannot open store ${path}: ${(err as Error).message}`);
  }
}

/** First and last event time of the store (µs), each from the time index: min and max in one query would scan it. */
export function dataRange(db: Database.Database): { a: number | null; b: number | null } {
  return db.prepare(`SELECT (SELECT min(ts_us) FROM events) AS a, (SELECT max(ts_us) FROM events) AS b`).get() as { a: number | null; b: number | null };
}

/** A stored events row back into the event the matcher saw at ingest. */
export function rowToEvent(row: Record<string, unknown>): LogEvent {
  return {
    ts: row.ts_us as number | null,
    time: null,
    payloadTime: null,
    host: row.host as string | null,
    source: row.source as string,
    ident: row.ident as string | null,
    unit: row.unit as string | null,
    pid: row.pid as number | null,
    priority: row.priority as number | null,
    message: row.message as string,
    fields: null,
    fieldsJson: (row.fields as string | null) ?? null,
    cursor: row.cursor as string | null,
    line: row.line as number,
    raw: row.raw as string,
    parsed: row.parsed === 1,
  };
}
