// Bytes → records: gzip by magic bytes, a peek for detection, then lines (split2), export
// entries (binary-safe) or streamed JSON values (stream-json), in batches.
import { Readable, pipeline, type Duplex } from 'node:stream';
import { createGunzip } from 'node:zlib';
import split2 from 'split2';
import parser from 'stream-json/parser.js';
import streamValues from 'stream-json/streamers/stream-values.js';
import streamArray from 'stream-json/streamers/stream-array.js';
import pick from 'stream-json/filters/pick.js';
import type { JournalEntry, RecordFramer } from '../../parsers/types.js';
import { ExportFramer, type ExportRecord } from '../../parsers/journal-export.js';
import { expansionGuard } from './bomb.js';

/** One record of an input: where it starts, its text as read, and what the envelope parser gets. */
export interface Frame {
  line: number;
  raw: string;
  record: string | JournalEntry;
}

/** Records handed from stage to stage at once; large enough to amortise, small enough to stay light. */
export const BATCH = 1024;
/** Characters of records in one batch before it is handed on, so long lines make smaller batches. */
export const BATCH_CHARS = 4 * 1024 * 1024;
/** Longest physical line read whole; split2 fails the input beyond it rather than buffer without end. */
export const MAX_LINE = 64 * 1024 * 1024;
// A continuation run (stack trace, wrapped message) is cut after this many lines or bytes.
const MAX_MERGE_LINES = 2000;
const MAX_MERGE_BYTES = 1024 * 1024;

