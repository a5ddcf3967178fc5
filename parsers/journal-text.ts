// journalctl's text modes and the syslog files rsyslog writes. They share one line grammar,
// `<timestamp> [<host> ]<ident>[<pid>]: <message>` (logs-show.c output_short; formats.md §1.2, §2),
// and differ only in the timestamp, so each mode is a preset of one parser.
import type { Envelope, EnvelopeParser, Marker } from './types.js';
import type { Stamp } from '../src/event.js';
import { monthNumber, parseOffset } from '../src/time.js';

interface Preset {
  id: string;
  description: string;
  note?: string;
  stamp: RegExp;
  toStamp(m: RegExpExecArray): Stamp | null;
  /** Detection counts only signed lines (`host ident[pid]:`): dmesg has the same `[secs]` stamp. */
  signed?: boolean;
}

function wall(year: number | null, month: number, day: number, hms: string[], frac: string | undefined, offset: number | null, zone?: string): Stamp | null {
  const [h, mi, s] = hms.map(Number) as [number, number, number];
  if (!month || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return null;
  const micro = frac ? Number(frac.slice(0, 6).padEnd(6, '0')) : 0;
  return { kind: 'wall', year, month, day, hour: h, minute: mi, second: s, micro, offset, ...(zone ? { zone } : {}) };
}

const ISO = '(\\d{4})-(\\d\\d)-(\\d\\d)T(\\d\\d):(\\d\\d):(\\d\\d)';
const OFF = '(Z|[+-]\\d\\d:?\\d\\d)';

function iso(m: RegExpExecArray, frac: string | undefined, off: string): Stamp | null {
  const offset = parseOffset(off);
  return offset === null ? null : wall(+m[1]!, +m[2]!, +m[3]!, [m[4]!, m[5]!, m[6]!], frac, offset);
}

const PRESETS: Preset[] = [
  {
    id: 'short-precise',
    description: 'journalctl -o short-precise: `Jan 02 03:04:05.129456 host ident[pid]: msg` (no year, no zone)',
    stamp: /^(\S+) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)\.(\d{6}) /,
    toStamp: (m) => wall(null, monthNumber(m[1]!), +m[2]!, [m[3]!, m[4]!, m[5]!], m[6], null),
  },
  {
    id: 'short',
    description: 'journalctl -o short, or an RFC 3164 syslog file: `Jan  2 03:04:05 host ident[pid]: msg` (no year, no zone)',
    stamp: /^(\S+) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) /,
    toStamp: (m) => wall(null, monthNumber(m[1]!), +m[2]!, [m[3]!, m[4]!, m[5]!], undefined, null),
  },
  {
    id: 'short-iso-precise',
    description: 'journalctl -o short-iso-precise, or rsyslog RFC 3339 files: `2024-01-02T03:04:05.129456+00:00 host ident[pid]: msg`',
    stamp: new RegExp(`^${ISO}\\.(\\d{1,9})${OFF} `),
    toStamp: (m) => iso(m, m[7], m[8]!),
  },
  {
    id: 'short-iso',
    description: 'journalctl -o short-iso: `2024-01-02T03:04:05+0000 host ident[pid]: msg`',
    stamp: new RegExp(`^${ISO}${OFF} `),
    toStamp: (m) => iso(m, undefined, m[7]!),
  },
  {
    id: 'short-full',
    description: 'journalctl -o short-full / with-unit: `Tue 2024-01-02 03:04:05 UTC host ident[pid]: msg`',
    // The zone name is left out when it does not fit (format_timestamp_style), so it is optional.
    stamp: /^(?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? (?:([A-Z]{2,5}|[+-]\d\d(?:\d\d)?) )?/,
    toStamp: (m) => wall(+m[1]!, +m[2]!, +m[3]!, [m[4]!, m[5]!, m[6]!], m[7], m[8] ? parseOffset(m[8]) : null, m[8]),
  },
  {
    id: 'short-unix',
    description: 'journalctl -o short-unix: `1704164645.129456 host ident[pid]: msg`',
    stamp: /^ *(\d{9,11})\.(\d{6}) /,
    toStamp: (m) => ({ kind: 'abs', us: Number(m[1]) * 1e6 + Number(m[2]) }),
  },
  {
    id: 'short-delta',
    description: 'journalctl -o short-delta: `[21415.222982 <    0.001000 >] host ident[pid]: msg` (time since boot)',
    note: 'short-delta carries time since boot only; absolute times come from lines that embed one (dockerd time=…)',
    stamp: /^\[ *(\d+)\.(\d{6})(?: < *\d+\.\d{6}[ *]>| +)\] /,
    toStamp: (m) => ({ kind: 'mono', us: Number(m[1]) * 1e6 + Number(m[2]), boot: null }),
  },
  {
    id: 'short-monotonic',
    description: 'journalctl -o short-monotonic: `[21415.221982] host ident[pid]: msg` (time since boot)',
    note: 'short-monotonic carries time since boot only; absolute times come from lines that embed one (dockerd time=…)',
    stamp: /^\[ *(\d+)\.(\d{6})\] /,
    toStamp: (m) => ({ kind: 'mono', us: Number(m[1]) * 1e6 + Number(m[2]), boot: null }),
    signed: true,
  },
];

