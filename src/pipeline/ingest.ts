// One input from bytes to stored events: identity (sha256), decompression, detection, framing,
// parsing, clock, signals, batched inserts. Per-line problems are counted, never thrown.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { fieldsOf } from '../event.js';
import { Readable, Transform } from 'node:stream';
import { detectEnvelope, envelopeById } from '../../parsers/index.js';
import { sourceOfFileName } from '../../parsers/sources.js';
import type { EventMatcher, SignalHit } from '../store/store.js';
import type { InputPlace } from '../store/sink.js';
import type { ProgressSink } from '../report/progress.js';
import { encodeBatch, type EventSink } from '../store/sink.js';
import { UnitLearner } from '../engine/units.js';
import { Clock } from './clock.js';
import { newStats, noHints, note, type InputContext, type InputStats, type ReadOptions, type TimeBasis } from './context.js';
import { exportFrames, framedFrames, jsonItemsFrames, jsonStreamFrames, lineFrames, plainBytes, sampleLines, type Frame } from './frame.js';
import { parseFrames } from './parse.js';
import { classifyHead, hashFile, type InputSpec } from './sources.js';
import { Interrupted, KubesleuthError } from '../errors.js';

/** What happened to one input, for the run summary and `--json` stats: its counts and how it was read. */
export interface InputReport extends InputStats {
  path: string;
  /** Where a bundle member came from (bundle, member, collector, kind, host and why). */
  place: InputPlace | null;
  status: 'ingested' | 'already-stored' | 'skipped' | 'bundle';
  format: string | null;
  formatReason: string | null;
  gzip: boolean;
  hosts: string[];
  signals: number;
  time: TimeBasis | null;
  notes: string[];
}

/** What ingest needs besides the input. */
export interface IngestOptions {
  sink: EventSink;
  runId: number;
  read: ReadOptions;
  matcher: EventMatcher | null;
  rulesHash: string;
  /** Told of bytes and lines as they are read (the terminal's progress line), when given. */
  progress?: ProgressSink | null;
  /** Aborted by Ctrl-C: reading stops at the next batch and the input is left unfinished. */
  signal?: AbortSignal;
}

// Bytes as they come off the disk (before gunzip) go through `each` (hashing, the progress line).
// pipe() does not pass errors on: a member that fails mid-read (a corrupt zip entry) must end the
// read with its error, not leave it waiting for bytes that never come.
function tap(src: Readable, each: (chunk: Buffer) => void): Readable {
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      each(chunk);
      cb(null, chunk);
    },
  });
  src.once('error', (err) => t.destroy(err));
  return src.pipe(t);
}

/** The report of an input that was not read (or was already stored), with the reason. */
export function skippedReport(spec: { path: string; member?: { place: InputPlace } }, why: string, status: InputReport['status'] = 'skipped'): InputReport {
  return reportOf(newStats(), { path: spec.path, place: spec.member?.place ?? null, status, format: null, formatReason: null, gzip: false, hosts: [], signals: 0, time: null, notes: [why] });
}

// Written out rather than spread: V8 gave every spread copy a hidden class of its own, 100,000
// of them for a folder of 100,000 files (a third of the live heap).
function reportOf(s: InputStats, r: Omit<InputReport, keyof InputStats>): InputReport {
  return {
    lines: s.lines, events: s.events, parsed: s.parsed, unparsed: s.unparsed, skipped: s.skipped, untimed: s.untimed, firstTs: s.firstTs, lastTs: s.lastTs, unparsedExamples: s.unparsedExamples,
    path: r.path, place: r.place, status: r.status, format: r.format, formatReason: r.formatReason, gzip: r.gzip, hosts: r.hosts, signals: r.signals, time: r.time, notes: r.notes,
  };
}

