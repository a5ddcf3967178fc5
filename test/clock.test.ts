// The clock: year and zone for year-less lines, with the reason recorded; roll-over; times since
// boot; lines without a time; bounded waiting.
import { describe, expect, it } from 'vitest';
import { envelopeById } from '../parsers/index.js';
import { Clock, MAX_PENDING } from '../src/pipeline/clock.js';
import { newStats, noHints, type InputContext, type ReadOptions } from '../src/pipeline/context.js';
import { parseFrames } from '../src/pipeline/parse.js';
import { isoOf, parseZone } from '../src/time.js';
import { TEST_NOW_US } from './helpers.js';

function context(format: string, o: Partial<ReadOptions> = {}, mtimeUs: number | null = null, hints = noHints()): InputContext {
  return {
    path: 'test', mtimeUs, parser: envelopeById(format)!, formatReason: 'test', defaultHost: null, hostPinned: false, hostAliases: null, defaultSource: null, header: null, boot: null, bootCount: 0,
    stats: newStats(), time: { year: null, yearReason: null, zone: null, zoneReason: null }, notes: [],
    options: { format: null, year: null, zone: null, host: null, collectedAt: null, now: TEST_NOW_US, ...o },
    hints,
  };
}

function times(format: string, lines: string[], o: Partial<ReadOptions> = {}, mtimeUs: number | null = null, hints = noHints()) {
  const ctx = context(format, o, mtimeUs, hints);
  const clock = new Clock(ctx);
  const recs = parseFrames(lines.map((l, i) => ({ line: i + 1, raw: l, record: l })), ctx);
  const events = [...clock.push(recs), ...clock.end()];
  return { ts: events.map((e) => isoOf(e.ts)), ctx };
}

const dockerd = (local: string, utc: string) => `${local} node-1 dockerd[9]: time="${utc}" level=info msg="x"`;

