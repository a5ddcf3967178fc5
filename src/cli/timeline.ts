// `kubesleuth timeline`: the store's events merged in time order across files and hosts, with
// filters, a finding's evidence in context, repeats folded, as a table, JSON, JSONL or CSV.
import { KubesleuthError } from '../errors.js';
import { dataRange, openReadOnly } from '../store/read.js';
import { bufferedWriter } from './output.js';
import { REDACT_HELP, REDACT_OPTIONS, redactionOf } from '../report/redact.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { timeline, type TimelineQuery, type TimelineRow } from '../report/timeline.js';
import { painter, useColor } from '../report/text.js';
import { formatDuration, isoOf } from '../time.js';
import { parse, type Io } from './args.js';
import { humanDuration, parseWhen, type Anchors } from './when.js';

/** Help text of `timeline`. */
export const TIMELINE_HELP = `Usage: kubesleuth timeline [options]

Prints the events of the store in time order, merged across files and hosts.
Repeats of a line (numbers and ids aside) fold into one row: "×163 over 42m".

Options:
  --db PATH          store file (default ./kubesleuth.db)
  --host NAME        only this host (repeatable)
  --source NAME      only this component: kubelet, dockerd, containerd, systemd,
                     kernel, … (repeatable)
  --unit NAME        only this systemd unit (repeatable)
  --min-severity S   only events this severe or worse: emerg, alert, crit, err,
                     warning, notice, info, debug (or critical, high, medium, low)
  --grep REGEX       only messages matching REGEX (JavaScript syntax)
  --finding ID       the finding's evidence (marked *) and what happened on its
                     host around it (--context before and after)
  --context DUR      around --finding (default 5m)
  --since TIME       from TIME: 2017-10-10T13:00:00Z, "2017-10-10 13:00 PST",
  --until TIME       "2 hours ago", "5 minutes before the first finding",
                     "10m after finding 3", "the end" (no zone given: UTC)
  --no-fold          one row per event
  --limit N          at most N rows
  --json | --jsonl | --csv
                     rows as a JSON array, JSON lines, or CSV (Timeline Explorer)
${REDACT_HELP}
  -h, --help         this help

Examples:
  kubesleuth timeline --finding 1
  kubesleuth timeline --host k8s-master-1 --since "5 minutes before the first finding" --until "the end"
  kubesleuth timeline --source kubelet --min-severity err --grep 'PLEG|sandbox'
  kubesleuth timeline --csv > timeline.csv
`;

const OPTIONS = {
  db: { type: 'string' },
  host: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  unit: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
  grep: { type: 'string' },
  finding: { type: 'string' },
  context: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'no-fold': { type: 'boolean' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  csv: { type: 'boolean' },
  ...REDACT_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];
// A finding's severity names for event priorities, so one word works for both.
const SEVERITY_PRIORITY: Record<string, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };

/** `--min-severity` as the highest syslog priority shown. */
export function maxPriorityOf(s: string): number {
  const p = PRIORITIES.indexOf(s);
  if (p >= 0) return p;
  const q = SEVERITY_PRIORITY[s];
  if (q === undefined) throw new KubesleuthError(`--min-severity wants one of ${PRIORITIES.join(', ')} (or ${SEVERITIES.join(', ')}), got "${s}"`);
  return q;
}

const FOLD_GAP_US = 600e6;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function out(r: TimelineRow) {
  return {
    ts: isoOf(r.ts), last: r.count > 1 ? isoOf(r.last) : null, count: r.count, host: r.host, source: r.source, unit: r.unit,
    severity: r.priority === null ? null : (PRIORITIES[r.priority] ?? null), message: r.message, input: r.input, line: r.line, findings: r.findings,
  };
}

const PRIORITY_STYLE: Array<Parameters<ReturnType<typeof painter>>[0]> = ['red', 'red', 'red', 'red', 'yellow', 'cyan', 'white', 'gray'];

