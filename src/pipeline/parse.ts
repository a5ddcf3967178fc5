// Frames → parsed records: envelope, then the payload inside it. Pure per frame except for the
// input's markers (headers, boot separators, klog's "Running on machine"), kept in the context.
import type { Envelope, Marker } from '../../parsers/types.js';
import { payloadFor, PAYLOADS } from '../../parsers/index.js';
import { sourceOf } from '../../parsers/sources.js';
import type { Fields, ParsedRecord } from '../event.js';
import { parseHeaderTime } from '../time.js';
import type { Frame } from './frame.js';
import type { InputContext } from './context.js';

const EXAMPLE_CHARS = 200;
// An unparsed record keeps at most this much of itself as its message (the raw column keeps all).
const MAX_UNPARSED_MESSAGE = 64 * 1024;

function isMarker(r: Envelope | Marker): r is Marker {
  return (r as Marker).marker !== undefined;
}

/** Builds a record from an envelope: payload first (its time, level and key/values win), envelope second. */
export function buildRecord(env: Envelope, line: number, raw: string, ctx: Pick<InputContext, 'defaultHost' | 'defaultSource' | 'boot' | 'hostAliases'>): ParsedRecord {
  let source = env.ident ? sourceOf(env.ident) : (ctx.defaultSource ?? 'unknown');
  let payloadParser = payloadFor(source, env.message);
  let payload = payloadParser ? payloadParser.parse(env.message, env.ident) : null;
  if (!env.ident && !payload) {
    // Bare lines (cat) lose their identifier; systemd's unit messages are still recognisable.
    const sd = PAYLOADS.systemd!.parse(env.message, null);
    if (sd) {
      payload = sd;
      payloadParser = PAYLOADS.systemd!;
      source = 'systemd';
    }
  }
  if (!env.ident && !ctx.defaultSource && payload && payloadParser && source === 'unknown') source = payloadParser.id;
  let fields: Fields | null = env.fields;
  let fieldsJson: string | null = null;
  if (payload?.fieldsJson) {
    // Text from the payload stays text unless the envelope has fields of its own to merge.
    if (fields) fields = { ...fields, ...(JSON.parse(payload.fieldsJson) as Fields) };
    else fieldsJson = payload.fieldsJson;
  } else if (payload?.fields) fields = fields ? { ...fields, ...payload.fields } : payload.fields;
  let time = env.time;
  if (time?.kind === 'mono' && time.boot === null && ctx.boot !== null) time = { ...time, boot: ctx.boot };
  let payloadTime = payload?.time ?? null;
  if (payloadTime?.kind === 'mono' && payloadTime.boot === null) payloadTime = { ...payloadTime, boot: ctx.boot };
  return {
    time,
    payloadTime,
    host: env.host === null ? ctx.defaultHost : ctx.hostAliases === null ? env.host : (ctx.hostAliases.get(env.host) ?? env.host),
    source,
    ident: env.ident,
    unit: payload?.unit ?? env.unit,
    pid: env.pid ?? payload?.pid ?? null,
    priority: payload?.priority ?? env.priority,
    message: payload ? payload.message : env.message,
    fields,
    fieldsJson,
    cursor: env.cursor,
    line,
    raw,
    parsed: true,
  };
}

/** A record for a line no parser understood: stored, counted, shown verbatim. */
export function unparsedRecord(frame: Frame, ctx: Pick<InputContext, 'defaultHost' | 'defaultSource'>): ParsedRecord {
  return {
    time: null,
    payloadTime: null,
    host: ctx.defaultHost,
    source: ctx.defaultSource ?? 'unknown',
    ident: null,
    unit: null,
    pid: null,
    priority: null,
    message: frame.raw.length > MAX_UNPARSED_MESSAGE ? frame.raw.slice(0, MAX_UNPARSED_MESSAGE) : frame.raw,
    fields: null,
    fieldsJson: null,
    cursor: null,
    line: frame.line,
    raw: frame.raw,
    parsed: false,
  };
}

function applyMarker(m: Marker, ctx: InputContext): void {
  switch (m.marker) {
    case 'header': {
      const t = parseHeaderTime(m.begin);
      if (t && !ctx.header) ctx.header = { ...t, text: m.begin };
      break;
    }
    case 'host':
      // The input's own word on its host beats a guess from the bundle's layout, not --host.
      if (!ctx.hostPinned || ctx.defaultHost === null) ctx.defaultHost = m.host;
      break;
    case 'boot':
      ctx.bootCount++;
      ctx.boot = m.boot ?? `boot-${ctx.bootCount}`;
      break;
    case 'skip':
      break;
  }
}

/** Parses one batch of frames; counts lines, markers and unparsed records in the context. */
export function parseFrames(frames: readonly Frame[], ctx: InputContext): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  const parser = ctx.parser;
  const stats = ctx.stats;
  for (const f of frames) {
    stats.lines += typeof f.record === 'string' ? countLines(f.raw) : 1;
    if (f.record === '' || (typeof f.record === 'string' && f.record.trim() === '')) {
      stats.skipped++;
      continue;
    }
    const r = parser.parse(f.record);
    if (r === null) {
      stats.unparsed++;
      if (stats.unparsedExamples.length < 3) stats.unparsedExamples.push(`line ${f.line}: ${f.raw.slice(0, EXAMPLE_CHARS)}`);
      out.push(unparsedRecord(f, ctx));
    } else if (isMarker(r)) {
      stats.skipped++;
      applyMarker(r, ctx);
    } else {
      stats.parsed++;
      out.push(buildRecord(r, f.line, f.raw, ctx));
    }
  }
  return out;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