describe('the clock', () => {
  it('dates year-less lines before and after a line that embeds a full time', () => {
    const { ts, ctx } = times('short', ['Oct 10 20:55:29 node-1 kubelet[1]: a', dockerd('Oct 10 20:55:30', '2017-10-10T20:55:30.790401257Z'), 'Oct 10 20:55:31 node-1 kubelet[1]: b']);
    expect(ts).toEqual(['2017-10-10T20:55:29.000Z', '2017-10-10T20:55:30.790Z', '2017-10-10T20:55:31.000Z']);
    expect(ctx.time).toMatchObject({ year: 2017, zone: '+00:00', yearReason: 'a line that also embeds an absolute time (line 2)' });
  });

  it('learns the zone journalctl printed in from the same comparison', () => {
    const { ts, ctx } = times('short', ['Jun 03 22:38:13 node-1 systemd[1]: Started x.service.', dockerd('Jun 03 22:38:14', '2017-06-04T02:38:14.000000000Z')]);
    expect(ctx.time.zone).toBe('-04:00');
    expect(ts[0]).toBe('2017-06-04T02:38:13.000Z');
  });

  it('follows the year across New Year', () => {
    const { ts } = times('short', ['Dec 31 23:59:58 node-1 kubelet[1]: a', 'Jan 01 00:00:01 node-1 kubelet[1]: b', dockerd('Jan 01 00:00:02', '2018-01-01T00:00:02.000000000Z')]);
    expect(ts.slice(0, 2)).toEqual(['2017-12-31T23:59:58.000Z', '2018-01-01T00:00:01.000Z']);
  });

  it('keeps a late line of the old year in the old year', () => {
    const { ts } = times('short', ['Jan 01 00:00:01 node-1 kubelet[1]: a', 'Dec 31 23:59:59 node-1 kubelet[1]: late', 'Jan 01 00:00:03 node-1 kubelet[1]: c'], { year: 2018 });
    expect(ts).toEqual(['2018-01-01T00:00:01.000Z', '2017-12-31T23:59:59.000Z', '2018-01-01T00:00:03.000Z']);
  });

  it('uses --year and --tz, DST included', () => {
    const { ts, ctx } = times('short', ['Jul 01 12:00:00 node-1 kubelet[1]: summer', 'Dec 01 12:00:00 node-1 kubelet[1]: winter'], { year: 2023, zone: parseZone('Europe/Berlin')! });
    expect(ts).toEqual(['2023-07-01T10:00:00.000Z', '2023-12-01T11:00:00.000Z']);
    expect(ctx.time).toMatchObject({ year: 2023, yearReason: '--year', zone: 'Europe/Berlin', zoneReason: '--tz' });
  });

  it("takes the year from journalctl's header line", () => {
    const { ts, ctx } = times('short', ['-- Logs begin at Tue 2019-01-01 10:00:00 UTC, end at Tue 2019-01-01 11:00:00 UTC. --', 'Jan 01 10:00:00 node-1 kubelet[1]: a']);
    expect(ts).toEqual(['2019-01-01T10:00:00.000Z']);
    expect(ctx.time.yearReason).toContain('input header');
  });

  it("falls back to the file's mtime and says so, never silently to today", () => {
    const mtime = Date.UTC(2021, 1, 3) * 1000;
    const { ts, ctx } = times('short', ['Dec 30 10:00:00 node-1 kubelet[1]: a', 'Feb 02 10:00:00 node-1 kubelet[1]: b'], {}, mtime);
    expect(ts).toEqual(['2020-12-30T10:00:00.000Z', '2021-02-02T10:00:00.000Z']);
    expect(ctx.time.yearReason).toMatch(/^assumed from the file's modification time 2021-02-03/);
    expect(ctx.notes.join('\n')).toMatch(/no year in the input: assumed 2020/);
    expect(ctx.notes.join('\n')).toMatch(/assumed UTC/);
  });

  it("puts lines in the year nearest a bundle's guessed date, but never after a hard bound", () => {
    const nov30 = Date.UTC(2017, 10, 30, 23, 59, 59) * 1000;
    const line = 'Dec 05 01:00:10 node-1 kubelet[1]: a';
    const soft = times('short', [line], {}, null, { ...noHints(), refUs: nov30, refReason: "the bundle's name (2017-11-30)", refSoft: true });
    expect(soft.ts).toEqual(['2017-12-05T01:00:10.000Z']);
    const hard = times('short', [line], {}, null, { ...noHints(), refUs: nov30, refReason: 'the bundle', refSoft: false });
    expect(hard.ts).toEqual(['2016-12-05T01:00:10.000Z']);
    const jan = times('short', [line], {}, null, { ...noHints(), refUs: Date.UTC(2018, 0, 3) * 1000, refReason: 'x', refSoft: true });
    expect(jan.ts).toEqual(['2017-12-05T01:00:10.000Z']);
  });

  it('falls back on stdin to the date of the run, said as such', () => {
    const { ctx } = times('short', ['Mar 01 10:00:00 node-1 kubelet[1]: a']);
    expect(ctx.time.yearReason).toMatch(/date of this run 2026-11-22 \(stdin names no year\)/);
  });

  it('dates klog lines of a cat stream from a nearby logrus line', () => {
    const { ts, ctx } = times('cat', ['time="2017-06-04T02:30:02.000000000Z" level=info msg="x"', 'I0604 02:30:10.131402    1843 x.go:1] y']);
    expect(ts).toEqual(['2017-06-04T02:30:02.000Z', '2017-06-04T02:30:10.131Z']);
    expect(ctx.time.yearReason).toBe('a nearby line with a full timestamp (line 1)');
  });

  it('places times since boot through a line that embeds an absolute time', () => {
    const { ts } = times('short-monotonic', ['[100.000000] node-1 kubelet[1]: a', '[105.500000] node-1 dockerd[9]: time="2024-01-02T03:04:05.000000000Z" level=info msg="x"', '[110.000000] node-1 kubelet[1]: b']);
    expect(ts).toEqual(['2024-01-02T03:03:59.500Z', '2024-01-02T03:04:05.000Z', '2024-01-02T03:04:09.500Z']);
  });

  it('gives lines without a time the time of the line before them, or after them at the start', () => {
    const { ts, ctx } = times('cat', ['Started foo.service.', 'time="2024-01-02T03:04:05.000000000Z" level=info msg="x"', 'Stopped foo.service.']);
    expect(ts).toEqual(['2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05.000Z', '2024-01-02T03:04:05.000Z']);
    expect(ctx.stats.untimed).toBe(0);
  });

  it('counts lines whose time cannot be known at all', () => {
    const { ts, ctx } = times('cat', ['hello', 'world']);
    expect(ts).toEqual([null, null]);
    expect(ctx.stats.untimed).toBe(2);
  });

  it('does not wait for ever: past the bound the fallback decides and memory stays flat', () => {
    const ctx = context('short', {}, Date.UTC(2022, 5, 1) * 1000);
    const clock = new Clock(ctx);
    const line = (i: number) => `Jan 02 03:04:05 node-1 kubelet[1]: line ${i}`;
    let out = 0;
    for (let b = 0; b < 30; b++) {
      const recs = parseFrames(Array.from({ length: 1000 }, (_, i) => ({ line: b * 1000 + i, raw: line(i), record: line(i) })), ctx);
      out += clock.push(recs).length;
      expect(b * 1000 + 1000 - out).toBeLessThanOrEqual(MAX_PENDING + 1000);
    }
    out += clock.end().length;
    expect(out).toBe(30_000);
    expect(ctx.time.year).toBe(2022);
  });
});
