// The timeline: events across files and hosts in time order, filters, human times, a finding in
// context, repeats folded, copies of one line from two files shown once, four output forms.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldKey } from '../src/report/timeline.js';
import { humanDuration, parseWhen, type Anchors } from '../src/cli/when.js';
import { ROOT, cli, tempDir } from './helpers.js';

const anchors: Anchors = {
  now: Date.UTC(2026, 10, 22, 12) * 1000,
  finding: (w) => (w === 'first' ? Date.UTC(2017, 9, 10, 20, 55, 30) * 1000 : w === 3 ? Date.UTC(2018, 0, 1) * 1000 : null),
  dataStart: Date.UTC(2017, 0, 1) * 1000,
  dataEnd: Date.UTC(2018, 5, 1) * 1000,
};
const iso = (us: number) => new Date(us / 1000).toISOString();

describe('times people type', () => {
  it.each([
    ['5 minutes before the first finding', '2017-10-10T20:50:30.000Z'],
    ['10m after finding 3', '2018-01-01T00:10:00.000Z'],
    ['90s before the end', '2018-05-31T23:58:30.000Z'],
    ['the start', '2017-01-01T00:00:00.000Z'],
    ['2017-10-10T13:00:00Z', '2017-10-10T13:00:00.000Z'],
    ['2017-10-10 13:00 PST', '2017-10-10T21:00:00.000Z'],
    ['2017-10-10 13:00', '2017-10-10T13:00:00.000Z'],
    ['2 hours ago', '2026-11-22T10:00:00.000Z'],
  ])('reads "%s"', (text, want) => expect(iso(parseWhen(text, anchors, '--since'))).toBe(want));

  it('says what it cannot read, naming the flag', () => {
    expect(() => parseWhen('whenever', anchors, '--until')).toThrow(/^--until: cannot read "whenever" as a time/);
    expect(() => parseWhen('5m after the last finding', anchors, '--since')).toThrow(/--since: the store has no last finding/);
  });

  it('reads durations in words and units, not a minute for a millisecond', () => {
    expect([humanDuration('5 minutes'), humanDuration('90s'), humanDuration('250ms'), humanDuration('1.5h'), humanDuration('soon')]).toEqual([300e6, 90e6, 250e3, 5400e6, null]);
  });
});

describe('folding', () => {
  it('folds repeats whose numbers, durations and ids differ, never different names', () => {
    const k = (m: string) => foldKey('n', 'kubelet', null, m);
    expect(k('PLEG is not healthy: pleg was last seen active 3m0.504917302s ago; threshold is 3m0s')).toBe(k('PLEG is not healthy: pleg was last seen active 5m2.1s ago; threshold is 3m0s'));
    expect(k('Container 02ffc7200ec94cb44471116dce4d238d failed to exit within 10 seconds')).toBe(k('Container 9c0e4b1f2a3d4c5b6a7980e1f2d3c4b5 failed to exit within 30 seconds'));
    expect(k('No sandbox for pod "web-1"')).not.toBe(k('No sandbox for pod "web-2"'));
    expect(foldKey('a', 'kubelet', null, 'x')).not.toBe(foldKey('b', 'kubelet', null, 'x'));
  });
});

