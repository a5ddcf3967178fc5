// Bad input: a clear line or a count, never a stack trace, a hang or lost data.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, analyzeText, cli, spawnCli, tempDir } from './helpers.js';
import type { AnalyzeDoc } from '../src/report/model.js';

const SEED000 = readFileSync(join(ROOT, 'samples/seed-000-docker-hung/docker.log'));
const json = (r: { stdout: string }) => JSON.parse(r.stdout) as AnalyzeDoc;

describe('bad input', () => {
  const dir = tempDir();

  it('refuses a binary file named on the command line with one line, writing nothing', () => {
    const bin = join(dir, 'core.bin');
    writeFileSync(bin, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const db = join(dir, 'none.db');
    const r = spawnCli(['analyze', '--db', db, bin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubesleuth: ${bin}: binary file, not a log (4096 bytes)\n`);
  });

  it('skips a binary file found in a directory, says so, and reads the rest', () => {
    const d = join(dir, 'bundle');
    mkdirSync(join(d, 'nested'), { recursive: true });
    writeFileSync(join(d, 'nested', 'docker.log'), SEED000);
    writeFileSync(join(d, 'junk.dat'), Buffer.alloc(2048, 0));
    writeFileSync(join(d, 'README.md'), '# not a log\n');
    const r = spawnCli(['analyze', '--json', '--db', ':memory:', d]);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc.inputs.map((i) => [i.path.slice(d.length), i.status])).toEqual([['', 'bundle'], ['/README.md', 'skipped'], ['/junk.dat', 'skipped'], ['/nested/docker.log', 'ingested']]);
    expect(doc.inputs.find((i) => i.path.endsWith('junk.dat'))?.notes).toEqual(['binary file, not a log']);
    expect(doc.findings).toHaveLength(1);
    expect(r.stderr).toMatch(/1 × binary file, not a log/);
  });

  it('reads gzip by its magic bytes, whatever the name, and plain text named .gz as text', () => {
    writeFileSync(join(dir, 'docker.log.1'), gzipSync(SEED000));
    writeFileSync(join(dir, 'plain.gz'), SEED000);
    for (const f of ['docker.log.1', 'plain.gz']) {
      const doc = json(spawnCli(['analyze', '--json', '-q', '--db', ':memory:', join(dir, f)]));
      expect(doc.stats.events).toBe(10);
      expect(doc.inputs[0]!.gzip).toBe(f === 'docker.log.1');
    }
  });

  it('keeps the lines of a truncated .gz read before the cut, and says where it stopped', () => {
    const big = Buffer.concat(Array.from({ length: 400 }, () => SEED000));
    const gz = gzipSync(big);
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = spawnCli(['analyze', '--json', '--db', ':memory:', join(dir, 'cut.gz')]);
    expect(r.code).toBe(0);
    const doc = json(r);
    expect(doc.stats.events).toBeGreaterThan(100);
    expect(doc.stats.events).toBeLessThan(4000);
    expect(doc.inputs[0]!.notes.join()).toMatch(/reading stopped after line \d+: unexpected end of file/);
  });

  it('stores a 10 MB line whole as one event', async () => {
    const line = `Jan 02 03:04:05 node-1 kubelet[1]: ${'y'.repeat(10 * 1024 * 1024)}`;
    const doc = await analyzeText(`${line}\nJan 02 03:04:06 node-1 kubelet[1]: after\n`, ['--year', '2024']);
    expect(doc.stats).toMatchObject({ events: 2, unparsed: 0 });
  });

  it('reads an empty input as no events and no findings', async () => {
    const r = await cli(['analyze', '--json', '--db', ':memory:'], '');
    expect(r.code).toBe(0);
    expect(json(r).stats).toMatchObject({ events: 0, lines: 0, unparsed: 0 });
  });

  it('reads CRLF files like LF files', async () => {
    const lf = await analyzeText(SEED000);
    const crlf = await analyzeText(SEED000.toString().replace(/\n/g, '\r\n'));
    expect(crlf.findings.map((f) => [f.rule, f.host, f.start, f.summary])).toEqual(lf.findings.map((f) => [f.rule, f.host, f.start, f.summary]));
    expect(crlf.stats.unparsed).toBe(0);
  });

  it('keeps lines with invalid UTF-8 and NUL bytes', async () => {
    const bytes = Buffer.concat([Buffer.from('Jan 02 03:04:05 node-1 kubelet[1]: caf'), Buffer.from([0xe9, 0xff, 0x00]), Buffer.from('\nJan 02 03:04:06 node-1 kubelet[1]: ok\n')]);
    const doc = await analyzeText(bytes, ['--year', '2024']);
    expect(doc.stats).toMatchObject({ events: 2, unparsed: 0 });
  });

  it('counts a JSON entry cut in the middle as unparsed and keeps the rest', async () => {
    const good = '{"__REALTIME_TIMESTAMP":"1704164645000000","_HOSTNAME":"n","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":"fine"}';
    const doc = await analyzeText(`${good}\n${good.slice(0, 40)}\n${good}\n`);
    expect(doc.stats).toMatchObject({ events: 3, unparsed: 1 });
    expect(doc.inputs[0]!.unparsed_examples[0]).toMatch(/^line 2: \{"__REALTIME/);
  });

  it('keeps what an export entry cut inside a binary field had, and counts the cut bytes', async () => {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(500n);
    const bytes = Buffer.concat([Buffer.from('__REALTIME_TIMESTAMP=1704164645000000\n_HOSTNAME=n\nMESSAGE=first\n\n__REALTIME_TIMESTAMP=1704164646000000\nMESSAGE\n'), len, Buffer.from('only a few bytes')]);
    const doc = await analyzeText(bytes);
    expect(doc.inputs[0]!.format).toBe('export');
    expect(doc.stats).toMatchObject({ events: 3, unparsed: 1 });
  });

  it('reads lines no parser knows as unparsed events, with examples in the summary', async () => {
    const r = await cli(['analyze', '--db', ':memory:', '--format', 'short'], 'Jan 02 03:04:05 node-1 kubelet[1]: ok\nthis is not a journal line\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/2 events, 1 unparsed/);
    expect(r.stderr).toMatch(/unparsed line 2: this is not a journal line/);
  });

  it('keeps 200 evidence lines of a finding over 40,000 events, and counts them all', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => {
      const t = `${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      return `2024-05-01T10:${t}+0000 node-9 kubelet[9]: I0501 10:${t}.000001     9 util.go:48] "No ready sandbox for pod can be found. Need to start a new one" pod="default/p-${i}"`;
    });
    const doc = await analyzeText(`${lines.join('\n')}\n`);
    expect(doc.findings.map((f) => [f.rule, f.evidence.length, f.evidence_total, f.entities.pod!.length])).toEqual([['pleg-no-sandbox-burst', 200, 40_000, 40_000]]);
  });
});
