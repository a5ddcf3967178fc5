// The full-text index behind `kubesleuth search`: an FTS5 table over the events' messages,
// built on first use and extended with the events added since (ids only grow), so `analyze`
// stays as fast as it was and every search after the first answers from the index.
import Database from 'better-sqlite3';
import { KubesleuthError } from '../errors.js';

const CREATE = `CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(message, content='events', content_rowid='id', tokenize='unicode61')`;

/** Brings the index up to date with the store at `path`; returns how many events it added. */
export function updateFts(path: string): number {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw new KubesleuthError(`cannot open store ${path}: ${(err as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 10000');
    db.exec(CREATE);
    const last = Number((db.prepare(`SELECT value FROM meta WHERE key = 'fts_last_id'`).get() as { value: string } | undefined)?.value ?? 0);
    const max = (db.prepare(`SELECT max(id) AS m FROM events`).get() as { m: number | null }).m ?? 0;
    if (max <= last) return 0;
    db.transaction(() => {
      db.prepare(`INSERT INTO events_fts(rowid, message) SELECT id, message FROM events WHERE id > ? AND id <= ?`).run(last, max);
      db.prepare(`INSERT INTO meta (key, value) VALUES ('fts_last_id', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(String(max));
    })();
    return max - last;
  } finally {
    db.close();
  }
}

/**
 * Plain words become an FTS5 query that finds them all, each as typed (`docker.sock` is the
 * phrase "docker sock"); `raw` passes FTS5 syntax through (OR, NEAR, prefix*, "phrases").
 */
export function ftsQuery(text: string, raw: boolean): string {
  if (raw) return text;
  const terms = text.match(/"[^"]*"|\S+/g) ?? [];
  return terms.map((t) => `"${t.replace(/^"|"$/g, '').replace(/"/g, '""')}"`).join(' ');
}
