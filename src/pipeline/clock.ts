// Gives every record a UTC time. Year-less, zone-less stamps (journalctl short, syslog, klog)
// get year and zone, in order of trust, from --year/--tz, the input's own header, a line that
// carries both a local and an absolute time (dockerd's time="…Z"), then the file's mtime or,
// for stdin, the run's date — always with the reason recorded, never silently. Dec→Jan
// roll-over is followed line by line. Records wait (bounded) until the year is known.
import type { LogEvent, ParsedRecord, Stamp } from '../event.js';
import { abbrevOffset, fixedZone, formatOffset, isoOf, wallToUs, type Zone } from '../time.js';
import { note, type InputContext } from './context.js';

type Wall = Extract<Stamp, { kind: 'wall' }>;

/** Records held back at most while waiting for the year; then the fallback decides. */
export const MAX_PENDING = 20_000;
/** Text held back at most (characters): 20,000 lines of 8 KB would be 160 MB. */
export const MAX_PENDING_CHARS = 16 * 1024 * 1024;
const QUARTER_HOUR_US = 15 * 60e6;

interface Item {
  rec: ParsedRecord;
  /** Year-less wall stamp to resolve, and its roll-over index. */
  wall: Wall | null;
  idx: number;
  /** Since-boot stamp to resolve through the boot's anchor. */
  mono: Extract<Stamp, { kind: 'mono' }> | null;
  /** Already known UTC µs (absolute stamp). */
  ts: number | null;
}

/** The year in which a year-less wall time lies closest to an absolute time, and the gap (local minus UTC, µs). */
function closestYear(w: Wall, us: number): { year: number; diff: number } {
  const utcYear = new Date(us / 1000).getUTCFullYear();
  let best = { year: utcYear, diff: Infinity };
  for (const year of [utcYear - 1, utcYear, utcYear + 1]) {
    const diff = wallToUs(year, w.month, w.day, w.hour, w.minute, w.second, w.micro, 0) - us;
    if (Math.abs(diff) < Math.abs(best.diff)) best = { year, diff };
  }
  return best;
}

/** Per-input time resolution; push batches in input order, then call end(). */
export class Clock {
  private baseYear: number | null = null;
  private zone: Zone | null = null;
  private lastMonth = 0;
  private idx = 0;
  private queue: Item[] = [];
  private queuedChars = 0;
  private lastTs: number | null = null;
  private boots = new Map<string, number>();
  private rolled = false;
  private lastAbs: { us: number; line: number } | null = null;

  constructor(private readonly ctx: InputContext) {
    const o = ctx.options;
    if (o.year !== null) this.setYear(o.year, 0, '--year');
    if (o.zone) this.setZone(o.zone, '--tz');
  }

  /** Resolves a batch; returns the events whose time is settled, in input order. */
  push(records: readonly ParsedRecord[]): LogEvent[] {
    this.useHeader();
    for (const rec of records) {
      this.queue.push(this.classify(rec));
      this.queuedChars += rec.raw.length;
    }
    // Held too long (or too much text): the fallbacks decide, and lines still waiting for a
    // neighbour's time go out without one rather than pile up.
    const full = this.queue.length > MAX_PENDING || this.queuedChars > MAX_PENDING_CHARS;
    if (full) this.fallback(true);
    return this.drain(false, full);
  }

  /** End of input: settles what is still open by the fallbacks and releases every record. */
  end(): LogEvent[] {
    this.useHeader();
    if (this.queue.some((i) => i.wall && !this.ready(i.wall))) this.fallback(false);
    return this.drain(true);
  }

  private ready(w: Wall): boolean {
    return this.zone !== null && (w.year !== null || this.baseYear !== null);
  }

  private setYear(yearOfIdx: number, idx: number, reason: string): void {
    if (this.baseYear !== null) return;
    this.baseYear = yearOfIdx - idx;
    this.ctx.time.year = this.baseYear;
    this.ctx.time.yearReason = reason;
  }

