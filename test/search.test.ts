// Full-text search: words anywhere in a message through FTS5, the index built on first use and
// extended after later runs, the timeline's filters, and hit counts per host and source.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ftsQuery } from '../src/store/fts.js';
import { ROOT, cli, tempDir } from './helpers.js';

describe('search queries', () => {
  it('turns plain words into phrases that must all appear, and passes FTS5 syntax with --fts', () => {
    expect(ftsQuery('docker.sock broken "write: broken pipe"', false)).toBe('"docker.sock" "broken" "write: broken pipe"');
    expect(ftsQuery('say "hi', false)).toBe('"say" "hi"');
    expect(ftsQuery('a OR b*', true)).toBe('a OR b*');
  });
});

describe('kubesleuth search', () => {
  const db = join(tempDir(), 's.db');
  beforeAll(async () => {
    expect((await cli(['analyze', '-q', '--db', db, join(ROOT, 'samples', 'seed-000-docker-hung'), join(ROOT, 'samples', 'healthy')])).code).toBe(0);
  });
  const search = async (...args: string[]) => JSON.parse((await cli(['search', '--db', db, '--json', ...args])).stdout) as { total: number; by_host: Record<string, number>; by_source: Record<string, number>; hits: Array<{ host: string; message: string; ts: string }> };

  it('finds every message holding all the words, counted per host and source', async () => {
    const r = await search('docker.sock', 'broken', 'pipe');
    expect(r.total).toBe(2);
    expect(r.by_host).toEqual({ 'k8s-pool1-19522833-2': 1, 'k8s-pool2-19522833-9': 1 });
    expect(r.by_source).toEqual({ dockerd: 2 });
    expect(r.hits.every((h) => /docker\.sock->@: write: broken pipe/.test(h.message))).toBe(true);
  });

  it('applies the host filter and FTS5 syntax', async () => {
    expect((await search('--host', 'k8s-pool2-19522833-9', 'broken', 'pipe')).total).toBe(1);
    const either = await search('--fts', 'pipe OR sandbox*');
    expect(either.total).toBeGreaterThan(2);
  });

  it('extends its index with events a later run added', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'late.log'), 'Oct 11 01:00:00 node-9 kubelet[5]: zanzibar quokka appeared\n');
    expect((await search('zanzibar')).total).toBe(0);
    expect((await cli(['analyze', '-q', '--db', db, '--year', '2017', join(dir, 'late.log')])).code).toBe(0);
    expect((await search('zanzibar', 'quokka')).hits.map((h) => h.host)).toEqual(['node-9']);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare(`SELECT value FROM meta WHERE key = 'fts_last_id'`).pluck().get()).toBe(String(raw.prepare('SELECT max(id) FROM events').pluck().get()));
    raw.close();
  });

  it('explains a bad query and a missing store in one line', async () => {
    const bad = await cli(['search', '--db', db, '--fts', 'AND AND']);
    expect([bad.code, bad.stderr]).toEqual([2, 'kubesleuth: search: syntax error near "AND" in "AND AND"\n']);
    const none = await cli(['search', '--db', join(tempDir(), 'nope.db'), 'x']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kubesleuth: no store at .*; run kubesleuth analyze first/);
    expect((await cli(['search', '--db', db])).code).toBe(2);
  });

  it('prints hits and the counts for people', async () => {
    const r = await cli(['search', '--db', db, 'broken', 'pipe']);
    expect(r.stdout).toMatch(/2 hit\(s\)\nHOST +HITS\n/);
    expect(r.stdout).toMatch(/\nSOURCE +HITS\n-+ +-+\ndockerd +2\n/);
  });
});
