// The command as users and scripts run it: contracts of DESIGN.md (JSON shape, exit codes,
// one-line errors, read-only query), stdin and files, help on every command.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, spawnCli, tempDir } from './helpers.js';
import type { AnalyzeDoc } from '../src/report/model.js';

const SEED000 = join(ROOT, 'samples/seed-000-docker-hung/docker.log');
const HEALTHY = join(ROOT, 'samples/healthy');
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('kubesleuth', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(spawnCli(['--version']).stdout.trim()).toBe(pkg.version);
    const help = spawnCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/analyze \[INPUT\.\.\.\]/);
  });

  it.each([['analyze'], ['query']])('has --help with examples for %s', (cmd) => {
    const r = spawnCli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: kubesleuth/);
    expect(r.stdout).toMatch(/Examples:/);
  });

  it.each([
    [['frobnicate'], /^kubesleuth: unknown command "frobnicate"; commands: analyze, timeline, search, report, watch, inputs, query, rules \(see kubesleuth --help\)\n$/],
    [['analyze', '--bogus'], /^kubesleuth: analyze: unknown option '--bogus' \(see kubesleuth analyze --help\)\n$/],
    [['analyze', '--year', 'last', '-'], /^kubesleuth: --year wants a year like 2017, got "last"\n$/],
    [['analyze', '--tz', 'Mars/Olympus', '-'], /^kubesleuth: unknown --tz "Mars\/Olympus"/],
    [['analyze', '--format', 'xml', '-'], /^kubesleuth: unknown --format "xml"; one of: export, /],
    [['analyze', '--fail-on', 'scary', '-'], /^kubesleuth: --fail-on wants one of critical, high, medium, low, info, got "scary"\n$/],
    [['query'], /^kubesleuth: query: give the SQL to run/],
  ])('exits 2 with one line for %j', (args, msg) => {
    const r = spawnCli(args, '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('exits 2 for a missing input and writes no store', () => {
    const dir = tempDir();
    const db = join(dir, 'k.db');
    const r = spawnCli(['analyze', '--db', db, SEED000, join(dir, 'nope.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubesleuth: no such file or directory: ${join(dir, 'nope.log')}\n`);
    expect(existsSync(db)).toBe(false);
  });
});

describe('kubesleuth analyze', () => {
  it('prints the JSON document of the design contract', () => {
    const r = spawnCli(['analyze', '--json', '--db', ':memory:', SEED000]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['findings', 'stats']));
    expect(doc.stats).toMatchObject({ inputs: 1, events: 10, unparsed: 0, hosts: ['k8s-pool2-19522833-9'] });
    const f = doc.findings[0]!;
    expect(f).toMatchObject({ rule: 'docker-containerd-start-timeout', severity: 'critical', host: 'k8s-pool2-19522833-9' });
    expect(f.start).toMatch(ISO);
    expect(f.end).toMatch(ISO);
    expect(f.title.length).toBeGreaterThan(10);
    expect(f.summary).toContain('abd267ef08b4');
    for (const e of f.evidence) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['ts', 'source', 'unit', 'message', 'input', 'line']));
      expect(e.ts).toMatch(ISO);
      expect(e.input).toBe(SEED000);
      expect(readFileSync(SEED000, 'utf8').split('\n')[e.line - 1]).toContain(e.message.slice(0, 30));
    }
    expect(f.evidence.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reads stdin with no input or with -', async () => {
    const text = readFileSync(SEED000);
    for (const args of [[], ['-']]) {
      const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...args], text);
      expect((JSON.parse(r.stdout) as AnalyzeDoc).findings).toHaveLength(1);
    }
  });

  it('refuses to wait on a terminal when no input is given', async () => {
    const { run } = await import('../src/cli/main.js');
    const { Readable, Writable } = await import('node:stream');
    let err = '';
    const w = new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) }) as unknown as NodeJS.WriteStream;
    const code = await run(['analyze', '--db', ':memory:'], { stdin: Readable.from([]), stdinIsTTY: true, out: w, err: w, now: 0 });
    expect(code).toBe(2);
    expect(err).toMatch(/stdin is a terminal/);
  });

  it('exits 1 with --fail-on when a finding is that severe, 0 otherwise', () => {
    expect(spawnCli(['analyze', '-q', '--db', ':memory:', '--fail-on', 'critical', SEED000]).code).toBe(1);
    expect(spawnCli(['analyze', '-q', '--db', ':memory:', '--fail-on', 'high', SEED000]).code).toBe(1);
    expect(spawnCli(['analyze', '-q', '--db', ':memory:', '--fail-on', 'critical', HEALTHY]).code).toBe(0);
  });

  it('prints findings for people, without colour when not on a terminal, and a summary on stderr', () => {
    const r = spawnCli(['analyze', '--db', ':memory:', SEED000], undefined, { FORCE_COLOR: undefined, NO_COLOR: '1' });
    expect(r.stdout).toMatch(/^#  SEVERITY {2}RULE {29}HOST {18}WHEN {30}STATUS  EVIDENCE\n/);
    expect(r.stdout).toMatch(/\n1 {2}critical {2}docker-containerd-start-timeout {2}k8s-pool2-19522833-9 {2}2017-10-10 20:55:30Z → 20:55:36Z {2}open {4}10\n/);
    expect(r.stdout).toMatch(/\nCRITICAL #1 docker-containerd-start-timeout {2}k8s-pool2-19522833-9/);
    expect(r.stdout).toMatch(/evidence \(8 of 10\):/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stderr).toMatch(/^kubesleuth: 1 input\(s\), 10 lines, 10 events, 0 unparsed, 1 host\(s\)/);
    expect(r.stderr).toMatch(/year 2017: a line that also embeds an absolute time/);
    expect(r.stderr).toMatch(/1 finding\(s\) \(1 critical\)/);
    expect(spawnCli(['analyze', '-q', '--db', ':memory:', SEED000]).stderr).toBe('');
  });

  it('stores into ./kubesleuth.db by default and adds nothing when the same input comes again', () => {
    const dir = tempDir();
    const inDir = (args: string[], input?: string) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/kubesleuth.js'), ...args], { cwd: dir, input, env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
    };
    const a = JSON.parse(inDir(['analyze', '--json', SEED000]).stdout) as AnalyzeDoc;
    expect(existsSync(join(dir, 'kubesleuth.db'))).toBe(true);
    const b = inDir(['analyze', '--json', SEED000]);
    expect(b.stderr).toMatch(/already in the store \(same bytes\); nothing added/);
    const again = JSON.parse(b.stdout) as AnalyzeDoc;
    expect(again.findings.map((f) => [f.rule, f.host, f.start, f.evidence.length])).toEqual(a.findings.map((f) => [f.rule, f.host, f.start, f.evidence.length]));
    inDir(['analyze', '-q', '-'], readFileSync(SEED000, 'utf8'));
    const count = inDir(['query', '--json', 'SELECT COUNT(*) AS n FROM events']);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 10 }]);
  });
});

