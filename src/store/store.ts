// The SQLite store: one writer connection (WAL, batched transactions, prepared statements).
import Database from 'better-sqlite3';
import type { LogEvent } from '../event.js';
import type { InputContext } from '../pipeline/context.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
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
  private readonly insEvent: Database.Statement;
  private readonly insSignal: Database.Statement;
  private readonly insUnit: Database.Statement;

  constructor(readonly db: Database.Database) {
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('temp_store = MEMORY');
      db.pragma('cache_size = -65536');
      db.pragma('busy_timeout = 10000');
      db.exec(SCHEMA);
    } catch (err) {
      throw new KubesleuthError(`cannot use the store: ${(err as Error).message}`);
    }
    const version = (db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined)?.value;
    if (version === undefined) db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
    else if (Number(version) !== SCHEMA_VERSION) {
      throw new KubesleuthError(`the store was written by another kubesleuth (schema ${version}, this one reads ${SCHEMA_VERSION}); use a new --db`);
    }
    this.insEvent = db.prepare(
      `INSERT INTO events (input_id, line, ts_us, host, source, ident, unit, pid, priority, message, fields, cursor, raw, parsed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insSignal = db.prepare(`INSERT OR IGNORE INTO signals (event_id, rule, signal, captures) VALUES (?, ?, ?, ?)`);
    this.insUnit = db.prepare(`INSERT OR IGNORE INTO unit_names (host, description, unit) VALUES (?, ?, ?)`);
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

  /** The completely ingested input with these bytes, if any. */
  findComplete(sha256: string): InputRow | undefined {
    return this.db.prepare(`SELECT id, path, sha256, state, rules_hash FROM inputs WHERE sha256 = ? AND state = 'complete'`).get(sha256) as InputRow | undefined;
  }

  /** Starts an input in state 'loading'; returns its id. */
  createInput(runId: number, path: string, sha256: string, bytes: number | null, compression: string | null, format: string, formatReason: string): number {
    return Number(
      this.db.prepare(`INSERT INTO inputs (run_id, path, sha256, bytes, compression, format, format_reason, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'loading')`)
        .run(runId, path, sha256, bytes, compression, format, formatReason).lastInsertRowid,
    );
  }

  /** Stores a batch of events and the signals they raise, in one transaction. */
  insertEvents(inputId: number, events: readonly LogEvent[], matcher: EventMatcher | null, units: readonly UnitName[] = []): number {
    let signals = 0;
    this.db.transaction(() => {
      for (const e of events) {
        const id = this.insEvent.run(
          inputId, e.line, e.ts, e.host, e.source, e.ident, e.unit, e.pid, e.priority, e.message,
          e.fields ? JSON.stringify(e.fields) : null, e.cursor, e.raw, e.parsed ? 1 : 0,
        ).lastInsertRowid;
        const hits = matcher?.match(e);
        if (hits) {
          for (const h of hits) this.insSignal.run(id, h.rule, h.signal, h.captures ? JSON.stringify(h.captures) : null);
          signals += hits.length;
        }
      }
      for (const u of units) this.insUnit.run(u.host, u.description, u.unit);
    })();
    return signals;
  }

  /** Marks an input complete with its counts, time range and time basis. */
  finishInput(id: number, ctx: InputContext, host: string | null, rulesHash: string, sha256: string): void {
    const s = ctx.stats;
    this.db.prepare(
      `UPDATE inputs SET sha256 = ?, format = ?, format_reason = ?, host = ?, lines = ?, events = ?, parsed = ?, unparsed = ?, skipped = ?, untimed = ?,
         first_ts_us = ?, last_ts_us = ?, year = ?, year_reason = ?, tz = ?, tz_reason = ?, notes = ?, rules_hash = ?, state = 'complete' WHERE id = ?`,
    ).run(
      sha256, ctx.parser.id, ctx.formatReason, host, s.lines, s.events, s.parsed, s.unparsed, s.skipped, s.untimed, s.firstTs, s.lastTs,
      ctx.time.year, ctx.time.yearReason, ctx.time.zone, ctx.time.zoneReason, JSON.stringify(ctx.notes), rulesHash, id,
    );
  }

  /** Deletes an input with its events and signals. */
  dropInput(id: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM finding_events WHERE event_id IN (SELECT id FROM events WHERE input_id = ?)`).run(id);
      this.db.prepare(`DELETE FROM signals WHERE event_id IN (SELECT id FROM events WHERE input_id = ?)`).run(id);
      this.db.prepare(`DELETE FROM events WHERE input_id = ?`).run(id);
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
      this.db.prepare(`DELETE FROM signals WHERE event_id IN (SELECT id FROM events WHERE input_id = ?)`).run(inputId);
      const rows = this.db.prepare(`SELECT * FROM events WHERE input_id = ?`).iterate(inputId) as IterableIterator<Record<string, unknown>>;
      const pending: Array<[number, SignalHit[]]> = [];
      for (const row of rows) {
        const hits = matcher.match(rowToEvent(row));
        if (hits) pending.push([row.id as number, hits]);
      }
      for (const [id, hits] of pending) for (const h of hits) this.insSignal.run(id, h.rule, h.signal, h.captures ? JSON.stringify(h.captures) : null);
      this.db.prepare(`UPDATE inputs SET rules_hash = ? WHERE id = ?`).run(rulesHash, inputId);
    })();
  }

  /** Closes the connection (checkpointing the WAL). */
  close(): void {
    this.db.close();
  }
}
