// Timestamp grammars shared by several formats.
import type { Stamp } from '../src/event.js';
import { parseOffset, wallToUs } from '../src/time.js';

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d(?::?\d\d)?)?$/;

/** RFC 3339 / ISO-8601 with any fraction (logrus RFC3339NanoFixed, CRI, RFC 5424): absolute when zoned, else a wall time with year. */
export function parseRfc3339(text: string): Stamp | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const micro = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!, hour = +m[4]!, minute = +m[5]!, second = +m[6]!;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  if (m[8]) {
    const off = parseOffset(m[8]);
    if (off === null) return null;
    return { kind: 'abs', us: wallToUs(year, month, day, hour, minute, second, micro, off) };
  }
  return { kind: 'wall', year, month, day, hour, minute, second, micro, offset: null };
}

/** Epoch seconds or milliseconds (klog JSON `ts`, told apart by magnitude) into an absolute stamp. */
export function epochStamp(value: number): Stamp | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const us = value > 1e11 ? Math.round(value * 1000) : Math.round(value * 1e6);
  return { kind: 'abs', us };
}