/** The first bytes of a stream, and a stream that replays them before the rest (and then any read error). */
export async function peek(src: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  let failed: unknown = null;
  while (size < bytes) {
    let r: IteratorResult<Buffer | string>;
    try {
      r = await it.next();
    } catch (err) {
      // A short input that fails (a small truncated .gz) still hands over what was read before.
      if (!chunks.length) throw err;
      failed = err;
      break;
    }
    if (r.done) {
      done = true;
      break;
    }
    const c = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    chunks.push(c);
    size += c.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (failed) throw failed;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Decompresses when the stream is gzip (by magic bytes, not by name); returns the head of the plain bytes. */
export async function plainBytes(src: Readable, peekBytes = 64 * 1024): Promise<{ head: Buffer; stream: Readable; gzip: boolean }> {
  const first = await peek(src, peekBytes);
  if (!isGzip(first.head)) return { ...first, gzip: false };
  const gunzip = expansionGuard(first.stream, pipeline(first.stream, createGunzip(), () => {}));
  const second = await peek(gunzip, peekBytes);
  return { ...second, gzip: true };
}

/** Lines of the head, for detection: the last partial line is dropped unless the stream ended there. */
export function sampleLines(head: Buffer, max = 200): string[] {
  const text = head.toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines.length > 1) lines.pop();
  return lines.slice(0, max);
}

// Lines of an object-mode stream, taken from its buffer synchronously: one promise per chunk of
// lines rather than per line (for-await over the stream itself costs a promise per line).
async function* drain(stream: Readable): AsyncGenerator<string[], void, undefined> {
  let done = false;
  let failed: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on('readable', signal).on('end', () => ((done = true), signal())).on('error', (err: Error) => ((failed = err), signal()));
  for (;;) {
    const lines: string[] = [];
    let line: string | null;
    while ((line = stream.read() as string | null) !== null) lines.push(line);
    if (lines.length) {
      yield lines;
      // A 'readable' emitted while suspended in yield found no waiter: read again before waiting.
      continue;
    }
    if (failed) throw failed;
    if (done) return;
    await new Promise<void>((r) => (wake = r));
  }
}

// Lines as split2 cuts them: a plain '\n' splits faster than its default /\r?\n/, and the CR
// CRLF leaves is cut here; a line longer than MAX_LINE fails the input.
// Piped by hand: pipeline() raises a DOMException (with its stack) for every stream it finishes,
// 5 % of the time a folder of tiny files takes. An error on either side destroys the other.
function physicalLines(stream: Readable): Readable {
  const lines = split2('\n', (l: string) => (l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l), { maxLength: MAX_LINE }) as Readable & NodeJS.WritableStream;
  stream.on('error', (err) => lines.destroy(err));
  lines.on('error', (err) => stream.destroy(err));
  return stream.pipe(lines);
}

/**
 * Joins continuation lines (stack traces, wrapped messages) onto the record they continue, up to
 * MAX_MERGE_LINES or MAX_MERGE_BYTES. Batch reading and live reading (watch) share it.
 */
export class LineJoiner {
  private cur: Frame | null = null;
  private parts: string[] = [];
  private merged = 0;
  private prev = '';

  constructor(private readonly continues?: (line: string, prev: string) => boolean) {}

  /** Physical line `lineNo`; returns the record it closes (the one before it), if any. */
  push(line: string, lineNo: number): Frame | null {
    if (this.cur && this.continues && this.parts.length < MAX_MERGE_LINES && this.merged < MAX_MERGE_BYTES && this.continues(line, this.prev)) {
      this.parts.push(line);
      this.merged += line.length;
      this.prev = line;
      return null;
    }
    this.prev = line;
    const done = this.flush();
    this.cur = { line: lineNo, raw: line, record: line };
    this.parts = [line];
    this.merged = line.length;
    return done;
  }

  /** The record still open (end of input, or a quiet stream), if any. */
  flush(): Frame | null {
    const f = this.cur;
    if (!f) return null;
    if (this.parts.length > 1) f.raw = f.record = this.parts.join('\n');
    this.cur = null;
    return f;
  }
}

/** Physical lines into frames, joining continuation lines onto the record they continue. */
export async function* lineFrames(stream: Readable, continues?: (line: string, prev: string) => boolean): AsyncGenerator<Frame[]> {
  const lines = physicalLines(stream);
  const joiner = new LineJoiner(continues);
  let batch: Frame[] = [];
  let lineNo = 0;
  let batchChars = 0;
  const add = (f: Frame | null) => {
    if (!f) return;
    batch.push(f);
    batchChars += f.raw.length;
  };
  try {
    for await (const chunk of drain(lines)) {
      for (const line of chunk) {
        add(joiner.push(line, ++lineNo));
        if (batch.length >= BATCH || batchChars >= BATCH_CHARS) {
          yield batch;
          batch = [];
          batchChars = 0;
        }
      }
    }
  } catch (err) {
    // A read error (truncated .gz) still hands over every line read before it.
    add(joiner.flush());
    if (batch.length) yield batch;
    throw err;
  }
  add(joiner.flush());
  if (batch.length) yield batch;
}

/** An export entry as a frame: the parsed entry, or its text when it could not be parsed. */
export function exportFrame(r: ExportRecord): Frame {
  return { line: r.line, raw: r.raw, record: r.entry ?? r.raw };
}

/** Journal Export Format entries into frames. */
export async function* exportFrames(stream: Readable): AsyncGenerator<Frame[]> {
  const framer = new ExportFramer();
  let batch: Frame[] = [];
  const add = (recs: ReturnType<ExportFramer['push']>) => {
    for (const r of recs) batch.push(exportFrame(r));
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      add(framer.push(chunk));
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    add(framer.end());
    if (batch.length) yield batch;
    throw err;
  }
  add(framer.end());
  if (batch.length) yield batch;
}

/** Concatenated JSON values (journalctl -o json-pretty) into frames; `line` is the value's ordinal. */
export function jsonStreamFrames(stream: Readable): AsyncGenerator<Frame[]> {
  // Parser and streamer as two stages, so that a cut at the end keeps the values before it.
  return valueFrames(stream, parser.asStream({ jsonStreaming: true, packKeys: true, writableObjectMode: false }), streamValues.asStream());
}

// A chain of streams whose first failure ends the next stage instead of destroying the chain:
// the values assembled before a cut come out, then the failure. pipeline() destroyed every stage
// at once and lost the last few dozen whole items of a document cut mid-object.
function ending(first: Readable, stages: Duplex[]): { out: Readable; failure: () => Error | null } {
  let failure: Error | null = null;
  let prev = first;
  for (const next of stages) {
    prev.on('error', (err: Error) => {
      failure ??= err;
      next.end();
    });
    prev = prev.pipe(next);
  }
  return { out: prev, failure: () => failure };
}

// JSON values from stream-json, one frame each: objects as entries, anything else as its text.
async function* valueFrames(stream: Readable, ...stages: Duplex[]): AsyncGenerator<Frame[]> {
  const { out: values, failure } = ending(stream, stages);
  let batch: Frame[] = [];
  let n = 0;
  try {
    for await (const item of values as AsyncIterable<{ key: number; value: unknown }>) {
      n++;
      const v = item.value;
      const raw = JSON.stringify(v);
      const ok = v !== null && typeof v === 'object' && !Array.isArray(v);
      batch.push({ line: n, raw, record: ok ? (v as JournalEntry) : raw });
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (err) {
    if (batch.length) yield batch;
    throw err;
  }
  if (batch.length) yield batch;
  const err = failure();
  if (err) throw err;
}

// kubectl writes `items` before the bulky rest (keys sorted; EventList puts metadata first, short).
const ITEMS_KEY = /"items"\s*:\s*\[/;

/**
 * The elements of a JSON document's `items` array (`kubectl get -o json` List, EventList), one
 * frame each and never the whole document in memory; a document without `items` (one Event, or
 * concatenated objects) is framed value by value. `line` is the element's ordinal.
 */
export function jsonItemsFrames(stream: Readable, head: Buffer): AsyncGenerator<Frame[]> {
  if (!ITEMS_KEY.test(head.toString('utf8', 0, Math.min(head.length, 64 * 1024)))) return jsonStreamFrames(stream);
  return valueFrames(stream, pick.withParserAsStream({ filter: 'items' }), streamArray.asStream());
}

/** Physical lines through a format's stateful framer (tables, describe blocks, YAML lists) into frames. */
export async function* framedFrames(stream: Readable, framer: RecordFramer): AsyncGenerator<Frame[]> {
  const lines = physicalLines(stream);
  let batch: Frame[] = [];
  let lineNo = 0;
  try {
    for await (const chunk of drain(lines)) {
      for (const line of chunk) {
        for (const r of framer.push(line, ++lineNo)) batch.push(r);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  } catch (err) {
    for (const r of framer.end()) batch.push(r);
    if (batch.length) yield batch;
    throw err;
  }
  for (const r of framer.end()) batch.push(r);
  if (batch.length) yield batch;
}