describe('kubesleuth query', () => {
  const dir = tempDir();
  const db = join(dir, 'k.db');
  spawnCli(['analyze', '-q', '--db', db, SEED000]);

  it('prints a table, JSON or CSV', () => {
    const sql = "SELECT rule, host, severity FROM findings";
    expect(spawnCli(['query', '--db', db, sql]).stdout).toBe('rule                             host                  severity\n-------------------------------  --------------------  --------\ndocker-containerd-start-timeout  k8s-pool2-19522833-9  critical\n');
    expect(JSON.parse(spawnCli(['query', '--db', db, '--json', sql]).stdout)).toEqual([{ rule: 'docker-containerd-start-timeout', host: 'k8s-pool2-19522833-9', severity: 'critical' }]);
    expect(spawnCli(['query', '--db', db, '--csv', `SELECT 'a,b' AS x, 'say "hi"' AS y, NULL AS z`]).stdout).toBe('x,y,z\r\n"a,b","say ""hi""",\r\n');
  });

  it.each([
    ['DROP TABLE events'],
    ["ATTACH DATABASE '/tmp/kubesleuth-attach.db' AS x"],
    ['DELETE FROM findings'],
    ['PRAGMA writable_schema = 1'],
    ["SELECT load_extension('/tmp/evil')"],
  ])('refuses to change the store: %s', (sql) => {
    const r = spawnCli(['query', '--db', db, sql]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(spawnCli(['query', '--db', db, '--json', 'SELECT COUNT(*) AS n FROM events']).stdout)).toEqual([{ n: 10 }]);
  });

  it('explains a missing store and bad SQL in one line', () => {
    expect(spawnCli(['query', '--db', join(dir, 'none.db'), 'SELECT 1']).stderr).toBe(`kubesleuth: no store at ${join(dir, 'none.db')}; run kubesleuth analyze first (or pass --db)\n`);
    expect(spawnCli(['query', '--db', db, 'SELEKT 1']).stderr).toBe('kubesleuth: query: near "SELEKT": syntax error\n');
  });
});
