// `kubesleuth analyze [INPUT…]`: read, store, correlate, report.
import { formatNames } from '../../parsers/index.js';
import { Interrupted, KubesleuthError } from '../errors.js';
import { lockStore } from '../store/lock.js';
import { compileMatcher } from '../engine/matcher.js';
import { evaluate } from '../engine/engine.js';
import { rulesHash } from '../engine/rules.js';
import { SELECT_HELP, SELECT_OPTIONS, selectRules } from '../engine/select.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { rowToEvent } from '../store/read.js';
import { openStore } from '../store/store.js';
import { openSink } from '../store/sink.js';
import { ingestInput, type InputReport } from '../pipeline/ingest.js';
import { expandInputs, preflight } from '../pipeline/sources.js';
import { ingestBundle } from '../bundle/ingest-bundle.js';
import { isArchiveFile } from '../bundle/archive.js';
import * as chrono from 'chrono-node';
import { VERSION } from '../paths.js';
import { fleetOf, readFindings, type AnalyzeDoc } from '../report/model.js';
import { renderFindings, renderSummary, useColor } from '../report/text.js';
import { Progress, wantProgress } from '../report/progress.js';
import { REDACT_HELP, REDACT_OPTIONS, redactDeep, redactionOf } from '../report/redact.js';
import { isoOf } from '../time.js';
import { parse, type Io } from './args.js';
import { READ_OPTIONS, failOnOption, formatOption, yearOption, zoneOption } from './read-options.js';

/** Help text of `analyze`. */
export const ANALYZE_HELP = `Usage: kubesleuth analyze [options] [INPUT...]

Reads node logs into a SQLite store, runs every rule, prints findings.
INPUT is a log file (plain or .gz), a bundle (a directory, .tar, .tar.gz/.tgz,
.tar.xz, .tar.zst, .zip, nested archives) or - for stdin; with no INPUT, stdin is
read. Bundles made by sosreport, the EKS log collector, aks-periscope, must-gather,
kubectl cluster-info dump, GKE log-dump and kind export logs are recognised: each
file gets its node and daemon from the layout; files that are not logs are skipped
and listed (kubesleuth inputs).

Options:
  --db PATH          store file (default ./kubesleuth.db; :memory: keeps nothing)
  --json             print one JSON document: findings, fleet, stats, inputs
  --format NAME      skip detection; one of: ${formatNames().join(', ')}
  --year YYYY        year of lines that print none (journalctl short, syslog, klog)
  --tz ZONE          zone of lines that print none: UTC, +02:00, Europe/Berlin
  --host NAME        host of inputs that name none (bare kubelet.log, -o cat)
  --collected-at T   when kubectl outputs were taken (their ages, "42m", count
                     back from it): "2017-11-30 17:04 PST", an ISO time; default:
                     the bundle's collection time, else the file's mtime
${SELECT_HELP}
  --fail-on SEV      exit 1 when a finding of SEV or worse exists (${SEVERITIES.join(', ')})
${REDACT_HELP}
  -q, --quiet        no run summary on stderr
  -h, --help         this help

Examples:
  journalctl -u kubelet -u docker -u containerd --since -2h | kubesleuth analyze
  journalctl -o json --since today | kubesleuth analyze --json
  kubesleuth analyze --year 2017 --tz UTC ./node1/ kubelet.log.1.gz
  kubesleuth analyze eks_i-0abc_2024-01-30_1020-UTC_0.7.9.tar.gz sosreport-node2-*.tar.xz
  kubesleuth analyze --collected-at "2017-11-30 17:04 PST" describe-pod.txt
  kubesleuth analyze --fail-on high samples/ && echo healthy

Exit status: 0 done, 1 a finding at or above --fail-on, 2 usage or input error.
`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  ...READ_OPTIONS,
  'collected-at': { type: 'string' },
  ...SELECT_OPTIONS,
  'fail-on': { type: 'string' },
  ...REDACT_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs analyze; returns the exit status. */
