// `kubesleuth query "SQL"`: read-only SQL over the store, as a table, JSON or CSV.
import { KubesleuthError } from '../errors.js';
import { openReadOnly } from '../store/read.js';
import { parse, type Io } from './args.js';
import { table } from '../report/table.js';

/** Help text of `query`. */
export const QUERY_HELP = `Usage: kubesleuth query [options] "SQL"

Runs read-only SQL on the store (tables: inputs, events, findings, finding_events,
signals, unit_names, runs; see README "The store"). Statements that would change
the store are refused.

Options:
  --db PATH   store file (default ./kubesleuth.db)
  --json      print rows as a JSON array
  --csv       print rows as CSV with a header
  -h, --help  this help

Examples:
  kubesleuth query "SELECT rule, host, start, summary FROM findings"
  kubesleuth query --csv "SELECT ts, host, source, message FROM events WHERE severity IN ('err','crit') ORDER BY ts_us"
  kubesleuth query "SELECT path, format, lines, unparsed, year, year_reason FROM inputs"
`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Runs query; returns the exit status. */
export async function query(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'query');
  if (v.help) {
    io.out.write(QUERY_HELP);
    return 0;
  }
  if (v.json && v.csv) throw new KubesleuthError('query: choose one of --json and --csv');
  const sql = positionals.join(' ').trim();
  if (!sql) throw new KubesleuthError('query: give the SQL to run, e.g. kubesleuth query "SELECT * FROM findings"');
  const db = openReadOnly(v.db ?? './kubesleuth.db');
  try {
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (err) {
      throw new KubesleuthError(`query: ${(err as Error).message}`);
    }
    if (!stmt.reader) throw new KubesleuthError('query: only statements that return rows are allowed (the store is opened read-only)');
    const columns = stmt.columns().map((c) => c.name);
    let rows: Array<Record<string, unknown>>;
    try {
      rows = stmt.all() as Array<Record<string, unknown>>;
    } catch (err) {
      throw new KubesleuthError(`query: ${(err as Error).message}`);
    }
    if (v.json) io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
    else if (v.csv) io.out.write([columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n');
    else io.out.write(table(columns, rows, io.out.isTTY ? 200 : Number.MAX_SAFE_INTEGER));
    return 0;
  } finally {
    db.close();
  }
}
