// What kubectl's text outputs (describe, get) share: Go text/tabwriter columns, HumanDuration ages,
// RFC1123Z times, event sources, and the envelope of an event row (formats.md §6.2, §6.3).
// describe pads cells with 2 spaces (very old kubectl with tabs), get with 3 (GetNewTabWriter);
// header cells hold spaces (`LAST SEEN`, `NOMINATED NODE`) and so do data cells (`kubelet, node-1`,
// `7m (x163 over 42m)`), so cells are cut at the header's column offsets, not at whitespace.
import type { Envelope, JournalEntry, JournalValue } from './types.js';
import type { Fields, Stamp } from '../src/event.js';
import { monthNumber, parseOffset, wallToUs } from '../src/time.js';

/** One age as duration.HumanDuration (or old shortHumanDuration) prints it, as regex source. */
export const AGE = String.raw`(?:<unknown>|<invalid>|\d+y(?:\d+d)?|\d+d(?:\d+h)?|\d+h(?:\d+m)?|\d+m(?:\d+s)?|\d+s)`;
/** An Age / LAST SEEN cell: `42m`, or for a repeated event `7m (x163 over 42m)`, as regex source. */
export const AGE_CELL = String.raw`${AGE}(?: \(x\d+ over ${AGE}\))?`;
/** A time as Go's time.RFC1123Z prints it (`Tue, 02 Jan 2024 03:04:05 +0000`), as regex source. */
export const RFC1123Z = String.raw`[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [+-]\d{4}`;

const AGE_RE = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const AGE_CELL_RE = new RegExp(String.raw`^(${AGE})(?: \(x(\d+) over (${AGE})\))?$`);
const RFC1123Z_RE = /^[A-Z][a-z]{2}, (\d\d) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})$/;

/**
 * A kubectl age in µs, `{us: null}` for `<unknown>` (a zero time), or null when the text is no age.
 * `<invalid>` is a time after the collection (clock skew): it counts as now.
 */
export function parseAge(text: string): { us: number | null } | null {
  if (text === '<unknown>') return { us: null };
  if (text === '<invalid>') return { us: 0 };
  const m = text === '' ? null : AGE_RE.exec(text);
  if (!m) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { us: ((((n(1) * 365 + n(2)) * 24 + n(3)) * 60 + n(4)) * 60 + n(5)) * 1e6 };
}

/** An Age cell: age of the last occurrence, of the first, and the count (1 when not repeated); null when malformed. */
export function parseAgeCell(text: string): { last: number | null; first: number | null; count: number } | null {
  const m = AGE_CELL_RE.exec(text);
  if (!m) return null;
  const last = parseAge(m[1]!)!.us;
  if (m[2] === undefined) return { last, first: last, count: 1 };
  return { last, first: parseAge(m[3]!)!.us, count: Number(m[2]) };
}

/** A Go RFC1123Z time into an absolute stamp; null when malformed or Go's zero time (year 1: never set). */
export function parseRfc1123z(text: string): Stamp | null {
  const m = RFC1123Z_RE.exec(text);
  if (!m || +m[3]! < 1970) return null;
  const month = monthNumber(m[2]!);
  const off = parseOffset(m[7]!);
  if (!month || off === null) return null;
  return { kind: 'abs', us: wallToUs(+m[3]!, month, +m[1]!, +m[4]!, +m[5]!, +m[6]!, 0, off) };
}

/**
 * An event source cell: `kubelet` (1.20+), `kubelet, node-1` (formatEventSource before 1.20, and
 * `get events -o wide`), `{kubelet node-1}` / `{default-scheduler }` (kubectl ≤ 1.5 printed the struct).
 */
export function parseFrom(text: string): { component: string | null; host: string | null } {
  const t = text.trim();
  const b = /^\{(\S*) ?(\S*)\}$/.exec(t);
  if (b) return { component: b[1] || null, host: b[2] || null };
  const i = t.indexOf(', ');
  if (i > 0) return { component: t.slice(0, i), host: t.slice(i + 2).trim() || null };
  return { component: t || null, host: null };
}

// Tabs expanded to stops of 8, as a terminal shows a tab-padded (old kubectl) table.
function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

/** A column of a table: its header name and where its cells start. */
export interface Column {
  name: string;
  start: number;
}

/** The columns of a header row: names are runs of words with single spaces, split at 2+ spaces. */
export function columnsOf(header: string): Column[] {
  const cols: Column[] = [];
  for (const m of expandTabs(header).matchAll(/\S+(?: \S+)*/g)) cols.push({ name: m[0], start: m.index });
  return cols;
}