export async function analyze(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'analyze');
  if (v.help) {
    io.out.write(ANALYZE_HELP);
    return 0;
  }
  const format = formatOption(v.format);
  const year = yearOption(v.year);
  const zone = zoneOption(v.tz);
  const failOn = failOnOption(v['fail-on']);

  let collectedAt: number | null = null;
  if (v['collected-at'] !== undefined) {
    const d = chrono.parseDate(v['collected-at'], new Date(io.now / 1000));
    if (!d) throw new KubesleuthError(`--collected-at wants a time like "2017-11-30 17:04 PST" or 2017-12-01T01:04:00Z, got "${v['collected-at']}"`);
    collectedAt = d.getTime() * 1000;
  }
  const rules = selectRules({ rules: v.rules, only: v.only, exclude: v.exclude, minSeverity: v['min-severity'] });
  const hash = rulesHash(rules);
  const specs = expandInputs(positionals);
  if (specs.some((s) => s.stdin) && io.stdinIsTTY) throw new KubesleuthError('no input given and stdin is a terminal; pipe journalctl into kubesleuth or name files (see --help)');
  for (const s of specs) if (!s.stdin && !s.bundle && (await isArchiveFile(s.path))) s.bundle = true;
  await preflight(specs);

  const dbPath = v.db ?? './kubesleuth.db';
  const lock = lockStore(dbPath);
  let store;
  try {
    store = openStore(dbPath);
  } catch (err) {
    lock.release();
    throw err;
  }
  // Ctrl-C stops reading at the next batch; what was committed stays, and the findings of it are
  // printed. A second Ctrl-C leaves at once (the store is still sound: nothing half-written counts).
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
    if (specs.some((s) => s.stdin)) io.stdin.destroy();
  };
  process.on('SIGINT', onSigint);
  try {
    store.dropIncomplete();
    const runId = store.beginRun(VERSION, ['analyze', ...argv], hash, new Date(io.now / 1000).toISOString());
    const matcher = compileMatcher(rules);
    const read = { format, year, zone, host: v.host ?? null, collectedAt, now: io.now };
    const reports: InputReport[] = [];
    const sink = openSink(store, dbPath);
    // The share done is known when every input is a file of known size (not stdin, not a bundle).
    const total = specs.every((s) => !s.stdin && !s.bundle && s.size !== null) ? specs.reduce((n, s) => n + (s.size ?? 0), 0) : null;
    const progress = wantProgress(io.err, !!v.quiet) ? new Progress(io.err, total) : null;
    let interrupted = false;
    try {
      const opts = { sink, runId, read, matcher, rulesHash: hash, progress, signal: stop.signal };
      for (const spec of specs) {
        if (spec.bundle) reports.push(...(await ingestBundle(spec, opts)));
        else reports.push(await ingestInput(spec, opts, io.stdin));
      }
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
      interrupted = true;
    } finally {
      progress?.stop();
      await sink.close();
    }
    for (const id of store.staleInputs(hash)) store.rematch(id, matcher, hash, rowToEvent);
    evaluate(store.db, rules, runId);
    store.endRun(runId, new Date(io.now / 1000).toISOString());
    const mask = redactionOf(v);
    const stored = buildDoc(store.db, dbPath, reports);
    const doc = mask ? redactDeep(stored, mask) : stored;
    if (v.json) io.out.write(`${JSON.stringify(doc, null, 2)}\n`);
    else io.out.write(renderFindings(doc, useColor(io.out)));
    if (!v.quiet) io.err.write(renderSummary(doc, mask ? redactDeep(reports, mask) : reports, useColor(io.err)));
    if (interrupted) {
      io.err.write(`kubesleuth: interrupted after ${reports.length} input(s); the input being read is left unfinished. Run the same command again to complete the store.\n`);
      return 130;
    }
    if (failOn && doc.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn))) return 1;
    return 0;
  } catch (err) {
    throw diskFull(err, dbPath) ?? err;
  } finally {
    process.removeListener('SIGINT', onSigint);
    try {
      store.close();
    } catch (err) {
      // Closing commits and checkpoints: on a full disk that fails too, and the store stays as its last commit left it.
      if (!diskFull(err, dbPath)) throw err;
    } finally {
      lock.release();
    }
  }
}

// SQLite's SQLITE_FULL (from this thread or the writer thread, whose errors arrive as plain Errors).
function diskFull(err: unknown, dbPath: string): KubesleuthError | null {
  const e = err as { code?: string; message?: string };
  if (e?.code !== 'SQLITE_FULL' && e?.code !== 'ENOSPC' && !/database or disk is full|ENOSPC/.test(e?.message ?? '')) return null;
  return new KubesleuthError(`the disk holding ${dbPath} is full; the store keeps the inputs it had committed (the rest are read again next time): free space, then run the same command again`);
}

function buildDoc(db: import('better-sqlite3').Database, dbPath: string, reports: readonly InputReport[]): AnalyzeDoc {
  const findings = readFindings(db);
  const hosts = new Set<string>();
  let events = 0, unparsed = 0, lines = 0;
  let first: number | null = null, last: number | null = null;
  for (const r of reports) {
    for (const h of r.hosts) hosts.add(h);
    events += r.events;
    unparsed += r.unparsed;
    lines += r.lines;
    if (r.firstTs !== null && (first === null || r.firstTs < first)) first = r.firstTs;
    if (r.lastTs !== null && (last === null || r.lastTs > last)) last = r.lastTs;
  }
  const store = db.prepare(`SELECT (SELECT COUNT(*) FROM inputs WHERE state = 'complete') AS inputs, (SELECT COUNT(*) FROM events) AS events`).get() as { inputs: number; events: number };
  return {
    findings,
    fleet: fleetOf(findings),
    stats: { inputs: reports.filter((r) => r.status === 'ingested' || r.status === 'already-stored').length, skipped: reports.filter((r) => r.status === 'skipped').length, events, unparsed, hosts: [...hosts].sort(), lines, first: isoOf(first), last: isoOf(last), findings: findings.length, store: { path: dbPath, ...store } },
    inputs: reports.map(({ firstTs, lastTs, unparsedExamples, ...r }) => ({ ...r, first: isoOf(firstTs), last: isoOf(lastTs), unparsed_examples: unparsedExamples })),
  };
}
