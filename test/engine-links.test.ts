// The rule language beyond single findings: a finding clears when its rule's resolving signal
// follows, findings on one host form cause chains, co-occurrence, fleet findings across hosts,
// rule selection, the `rules` command, and stores of the previous schema upgraded in place.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { chainOrder, fleetClusters, linkCauses } from '../src/engine/links.js';
import { analyzeText, cli, tempDir } from './helpers.js';

const M = 60e6;
const f = (id: string, host: string, start: number, end = start, causes: string[] = []) => ({ rule: { id, causes }, host, start, end });

describe('cause chains and fleet findings', () => {
  it('links a cause to the effects on its host that start after it, within an hour of its end', () => {
    const fs = [f('pleg-unhealthy', 'n1', 10 * M, 20 * M, ['node-not-ready']), f('node-not-ready', 'n1', 21 * M), f('node-not-ready', 'n2', 21 * M), f('node-not-ready', 'n1', 90 * M), f('node-not-ready', 'n1', 9.5 * M)];
    expect(linkCauses(fs)).toEqual([[0, 1], [0, 4]]);
  });

  it('orders roots first, each followed by what it caused, a chain ranked by its most severe finding', () => {
    // 0 caused 1, 1 caused 2; 3 is on its own. The rank puts 2 first, then 3: 2's chain leads, root first.
    const order = chainOrder(4, [[0, 1], [1, 2]], (a, b) => [2, 3, 1, 0].indexOf(a) - [2, 3, 1, 0].indexOf(b));
    expect(order).toEqual([{ index: 0, depth: 0 }, { index: 1, depth: 1 }, { index: 2, depth: 2 }, { index: 3, depth: 0 }]);
    expect(chainOrder(2, [[0, 1], [1, 0]], (a, b) => a - b).map((x) => x.index)).toEqual([0, 1]);
  });

  it('gathers one rule on several hosts within an hour into one fleet finding, not findings hours apart', () => {
    const fs = [{ rule: 'oom-kill', host: 'a', start: 0 }, { rule: 'oom-kill', host: 'b', start: 50 * M }, { rule: 'oom-kill', host: 'c', start: 200 * M }, { rule: 'x', host: 'a', start: 0 }, { rule: 'x', host: 'a', start: M }];
    expect(fleetClusters(fs)).toEqual([[0, 1]]);
  });
});

const RULE = (id: string, extra: string, corr = `correlation: { type: event_count, signals: [bad], group_by: [host], timespan: 10m, condition: { gte: 1 } }`) => `id: ${id}
title: ${id}
severity: high
description: test rule
remediation: fix {host}
summary: '{count} on {host}'
signals:
  bad: { contains: '${id} broke', regex: '(?<unit>\\S+) ${id} broke' }
  good: { contains: '${id} fine', regex: '(?<unit>\\S+) ${id} fine' }
${corr}
evidence: [bad]
${extra}
samples:
  positive: [{ name: p, log: "x" }]
  negative: [{ name: n, log: "y" }]
`;

function ruleDir(...files: Array<[string, string]>): string {
  const dir = tempDir();
  for (const [id, text] of files) writeFileSync(join(dir, `${id}.yaml`), text);
  return dir;
}

const line = (t: string, msg: string, host = 'n1') => `2024-03-01T10:${t}+0000 ${host} kubelet[7]: ${msg}`;