describe('kubesleuth timeline', () => {
  const db = join(tempDir(), 'tl.db');
  beforeAll(async () => {
    const dir = tempDir();
    // One kubelet line logged in a unit journal and again in syslog's copy: shown once.
    const line = 'Oct 10 20:56:00 k8s-pool2-19522833-9 kubelet[2201]: E1010 20:56:00.100000    2201 pod_workers.go:182] Error syncing pod abc: timeout';
    writeFileSync(join(dir, 'kubelet.log'), `${line}\n`);
    writeFileSync(join(dir, 'syslog'), `${line}\nOct 10 20:56:01 k8s-pool2-19522833-9 kernel: eth0: link up\n`);
    const r = await cli(['analyze', '-q', '--db', db, '--year', '2017', join(ROOT, 'samples', 'seed-000-docker-hung'), join(ROOT, 'samples', 'seed-001-flanneld-restart'), dir]);
    expect(r.code).toBe(0);
  });
  const rows = async (...args: string[]) => JSON.parse((await cli(['timeline', '--db', db, '--json', ...args])).stdout) as Array<{ ts: string; count: number; host: string; source: string; message: string; findings: number[]; severity: string | null }>;

  it('merges files and hosts in time order', async () => {
    const all = await rows('--no-fold');
    expect(all.map((r) => r.ts)).toEqual([...all.map((r) => r.ts)].sort());
    expect(new Set(all.map((r) => r.host))).toEqual(new Set(['k8s-master-1', 'k8s-pool2-19522833-9']));
  });

  it('shows one line seen in two files once', async () => {
    expect((await rows('--grep', 'Error syncing pod abc')).length).toBe(1);
  });

  it('folds repeats into one row with a count, and --no-fold shows each', async () => {
    const folded = await rows('--host', 'k8s-pool2-19522833-9', '--grep', 'did not start before the specified timeout');
    const each = await rows('--host', 'k8s-pool2-19522833-9', '--grep', 'did not start before the specified timeout', '--no-fold');
    expect(folded.reduce((n, r) => n + r.count, 0)).toBe(each.length);
    expect(folded.length).toBeLessThan(each.length);
    const table = (await cli(['timeline', '--db', db, '--host', 'k8s-pool2-19522833-9', '--grep', 'start container'])).stdout;
    expect(table).toMatch(/×\d+ over \d+s/);
  });

  it('shows a finding\'s evidence marked, with what happened on its host around it', async () => {
    const doc = JSON.parse((await cli(['analyze', '-q', '--json', '--db', db])).stdout) as { findings: Array<{ id: number; rule: string; host: string }> };
    const f = doc.findings.find((x) => x.rule === 'systemd-dependency-left-failed')!;
    const out = (await cli(['timeline', '--db', db, '--finding', String(f.id), '--no-fold'])).stdout.split('\n').filter(Boolean);
    expect(out.some((l) => l.startsWith('* ') && l.includes('Dependency failed for Docker Application Container Engine'))).toBe(true);
    expect(out.some((l) => l.startsWith('  ') && /dockerd/.test(l))).toBe(true);
    expect(out.every((l) => l.includes('k8s-master-1'))).toBe(true);
    const bad = await cli(['timeline', '--db', db, '--finding', '999']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/^kubesleuth: --finding: no finding 999 in the store; ids: \d/)]);
  });

  it('filters by source, severity, human times and a limit', async () => {
    expect((await rows('--source', 'systemd')).every((r) => r.source === 'systemd')).toBe(true);
    expect((await rows('--min-severity', 'err')).every((r) => ['emerg', 'alert', 'crit', 'err'].includes(r.severity!))).toBe(true);
    const late = await rows('--since', '2017-10-10 13:55 PDT', '--until', 'the end');
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((r) => r.ts >= '2017-10-10T20:55:00.000Z')).toBe(true);
    expect(await rows('--limit', '2')).toHaveLength(2);
  });

  it('writes JSON lines and Timeline Explorer CSV', async () => {
    const jsonl = (await cli(['timeline', '--db', db, '--jsonl', '--limit', '3'])).stdout.trim().split('\n');
    expect(jsonl.map((l) => JSON.parse(l).ts)).toHaveLength(3);
    const csv = (await cli(['timeline', '--db', db, '--csv', '--limit', '2'])).stdout.split('\n');
    expect(csv[0]).toBe('Timestamp,LastTimestamp,Count,Host,Source,Unit,Severity,Message,Findings,Input,Line');
    expect(csv[1]).toMatch(/^2017-06-04T02:30:02\.122Z,,1,k8s-master-1,dockerd,/);
  });
});