/** Runs timeline; returns the exit status. */
export async function timelineCommand(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'timeline');
  if (v.help) {
    io.out.write(TIMELINE_HELP);
    return 0;
  }
  if (positionals.length) throw new KubesleuthError(`timeline: unexpected argument "${positionals[0]}"; filter with --grep, --host, --since (see kubesleuth timeline --help)`);
  if ([v.json, v.jsonl, v.csv].filter(Boolean).length > 1) throw new KubesleuthError('timeline: choose one of --json, --jsonl, --csv');
  let grep: RegExp | null = null;
  if (v.grep !== undefined) {
    try {
      grep = new RegExp(v.grep);
    } catch (err) {
      throw new KubesleuthError(`--grep: ${(err as Error).message}`);
    }
  }
  const limit = v.limit === undefined ? Infinity : Number(v.limit);
  if (!(limit >= 1) || !Number.isInteger(limit === Infinity ? 1 : limit)) throw new KubesleuthError(`--limit wants a whole number ≥ 1, got "${v.limit}"`);
  const db = openReadOnly(v.db ?? 'kubesleuth.db');
  try {
    const first = db.prepare(`SELECT id, start_us, end_us, host FROM findings ORDER BY start_us, id`).all() as Array<{ id: number; start_us: number; end_us: number; host: string }>;
    const range = dataRange(db);
    const anchors: Anchors = {
      now: io.now,
      finding: (w) => (w === 'first' ? first[0]?.start_us : w === 'last' ? first[first.length - 1]?.start_us : first.find((f) => f.id === w)?.start_us) ?? null,
      dataStart: range.a,
      dataEnd: range.b,
    };
    const q: TimelineQuery = {
      hosts: v.host ?? [], sources: v.source ?? [], units: v.unit ?? [], maxPriority: v['min-severity'] === undefined ? null : maxPriorityOf(v['min-severity']), grep,
      since: v.since === undefined ? null : parseWhen(v.since, anchors, '--since'), until: v.until === undefined ? null : parseWhen(v.until, anchors, '--until'),
      foldGap: v['no-fold'] ? 0 : FOLD_GAP_US,
    };
    let focus: number | null = null;
    if (v.finding !== undefined) {
      const f = first.find((x) => String(x.id) === v.finding!.replace(/^#/, ''));
      if (!f) throw new KubesleuthError(`--finding: no finding ${v.finding} in the store; ids: ${first.map((x) => x.id).join(', ') || 'none (no findings)'}`);
      const ctx = v.context === undefined ? 300e6 : humanDuration(v.context);
      if (ctx === null) throw new KubesleuthError(`--context wants a duration like 5m or 90s, got "${v.context}"`);
      focus = f.id;
      q.since ??= f.start_us - ctx;
      q.until ??= f.end_us + ctx;
      if (!q.hosts.length) q.hosts = [f.host];
    }
    const paint = painter(useColor(io.out));
    const width = io.out.isTTY ? (process.stdout.columns || 120) : Infinity;
    let n = 0;
    const w = bufferedWriter(io.out);
    if (v.json) w.write('[');
    if (v.csv) w.write('Timestamp,LastTimestamp,Count,Host,Source,Unit,Severity,Message,Findings,Input,Line\n');
    const mask = redactionOf(v);
    for (const r of timeline(db, q)) {
      if (n >= limit) break;
      if (mask) r.message = mask(r.message);
      const o = out(r);
      if (v.json) w.write(`${n ? ',' : ''}\n  ${JSON.stringify(o)}`);
      else if (v.jsonl) w.write(`${JSON.stringify(o)}\n`);
      else if (v.csv) w.write(`${[o.ts, o.last, o.count, o.host, o.source, o.unit, o.severity, o.message, o.findings.join(' '), o.input, o.line].map(csvCell).join(',')}\n`);
      else {
        const mark = focus !== null && r.findings.includes(focus) ? '*' : r.findings.length ? '·' : ' ';
        const who = `${r.source}${r.unit ? `/${r.unit}` : ''}`;
        const fold = r.count > 1 ? `  ×${r.count} over ${formatDuration(r.last! - r.ts!)}` : '';
        const head = `${mark} ${o.ts!.replace('T', ' ').replace('Z', '')}  ${(r.host ?? '-').padEnd(20)} ${who.padEnd(16)} ${(o.severity ?? '').padEnd(7)} `;
        let msg = r.message.replace(/\n/g, ' ⏎ ');
        if (head.length + msg.length + fold.length > width) msg = `${msg.slice(0, Math.max(20, width - head.length - fold.length - 1))}…`;
        w.write(`${paint(r.priority !== null && r.priority <= 3 ? 'bold' : 'reset', head.slice(0, 2))}${paint('dim', head.slice(2, 26))}${head.slice(26)}${paint(PRIORITY_STYLE[r.priority ?? 6] ?? 'white', msg)}${paint('cyan', fold)}\n`);
      }
      n++;
    }
    if (v.json) w.write(`${n ? '\n' : ''}]\n`);
    w.flush();
    if (!n && !v.json && !v.jsonl && !v.csv) io.err.write('kubesleuth: no events match; widen --since/--until or drop a filter\n');
    return 0;
  } finally {
    db.close();
  }
}