  private setZone(zone: Zone, reason: string): void {
    if (this.zone) return;
    this.zone = zone;
    this.ctx.time.zone = zone.name;
    this.ctx.time.zoneReason = reason;
  }

  private useHeader(): void {
    const h = this.ctx.header;
    if (!h || (this.baseYear !== null && this.zone)) return;
    const year = new Date((h.us + (h.offset ?? 0) * 60e6) / 1000).getUTCFullYear();
    this.setYear(year, 0, `input header "${h.text}"`);
    if (h.offset !== null) this.setZone(fixedZone(h.offset), `input header "${h.text}"`);
  }

  private classify(rec: ParsedRecord): Item {
    const item: Item = { rec, wall: null, idx: 0, mono: null, ts: null };
    const env = rec.time;
    const pay = rec.payloadTime;
    if (pay?.kind === 'abs') {
      // The daemon's own zoned time is exact; it also dates the envelope's year-less clock.
      item.ts = pay.us;
      this.lastAbs = { us: pay.us, line: rec.line };
      if (this.baseYear === null && env?.kind !== 'wall') this.nearbyYear();
      if (env?.kind === 'wall' && env.year === null) this.anchor(env, pay.us, rec.line, this.rollover(env.month, rec.line));
      if (env?.kind === 'mono' && env.boot !== null) this.boots.set(env.boot, pay.us - env.us);
      else if (env?.kind === 'mono') this.boots.set('', pay.us - env.us);
      return item;
    }
    const stamp = env ?? pay;
    if (!stamp) return item;
    if (stamp.kind === 'abs') {
      item.ts = stamp.us;
      this.lastAbs = { us: stamp.us, line: rec.line };
      if (this.baseYear === null) this.nearbyYear();
      return item;
    }
    if (stamp.kind === 'mono') {
      item.mono = stamp;
      return item;
    }
    if (stamp.kind === 'ago') {
      item.ts = this.collected() - stamp.us;
      return item;
    }
    if (stamp.year !== null) {
      const offset = stamp.offset ?? (stamp.zone ? abbrevOffset(stamp.zone) : null);
      if (offset !== null) {
        item.ts = wallToUs(stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, stamp.micro, offset);
        return item;
      }
    }
    item.wall = stamp;
    item.idx = stamp.year === null ? this.rollover(stamp.month, rec.line) : 0;
    if (stamp.year === null && this.baseYear === null && this.lastAbs) this.nearbyYear(item);
    return item;
  }

  // Without a line that has both clocks (cat output, bare daemon files), the year of a nearby line
  // with a full timestamp dates the year-less ones; the zone stays unknown (flag or UTC).
  private nearbyYear(wallItem?: Item): void {
    const abs = this.lastAbs;
    const item = wallItem ?? this.queue.find((i) => i.wall && i.wall.year === null);
    if (!abs || !item?.wall) return;
    this.setYear(closestYear(item.wall, abs.us).year, item.idx, `a nearby line with a full timestamp (line ${abs.line})`);
  }

  // Follows the year across Dec→Jan: a month far below the last one starts a new year; a month
  // far above it is a late line of the previous year and does not move the reference.
  private rollover(month: number, line: number): number {
    if (this.lastMonth === 0) {
      this.lastMonth = month;
      return this.idx;
    }
    if (month < this.lastMonth && this.lastMonth - month >= 6) {
      this.idx++;
      this.lastMonth = month;
      if (!this.rolled) note(this.ctx, `year rolls over at line ${line}`);
      this.rolled = true;
      return this.idx;
    }
    if (month > this.lastMonth && month - this.lastMonth >= 6) return this.idx - 1;
    this.lastMonth = month;
    return this.idx;
  }

