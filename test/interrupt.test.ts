// Interrupted runs lose nothing: Ctrl-C commits what was read and exits 130; kill -9 at any
// moment leaves a sound store that the same command completes exactly; two writers never meet;
// readers work during a run; `query` cannot change the store.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { BIN, ROOT, spawnCli, tempDir } from './helpers.js';

const dir = tempDir('kubesleuth-kill-');
const big = join(dir, 'node.log');
const SAMPLES = join(ROOT, 'samples', 'seed-001-flanneld-restart');
const LINES = 300_000;

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((r) => child.on('close', (code, signal) => r(code ?? (signal ? -1 : null))));
  return { child, exited, stderr: () => stderr };
}

function eventsIn(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const c = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (c.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    } finally {
      c.close();
    }
  } catch {
    return 0;
  }
}

// Waits until the run has committed some events (or ended), so a kill lands in the middle.
async function midRun(db: string, run: { child: { exitCode: number | null } }, atLeast = 1): Promise<void> {
  while (run.child.exitCode === null && eventsIn(db) < atLeast) await sleep(20);
}

function state(db: string) {
  const c = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: (c.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
      events: (c.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n,
      perInput: c.prepare(`SELECT path, lines, (SELECT COUNT(*) FROM events e WHERE e.input_id = i.id) AS events FROM inputs i WHERE state = 'complete' ORDER BY path`).all(),
      loading: (c.prepare(`SELECT COUNT(*) AS n FROM inputs WHERE state = 'loading'`).get() as { n: number }).n,
      findings: c.prepare('SELECT rule, host, start_us, end_us, evidence_total FROM findings ORDER BY rule, host, start_us').all(),
      signals: (c.prepare('SELECT COUNT(*) AS n FROM signals').get() as { n: number }).n,
    };
  } finally {
    c.close();
  }
}

describe('interrupted runs', () => {
  let reference: ReturnType<typeof state>;
  beforeAll(async () => {
    await generateCorpus(big, LINES);
    const db = join(dir, 'reference.db');
    expect(spawnCli(['analyze', '-q', '--db', db, big, SAMPLES]).code).toBe(0);
    reference = state(db);
    expect(reference.events).toBeGreaterThan(LINES);
  }, 120_000);

  it('stops on Ctrl-C with exit 130 and a summary, and the same command then completes the store exactly', async () => {
    const db = join(dir, 'sigint.db');
    const run = start(['analyze', '--db', db, big, SAMPLES]);
    await midRun(db, run, 10_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toMatch(/interrupted after \d+ input\(s\).*Run the same command again/);
    expect(state(db).integrity).toBe('ok');
    expect(spawnCli(['analyze', '-q', '--db', db, big, SAMPLES]).code).toBe(0);
    const after = state(db);
    expect(after).toEqual(reference);
  }, 120_000);

  it('survives kill -9 at eight points of a run: a sound store each time, then exactly the events and findings of an uninterrupted run', async () => {
    const db = join(dir, 'killed.db');
    const kills: number[] = [];
    for (let k = 0; k < 8; k++) {
      const run = start(['analyze', '-q', '--db', db, big, SAMPLES]);
      // Spread over the run: right after the first commit, and later ones.
      await midRun(db, run, 1 + k * 30_000);
      await sleep(k * 37);
      kills.push(eventsIn(db));
      run.child.kill('SIGKILL');
      await run.exited;
      const s = state(db);
      expect(s.integrity).toBe('ok');
    }
    expect(spawnCli(['analyze', '-q', '--db', db, big, SAMPLES]).code).toBe(0);
    const after = state(db);
    expect(after.loading).toBe(0);
    expect(after).toEqual(reference);
    // The kills did land inside runs: at different amounts of committed work.
    expect(new Set(kills).size).toBeGreaterThan(1);
  }, 300_000);
});

describe('two runs on one store', () => {
  it('refuses a second writer with a message naming the first, while readers query during the run', async () => {
    const db = join(dir, 'shared.db');
    const a = start(['analyze', '-q', '--db', db, big]);
    await midRun(db, a, 1000);
    const b = spawnCli(['analyze', '-q', '--db', db, SAMPLES]);
    const during = spawnCli(['query', '--db', db, '--json', 'SELECT COUNT(*) AS n FROM events']);
    expect(await a.exited).toBe(0);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^kubesleuth: .*shared\.db is being written by another kubesleuth run \(pid \d+ on .*\); wait for it to finish, or use another --db\n$/);
    expect(during.code).toBe(0);
    expect((JSON.parse(during.stdout) as Array<{ n: number }>)[0]!.n).toBeGreaterThan(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(spawnCli(['analyze', '-q', '--db', db, SAMPLES]).code).toBe(0);
  }, 120_000);

  it('takes over the lock a killed run left behind', async () => {
    const db = join(dir, 'stale.db');
    const a = start(['analyze', '-q', '--db', db, big]);
    await midRun(db, a, 1000);
    a.child.kill('SIGKILL');
    await a.exited;
    expect(existsSync(`${db}.lock`)).toBe(true);
    expect(spawnCli(['analyze', '-q', '--db', db, SAMPLES]).code).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
  }, 120_000);
});

describe('a lock held by a zombie', () => {
  // Where nothing reaps orphans (a container without an init), a killed run stays a zombie that
  // still answers kill(pid, 0). Made here: `sleep 60` replaces the shell and never reaps its child.
  it.skipIf(process.platform !== 'linux')('is taken over, since a zombie holds nothing', async () => {
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number((await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString())))).trim());
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i++) await sleep(20);
      expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/^\d+ \(.*\) Z/s);
      const db = join(dir, 'zombie.db');
      writeFileSync(`${db}.lock`, `${pid} ${hostname()} 2026-01-01T00:00:00.000Z\n`);
      const r = spawnCli(['analyze', '-q', '--db', db, SAMPLES]);
      expect(r.stderr).not.toMatch(/being written/);
      expect(r.code).toBe(0);
      expect(existsSync(`${db}.lock`)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});

describe('query cannot change the store', () => {
  const db = join(tempDir(), 'q.db');
  beforeAll(() => {
    expect(spawnCli(['analyze', '-q', '--db', db, SAMPLES]).code).toBe(0);
  });
  for (const sql of [
    'DROP TABLE events',
    'DELETE FROM events RETURNING id',
    "UPDATE findings SET severity = 'info' RETURNING id",
    `ATTACH DATABASE '${join(dir, 'attached.db')}' AS x`,
    "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0')",
    'PRAGMA writable_schema = 1',
    "INSERT INTO meta (key, value) VALUES ('x', 'y') RETURNING key",
  ]) {
    it(`refuses ${sql.split(' ').slice(0, 2).join(' ')} with one line, and the store stays as it was`, () => {
      const before = state(db);
      const r = spawnCli(['query', '--db', db, sql]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^kubesleuth: query: [^\n]+\n$/);
      expect(state(db)).toEqual(before);
      expect(existsSync(join(dir, 'attached.db'))).toBe(false);
    });
  }
});