/** A row cut at the header's column starts; null when it does not line up (a row re-spaced by a paste). */
export function cutRow(row: string, cols: readonly Column[]): string[] | null {
  const line = expandTabs(row);
  if (!cols.length || line.slice(0, cols[0]!.start).trim() !== '') return null;
  const cells: string[] = [];
  for (let i = 0; i < cols.length; i++) {
    const start = cols[i]!.start;
    // A cell that begins before its column's start straddles the boundary: not this layout.
    if (start > 0 && start < line.length && line[start - 1] !== ' ') return null;
    const end = i + 1 < cols.length ? cols[i + 1]!.start : line.length;
    cells.push(start < line.length ? line.slice(start, Math.max(start, end)).trim() : '');
  }
  return cells;
}

// Header names (describe, get events, old get events) → the event row keys they fill.
const EVENT_COLUMNS: Record<string, string> = {
  Type: 'type', TYPE: 'type', Reason: 'reason', REASON: 'reason', Age: 'age', LastSeen: 'age', 'LAST SEEN': 'age',
  FirstSeen: 'first', 'FIRST SEEN': 'first', Count: 'count', COUNT: 'count', From: 'from', SOURCE: 'from',
  SubObjectPath: 'subobject', SubobjectPath: 'subobject', SUBOBJECT: 'subobject', Message: 'message', MESSAGE: 'message',
  OBJECT: 'object', NAMESPACE: 'namespace', KIND: 'kind', NAME: 'name',
};

/** True when a header names an event table (describe Events, `kubectl get events`, old or new). */
export function isEventHeader(cols: readonly Column[]): boolean {
  const keys = new Set(cols.map((c) => EVENT_COLUMNS[c.name]));
  return keys.has('reason') && keys.has('message') && (keys.has('age') || keys.has('first'));
}

/** An event table row's cells into the record parse gets; null when the cells are not an event. */
export function eventRow(cells: readonly string[], cols: readonly Column[], context: Record<string, string | null>): JournalEntry | null {
  const r: Record<string, string | null> = { k: 'event', ...context };
  cols.forEach((c, i) => {
    const key = EVENT_COLUMNS[c.name];
    if (key && cells[i] !== undefined) r[key] = cells[i]!;
  });
  // Old `get events` names the involved object in NAME + KIND; newer ones print OBJECT and the event's own NAME.
  if (!r.object && r.kind && r.name) r.object = `${r.kind.toLowerCase()}/${r.name}`;
  delete r.kind;
  delete r.name;
  if (r.type !== undefined && r.type !== 'Normal' && r.type !== 'Warning') return null;
  if (!r.reason || !/^\S+$/.test(r.reason)) return null;
  if (!parseAgeCell(r.age ?? '') && !parseRfc1123z(r.age ?? '')) return null;
  if (r.count && !/^\d+$/.test(r.count)) return null;
  return r;
}

const text = (v: JournalValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** An event row (describe or get) into an envelope: time is the age of the last occurrence before collection. */
export function eventRowEnvelope(r: JournalEntry): Envelope {
  const ageText = text(r.age) ?? '';
  const abs = parseRfc1123z(ageText);
  const age = parseAgeCell(ageText);
  const firstAge = text(r.first) ? parseAge(text(r.first)!) : null;
  const first = firstAge ? firstAge.us : (age?.first ?? null);
  const count = text(r.count) ? Number(r.count) : (age?.count ?? 1);
  const from = parseFrom(text(r.from) ?? '');
  const object = text(r.object);
  const slash = object?.indexOf('/') ?? -1;
  const objKind = object && slash > 0 ? object.slice(0, slash).toLowerCase() : null;
  const objName = object && slash > 0 ? object.slice(slash + 1) : null;
  const type = text(r.type);
  const fields: Fields = { reason: text(r.reason) ?? '' };
  if (type) fields.type = type;
  fields.count = count;
  if (first !== null) fields.first_seen_ago = Math.round(first / 1e6);
  if (object) fields.object = object;
  const pod = text(r.pod) ?? (objKind === 'pod' ? objName : null);
  if (pod) fields.pod = pod;
  if (text(r.namespace)) fields.namespace = text(r.namespace);
  if (text(r.subobject)) fields.field_path = text(r.subobject);
  return {
    time: abs ?? (age && age.last !== null ? { kind: 'ago', us: age.last } : null),
    host: from.host ?? text(r.node) ?? (objKind === 'node' ? objName : null),
    ident: from.component,
    pid: null,
    priority: type === 'Warning' ? 4 : type === 'Normal' ? 6 : null,
    unit: null,
    message: text(r.message) ?? '',
    fields,
    cursor: null,
  };
}

/** A framed format's case: input text, and the envelopes its records parse into (markers left out), in order. */
export interface FramedCase {
  name: string;
  input: string;
  /** Subsets of the envelopes, in order; null where parse must answer null (an unparsed, counted record). */
  expect: Array<Record<string, unknown> | null>;
}