  // A year-less local time and the same moment in UTC give the year and the zone offset.
  private anchor(env: Wall, us: number, line: number, idx: number): void {
    if (this.baseYear !== null && this.zone) {
      this.reanchor(env, us, line, idx);
      return;
    }
    const { year, diff } = closestYear(env, us);
    // Zones span UTC−12 to UTC+14: a larger gap means the two clocks disagree, not a zone.
    if (Math.abs(diff) > 14.5 * 3600e6) return;
    const offset = Math.round(diff / QUARTER_HOUR_US) * 15;
    const why = `a line that also embeds an absolute time (line ${line})`;
    this.setYear(year, idx, why);
    this.setZone(fixedZone(offset, formatOffset(offset)), why);
  }

  // A later line with both clocks that disagrees on the year (a journal spanning years without
  // a month-by-month trail) moves the year of the lines after it.
  private reanchor(env: Wall, us: number, line: number, idx: number): void {
    const shift = closestYear(env, us).year - (this.baseYear! + idx);
    if (shift === 0) return;
    this.idx += shift;
    note(this.ctx, `year corrected by ${shift > 0 ? '+' : ''}${shift} at line ${line} from its embedded time`);
  }

  // kubectl ages count back from when the output was taken: the bundle's collection time, else
  // the file's mtime, else now — said once per input either way.
  private collectedUs: number | null = null;
  private collected(): number {
    if (this.collectedUs !== null) return this.collectedUs;
    const h = this.ctx.hints;
    const o = this.ctx.options;
    let us: number, why: string;
    if (o.collectedAt !== null) [us, why] = [o.collectedAt, '--collected-at'];
    else if (h.collectedUs !== null) [us, why] = [h.collectedUs, h.collectedReason ?? 'the bundle'];
    else if (this.ctx.mtimeUs !== null) [us, why] = [this.ctx.mtimeUs, "the file's modification time (pass --collected-at when the output was taken)"];
    else [us, why] = [o.now, 'the time of this run (pass --collected-at when the output was taken)'];
    this.collectedUs = us;
    note(this.ctx, `ages (42m, 7m (x163 over 42m)) counted back from ${isoOf(us)}: ${why}; exact to their last unit only`);
    return us;
  }

  private fallback(early: boolean): void {
    const h = this.ctx.hints;
    const ref = h.refUs ?? this.ctx.mtimeUs ?? this.ctx.options.now;
    const refWhat =
      h.refUs !== null ? `${h.refReason ?? 'another input of the bundle'} (${isoOf(ref)})`
      : this.ctx.mtimeUs !== null ? `the file's modification time ${isoOf(ref)}` : `the date of this run ${isoOf(ref)?.slice(0, 10)} (stdin names no year)`;
    const walls = this.queue.filter((i) => i.wall && i.wall.year === null);
    const probe = early ? walls[0] : walls[walls.length - 1];
    if (this.baseYear === null && probe?.wall) {
      // The latest line cannot be later than the file was last written (or than now).
      const d = new Date(ref / 1000);
      let y = d.getUTCFullYear();
      const w = probe.wall;
      const months = w.month - (d.getUTCMonth() + 1);
      if (h.refUs !== null && h.refSoft) {
        // A guess (a bare date in a name, another file's last line) bounds nothing: nearest year.
        if (months > 6) y--;
        else if (months < -6) y++;
      } else if (months > 0 || (months === 0 && w.day > d.getUTCDate() + 1)) y--;
      this.setYear(y, probe.idx, `assumed from ${refWhat}; pass --year to override`);
      note(this.ctx, `no year in the input: assumed ${this.baseYear} from ${refWhat} (pass --year)`);
    }
    if (!this.zone && h.zone) this.setZone(h.zone, h.zoneReason ?? 'another input of the bundle');
    if (!this.zone) {
      this.setZone(fixedZone(0, 'UTC'), 'assumed UTC: the input names no zone; pass --tz to override');
      note(this.ctx, 'no time zone in the input: assumed UTC (pass --tz)');
    }
  }

