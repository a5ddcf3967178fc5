// `kubesleuth search TEXT`: every stored message that holds TEXT, through SQLite FTS5, with the
// timeline's filters and a count of hits per host and per source.
import { KubesleuthError } from '../errors.js';
import { ftsQuery, updateFts } from '../store/fts.js';
import { dataRange, openReadOnly } from '../store/read.js';
import { table } from '../report/table.js';
import { painter, useColor } from '../report/text.js';
import { isoOf } from '../time.js';
import { parse, type Io } from './args.js';
import { maxPriorityOf } from './timeline.js';
import { parseWhen, type Anchors } from './when.js';
import { REDACT_HELP, REDACT_OPTIONS, redactionOf } from '../report/redact.js';

/** Help text of `search`. */
export const SEARCH_HELP = `Usage: kubesleuth search [options] TEXT...

Finds the stored events whose message holds every word of TEXT (whole words, in
any order; "quoted words" as a phrase), with hits counted per host and source.
The first search of a store builds its full-text index; later ones extend it.

Options:
  --db PATH          store file (default ./kubesleuth.db)
  --fts              TEXT is an FTS5 query: OR, NOT, NEAR(a b, 5), prefix*, "a phrase"
  --host NAME        only this host (repeatable)
  --source NAME      only this component (repeatable)
  --unit NAME        only this unit (repeatable)
  --min-severity S   only events this severe or worse (err, warning, … or high, …)
  --since TIME       from TIME (as in kubesleuth timeline)
  --until TIME       until TIME
  --limit N          hits shown (default 50; the counts cover all)
  --json             one JSON document: total, by_host, by_source, hits
${REDACT_HELP}
  -h, --help         this help

Examples:
  kubesleuth search broken pipe
  kubesleuth search --fts 'PLEG NEAR(healthy, 3) OR "context deadline"' --host node-7
  kubesleuth search --source kernel "blocked for more than" --json
`;

const OPTIONS = {
  db: { type: 'string' },
  fts: { type: 'boolean' },
  host: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  unit: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  ...REDACT_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

interface Hit { id: number; ts_us: number | null; host: string | null; source: string; unit: string | null; priority: number | null; message: string; path: string; line: number }

/** Runs search; returns the exit status. */
export async function searchCommand(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'search');
  if (v.help) {
    io.out.write(SEARCH_HELP);
    return 0;
  }
  const text = positionals.join(' ').trim();
  if (!text) throw new KubesleuthError('search: give the words to find, e.g. kubesleuth search broken pipe (see kubesleuth search --help)');
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new KubesleuthError(`--limit wants a whole number ≥ 1, got "${v.limit}"`);
  const path = v.db ?? 'kubesleuth.db';
  openReadOnly(path).close();
  const added = updateFts(path);
  if (added > 100_000) io.err.write(`kubesleuth: indexed ${added} events for search (once per store; later searches reuse it)\n`);
  const db = openReadOnly(path);
  try {
    const range = dataRange(db);
    const starts = db.prepare(`SELECT id, start_us FROM findings ORDER BY start_us, id`).all() as Array<{ id: number; start_us: number }>;
    const anchors: Anchors = {
      now: io.now, dataStart: range.a, dataEnd: range.b,
      finding: (w) => (w === 'first' ? starts[0]?.start_us : w === 'last' ? starts[starts.length - 1]?.start_us : starts.find((f) => f.id === w)?.start_us) ?? null,
    };
    const where = ['events_fts MATCH ?'];
    const args: unknown[] = [ftsQuery(text, !!v.fts)];
    const inList = (col: string, vals: string[] | undefined) => {
      if (!vals?.length) return;
      where.push(`${col} IN (${vals.map(() => '?').join(',')})`);
      args.push(...vals);
    };
    inList('e.host', v.host);
    inList('e.source', v.source);
    inList('e.unit', v.unit);
    if (v['min-severity'] !== undefined) {
      where.push('e.priority <= ?');
      args.push(maxPriorityOf(v['min-severity']));
    }
    if (v.since !== undefined) {
      where.push('e.ts_us >= ?');
      args.push(parseWhen(v.since, anchors, '--since'));
    }
    if (v.until !== undefined) {
      where.push('e.ts_us <= ?');
      args.push(parseWhen(v.until, anchors, '--until'));
    }
    const from = `FROM events_fts JOIN events e ON e.id = events_fts.rowid WHERE ${where.join(' AND ')}`;
    let facets: Array<{ host: string | null; source: string; n: number }>;
    try {
      facets = db.prepare(`SELECT e.host, e.source, count(*) AS n ${from} GROUP BY e.host, e.source`).all(...args) as typeof facets;
    } catch (err) {
      throw new KubesleuthError(`search: ${(err as Error).message.replace(/^fts5: /, '')} in "${text}"${v.fts ? '' : ' (or pass --fts for FTS5 syntax)'}`);
    }
    const hits = db.prepare(`SELECT e.id, e.ts_us, e.host, e.source, e.unit, e.priority, e.message, (SELECT path FROM inputs WHERE id = e.input_id) AS path, e.line ${from} ORDER BY e.ts_us, e.id LIMIT ?`).all(...args, limit) as Hit[];
    const mask = redactionOf(v);
    if (mask) for (const h of hits) h.message = mask(h.message);
    const total = facets.reduce((n, f) => n + f.n, 0);
    const count = (key: 'host' | 'source') => {
      const m = new Map<string, number>();
      for (const f of facets) m.set(f[key] ?? '(none)', (m.get(f[key] ?? '(none)') ?? 0) + f.n);
      return Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]));
    };
    if (v.json) {
      io.out.write(`${JSON.stringify({
        query: text, total, by_host: count('host'), by_source: count('source'),
        hits: hits.map((h) => ({ id: h.id, ts: isoOf(h.ts_us), host: h.host, source: h.source, unit: h.unit, severity: h.priority === null ? null : PRIORITIES[h.priority], message: h.message, input: h.path, line: h.line })),
      }, null, 2)}\n`);
      return 0;
    }
    const paint = painter(useColor(io.out));
    if (!total) {
      io.err.write(`kubesleuth: no event holds ${v.fts ? text : `all of: ${text}`}; try fewer words, or --fts with OR\n`);
      return 0;
    }
    const words = (text.match(/[\p{L}\p{N}_]{2,}/gu) ?? []).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const mark = words.length && !v.fts ? new RegExp(words.join('|'), 'gi') : null;
    for (const h of hits) {
      const msg = mark ? h.message.replace(mark, (w) => paint(['bold', 'yellow'], w)) : h.message;
      io.out.write(`${paint('dim', (isoOf(h.ts_us) ?? '?').replace('T', ' ').replace('Z', ''))}  ${h.host ?? '-'}  ${h.source}${h.unit ? `/${h.unit}` : ''}  ${msg}  ${paint('dim', `[${h.path}:${h.line}]`)}\n`);
    }
    const by = (o: Record<string, number>) => Object.entries(o).map(([k, n]) => ({ k, n }));
    io.out.write(`\n${total} hit(s)${total > hits.length ? `, first ${hits.length} shown (--limit)` : ''}\n`);
    io.out.write(table(['HOST', 'HITS'], by(count('host')).map((x) => ({ HOST: x.k, HITS: x.n }))));
    io.out.write('\n');
    io.out.write(table(['SOURCE', 'HITS'], by(count('source')).map((x) => ({ SOURCE: x.k, HITS: x.n }))));
    return 0;
  } finally {
    db.close();
  }
}
