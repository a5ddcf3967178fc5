// Wall-clock arithmetic, zones and month names. Nothing here reads the clock.
import * as chrono from 'chrono-node';

const MONTHS: Record<string, number> = {};
// journalctl and rsyslog print %b in the locale of the machine that wrote the file, so
// real bundles hold `dic 24`, `mars 13`, `9月 26` (formats.md §1.3). English first, then
// the locales seen in the wild; a token means the same month in every locale listed.
const MONTH_TABLE: Array<[number, string[]]> = [
  [1, ['jan', 'january', 'janv', 'janvier', 'ene', 'enero', 'gen', 'gennaio', 'januar', 'jänner', 'jän', 'янв', 'stycz', 'oca']],
  [2, ['feb', 'february', 'févr', 'fevr', 'février', 'fev', 'febrero', 'febbraio', 'februar', 'фев', 'lut', 'şub']],
  [3, ['mar', 'march', 'mars', 'marzo', 'mär', 'märz', 'mrt', 'maart', 'março', 'мар', 'marz']],
  [4, ['apr', 'april', 'avr', 'avril', 'abr', 'abril', 'aprile', 'апр', 'kwi', 'nis']],
  [5, ['may', 'mai', 'mayo', 'mag', 'maggio', 'mei', 'мая', 'май', 'maj', 'may']],
  [6, ['jun', 'june', 'juin', 'junio', 'giu', 'giugno', 'juni', 'июн', 'cze', 'haz']],
  [7, ['jul', 'july', 'juil', 'juillet', 'julio', 'lug', 'luglio', 'juli', 'июл', 'lip', 'tem']],
  [8, ['aug', 'august', 'août', 'aout', 'ago', 'agosto', 'авг', 'sie', 'ağu']],
  [9, ['sep', 'sept', 'september', 'septembre', 'septiembre', 'set', 'settembre', 'setembro', 'сен', 'wrz', 'eyl']],
  [10, ['oct', 'october', 'octobre', 'octubre', 'ott', 'ottobre', 'okt', 'oktober', 'out', 'outubro', 'окт', 'paź', 'eki']],
  [11, ['nov', 'november', 'novembre', 'noviembre', 'ноя', 'lis', 'kas']],
  [12, ['dec', 'december', 'déc', 'décembre', 'dic', 'diciembre', 'dicembre', 'dez', 'dezember', 'дек', 'gru', 'ara']],
];
for (const [n, names] of MONTH_TABLE) for (const name of names) MONTHS[name] = n;
// journalctl and rsyslog print English abbreviations in the C locale: exact keys, no lower-casing.
for (const [n, names] of MONTH_TABLE) MONTHS[names[0]!.charAt(0).toUpperCase() + names[0]!.slice(1)] = n;
for (let n = 1; n <= 12; n++) MONTHS[`${n}月`] = n;

/** Month number 1–12 for a month token in any supported locale (`Jan`, `dic`, `mars`, `9月`), or 0. */
export function monthNumber(token: string): number {
  const m = MONTHS[token];
  if (m !== undefined) return m;
  const key = token.toLowerCase().replace(/\.$/, '');
  return MONTHS[key] ?? 0;
}

/** µs since the epoch for a wall-clock time at a fixed offset (minutes east of UTC). */
export function wallToUs(
  year: number, month: number, day: number, hour: number, minute: number, second: number, micro: number, offsetMin: number,
): number {
  return (Date.UTC(year, month - 1, day, hour, minute, second) - offsetMin * 60_000) * 1000 + micro;
}

/** ISO-8601 UTC text for µs since the epoch (millisecond precision, `Z`). */
export function isoOf(us: number | null): string | null {
  if (us === null || !Number.isFinite(us)) return null;
  const d = new Date(Math.floor(us / 1000));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A time zone given on the command line or learnt from the input: fixed offset or IANA name. */
export interface Zone {
  name: string;
  /** Offset in minutes east of UTC in force at that local wall-clock time. */
  offsetAt(year: number, month: number, day: number, hour: number): number;
}

/** A fixed-offset zone (`UTC`, `+05:30`). */
export function fixedZone(offsetMin: number, name?: string): Zone {
  return { name: name ?? formatOffset(offsetMin), offsetAt: () => offsetMin };
}

/** `+hh:mm` for an offset in minutes. */
export function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Parses `+0200`, `-03`, `+05:30`, `Z`, `UTC`, `GMT` into minutes east of UTC, or null. */
export function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'UTC' || text === 'GMT' || text === 'UT') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return null;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (v > 14 * 60) return null;
  return m[1] === '-' ? -v : v;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function ianaOffsetAtUtc(zone: string, utcMs: number): number {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partsCache.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/** An IANA zone (`Europe/Berlin`), DST-aware; offsets are cached per local hour. */
export function ianaZone(name: string): Zone {
  const cache = new Map<number, number>();
  return {
    name,
    offsetAt(year, month, day, hour) {
      const key = ((year * 13 + month) * 32 + day) * 24 + hour;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      // Guess with the offset one day earlier, then correct once: exact except in the skipped DST hour.
      const wallMs = Date.UTC(year, month - 1, day, hour);
      const first = ianaOffsetAtUtc(name, wallMs);
      const off = ianaOffsetAtUtc(name, wallMs - first * 60_000);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, off);
      return off;
    },
  };
}

/** Parses a `--tz` value: an offset, `UTC`, or an IANA zone name; null when unknown. */
export function parseZone(text: string): Zone | null {
  const off = parseOffset(text.trim());
  if (off !== null) return fixedZone(off, text.trim());
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text.trim() });
    return ianaZone(text.trim());
  } catch {
    return null;
  }
}

const abbrevCache = new Map<string, number | null>();

/** Offset of a zone abbreviation as printed by journalctl short-full (`CET`, `PDT`, `-03`), or null. */
export function abbrevOffset(abbrev: string): number | null {
  const cached = abbrevCache.get(abbrev);
  if (cached !== undefined) return cached;
  let off = parseOffset(abbrev);
  if (off === null && /^[A-Z]{2,5}$/.test(abbrev)) {
    // chrono-node knows the common abbreviations (with their DST variants); ask it once per name.
    const ref = chrono.parse(`2024-01-15 12:00:00 ${abbrev}`)[0];
    const offset = ref?.start.get('timezoneOffset');
    off = typeof offset === 'number' ? offset : null;
  }
  abbrevCache.set(abbrev, off);
  return off;
}

/** Parses a journalctl header time (`Tue 2024-01-02 03:04:05 UTC`) into µs and offset, or null. */
export function parseHeaderTime(text: string): { us: number; offset: number | null } | null {
  const m = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (\S+))?/.exec(text);
  if (!m) return null;
  const offset = m[8] ? abbrevOffset(m[8]) : null;
  const us = wallToUs(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number((m[7] ?? '').padEnd(6, '0')), offset ?? 0);
  return { us, offset };
}

/** Parses a duration like `90s`, `10m`, `2h`, `1h30m`, `500ms` into µs; null when malformed. */
export function parseDuration(text: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2]!;
    const mult = unit === 'd' ? 86_400e6 : unit === 'h' ? 3_600e6 : unit === 'm' ? 60e6 : unit === 's' ? 1e6 : unit === 'ms' ? 1e3 : 1;
    total += n * mult;
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? Math.round(total) : null;
}

/** Human text for a duration in µs: `45s`, `12m`, `3h5m`. */
export function formatDuration(us: number): string {
  const s = Math.round(us / 1e6);
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
}
