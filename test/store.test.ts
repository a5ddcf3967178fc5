// The store: the documented tables, real SQLite indexes used by the obvious questions, unparsed
// lines kept verbatim, re-ingest adding nothing, half-loaded inputs of a killed run removed.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OCCURRENCES_SQL } from '../src/engine/engine.js';
import { openStore } from '../src/store/store.js';
import { ROOT, cli, tempDir } from './helpers.js';

const SEED003 = join(ROOT, 'samples/seed-003-aks-io-throttling/node0-kubelet-docker.log');

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_xinfo('${table}')`).all() as Array<{ name: string }>).map((c) => c.name);
}

describe('the store', () => {
  const dir = tempDir();
  const path = join(dir, 'k.db');
  const mixed = join(dir, 'mixed.log');
  writeFileSync(mixed, [
    'Jan 30 23:27:56 node-9 kubelet[4382]: I0130 23:27:56.472829    4382 kuberuntime_manager.go:404] hello',
    '\u0000\u0001 binary junk that is no log line',
    'Jan 30 23:27:57 node-9 dockerd[3349]: time="2020-01-30T23:27:57.175479212Z" level=warning msg="Published ports are discarded when using host network mode"',
    '',
  ].join('\n'));

  it('has the tables and columns the README documents', async () => {
    await cli(['analyze', '-q', '--db', path, SEED003, mixed]);
    const db = new Database(path, { readonly: true });
    expect(columns(db, 'inputs')).toEqual(expect.arrayContaining(['id', 'path', 'sha256', 'format', 'format_reason', 'host', 'lines', 'events', 'parsed', 'unparsed', 'first_ts', 'last_ts', 'year', 'year_reason', 'tz', 'tz_reason', 'notes', 'state']));
    expect(columns(db, 'events')).toEqual(expect.arrayContaining(['id', 'input_id', 'line', 'ts_us', 'ts', 'host', 'source', 'ident', 'unit', 'pid', 'priority', 'severity', 'message', 'fields', 'cursor', 'raw', 'parsed']));
    expect(columns(db, 'findings')).toEqual(expect.arrayContaining(['id', 'rule', 'severity', 'host', 'start', 'end', 'start_us', 'end_us', 'title', 'summary', 'explanation', 'remediation', 'refs', 'entities']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps an unparsed line verbatim, counted, and in its place', () => {
    const db = new Database(path, { readonly: true });
    const row = db.prepare(`SELECT e.line, e.parsed, e.raw, e.ts FROM events e JOIN inputs i ON i.id = e.input_id WHERE i.path = ? AND e.parsed = 0`).get(mixed) as Record<string, unknown>;
    expect(row).toEqual({ line: 2, parsed: 0, raw: '\u0000\u0001 binary junk that is no log line', ts: '2020-01-30T23:27:56.472Z' });
    expect(db.prepare(`SELECT lines, events, parsed, unparsed, skipped FROM inputs WHERE path = ?`).get(mixed)).toEqual({ lines: 3, events: 3, parsed: 2, unparsed: 1, skipped: 0 });
    db.close();
  });

  it('records how the year and zone of each input were chosen', () => {
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT format, year, year_reason, tz, first_ts FROM inputs WHERE path = ?`).get(SEED003)).toEqual({
      format: 'short', year: 2020, year_reason: 'a line that also embeds an absolute time (line 23)', tz: '+00:00', first_ts: '2020-01-30T23:23:40.383Z',
    });
    db.close();
  });

  it.each([
    ['a time window', 'SELECT id FROM events WHERE ts_us BETWEEN 1 AND 2', 'events_ts'],
    ['a host over time', "SELECT id FROM events WHERE host = 'x' AND ts_us > 5", 'events_host_ts'],
    ['a component over time', "SELECT id FROM events WHERE source = 'kubelet' ORDER BY ts_us", 'events_source_ts'],
  ])('answers %s from an index', (_name, sql, index) => {
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan).toContain(index);
    db.close();
  });

  it('hands a rule its signals in time order from an index, with no sort in memory', () => {
    const db = new Database(path, { readonly: true });
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${OCCURRENCES_SQL}`).all('probe-failure') as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan).toContain('signals_rule_ts');
    expect(plan).not.toContain('TEMP B-TREE');
    const ts = db.prepare(`SELECT s.ts_us, e.ts_us AS event_ts FROM signals s JOIN events e ON e.id = s.event_id`).all() as Array<{ ts_us: number | null; event_ts: number | null }>;
    expect(ts.length).toBeGreaterThan(0);
    expect(ts.every((r) => r.ts_us === r.event_ts)).toBe(true);
    db.close();
  });

  it('adds nothing when the same bytes come again, from a file or from stdin', async () => {
    const count = () => {
      const db = new Database(path, { readonly: true });
      const n = db.prepare('SELECT (SELECT COUNT(*) FROM events) AS e, (SELECT COUNT(*) FROM inputs) AS i, (SELECT COUNT(*) FROM signals) AS s').get();
      db.close();
      return n;
    };
    const before = count();
    const again = await cli(['analyze', '--json', '-q', '--db', path, SEED003]);
    expect(JSON.parse(again.stdout).inputs[0].status).toBe('already-stored');
    await cli(['analyze', '-q', '--db', path, '-'], (await import('node:fs')).readFileSync(SEED003));
    expect(count()).toEqual(before);
  });

  it('removes what a killed run left half-loaded, so that running again completes it once', async () => {
    const store = openStore(path);
    const run = store.beginRun('test', [], 'x', new Date().toISOString());
    const id = store.createInput({ runId: run, path: SEED003, place: null, sha256: 'deadbeef', bytes: 1, compression: null, format: 'short', formatReason: 'test' });
    store.db.prepare(`INSERT INTO events (input_id, line, source, message_text, raw, parsed) VALUES (?, 1, 'kubelet', 'half', 'half', 1)`).run(id);
    store.close();
    await cli(['analyze', '-q', '--db', path, mixed]);
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM inputs WHERE state = 'loading'`).get()).toEqual({ n: 0 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM events WHERE message = 'half'`).get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('recomputes stored signals when the rules change, so old inputs meet new rules', async () => {
    const rules = tempDir();
    writeFileSync(join(rules, 'published-ports.yaml'), `id: published-ports
title: Published ports ignored
severity: info
description: dockerd ignores published ports of host-network containers.
remediation: Remove the ports from host-network pods.
summary: '{count} containers on {host}'
signals:
  ports:
    contains: Published ports are discarded
correlation:
  type: event_count
  signals: [ports]
  timespan: 10m
  condition: { gte: 1 }
samples:
  positive: [{ name: p, log: 'Jan 30 23:27:57 n dockerd[1]: time="2020-01-30T23:27:57.048116177Z" level=warning msg="Published ports are discarded when using host network mode"' }]
  negative: [{ name: n, log: 'Jan 30 23:27:57 n dockerd[1]: time="2020-01-30T23:27:57.048116177Z" level=info msg="ok"' }]
`);
    const r = await cli(['analyze', '--json', '-q', '--db', path, '--rules', rules, mixed]);
    const doc = JSON.parse(r.stdout) as { findings: Array<{ rule: string; host: string }> };
    expect(doc.findings.filter((f) => f.rule === 'published-ports').map((f) => f.host).sort()).toEqual(['aks-agentpool-57418505-vmss000000', 'node-9']);
  });
});
