// `kubesleuth inputs`: the inventory of the store — every input read or skipped, where it sits in
// its bundle, what it was taken for, its node and why, how much of it parsed, its time range and
// the year and zone its times rest on; `--unparsed` prints the lines no parser understood.
import { KubesleuthError } from '../errors.js';
import { openReadOnly } from '../store/read.js';
import { table } from '../report/table.js';
import { parse, type Io } from './args.js';

/** Help text of `inputs`. */
export const INPUTS_HELP = `Usage: kubesleuth inputs [options] [PATH-FILTER]

Lists every input of the store, read or skipped: its path (inside its bundle),
what it was recognised as, its format, host (and why), lines, parsed share, time
range, and the year and zone its times rest on (and why). PATH-FILTER keeps
inputs whose path contains it.

Options:
  --db PATH     store file (default ./kubesleuth.db)
  --skipped     only the files that were skipped, with the reason
  --read        only the files that were read
  --unparsed    print the lines no parser understood (input, line, text)
  --limit N     with --unparsed: at most N lines (default 200)
  --json        print rows as JSON (every column, all reasons)
  -h, --help    this help

Examples:
  kubesleuth analyze eks_i-0abc_2024-01-30_1020-UTC_0.7.9.tar.gz && kubesleuth inputs
  kubesleuth inputs --skipped
  kubesleuth inputs --unparsed kubelet
`;

const OPTIONS = {
  db: { type: 'string' },
  skipped: { type: 'boolean' },
  read: { type: 'boolean' },
  unparsed: { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Row {
  path: string; state: string; kind: string | null; collector: string | null; format: string; format_reason: string; host: string | null; host_reason: string | null;
  skip_reason: string | null; lines: number; events: number; parsed: number; unparsed: number; first_ts: string | null; last_ts: string | null;
  year: number | null; year_reason: string | null; tz: string | null; tz_reason: string | null; notes: string; bytes: number | null; compression: string | null;
}

const short = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 19) : '');

/** Runs inputs; returns the exit status. */
export async function inputs(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'inputs');
  if (v.help) {
    io.out.write(INPUTS_HELP);
    return 0;
  }
  if (v.skipped && v.read) throw new KubesleuthError('inputs: choose one of --skipped and --read');
  const filter = positionals.join(' ');
  const db = openReadOnly(v.db ?? './kubesleuth.db');
  try {
    if (v.unparsed) {
      const limit = v.limit === undefined ? 200 : Number(v.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new KubesleuthError(`inputs: --limit wants a positive number, got "${v.limit}"`);
      const rows = db.prepare(
        `SELECT i.path AS input, e.line, e.raw AS text FROM events e JOIN inputs i ON i.id = e.input_id WHERE e.parsed = 0 AND instr(i.path, ?) > 0 ORDER BY e.id LIMIT ?`,
      ).all(filter, limit) as Array<Record<string, unknown>>;
      if (v.json) io.out.write(`${JSON.stringify(rows, null, 2)}\n`);
      else io.out.write(rows.length ? table(['input', 'line', 'text'], rows, io.out.isTTY ? 200 : Number.MAX_SAFE_INTEGER) : 'no unparsed lines\n');
      return 0;
    }
    const state = v.skipped ? `state = 'skipped'` : v.read ? `state = 'complete'` : `state IN ('complete', 'skipped')`;
    const rows = db.prepare(`SELECT * FROM inputs WHERE ${state} AND instr(path, ?) > 0 ORDER BY (state = 'skipped'), coalesce(bundle, ''), path`).all(filter) as Row[];
    if (v.json) {
      io.out.write(`${JSON.stringify(rows.map(({ notes, ...r }) => ({ ...r, notes: JSON.parse(notes) as string[] })), null, 2)}\n`);
      return 0;
    }
    const width = io.out.isTTY ? 80 : Number.MAX_SAFE_INTEGER;
    if (v.skipped) {
      io.out.write(table(['PATH', 'KIND', 'BYTES', 'WHY SKIPPED'], rows.map((r) => ({ PATH: r.path, KIND: r.kind, BYTES: r.bytes, 'WHY SKIPPED': r.skip_reason })), width));
      return 0;
    }
    const read = rows.filter((r) => r.state === 'complete');
    io.out.write(table(
      ['PATH', 'KIND', 'FORMAT', 'HOST', 'LINES', 'PARSED', 'FIRST', 'LAST', 'TIME BASIS'],
      read.map((r) => ({
        PATH: r.path, KIND: r.kind ?? 'file', FORMAT: r.format + (r.compression ? `+${r.compression}` : ''), HOST: r.host ?? '', LINES: r.lines,
        PARSED: r.parsed + r.unparsed ? `${Math.floor((1000 * r.parsed) / (r.parsed + r.unparsed)) / 10}%` : '-',
        FIRST: short(r.first_ts), LAST: short(r.last_ts), 'TIME BASIS': basis(r),
      })),
      width,
    ));
    const skipped = rows.length - read.length;
    if (skipped) io.out.write(`\n${skipped} file(s) skipped (not logs, repeats, links); list them with: kubesleuth inputs --skipped\n`);
    const hosts = read.filter((r) => r.host_reason && r.host).map((r) => `  ${r.host}: ${r.host_reason}`);
    if (hosts.length) io.out.write(`\nhosts of files that name none:\n${[...new Set(hosts)].join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
}

// Year and zone with their reasons, shortened to what a reader needs to trust or doubt them.
function basis(r: Row): string {
  if (r.year === null && r.tz === null) return r.first_ts ? 'absolute times in the lines' : '';
  const y = r.year !== null ? `${r.year} (${r.year_reason ?? '?'})` : '';
  const z = r.tz !== null ? `${r.tz} (${r.tz_reason ?? '?'})` : '';
  return y && z && r.year_reason === r.tz_reason ? `${r.year} ${r.tz} (${r.year_reason})` : [y, z].filter(Boolean).join('; ');
}
