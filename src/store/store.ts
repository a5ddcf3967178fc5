// The SQLite store: one writer connection (WAL, batched transactions, prepared statements).
import Database from 'better-sqlite3';
import type { LogEvent } from '../event.js';
import { NUMS, TEXTS, type Batch, type InputFinish, type InputPlace, type InputStart } from './sink.js';
import { LATE_INDEXES, MIGRATE_2_TO_3, MIGRATE_3_TO_4, SCHEMA, SCHEMA_VERSION } from './schema.js';

// Statements that bring a store of schema N to N + 1, applied in one transaction.
const MIGRATIONS: Record<number, string> = { 2: MIGRATE_2_TO_3, 3: MIGRATE_3_TO_4 };
import { KubesleuthError } from '../errors.js';

/** A signal a rule's matcher raised on an event, stored so correlation never rescans events. */
export interface SignalHit {
  rule: string;
  signal: string;
  captures: Record<string, string> | null;
}

/** Matches one event against every loaded rule (see engine/matcher.ts). */
export interface EventMatcher {
  match(ev: LogEvent): SignalHit[] | null;
}

/** Description → unit name pairs learnt from systemd lines (see engine/units.ts). */
export interface UnitName {
  host: string;
  description: string;
  unit: string;
}

/** Summary row of a stored input. */
export interface InputRow {
  id: number;
  path: string;
  sha256: string;
  state: string;
  rules_hash: string | null;
}

const EVENT_COLUMNS = 16;
// Rows committed together: fewer commits, fewer rewrites of the indexes' last pages.
const ROWS_PER_COMMIT = 16_384;
/** Longest time ingest's writes wait for a commit (readers see them, a kill keeps them). */
export const COMMIT_EVERY_MS = 250;
const nullable = (v: number) => (Number.isNaN(v) ? null : v);
// Rows per INSERT statement: fewer calls into SQLite per row, same rows.
const ROWS_PER_INSERT = 64;

/** Opens (creating if needed) a store for writing; `:memory:` is allowed. */
export function openStore(path: string): Store {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (err) {
    throw new KubesleuthError(`cannot open store ${path}: ${(err as Error).message}`);
  }
  return new Store(db);
}

/** Writer of events, inputs, signals and findings. */
export class Store {
  private readonly insOne: Database.Statement;
  private readonly insMany: Database.Statement;
  private readonly insSignal: Database.Statement;
  private readonly insUnit: Database.Statement;
  private readonly setRange: Database.Statement;
  private pending = 0;
  private committedAt = performance.now();

