// The timeline: stored events in time order across files and hosts, filtered, with exact copies
// of one line from two files shown once and repeats folded into one row with a count (like
// kubectl's "x163 over 42m"). Streams: memory holds only the rows still open for folding.
import type Database from 'better-sqlite3';

/** One timeline row: an event, or a run of its repeats. */
export interface TimelineRow {
  id: number;
  ts: number | null;
  /** Time of the last repeat folded into this row. */
  last: number | null;
  count: number;
  host: string | null;
  source: string;
  unit: string | null;
  priority: number | null;
  message: string;
  input: string;
  line: number;
  /** Ids of the findings that hold this event (or a repeat of it) as evidence. */
  findings: number[];
}

/** What to show. */
export interface TimelineQuery {
  hosts: string[];
  sources: string[];
  units: string[];
  /** Highest syslog priority shown (3: err and worse), or null for all. */
  maxPriority: number | null;
  grep: RegExp | null;
  since: number | null;
  until: number | null;
  /** Repeats closer than this fold into one row; 0 folds nothing. */
  foldGap: number;
}

// A run of repeats closes after this long or this many rows behind it, so memory stays bounded.
const MAX_FOLD_SPAN_US = 3600e6;
const MAX_OPEN_ROWS = 20_000;

// Numbers, durations and long hex ids change between repeats of one line; names do not.
const VARIABLE = /(?<![\w.-])\d[\d.]*(?:[a-zµ]+[\d.]*)*(?![\w-])|\b[0-9a-f]{12,}\b/g;

/** The key under which repeats of a message fold. */
export function foldKey(host: string | null, source: string, unit: string | null, message: string): string {
  return `${host ?? ''}\u0000${source}\u0000${unit ?? ''}\u0000${message.replace(VARIABLE, '#')}`;
}

interface Row {
  id: number; ts_us: number | null; host: string | null; source: string; unit: string | null; priority: number | null; message: string; path: string; line: number; input_id: number;
}

/** Timeline rows in time order. */
export function* timeline(db: Database.Database, q: TimelineQuery): Generator<TimelineRow> {
  const where: string[] = ['e.ts_us IS NOT NULL'];
  const args: unknown[] = [];
  const inList = (col: string, vals: string[]) => {
    if (!vals.length) return;
    where.push(`${col} IN (${vals.map(() => '?').join(',')})`);
    args.push(...vals);
  };
  inList('e.host', q.hosts);
  inList('e.source', q.sources);
  inList('e.unit', q.units);
  if (q.maxPriority !== null) {
    where.push('e.priority <= ?');
    args.push(q.maxPriority);
  }
  if (q.since !== null) {
    where.push('e.ts_us >= ?');
    args.push(q.since);
  }
  if (q.until !== null) {
    where.push('e.ts_us <= ?');
    args.push(q.until);
  }
  const marks = new Map<number, number[]>();
  for (const r of db.prepare(`SELECT event_id, finding_id FROM finding_events ORDER BY finding_id`).all() as Array<{ event_id: number; finding_id: number }>) {
    (marks.get(r.event_id) ?? marks.set(r.event_id, []).get(r.event_id)!).push(r.finding_id);
  }
  const rows = db.prepare(
    `SELECT e.id, e.ts_us, e.host, e.source, e.unit, e.priority, e.message, i.path, e.line, e.input_id
     FROM events e JOIN inputs i ON i.id = e.input_id WHERE ${where.join(' AND ')} ORDER BY e.ts_us, e.id`,
  );
  const queue: TimelineRow[] = [];
  const open = new Map<string, TimelineRow>();
  const keyOf = new Map<TimelineRow, string>();
  let at: number | null = null;
  const sameInstant = new Map<string, number>();
  const close = function* (now: number, all: boolean): Generator<TimelineRow> {
    while (queue.length) {
      const head = queue[0]!;
      const done = all || now - head.last! > q.foldGap || now - head.ts! > MAX_FOLD_SPAN_US || queue.length > MAX_OPEN_ROWS;
      if (!done) return;
      queue.shift();
      const k = keyOf.get(head)!;
      if (open.get(k) === head) open.delete(k);
      keyOf.delete(head);
      yield head;
    }
  };
  for (const r of rows.iterate(...args) as IterableIterator<Row>) {
    if (q.grep && !q.grep.test(r.message)) continue;
    // One line logged in two files of a node (a unit journal and syslog's copy) is shown once.
    if (r.ts_us !== at) {
      at = r.ts_us;
      sameInstant.clear();
    }
    const copy = `${r.host}\u0000${r.message}`;
    const from = sameInstant.get(copy);
    if (from !== undefined && from !== r.input_id) continue;
    sameInstant.set(copy, r.input_id);
    const ts = r.ts_us!;
    const k = q.foldGap > 0 ? foldKey(r.host, r.source, r.unit, r.message) : '';
    const g = q.foldGap > 0 ? open.get(k) : undefined;
    if (g && ts - g.last! <= q.foldGap && ts - g.ts! <= MAX_FOLD_SPAN_US) {
      g.count++;
      g.last = ts;
      for (const f of marks.get(r.id) ?? []) if (!g.findings.includes(f)) g.findings.push(f);
      continue;
    }
    const row: TimelineRow = { id: r.id, ts, last: ts, count: 1, host: r.host, source: r.source, unit: r.unit, priority: r.priority, message: r.message, input: r.path, line: r.line, findings: [...(marks.get(r.id) ?? [])] };
    if (q.foldGap > 0) {
      open.set(k, row);
      keyOf.set(row, k);
      queue.push(row);
      yield* close(ts, false);
    } else yield row;
  }
  yield* close(0, true);
}
