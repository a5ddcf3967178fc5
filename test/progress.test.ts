// The progress line: rates, share done and ETA when the size is known; never on a pipe or in CI.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress, wantProgress } from '../src/report/progress.js';
import { ROOT, cli } from './helpers.js';
import { join } from 'node:path';

function tty(isTTY: boolean): NodeJS.WriteStream {
  const s = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
  (s as { isTTY: boolean }).isTTY = isTTY;
  return s;
}

describe('progress line', () => {
  it('shows bytes, lines, rates, the share done and the time left when the total is known', () => {
    const p = new Progress(tty(true), 200e6);
    p.input('node1/kubelet.log');
    p.bytes(50e6);
    p.lines(250_000);
    const line = p.line(Date.now() + 10_000);
    p.stop();
    expect(line).toMatch(/^reading node1\/kubelet\.log {2}50 MB of 200 MB \(25%\) {2}250k lines {2}25k lines\/s, 5\.0 MB\/s {2}ETA 30s$/);
  });

  it('leaves out the share and ETA when the size is unknown (stdin, bundles)', () => {
    const p = new Progress(tty(true), null);
    p.input('-');
    p.bytes(3e6);
    p.lines(10_000);
    const line = p.line(Date.now() + 2000);
    p.stop();
    expect(line).not.toMatch(/ETA|%/);
    expect(line).toContain('3.0 MB');
  });

  it('is drawn only on a terminal, and not when quiet or under CI', () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      expect(wantProgress(tty(true), false)).toBe(true);
      expect(wantProgress(tty(true), true)).toBe(false);
      expect(wantProgress(tty(false), false)).toBe(false);
      process.env.CI = 'true';
      expect(wantProgress(tty(true), false)).toBe(false);
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it('writes no progress escapes into a run whose stderr is not a terminal', async () => {
    const r = await cli(['analyze', '--db', ':memory:', join(ROOT, 'samples', 'seed-000-docker-hung')]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('\x1b[2K');
    expect(r.stderr).not.toContain('reading ');
  });
});