  private resolveWall(w: Wall, idx: number): number {
    const year = (w.year ?? this.baseYear! + idx);
    const offset = w.offset ?? (w.zone ? abbrevOffset(w.zone) : null) ?? this.zone!.offsetAt(year, w.month, w.day, w.hour);
    return wallToUs(year, w.month, w.day, w.hour, w.minute, w.second, w.micro, offset);
  }

  // undefined: not yet known; null: never knowable (end of input).
  private timeOf(item: Item, final: boolean): number | null | undefined {
    if (item.ts !== null) return item.ts;
    if (item.wall) {
      if (!this.ready(item.wall)) return final ? null : undefined;
      let ts = this.resolveWall(item.wall, item.idx);
      const pay = item.rec.payloadTime;
      // klog's microseconds refine a whole-second journal time when minute and second agree.
      if (item.rec.time === item.wall && pay?.kind === 'wall' && item.wall.micro === 0 && pay.minute === item.wall.minute && pay.second === item.wall.second) ts += pay.micro;
      // A whole-second time in the same second as the line before it (which had microseconds from
      // its payload) keeps the input's order instead of jumping back to the start of the second.
      else if (item.wall.micro === 0 && this.lastTs !== null && this.lastTs > ts && this.lastTs - ts < 1e6) ts = this.lastTs;
      return ts;
    }
    if (item.mono) {
      const base = this.boots.get(item.mono.boot ?? '') ?? this.boots.get('') ?? this.bootHint();
      if (base !== undefined) return base + item.mono.us;
      return final ? null : undefined;
    }
    return final ? null : undefined;
  }

  private bootHint(): number | undefined {
    const h = this.ctx.hints;
    if (h.bootUs === null) return undefined;
    note(this.ctx, `times since boot placed from the node's boot at ${isoOf(h.bootUs)} (${h.bootReason ?? 'the bundle'})`);
    return h.bootUs;
  }

  private drain(final: boolean, full = false): LogEvent[] {
    const out: LogEvent[] = [];
    let i = 0;
    for (; i < this.queue.length; i++) {
      const item = this.queue[i]!;
      let ts = this.timeOf(item, final);
      const stampless = item.ts === null && !item.wall && !item.mono;
      if (stampless || (ts === null && final)) {
        // Lines without a time of their own take the time of the line before them (or after, at the start).
        if (this.lastTs === null) {
          const next = this.nextTime(i + 1, final);
          if (next === undefined && !full) break;
          ts = next ?? null;
        } else ts = this.lastTs;
        if (ts !== null && !stampless) note(this.ctx, 'some lines have a time that cannot be placed (time since boot with no anchor); they take the time of the line before them');
      } else if (ts === undefined) break;
      if (ts !== null) this.lastTs = ts;
      this.queuedChars -= item.rec.raw.length;
      out.push(this.emit(item.rec, ts));
    }
    this.queue = i === this.queue.length ? [] : this.queue.slice(i);
    if (!this.queue.length) this.queuedChars = 0;
    return out;
  }

  private nextTime(from: number, final: boolean): number | null | undefined {
    for (let j = from; j < this.queue.length; j++) {
      const it = this.queue[j]!;
      if (it.ts === null && !it.wall && !it.mono) continue;
      const t = this.timeOf(it, final);
      if (t === undefined) return undefined;
      if (t !== null) return t;
    }
    return final ? null : undefined;
  }

  private emit(rec: ParsedRecord, ts: number | null): LogEvent {
    const s = this.ctx.stats;
    if (ts === null) s.untimed++;
    else {
      if (s.firstTs === null || ts < s.firstTs) s.firstTs = ts;
      if (s.lastTs === null || ts > s.lastTs) s.lastTs = ts;
    }
    s.events++;
    const ev = rec as LogEvent;
    ev.ts = ts;
    return ev;
  }
}