  constructor(readonly db: Database.Database) {
    try {
      // Larger pages suit an append-mostly log store; the size is fixed when the first table is made.
      if ((db.prepare(`SELECT COUNT(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0) db.pragma('page_size = 16384');
      db.pragma('journal_mode = WAL');
      // No fsync while loading: a killed process loses nothing (the OS has the pages); close()
      // checkpoints with NORMAL, so a finished run is on disk. Only an OS crash mid-run can hurt.
      db.pragma('synchronous = OFF');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -16384');
      db.pragma('busy_timeout = 10000');
      db.exec(SCHEMA);
    } catch (err) {
      throw new KubesleuthError(`cannot use the store: ${(err as Error).message}`);
    }
    const version = (db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined)?.value;
    if (version === undefined) db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
    else if (Number(version) !== SCHEMA_VERSION) {
      if (!(Number(version) in MIGRATIONS) || Number(version) > SCHEMA_VERSION) {
        throw new KubesleuthError(`the store was written by another kubesleuth (schema ${version}, this one reads ${SCHEMA_VERSION}); use a new --db`);
      }
      db.transaction(() => {
        for (let v = Number(version); v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
        db.prepare(`UPDATE meta SET value = ? WHERE key = 'schema_version'`).run(String(SCHEMA_VERSION));
      })();
    }
    db.exec(LATE_INDEXES);
    const insert = (rows: number) =>
      db.prepare(
        `INSERT INTO events (input_id, line, ts_us, host, source, ident, unit, pid, priority, message_text, message_at, message_len, fields, cursor, raw, parsed)
         VALUES ${Array.from({ length: rows }, () => `(${Array(EVENT_COLUMNS).fill('?').join(', ')})`).join(', ')}`,
      );
    this.insOne = insert(1);
    this.insMany = insert(ROWS_PER_INSERT);
    this.insSignal = db.prepare(`INSERT OR IGNORE INTO signals (event_id, rule, signal, captures, ts_us) VALUES (?, ?, ?, ?, ?)`);
    this.insUnit = db.prepare(`INSERT OR IGNORE INTO unit_names (host, description, unit) VALUES (?, ?, ?)`);
    this.setRange = db.prepare(`UPDATE inputs SET first_event_id = COALESCE(first_event_id, ?), last_event_id = ? WHERE id = ?`);
  }

  /** Records the start of a run; returns its id. */
  beginRun(version: string, args: string[], rulesHash: string, startedAt: string): number {
    return Number(this.db.prepare(`INSERT INTO runs (started_at, version, args, rules_hash) VALUES (?, ?, ?, ?)`).run(startedAt, version, JSON.stringify(args), rulesHash).lastInsertRowid);
  }

  /** Records the end of a run. */
  endRun(id: number, finishedAt: string): void {
    this.db.prepare(`UPDATE runs SET finished_at = ? WHERE id = ?`).run(finishedAt, id);
  }

  /** Removes inputs a killed run left half-loaded, so that running again completes them exactly once. */
  dropIncomplete(): number {
    const rows = this.db.prepare(`SELECT id FROM inputs WHERE state = 'loading'`).all() as Array<{ id: number }>;
    for (const r of rows) this.dropInput(r.id);
    return rows.length;
  }

  /** Whether a complete input of exactly this many bytes is stored (then a file is hashed before reading). */
  hasInputOfSize(bytes: number): boolean {
    return !!this.sql(`SELECT 1 FROM inputs WHERE bytes = ? AND state = 'complete' LIMIT 1`).get(bytes);
  }

  /** The completely ingested input with these bytes, if any. */
  findComplete(sha256: string): InputRow | undefined {
    return this.sql(`SELECT id, path, sha256, state, rules_hash FROM inputs WHERE sha256 = ? AND state = 'complete'`).get(sha256) as InputRow | undefined;
  }

  /** Starts an input in state 'loading'; returns its id. */
  createInput(s: InputStart): number {
    const p = s.place;
    this.begin();
    return Number(
      this.sql(
        `INSERT INTO inputs (run_id, path, bundle, member, collector, kind, sha256, bytes, compression, format, format_reason, host_reason, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loading')`,
      ).run(s.runId, s.path, p?.bundle ?? null, p?.member ?? null, p?.collector ?? null, p?.kind ?? null, s.sha256, s.bytes, s.compression, s.format, s.formatReason, p?.hostReason ?? null).lastInsertRowid,
    );
  }

  /** Records a member of a bundle that was not read, and why (replacing an earlier record of it). */
  skipInput(runId: number, path: string, bytes: number | null, place: InputPlace, reason: string): void {
    this.begin();
    this.sql(`DELETE FROM inputs WHERE path = ? AND state = 'skipped'`).run(path);
    this.sql(
      `INSERT INTO inputs (run_id, path, bundle, member, collector, kind, sha256, bytes, format, format_reason, host, host_reason, skip_reason, state) VALUES (?, ?, ?, ?, ?, ?, '', ?, '', '', ?, ?, ?, 'skipped')`,
    ).run(runId, path, place.bundle, place.member, place.collector, place.kind, bytes, place.host, place.hostReason, reason);
  }

  /**
   * Stores a batch (see sink.ts encodeBatch). Batches share a transaction until ROWS_PER_COMMIT
   * rows, or an input ends when the last commit is COMMIT_EVERY_MS old: each commit rewrites the
   * last page of every index, so fewer is faster.
   * A killed run loses only rows of an input still 'loading', which the next run reads again.
   */
  insertRows(inputId: number, b: Batch): void {
    this.begin();
    try {
      this.insertBatch(inputId, b);
    } catch (err) {
      // A failed write (a full disk) leaves nothing half-written behind it.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.pending = 0;
      throw err;
    }
    this.pending += b.n;
    if (this.pending >= ROWS_PER_COMMIT) this.commit();
  }

  private insertBatch(inputId: number, b: Batch): void {
    const { n, nums, text, lens, hits, units } = b;
    const strs: Array<string | null> = new Array(n * TEXTS);
    for (let k = 0, off = 0; k < strs.length; k++) {
      const len = lens[k]!;
      if (len < 0) strs[k] = null;
      else {
        strs[k] = text.substring(off, off + len);
        off += len;
      }
    }
    const ids: number[] = new Array(n);
    const params: unknown[] = new Array(EVENT_COLUMNS * ROWS_PER_INSERT);
    let p = 0;
    let first = 0;
    for (let i = 0; i < n; i++) {
      const k = i * NUMS;
      const t = i * TEXTS;
      params[p++] = inputId;
      params[p++] = nums[k];
      params[p++] = nullable(nums[k + 1]!);
      params[p++] = strs[t];
      params[p++] = strs[t + 1];
      params[p++] = strs[t + 2];
      params[p++] = strs[t + 3];
      params[p++] = nullable(nums[k + 2]!);
      params[p++] = nullable(nums[k + 3]!);
      params[p++] = strs[t + 4];
      params[p++] = nullable(nums[k + 5]!);
      params[p++] = nullable(nums[k + 6]!);
      params[p++] = strs[t + 5];
      params[p++] = strs[t + 6];
      params[p++] = strs[t + 7];
      params[p++] = nums[k + 4];
      if (p === params.length) {
        // Rows of one multi-row INSERT get consecutive ids (single writer, no AUTOINCREMENT).
        const last = Number(this.insMany.run(params).lastInsertRowid);
        for (let r = 0; r < ROWS_PER_INSERT; r++) ids[first + r] = last - ROWS_PER_INSERT + 1 + r;
        first = i + 1;
        p = 0;
      }
    }
    for (let r = 0; first + r < n; r++) ids[first + r] = Number(this.insOne.run(params.slice(r * EVENT_COLUMNS, (r + 1) * EVENT_COLUMNS)).lastInsertRowid);
    for (let k = 0; k < hits.length; k += 4) this.insSignal.run(ids[hits[k] as number], hits[k + 1], hits[k + 2], hits[k + 3], nullable(nums[(hits[k] as number) * NUMS + 1]!));
    for (const u of units) this.insUnit.run(u.host, u.description, u.unit);
    if (n) this.setRange.run(ids[0], ids[n - 1], inputId);
  }

  /** Commits every write since the last commit. */
  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.pending = 0;
    this.committedAt = performance.now();
  }

  /**
   * Commits when the last commit is COMMIT_EVERY_MS old. Ingest's writes share transactions, since
   * each commit rewrites the last page of every index: a commit per tiny file made 100,000 files
   * write gigabytes. A killed run loses at most that long of work, which the next run reads again.
   */
  commitIfDue(): void {
    if (performance.now() - this.committedAt >= COMMIT_EVERY_MS) this.commit();
  }

  // Statements of the per-input writes, prepared once: 100,000 tiny files call each 100,000 times.
  private readonly statements = new Map<string, Database.Statement>();
  private sql(text: string): Database.Statement {
    let st = this.statements.get(text);
    if (!st) this.statements.set(text, (st = this.db.prepare(text)));
    return st;
  }

  private begin(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
  }

  /** Marks an input complete with its counts, time range and time basis. */
  finishInput(id: number, f: InputFinish): void {
    const s = f.stats;
    this.begin();
    this.sql(
      `UPDATE inputs SET sha256 = ?, format = ?, format_reason = ?, host = ?, lines = ?, events = ?, parsed = ?, unparsed = ?, skipped = ?, untimed = ?,
         first_ts_us = ?, last_ts_us = ?, year = ?, year_reason = ?, tz = ?, tz_reason = ?, notes = ?, rules_hash = ?, state = 'complete' WHERE id = ?`,
    ).run(
      f.sha256, f.format, f.formatReason, f.host, s.lines, s.events, s.parsed, s.unparsed, s.skipped, s.untimed, s.firstTs, s.lastTs,
      f.time.year, f.time.yearReason, f.time.zone, f.time.zoneReason, JSON.stringify(f.notes), f.rulesHash, id,
    );
  }

  // An input's events sit in one id range (single writer), recorded with every batch; the
  // input_id test keeps it exact. Without a range (none written yet) the whole table is searched.
  private inputEvents(id: number): string {
    const r = this.db.prepare(`SELECT first_event_id AS a, last_event_id AS b FROM inputs WHERE id = ?`).get(id) as { a: number | null; b: number | null } | undefined;
    const range = r && r.a !== null && r.b !== null ? `id BETWEEN ${Number(r.a)} AND ${Number(r.b)} AND ` : '';
    return `SELECT id FROM events WHERE ${range}input_id = ${Number(id)}`;
  }

  /** Deletes an input with its events and signals. */
  dropInput(id: number): void {
    const events = this.inputEvents(id);
    this.db.transaction(() => {
      this.db.exec(`DELETE FROM finding_events WHERE event_id IN (${events}); DELETE FROM signals WHERE event_id IN (${events}); DELETE FROM events WHERE id IN (${events});`);
      this.db.prepare(`DELETE FROM inputs WHERE id = ?`).run(id);
    })();
  }

  /** Inputs whose signals were computed with another rule set. */
  staleInputs(rulesHash: string): number[] {
    return (this.db.prepare(`SELECT id FROM inputs WHERE state = 'complete' AND (rules_hash IS NULL OR rules_hash != ?)`).all(rulesHash) as Array<{ id: number }>).map((r) => r.id);
  }

  /** Recomputes the signals of an input's events with the current rules (after rules changed). */
  rematch(inputId: number, matcher: EventMatcher, rulesHash: string, rowToEvent: (row: Record<string, unknown>) => LogEvent): void {
    this.db.transaction(() => {
      const events = this.inputEvents(inputId);
      this.db.exec(`DELETE FROM signals WHERE event_id IN (${events})`);
      const rows = this.db.prepare(`SELECT * FROM events WHERE id IN (${events})`).iterate() as IterableIterator<Record<string, unknown>>;
      const pending: Array<[number, number | null, SignalHit[]]> = [];
      for (const row of rows) {
        const hits = matcher.match(rowToEvent(row));
        if (hits) pending.push([row.id as number, row.ts_us as number | null, hits]);
      }
      for (const [id, ts, hits] of pending) for (const h of hits) this.insSignal.run(id, h.rule, h.signal, h.captures ? JSON.stringify(h.captures) : null, ts);
      this.db.prepare(`UPDATE inputs SET rules_hash = ? WHERE id = ?`).run(rulesHash, inputId);
    })();
  }

  /** Closes the connection after a durable checkpoint of the WAL. */
  close(): void {
    try {
      this.commit();
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
