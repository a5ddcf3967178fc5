// Lines of a live stream into events one at a time, for `watch`: the batch stages (detection,
// envelope and payload parsers, continuation joining, framers, the clock) driven line by line,
// with nothing held longer than the next line or an idle flush.
import type { EnvelopeParser, RecordFramer } from '../../parsers/types.js';
import { detectEnvelope } from '../../parsers/index.js';
import { ExportFramer } from '../../parsers/journal-export.js';
import type { LogEvent } from '../event.js';
import { KubesleuthError } from '../errors.js';
import { Clock } from './clock.js';
import { newStats, noHints, note, type InputContext, type ReadOptions } from './context.js';
import { exportFrame, LineJoiner, type Frame } from './frame.js';
import { parseFrames } from './parse.js';

/** Lines looked at before the format is chosen (or fewer, when the stream goes quiet). */
export const DETECT_LINES = 20;

/** Reads one live stream: `push` each line, `flush` when the stream is idle, `end` at its end. */
export class LiveReader {
  readonly ctx: InputContext;
  private clock: Clock | null = null;
  private sample: string[] = [];
  private lineNo = 0;
  private joiner: LineJoiner | null = null;
  private framer: RecordFramer | null = null;
  private exporter: ExportFramer | null = null;

  /** `mtimeUs`: of a file read to its end (kubectl ages count back from it), else null. */
  constructor(path: string, format: EnvelopeParser | null, read: ReadOptions, mtimeUs: number | null = null) {
    this.ctx = {
      path, mtimeUs, parser: format!, formatReason: '--format', defaultHost: read.host, hostPinned: read.host !== null, hostAliases: null, defaultSource: null,
      header: null, boot: null, bootCount: 0, stats: newStats(), time: { year: null, yearReason: null, zone: null, zoneReason: null }, notes: [], options: read, hints: noHints(),
    };
    if (format) this.start(format, '--format');
  }

  /** Whether the format is chosen yet. */
  get detected(): boolean {
    return this.clock !== null;
  }

  private start(parser: EnvelopeParser, reason: string): void {
    if (parser.framing === 'json-stream' || parser.framing === 'json-items') {
      throw new KubesleuthError(`watch reads one record per line; "${parser.id}" spans lines: use journalctl -o json (or short-iso) for a live stream`);
    }
    this.ctx.parser = parser;
    this.ctx.formatReason = reason;
    if (parser.note) note(this.ctx, parser.note);
    if (parser.framing === 'framed' && parser.framer) this.framer = parser.framer();
    else if (parser.framing === 'export') this.exporter = new ExportFramer();
    else this.joiner = new LineJoiner(parser.continues);
    this.clock = new Clock(this.ctx);
  }

  /** One physical line (no newline); returns the events it settles (often those of the line before). */
  push(line: string): LogEvent[] {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (!this.clock) {
      this.sample.push(line);
      return this.sample.length >= DETECT_LINES ? this.detect() : [];
    }
    return this.settle(this.frames(line));
  }

  /** The stream is idle: settles the record held for continuation lines, or detects on the lines so far. */
  flush(): LogEvent[] {
    if (!this.clock) return this.sample.length ? [...this.detect(), ...this.flush()] : [];
    const held = this.joiner?.flush();
    return held ? this.settle([held]) : [];
  }

  /** End of the stream: everything still held. */
  end(): LogEvent[] {
    const out = this.flush();
    if (!this.clock) return out;
    const frames: Frame[] = [];
    if (this.framer) frames.push(...this.framer.end());
    if (this.exporter) frames.push(...this.exporter.end().map(exportFrame));
    out.push(...this.clock.push(parseFrames(frames, this.ctx)), ...this.clock.end());
    return out;
  }

  private detect(): LogEvent[] {
    const d = detectEnvelope(this.sample);
    this.start(d.parser, d.score > 0.05 ? `detected: ${Math.round(d.score * 100)}% of the first lines are ${d.parser.id}` : 'no format recognised in the first lines; read as bare lines');
    const lines = this.sample;
    this.sample = [];
    const out: LogEvent[] = [];
    for (const l of lines) out.push(...this.settle(this.frames(l)));
    return out;
  }

  private frames(line: string): Frame[] {
    const n = ++this.lineNo;
    if (this.framer) return this.framer.push(line, n);
    if (this.exporter) return this.exporter.push(Buffer.from(`${line}\n`)).map(exportFrame);
    const joiner = this.joiner!;
    const done = joiner.push(line, n);
    const out = done ? [done] : [];
    // A format without continuation lines never holds a record back.
    const now = this.ctx.parser.continues ? null : joiner.flush();
    if (now) out.push(now);
    return out;
  }

  private settle(frames: Frame[]): LogEvent[] {
    if (!frames.length) return [];
    return this.clock!.push(parseFrames(frames, this.ctx));
  }
}
