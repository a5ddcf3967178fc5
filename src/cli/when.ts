// Times people type: ISO stamps, "2017-10-10 13:00 PST", "2 hours ago" (chrono-node), and
// times relative to what the store holds: "5 minutes before the first finding", "10m after
// finding 3", "the end". Times without a zone are UTC, like everything kubesleuth prints.
import * as chrono from 'chrono-node';
import { KubesleuthError } from '../errors.js';

/** What relative times can refer to (µs). */
export interface Anchors {
  now: number;
  /** Start of a finding by id, and of the first and last finding; null when there is none. */
  finding(which: number | 'first' | 'last'): number | null;
  /** First and last event time in the store. */
  dataStart: number | null;
  dataEnd: number | null;
}

const UNITS: Record<string, number> = { ms: 1e3, s: 1e6, sec: 1e6, second: 1e6, m: 60e6, min: 60e6, minute: 60e6, h: 3600e6, hr: 3600e6, hour: 3600e6, d: 86400e6, day: 86400e6 };

/** "5 minutes", "90s", "1.5h" → µs, or null. */
export function humanDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const word = m?.[2]!.toLowerCase() ?? '';
  const unit = UNITS[word] ?? (word.endsWith('s') ? UNITS[word.slice(0, -1)] : undefined);
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : null;
}

function anchor(text: string, a: Anchors, flag: string): number {
  const t = text.trim().toLowerCase().replace(/^the /, '');
  let us: number | null | undefined;
  let m: RegExpExecArray | null;
  if (t === 'now') us = a.now;
  else if (t === 'start' || t === 'beginning') us = a.dataStart;
  else if (t === 'end') us = a.dataEnd;
  else if ((m = /^(first|last) finding$/.exec(t))) us = a.finding(m[1] as 'first' | 'last');
  else if ((m = /^finding #?(\d+)$/.exec(t))) us = a.finding(Number(m[1]));
  else return parseAbsolute(text, a, flag);
  if (us === null || us === undefined) throw new KubesleuthError(`${flag}: the store has no ${t} (run kubesleuth analyze first, or see kubesleuth analyze --json for finding ids)`);
  return us;
}

function parseAbsolute(text: string, a: Anchors, flag: string): number {
  if (/^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)$/.test(text.trim())) return Date.parse(text.trim()) * 1000;
  const d = chrono.parseDate(text, { instant: new Date(a.now / 1000), timezone: 0 }, { forwardDate: false });
  if (!d) throw new KubesleuthError(`${flag}: cannot read "${text}" as a time; try 2017-10-10T13:00:00Z, "2017-10-10 13:00 PST", "2 hours ago" or "5 minutes before the first finding"`);
  return d.getTime() * 1000;
}

/** Parses a --since/--until value against the anchors; a usage error names `flag` when it cannot. */
export function parseWhen(text: string, a: Anchors, flag: string): number {
  const m = /^(.+?)\s+(before|after)\s+(.+)$/i.exec(text.trim());
  if (m) {
    const d = humanDuration(m[1]!);
    if (d !== null) return anchor(m[3]!, a, flag) + (m[2]!.toLowerCase() === 'before' ? -d : d);
  }
  return anchor(text, a, flag);
}
