// `kubesleuth watch`: a live stream in, findings out as soon as their rules can decide.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import split2 from 'split2';
import { formatNames } from '../../parsers/index.js';
import { KubesleuthError } from '../errors.js';
import type { LogEvent } from '../event.js';
import { compileMatcher } from '../engine/matcher.js';
import { evaluate, UNKNOWN_HOST } from '../engine/engine.js';
import { LiveEngine, type LiveOutput } from '../engine/live.js';
import { rulesHash } from '../engine/rules.js';
import { SEVERITIES } from '../engine/rule-types.js';
import { SELECT_HELP, SELECT_OPTIONS, selectRules } from '../engine/select.js';
import { UnitLearner, UnitNames } from '../engine/units.js';
import { LiveReader } from '../pipeline/live.js';
import { MAX_LINE } from '../pipeline/frame.js';
import { VERSION } from '../paths.js';
import { liveJson, liveText, type LiveOccurrence } from '../report/live.js';
import { useColor } from '../report/text.js';
import { REDACT_HELP, REDACT_OPTIONS, redactDeep, redactionOf } from '../report/redact.js';
import type { SignalHit, UnitName } from '../store/store.js';
import { openStore, type Store } from '../store/store.js';
import { lockStore, type StoreLock } from '../store/lock.js';
import { directSink, encodeBatch, type EventSink } from '../store/sink.js';
import { ianaZone, parseDuration } from '../time.js';
import { parse, type Io } from './args.js';
import { READ_OPTIONS, failOnOption, formatOption, yearOption, zoneOption } from './read-options.js';

/** Help text of `watch`. */
export const WATCH_HELP = `Usage: kubesleuth watch [options] [INPUT]

Reads a never-ending stream (stdin, or INPUT read to its end) and prints each
finding as soon as its rule can decide, and a line when it clears. Windows
expire and state is capped, so memory stays bounded however long it runs.
Rules that wait for something that never comes ("the unit never started again")
decide once --absence-wait has passed in the stream's time, or at its end.

Options:
  --jsonl            one JSON object per line: {"type":"finding"|"resolved", …}
  --db PATH          also store every event (and at the end the findings) there
  --format NAME      skip detection; one of the line formats: ${formatNames().join(', ')}
  --year YYYY        year of lines that print none (default: this year)
  --tz ZONE          zone of lines that print none (default: this machine's)
  --host NAME        host of lines that name none
  --absence-wait D   how long to wait for what a rule says must follow (default 5m)
  --retain D         how long findings stay open for their clearing line (default 6h)
  --evidence N       evidence lines printed under a finding (default 5)
${SELECT_HELP}
  --fail-on SEV      exit 1 when a finding of SEV or worse was printed
${REDACT_HELP}
  -q, --quiet        no summary on stderr at the end
  -h, --help         this help

Examples:
  journalctl -f -o json | kubesleuth watch
  journalctl -f -u kubelet -u docker -u containerd | kubesleuth watch --min-severity high
  journalctl -f -o json | kubesleuth watch --jsonl --db node.db | jq -r .summary
  kubectl logs -f -n kube-system node-problem-detector-xyz | kubesleuth watch --host node-1

Exit status: 0 the stream ended, 1 a finding at or above --fail-on, 2 usage or
input error, 130 interrupted (Ctrl-C; what was read is stored with --db).
`;