describe('rules with resolve, causes and temporal', () => {
  const dir = ruleDir(
    ['t-root', RULE('t-root', 'resolve: { signal: good }\ncauses: [t-effect]')],
    ['t-effect', RULE('t-effect', 'resolve: { signal: good, within: 5m }')],
    ['t-both', RULE('t-both', '', 'correlation: { type: temporal, signals: [bad, good], group_by: [host], timespan: 2m }').replace('evidence: [bad]', 'evidence: [bad, good]')],
  );
  const run = (lines: string[], extra: string[] = []) => analyzeText(`${lines.join('\n')}\n`, ['--rules', dir, '--only', 't-*', ...extra]);

  it('resolves a finding when its clearing signal names the same unit afterwards, and keeps it open otherwise', async () => {
    const doc = await run([line('00:00', 'a.service t-root broke'), line('01:00', 'b.service t-root fine'), line('02:00', 'a.service t-root fine')]);
    const root = doc.findings.find((x) => x.rule === 't-root')!;
    expect([root.status, root.resolved]).toEqual(['resolved', '2024-03-01T10:02:00.000Z']);
    const open = await run([line('00:00', 'a.service t-root broke'), line('01:00', 'b.service t-root fine')]);
    expect(open.findings[0]).toMatchObject({ status: 'open', resolved: null });
  });

  it('leaves a finding open when the clearing signal comes later than its within', async () => {
    const doc = await run([line('00:00', 'a t-effect broke'), line('09:00', 'a t-effect fine')]);
    expect(doc.findings[0]!.status).toBe('open');
  });

  it('links cause and effect on one host in the JSON and puts the root first in the table', async () => {
    const lines = [line('05:00', 'x t-effect broke'), line('00:00', 'y t-root broke'), line('05:00', 'x t-effect broke', 'n2')];
    const doc = await run(lines);
    const root = doc.findings.find((x) => x.rule === 't-root')!;
    const effect = doc.findings.find((x) => x.rule === 't-effect' && x.host === 'n1')!;
    expect([root.causes, effect.caused_by, root.depth, effect.depth]).toEqual([[effect.id], [root.id], 0, 1]);
    expect(doc.findings.find((x) => x.host === 'n2')!.caused_by).toEqual([]);
    const table = (await cli(['analyze', '--db', ':memory:', '-q', '--rules', dir, '--only', 't-*'], `${lines.join('\n')}\n`)).stdout;
    const rows = table.split('\n').filter((l) => / t-(root|effect) /.test(l) && /n1/.test(l));
    expect(rows[0]).toMatch(/ t-root /);
    expect(rows[1]).toMatch(/└ t-effect/);
    expect(table).toMatch(/caused by: #\d+ t-root/);
    expect(doc.fleet).toEqual([expect.objectContaining({ rule: 't-effect', hosts: ['n1', 'n2'] })]);
  });

  it('counts a weighted line as many: one line of weight 3 reaches a threshold of 3, and {count} says 3', async () => {
    const dir3 = ruleDir(['t-heavy', RULE('t-heavy', 'resolve: { signal: good }', 'correlation: { type: event_count, signals: [bad], group_by: [host], timespan: 10m, condition: { gte: 3 } }').replace("bad: { contains: 't-heavy broke'", "bad: { weight: 3, contains: 't-heavy broke'")]);
    const doc = await analyzeText(`${line('00:00', 'a t-heavy broke')}\n`, ['--rules', dir3, '--only', 't-heavy']);
    expect(doc.findings.map((f) => [f.rule, f.summary])).toEqual([['t-heavy', '3 on n1']]);
    expect(doc.findings[0]!.entities).toEqual({ unit: ['a'] });
  });

  it('fires a temporal rule only when every signal occurs within the window, in any order', async () => {
    const near = await run([line('00:30', 'a t-both fine'), line('01:00', 'a t-both broke')]);
    expect(near.findings.filter((x) => x.rule === 't-both')).toHaveLength(1);
    const far = await run([line('00:00', 'a t-both fine'), line('05:00', 'a t-both broke')]);
    expect(far.findings.filter((x) => x.rule === 't-both')).toHaveLength(0);
  });
});

describe('rule selection and the rules command', () => {
  it('narrows the rule set with --only, --exclude and --min-severity, by id, tag or glob', async () => {
    const ids = async (...flags: string[]) => JSON.parse((await cli(['rules', 'list', '--json', ...flags])).stdout).map((r: { id: string }) => r.id) as string[];
    const all = await ids();
    expect(all).toContain('systemd-dependency-left-failed');
    expect(await ids('--only', 'systemd-*')).toEqual(all.filter((i) => i.startsWith('systemd-')));
    expect(await ids('--exclude', 'systemd-*,pleg-no-sandbox-burst')).toEqual(all.filter((i) => !i.startsWith('systemd-') && i !== 'pleg-no-sandbox-burst'));
    expect(await ids('--only', 'docker')).toContain('docker-containerd-start-timeout');
    const critical = JSON.parse((await cli(['rules', 'list', '--json', '--min-severity', 'critical'])).stdout) as Array<{ severity: string }>;
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((r) => r.severity === 'critical')).toBe(true);
  });

  it('says in one line when a selection names no rule, and exits 2', async () => {
    const r = await cli(['analyze', '--db', ':memory:', '--only', 'no-such-*'], 'x\n');
    expect([r.code, r.stderr]).toEqual([2, 'kubesleuth: --only: "no-such-*" names no rule or tag (see kubesleuth rules list)\n']);
    expect((await cli(['rules', 'list', '--min-severity', 'urgent'])).code).toBe(2);
  });

  it('shows one rule in full and refuses an unknown id', async () => {
    const r = await cli(['rules', 'show', 'systemd-dependency-left-failed']);
    expect(r.stdout).toMatch(/correlation: temporal_ordered per host: unit_failed as root → dependency_failed as dependent within 2m/);
    expect(r.stdout).toMatch(/what to do:\nStart the units/);
    expect((await cli(['rules', 'show', 'nope'])).code).toBe(2);
  });

  it('tests the samples of user rules and fails on a positive sample that does not fire', async () => {
    const good = RULE('u-ok', 'resolve: { signal: good }').replace('log: "x"', 'log: "2024-03-01T10:00:00+0000 n1 kubelet[7]: a u-ok broke"').replace('log: "y"', 'log: "2024-03-01T10:00:00+0000 n1 kubelet[7]: a u-ok fine"');
    const dir = ruleDir(['u-ok', good], ['u-bad', RULE('u-bad', 'resolve: { signal: good }').replace('log: "x"', 'log: "2024-03-01T10:00:00+0000 n1 kubelet[7]: nothing"')]);
    const r = await cli(['rules', 'test', '--rules', dir, '--only', 'u-*']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ok {3}u-ok \(1\+1 samples\)$/m);
    expect(r.stdout).toMatch(/^FAIL u-bad[^\n]*\n {5}positive "p": 0 finding\(s\), expected ≥ 1$/m);
    expect(r.stdout).toMatch(/1 of 2 rule\(s\) pass; 4 sample\(s\) run/);
  });
});

