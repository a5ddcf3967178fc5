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
  },
];

// Host is optional (--no-hostname); a host never ends in ':' while the ident token always does.
const TAIL = /^(?:([^\s:]+) )?([^\s[\]]+?)(?:\[(\d+)\])?:(?: (.*)|$)/s;
const BEGIN = /^-- (?:Logs begin|Journal begins) at (.+?)(?:, (?:end|ends) at .+?)?\. --$/;
const BOOT = /^-- (?:Reboot|Boot ([0-9a-f]{32})) --$/;

/** Journal separators, headers and `-x` catalog text: not entries, but the header dates the input. */
export function journalMarker(line: string): Marker | null {
  const c = line.charCodeAt(0);
  if (c === 0x2591 /* ░ */ && line.startsWith('░░')) return { marker: 'skip' };
  if (c !== 45 /* - */ || !line.startsWith('-- ')) return null;
  const b = BEGIN.exec(line);
  if (b) return { marker: 'header', begin: b[1]! };
  const r = BOOT.exec(line);
  if (r) return { marker: 'boot', boot: r[1] ?? null };
  return { marker: 'skip' };
}

function makeParser(p: Preset): EnvelopeParser {
  const parse = (line: string): Envelope | Marker | null => {
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
      for (const line of sample) {
        if (line.startsWith('-- ') || line.startsWith('░░') || /^\s/.test(line)) continue;
        seen++;
        const m = p.stamp.exec(line);
        if (m && TAIL.test(line.slice(m[0].length)) && p.toStamp(m)) hits++;
      }
      return seen ? hits / seen : 0;
    },
    parse,
    // Multi-line messages continue on lines indented under the first message character.
    continues: (line) => line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9,
  };
}

/** Every journalctl text mode, most specific first (detection keeps the first of equal scores). */
export const journalTextParsers: EnvelopeParser[] = PRESETS.map(makeParser);