const OPTIONS = {
  jsonl: { type: 'boolean' },
  db: { type: 'string' },
  ...READ_OPTIONS,
  'absence-wait': { type: 'string' },
  retain: { type: 'string' },
  evidence: { type: 'string' },
  ...SELECT_OPTIONS,
  'fail-on': { type: 'string' },
  ...REDACT_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** How often undecided state is looked at: well inside the one second a finding may take. */
export const TICK_MS = 200;
// A record waiting for continuation lines is settled once the stream has been quiet this long.
const IDLE_MS = 100;

function duration(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const us = parseDuration(text);
  if (us === null || us <= 0) throw new KubesleuthError(`--${name} wants a duration like 90s, 5m or 2h, got "${text}"`);
  return us;
}

// Text kept past its line is copied: a substring would keep the whole chunk it was cut from alive.
function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** Runs watch until its input ends (or Ctrl-C); returns the exit status. */
export async function watchCommand(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'watch');
  if (v.help) {
    io.out.write(WATCH_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new KubesleuthError('watch reads one stream: stdin or one INPUT (see kubesleuth watch --help)');
  const format = formatOption(v.format);
  // A live stream is now: year-less lines are this year's, in this machine's zone.
  const year = yearOption(v.year) ?? new Date(io.now / 1000).getFullYear();
  const zone = zoneOption(v.tz) ?? ianaZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const failOn = failOnOption(v['fail-on']);
  const maxEvidence = v.evidence === undefined ? 5 : Number(v.evidence);
  if (!Number.isInteger(maxEvidence) || maxEvidence < 0) throw new KubesleuthError(`--evidence wants a number of lines, got "${v.evidence}"`);
  const live = { absenceWait: duration('absence-wait', v['absence-wait'], 5 * 60e6), retain: duration('retain', v.retain, 6 * 3600e6) };
  const rules = selectRules({ rules: v.rules, only: v.only, exclude: v.exclude, minSeverity: v['min-severity'] });
  const path = positionals[0] ?? '-';
  if (path === '-' && io.stdinIsTTY) throw new KubesleuthError('stdin is a terminal; pipe a live stream in: journalctl -f -o json | kubesleuth watch');
  let input: Readable;
  if (path === '-') input = io.stdin;
  else {
    input = createReadStream(path);
    await new Promise<void>((resolve, reject) => {
      input.once('open', () => resolve());
      input.once('error', (err: NodeJS.ErrnoException) => reject(new KubesleuthError(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)));
    });
  }

  const mtimeUs = path === '-' ? null : Math.round(statSync(path).mtimeMs * 1000);
  const reader = new LiveReader(path, format, { format, year, zone, host: v.host ?? null, collectedAt: null, now: io.now }, mtimeUs);
  reader.ctx.time.yearReason = v.year === undefined ? 'watch: a live stream, this year' : '--year';
  const matcher = compileMatcher(rules);
  const engine = new LiveEngine(rules, live);
  const learner = new UnitLearner();
  const names = new UnitNames([]);
  const color = useColor(io.out);
  const mask = redactionOf(v);
  const hash = createHash('sha256');
  const db = v.db ? new Recorder(v.db, argv, rulesHash(rules), io.now, path) : null;
  let nextId = 1;
  let streamTs: number | null = null;
  let streamWall = 0;
  let lastLine = Date.now();
  let printed = 0;
  let worst: number = SEVERITIES.length;

  const take = (events: readonly LogEvent[]) => {
    if (!events.length) return;
    const hits: Array<SignalHit[] | null> = db ? new Array(events.length).fill(null) : [];
    // Unit names learnt in this batch: resolved against at once, and stored with the batch.
    const learnt: UnitName[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.source === 'systemd') learner.see(e);
      const h = matcher.match(e);
      if (db) hits[i] = h;
      const id = nextId++;
      if (e.ts === null) continue;
      if (streamTs === null || e.ts >= streamTs) {
        streamTs = e.ts;
        streamWall = Date.now();
      }
      if (!h) continue;
      const pairs = learner.take().map((u) => ({ host: own(u.host), description: own(u.description), unit: own(u.unit) }));
      names.add(pairs);
      learnt.push(...pairs);
      for (const x of h) {
        const captures: Record<string, string> = {};
        for (const [k, c] of Object.entries(x.captures ?? {})) captures[k] = own(k === 'unit' ? names.resolve(e.host, c) : c);
        const occ: LiveOccurrence = { eventId: id, ts: e.ts, host: e.host === null ? UNKNOWN_HOST : own(e.host), signal: x.signal, captures, source: e.source, unit: e.unit === null ? null : own(e.unit), message: own(e.message), line: e.line };
        engine.add(x.rule, occ);
      }
    }
    db?.add(events, hits, [...learnt, ...learner.take()], reader);
  };
  const emit = (outs: readonly LiveOutput[]) => {
    for (const o of outs) {
      if (v.jsonl) io.out.write(`${JSON.stringify(mask ? redactDeep(liveJson(o, path), mask) : liveJson(o, path))}\n`);
      else io.out.write(mask ? mask(liveText(o, color, maxEvidence)) : liveText(o, color, maxEvidence));
      if (o.kind === 'finding') {
        printed++;
        worst = Math.min(worst, SEVERITIES.indexOf(o.rule.severity));
      }
    }
  };
  // Stream time runs on with the wall clock while the stream is quiet, so a wait can end.
  const streamNow = () => (streamTs === null ? null : streamTs + (Date.now() - streamWall) * 1000);
  const tick = () => {
    if (Date.now() - lastLine >= IDLE_MS) take(reader.flush());
    const t = streamNow();
    if (t !== null) emit(engine.tick(t));
    db?.flush();
  };

  const lines = input.pipe(split2('\n', { maxLength: MAX_LINE }));
  const timer = setInterval(tick, TICK_MS);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    input.unpipe(lines);
    lines.end();
  };
  process.once('SIGINT', onSigint);
  try {
    await new Promise<void>((resolve, reject) => {
      lines.on('data', (line: string) => {
        hash.update(line).update('\n');
        lastLine = Date.now();
        take(reader.push(line));
      });
      lines.once('end', resolve);
      lines.once('error', (err: Error) => reject(new KubesleuthError(`watch: reading stopped: ${err.message}`)));
      input.once('error', (err: Error) => reject(new KubesleuthError(`watch: reading stopped: ${err.message}`)));
    });
  } finally {
    clearInterval(timer);
    process.removeListener('SIGINT', onSigint);
  }
  take(reader.end());
  // The end of the data decides what waits for an absence; an interruption leaves it undecided.
  const t = streamNow();
  if (t !== null) emit(engine.tick(t, !interrupted));
  const stored = db ? await db.finish(reader, hash.digest('hex'), rules) : null;
  if (!v.quiet) {
    const s = reader.ctx.stats;
    io.err.write(`watch: ${s.lines} line(s), ${s.events} event(s), ${s.unparsed} unparsed, ${printed} finding(s)${interrupted ? ', interrupted' : ''}; format ${reader.detected ? reader.ctx.parser.id : 'none'}${stored ? `; stored in ${v.db}${stored.duplicate ? ' (same bytes already there: nothing added)' : ''}` : ''}\n`);
  }
  if (interrupted) return 130;
  return failOn && worst <= SEVERITIES.indexOf(failOn) ? 1 : 0;
}