// Host is optional (--no-hostname); a host never ends in ':' while the ident token always does.
const TAIL = /^(?:([^\s:]+) )?([^\s[\]]+?)(?:\[(\d+)\])?:(?: (.*)|$)/s;
// `[host ]ident[pid]:` or `[host ]kernel:`, how nearly every journal entry goes on after its time;
// a kernel ring-buffer line (`usb 1-1: …`, `DMAR: …`) or a container's output almost never does.
const SIGNED = /^(?:[^\s:]+ )?(?:kernel|[^\s[\]:]+\[\d+\]):(?: |$)/;

/** Whether the text after a timestamp is signed like a journal entry: `host ident[pid]:` or `host kernel:`. */
export function journalSigned(tail: string): boolean {
  return SIGNED.test(tail);
}

const BEGIN = /^-- (?:Logs begin|Journal begins) at (.+?)(?:, (?:end|ends) at .+?)?\. --$/;
const BOOT = /^-- (?:Reboot|Boot ([0-9a-f]{32})) --$/;

/** Journal separators, headers and `-x` catalog text: not entries, but the header dates the input. */
export function journalMarker(line: string): Marker | null {
  const c = line.charCodeAt(0);
  if (c === 0x2591 /* ░ */ && line.startsWith('░░')) return { marker: 'skip' };
  // A blank catalog line is `-- `, or `--` once a copy-paste has trimmed it.
  if (c !== 45 /* - */ || !(line.startsWith('-- ') || line === '--')) return null;
  const b = BEGIN.exec(line);
  if (b) return { marker: 'header', begin: b[1]! };
  const r = BOOT.exec(line);
  if (r) return { marker: 'boot', boot: r[1] ?? null };
  return { marker: 'skip' };
}

// Widths of the terminals journalctl output gets copied from (VT100 and xterm defaults, 132-column
// mode, split panes, maximised windows): a line exactly this long was probably cut by the terminal.
const WIDTHS = new Set([80, 100, 120, 132, 140, 150, 160, 180, 200, 220, 240, 250, 256]);

// A record joined from a line and its continuations: an indented part is a line of the message
// (journalctl indents them under its first character), an unindented one is the rest of a line
// the terminal wrapped, which had no newline there.
function unwrap(record: string): string {
  const parts = record.split('\n');
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    const c = part.charCodeAt(0);
    out += c === 32 || c === 9 ? `\n${part}` : part;
  }
  return out;
}

function makeParser(p: Preset): EnvelopeParser {
  const parse = (record: string): Envelope | Marker | null => {
    const line = record.includes('\n') ? unwrap(record) : record;
    const m = p.stamp.exec(line);
    if (!m) return journalMarker(line);
    const t = TAIL.exec(line.slice(m[0].length));
    if (!t) return null;
    const time = p.toStamp(m);
    if (!time) return null;
    return {
      time,
      host: t[1] ?? null,
      ident: t[2]!,
      pid: t[3] !== undefined ? Number(t[3]) : null,
      priority: null,
      unit: null,
      message: t[4] ?? '',
      fields: null,
      cursor: null,
    };
  };
  return {
    id: p.id,
    framing: 'line',
    description: p.description,
    ...(p.note ? { note: p.note } : {}),
    detect(sample) {
      let seen = 0;
      let hits = 0;
      let prev = '';
      for (const line of sample) {
        const wrapped = WIDTHS.has(prev.length);
        prev = line;
        if (line.startsWith('-- ') || line === '--' || line.startsWith('░░') || /^\s/.test(line)) continue;
        const m = p.stamp.exec(line);
        // The rest of a line a terminal wrapped is part of the line before, not a line of its own.
        if (!m && wrapped) continue;
        seen++;
        if (!m) continue;
        const tail = line.slice(m[0].length);
        if (TAIL.test(tail) && p.toStamp(m) && (!p.signed || SIGNED.test(tail))) hits++;
      }
      return seen ? hits / seen : 0;
    },
    parse,
    continues(line, prev) {
      // Multi-line messages continue on lines indented under the first message character.
      const c = line.charCodeAt(0);
      if (c === 32 || c === 9) return true;
      // Output copied from a terminal: a long line is cut at the terminal's width and goes on at
      // column 0 of the next line, which has no timestamp of its own.
      return line !== '' && WIDTHS.has(prev.length) && !p.stamp.test(line) && journalMarker(line) === null;
    },
  };
}

const FULL = PRESETS.find((p) => p.id === 'short-full')!;

/** A `format_timestamp()` time as systemctl and journal headers print it (`Tue 2024-01-02 03:04:05 UTC`): wall stamp with year and zone. */
export function fullTimestamp(text: string): Stamp | null {
  const m = FULL.stamp.exec(`${text} `);
  return m && m[0].length === text.length + 1 ? FULL.toStamp(m) : null;
}

/** Every journalctl text mode, most specific first (detection keeps the first of equal scores). */
export const journalTextParsers: EnvelopeParser[] = PRESETS.map(makeParser);
