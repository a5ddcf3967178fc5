// A full disk: one clear line, the store sound with what was finished, and the same command
// completing it once there is room. The disk is a small tmpfs, so the test needs to mount one
// (root in a container with CAP_SYS_ADMIN, as CI runs); elsewhere it says why it is skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { ROOT, spawnCli, tempDir } from './helpers.js';

const mnt = join(tempDir('kubesleuth-full-'), 'disk');
mkdirSync(mnt);
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn('disk-full test skipped: cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)');
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
});

describe.skipIf(!mounted)('a full disk', () => {
  it('stops with one line, keeps the finished inputs, and the same command completes the store once there is room', async () => {
    const big = join(tempDir(), 'node.log');
    await generateCorpus(big, 30_000);
    const seed = join(ROOT, 'samples', 'seed-000-docker-hung');
    const db = join(mnt, 'k.db');
    expect(spawnCli(['analyze', '-q', '--db', db, seed]).code).toBe(0);
    const r = spawnCli(['analyze', '-q', '--db', db, big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubesleuth: the disk holding ${db} is full; the store keeps the inputs it had committed (the rest are read again next time): free space, then run the same command again\n`);
    const c = new Database(db, { readonly: true });
    expect((c.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    expect(c.prepare(`SELECT COUNT(*) AS n FROM inputs WHERE state = 'complete'`).get()).toEqual({ n: 1 });
    c.close();
    execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
    expect(spawnCli(['analyze', '-q', '--db', db, big]).code).toBe(0);
    const d = new Database(db, { readonly: true });
    expect(d.prepare(`SELECT COUNT(*) AS n FROM inputs WHERE state = 'complete'`).get()).toEqual({ n: 2 });
    expect(d.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 30_010 });
    d.close();
  }, 120_000);
});