/** `--db`: the stream's events go into the store as they come (committed each tick), the findings at the end. */
class Recorder {
  private readonly store: Store;
  private readonly sink: EventSink;
  private readonly lock: StoreLock;
  private readonly runId: number;
  private inputId: number | null = null;
  private events: LogEvent[] = [];
  private hits: Array<SignalHit[] | null> = [];
  private units: ReturnType<UnitLearner['take']> = [];
  private hosts = new Map<string, number>();

  constructor(path: string, argv: string[], private readonly hash: string, now: number, private readonly input: string) {
    this.lock = lockStore(path);
    try {
      this.store = openStore(path);
    } catch (err) {
      this.lock.release();
      throw err;
    }
    this.store.dropIncomplete();
    this.sink = directSink(this.store);
    this.runId = this.store.beginRun(VERSION, ['watch', ...argv], hash, new Date(now / 1000).toISOString());
  }

  add(events: readonly LogEvent[], hits: ReadonlyArray<SignalHit[] | null>, units: ReturnType<UnitLearner['take']>, reader: LiveReader): void {
    if (this.inputId === null) {
      const c = reader.ctx;
      this.inputId = this.sink.startInput({ runId: this.runId, path: this.input, place: null, sha256: `pending:${this.runId}:${this.input}`, bytes: null, compression: null, format: c.parser.id, formatReason: c.formatReason });
    }
    for (const e of events) if (e.host !== null && (this.hosts.size < 1000 || this.hosts.has(e.host))) this.hosts.set(e.host, (this.hosts.get(e.host) ?? 0) + 1);
    this.events.push(...events);
    this.hits.push(...hits);
    this.units.push(...units);
    if (this.events.length >= 4096) this.flush();
  }

  /** Writes what came since the last flush, committed: readers (timeline, query) see it. */
  flush(): void {
    if (this.inputId === null || !this.events.length) return;
    void this.sink.write(this.inputId, encodeBatch(this.events, this.hits, this.units));
    this.store.commit();
    this.events = [];
    this.hits = [];
    this.units = [];
  }

  /** Completes the input and writes the findings of everything stored. */
  async finish(reader: LiveReader, sha256: string, rules: Parameters<typeof evaluate>[1]): Promise<{ duplicate: boolean }> {
    try {
      this.flush();
      let duplicate = false;
      if (this.inputId !== null) {
        const c = reader.ctx;
        const host = [...this.hosts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
        // The same completion analyze uses: dropped when a complete input has the same bytes.
        await this.sink.finishInput(this.inputId, { stats: c.stats, time: c.time, notes: c.notes, formatReason: c.formatReason, format: c.parser.id, host, rulesHash: this.hash, sha256 }, () => (duplicate = true));
        await this.sink.close();
      }
      evaluate(this.store.db, rules, this.runId);
      this.store.endRun(this.runId, new Date().toISOString());
      return { duplicate };
    } finally {
      this.store.close();
      this.lock.release();
    }
  }
}