describe('a store of an earlier schema', () => {
  // What each earlier schema lacked, undone on a store of today's.
  const DOWNGRADE: Record<number, string> = {
    3: `DROP INDEX signals_rule_ts; ALTER TABLE signals DROP COLUMN ts_us; UPDATE meta SET value = '3' WHERE key = 'schema_version'`,
    2: `DROP INDEX signals_rule_ts; ALTER TABLE signals DROP COLUMN ts_us; DROP TABLE finding_links; ALTER TABLE findings DROP COLUMN resolved;
        ALTER TABLE findings DROP COLUMN resolved_us; UPDATE meta SET value = '2' WHERE key = 'schema_version'`,
  };
  it.each([2, 3])('of version %i is upgraded in place, keeps its events and dates its signals', async (version) => {
    const db = join(tempDir(), 'old.db');
    const log = `${line('00:00', 'Liveness probe for "web-1_default(0a1b):app" failed (failure): HTTP probe failed with statuscode: 503')}\n`;
    expect((await cli(['analyze', '--db', db, '-q'], log)).code).toBe(0);
    const raw = new Database(db);
    raw.exec(DOWNGRADE[version]!);
    expect(raw.prepare(`SELECT COUNT(*) FROM signals`).pluck().get()).toBeGreaterThan(0);
    raw.close();
    const r = await cli(['analyze', '--db', db, '-q', '--json'], `${line('00:01', 'Started y')}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).stats.store.events).toBe(2);
    const after = new Database(db, { readonly: true });
    expect(after.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).pluck().get()).toBe('4');
    expect(after.prepare(`SELECT COUNT(*) FROM signals WHERE ts_us IS NULL`).pluck().get()).toBe(0);
    after.close();
  });

  it('of a later version is refused with one line', async () => {
    const db = join(tempDir(), 'new.db');
    expect((await cli(['analyze', '--db', db, '-q'], `${line('00:00', 'Started x')}\n`)).code).toBe(0);
    const raw = new Database(db);
    raw.exec(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`);
    raw.close();
    const r = await cli(['analyze', '--db', db, '-q'], `${line('00:01', 'Started y')}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kubesleuth: the store was written by another kubesleuth \(schema 99, this one reads 4\); use a new --db$/);
  });
});