// Binary journal files are read through journalctl itself, as export format (lossless).
function journalStream(path: string): Readable {
  const child = spawn('journalctl', ['--file', path, '-o', 'export', '--all', '--no-pager'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = child.stdout;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('error', (err) => out.destroy(new Error(`journalctl is needed to read binary journal files (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
  child.on('close', (code) => {
    if (code) out.destroy(new Error(`journalctl --file failed: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`));
  });
  return out;
}

function framesOf(ctx: InputContext, stream: Readable, head: Buffer): AsyncGenerator<Frame[]> {
  const f = ctx.parser.framing;
  if (f === 'export') return exportFrames(stream);
  if (f === 'json-stream') return jsonStreamFrames(stream);
  if (f === 'json-items') return jsonItemsFrames(stream, head);
  if (f === 'framed' && ctx.parser.framer) return framedFrames(stream, ctx.parser.framer());
  return lineFrames(stream, ctx.parser.continues);
}

const ALREADY_STORED = 'already in the store (same bytes); nothing added';

/**
 * Reads one input into the store; returns its report (never throws for bad bytes). The report of
 * an input whose bytes the store turns out to hold already becomes 'already-stored' by the time
 * the sink's close() resolves.
 */
export async function ingestInput(spec: InputSpec, o: IngestOptions, stdin: Readable = process.stdin): Promise<InputReport> {
  const tmp: string[] = [];
  try {
    return await ingestOne(spec, o, stdin, tmp);
  } finally {
    for (const t of tmp) rmSync(t, { force: true, recursive: true });
  }
}

// A journal file inside an archive has no path journalctl can open: it is copied, only for the
// time journalctl reads it, to a private directory in memory-backed /dev/shm when there is one.
async function journalCopy(src: Readable, tmp: string[]): Promise<string> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'kubesleuth-'));
  tmp.push(dir);
  const file = join(dir, 'member.journal');
  await pipelineAsync(src, createWriteStream(file, { mode: 0o600 }));
  return file;
}

async function ingestOne(spec: InputSpec, o: IngestOptions, stdin: Readable, tmp: string[]): Promise<InputReport> {
  const { sink } = o;
  const member = spec.member ?? null;
  let knownSha: string | null = null;
  // A file is hashed up front only when the store holds one of the same size (a possible repeat);
  // otherwise, like stdin and bundle members, it is hashed as it is read.
  if (!member && !spec.stdin && spec.size !== null && (await sink.hasInputOfSize(spec.size))) {
    knownSha = await hashFile(spec.path);
    if (await sink.findComplete(knownSha)) return skippedReport(spec, ALREADY_STORED, 'already-stored');
  }
  const hash = createHash('sha256');
  // A member's identity includes the host its layout gave it: the same bytes on two nodes are two inputs.
  if (member?.place.host) hash.update(`host:${member.place.host}\n`);
  const raw = member ? member.stream : spec.stdin ? stdin : (createReadStream(spec.path, { highWaterMark: 1 << 20 }) as unknown as Readable);
  const progress = o.progress ?? null;
  progress?.input(spec.path);
  // Reading can stop early (a line past MAX_LINE, a read error): bytes still in flight after the
  // digest are not hashed, so the digest is of what was read.
  let digested = false;
  const hashing = !knownSha;
  const tapped = hashing || progress
    ? tap(raw, (chunk) => {
      progress?.bytes(chunk.length);
      if (hashing && !digested) hash.update(chunk);
    })
    : raw;
  let head: Buffer, stream: Readable, gzip: boolean;
  try {
    ({ head, stream, gzip } = await plainBytes(tapped));
  } catch (err) {
    return skippedReport(spec, `cannot read: ${(err as Error).message}`);
  }
  const kind = classifyHead(head);
  let parser = o.read.format;
  let formatReason = '--format';
  if (!parser && member?.format && envelopeById(member.format)) {
    parser = envelopeById(member.format)!;
    formatReason = `the file's place in the bundle (${member.place.kind})`;
  }
  if (kind === 'journal') {
    if (spec.stdin) {
      stream.destroy();
      return skippedReport(spec, 'binary journal file on stdin: pass it as a file so journalctl --file can read it');
    }
    try {
      let file = member ? member.diskPath : spec.path;
      if (file) stream.destroy();
      else file = await journalCopy(stream, tmp);
      ({ head, stream } = await plainBytes(journalStream(file)));
    } catch (err) {
      return skippedReport(spec, `binary journal file not read: ${(err as Error).message}`);
    }
    parser = envelopeById('export')!;
    formatReason = 'binary journal file, read with journalctl --file -o export';
  } else if (kind === 'binary') {
    stream.destroy();
    return skippedReport(spec, 'binary file, not a log; skipped');
  }
  if (!parser) {
    const d = detectEnvelope(sampleLines(head));
    parser = d.parser;
    formatReason = d.score > 0.05 ? `detected: ${Math.round(d.score * 100)}% of the first lines are ${d.parser.id}` : 'no format recognised in the first lines; read as bare lines';
  }
  const ctx: InputContext = {
    path: spec.path, mtimeUs: spec.mtimeUs, parser, formatReason, defaultHost: o.read.host ?? member?.place.host ?? null, hostPinned: o.read.host !== null, hostAliases: o.read.host ? null : (member?.hostAliases ?? null),
    defaultSource: member ? (member.source ?? sourceOfFileName(member.place.member)) : spec.stdin ? null : sourceOfFileName(spec.path),
    header: null, boot: null, bootCount: 0, stats: newStats(), time: { year: null, yearReason: null, zone: null, zoneReason: null }, notes: [], options: o.read,
    hints: member?.hints ?? noHints(),
  };
  if (parser.note) note(ctx, parser.note);
  const inputId = sink.startInput({
    runId: o.runId, path: spec.path, place: member?.place ?? null, sha256: knownSha ?? `pending:${o.runId}:${spec.path}`, bytes: spec.size, compression: member?.compression ?? (gzip ? 'gzip' : null), format: parser.id, formatReason,
  });
  const clock = new Clock(ctx);
  const learner = new UnitLearner();
  const hosts = new Map<string, number>();
  let signals = 0;
  const write = async (events: ReturnType<Clock['push']>) => {
    if (!events.length) return;
    const hits: Array<SignalHit[] | null> = new Array(events.length);
    const extra = member?.fields ?? null;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (extra) {
        e.fields = { ...extra, ...(fieldsOf(e) ?? {}) };
        e.fieldsJson = null;
      }
      if (e.source === 'systemd') learner.see(e);
      if (e.host !== null && (hosts.size < 1000 || hosts.has(e.host))) hosts.set(e.host, (hosts.get(e.host) ?? 0) + 1);
      const h = o.matcher ? o.matcher.match(e) : null;
      hits[i] = h;
      if (h) signals += h.length;
    }
    await sink.write(inputId, encodeBatch(events, hits, learner.take()));
  };
  try {
    for await (const frames of framesOf(ctx, stream, head)) {
      if (o.signal?.aborted) throw new Interrupted();
      const before = ctx.stats.lines;
      await write(clock.push(parseFrames(frames, ctx)));
      o.progress?.lines(ctx.stats.lines - before);
    }
  } catch (err) {
    if (err instanceof KubesleuthError) throw err;
    // Keep what was read: a truncated .gz or a cut journal still holds good lines.
    note(ctx, `reading stopped after line ${ctx.stats.lines}: ${(err as Error).message}`);
  }
  // A cut input stays unfinished: the next run drops it and reads it whole.
  if (o.signal?.aborted) throw new Interrupted();
  await write(clock.end());
  digested = true;
  const sha = knownSha ?? hash.digest('hex');
  // Whatever is left unread (reading stopped early) is not read on.
  raw.destroy();
  const topHost = [...hosts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const report = reportOf(ctx.stats, { path: spec.path, place: member?.place ?? null, status: 'ingested', format: parser.id, formatReason, gzip, hosts: [...hosts.keys()].sort(), signals, time: ctx.time, notes: ctx.notes });
  await sink.finishInput(inputId, {
    stats: ctx.stats, time: ctx.time, notes: ctx.notes, formatReason, format: parser.id, host: topHost, rulesHash: o.rulesHash, sha256: sha,
  }, () => Object.assign(report, skippedReport(spec, ALREADY_STORED, 'already-stored')));
  return report;
}
