// kubesleuth watch: a live pipe in, findings out while the stream is still open, clearings after
// them, absences decided on a timeout, bounded state, and the same findings as a batch run.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LiveEngine, MAX_OCCURRENCES } from '../src/engine/live.js';
import { loadRules } from '../src/engine/rules.js';
import { LiveReader } from '../src/pipeline/live.js';
import { fixedZone } from '../src/time.js';
import { BIN, ROOT, cli, tempDir } from './helpers.js';

const RUNTIME_DOWN = [
  '2024-04-05T20:10:50+0000 k8s-master1 kubelet[1825]: E0405 20:10:50.759597    1825 log.go:32] "Status from runtime service failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded"',
  '2024-04-05T20:10:50+0000 k8s-master1 kubelet[1825]: E0405 20:10:50.759653    1825 kubelet.go:3115] "Container runtime sanity check failed" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded"',
  '2024-04-05T20:10:50+0000 k8s-master1 kubelet[1825]: E0405 20:10:50.761182    1825 kubelet.go:2525] "Skipping pod synchronization" err="container runtime is down"',
  '2024-04-05T20:10:55+0000 k8s-master1 kubelet[1825]: E0405 20:10:55.762004    1825 kubelet.go:2525] "Skipping pod synchronization" err="container runtime is down"',
];
const NODE_READY = '2024-04-05T20:14:02+0000 k8s-master1 kubelet[1825]: I0405 20:14:02.553890    1825 kubelet_node_status.go:696] "Recording event message for node" node="k8s-master1" event="NodeReady"';

// A watch process on a pipe; `until` waits for an output line, with no bound but the test's.
function live(args: string[]) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'watch', ...args], { env: { ...process.env, NO_COLOR: '1' } });
  const lines: string[] = [];
  let partial = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return {
    child, lines, exited, stderr: () => stderr,
    write: (text: string) => child.stdin.write(text),
    async until(test: (l: string) => boolean): Promise<string> {
      for (;;) {
        const hit = lines.find(test);
        if (hit) return hit;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

describe('kubesleuth watch on a live pipe', () => {
  it('prints a finding while the stream is still open, then its clearing line when the node is Ready again', async () => {
    const w = live(['--jsonl', '--format', 'short-iso', '--only', 'container-runtime-down']);
    w.write(`${RUNTIME_DOWN.join('\n')}\n`);
    const found = JSON.parse(await w.until((l) => l.includes('"type":"finding"'))) as Record<string, unknown>;
    expect(found).toMatchObject({ type: 'finding', rule: 'container-runtime-down', host: 'k8s-master1', status: 'open', start: '2024-04-05T20:10:50.000Z' });
    expect(w.child.exitCode).toBeNull();
    expect(w.lines.some((l) => l.includes('"type":"resolved"'))).toBe(false);
    w.write(`${NODE_READY}\n`);
    const cleared = JSON.parse(await w.until((l) => l.includes('"type":"resolved"'))) as Record<string, unknown>;
    expect(cleared).toMatchObject({ rule: 'container-runtime-down', host: 'k8s-master1', resolved: '2024-04-05T20:14:02.000Z' });
    expect(w.child.exitCode).toBeNull();
    w.child.stdin.end();
    expect(await w.exited).toBe(0);
    expect(w.lines.filter((l) => l.includes('"type":"finding"'))).toHaveLength(1);
    expect(w.stderr()).toMatch(/5 line\(s\), 5 event\(s\), 0 unparsed, 1 finding\(s\); format short-iso/);
  });

  it('decides an absence ("never started again") once the wait has passed, without the stream ending', async () => {
    const w = live(['--jsonl', '--absence-wait', '2s', '--year', '2017', '--tz', 'UTC']);
    w.write(readFileSync(join(ROOT, 'samples', 'seed-001-flanneld-restart', 'journal.export')));
    const found = JSON.parse(await w.until((l) => l.includes('"rule":"systemd-dependency-left-failed"'))) as { entities: Record<string, string[]> };
    expect(w.child.exitCode).toBeNull();
    expect(found.entities['root.unit']).toEqual(['flanneld.service']);
    expect(found.entities['dependent.unit']!.sort()).toEqual(['docker.service', 'kubelet.service']);
    w.child.stdin.end();
    expect(await w.exited).toBe(0);
  });

  it('stops on Ctrl-C with exit 130 and leaves what it read in the store', async () => {
    const db = join(tempDir(), 'w.db');
    const w = live(['--jsonl', '--format', 'short-iso', '--db', db]);
    w.write(`${RUNTIME_DOWN.join('\n')}\n`);
    await w.until((l) => l.includes('"type":"finding"'));
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(130);
    expect(w.stderr()).toContain('interrupted');
    const store = new Database(db, { readonly: true });
    expect(store.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 4 });
    expect(store.prepare('SELECT rule FROM findings').all()).toContainEqual({ rule: 'container-runtime-down' });
    store.close();
  });
});

describe('kubesleuth watch against a batch run', () => {
  for (const file of ['seed-000-docker-hung/docker.log', 'seed-001-flanneld-restart/journal.export', 'seed-003-aks-io-throttling/node0-kubelet-docker.log', 'seed-004-pvc-locked/get-pods-wide.txt']) {
    it(`finds what analyze finds in ${file}`, async () => {
      const path = join(ROOT, 'samples', file);
      const w = await cli(['watch', '--jsonl', '--year', '2017', '--tz', 'UTC', path]);
      expect(w.code).toBe(0);
      const a = await cli(['analyze', '--json', '-q', '--db', ':memory:', '--year', '2017', '--tz', 'UTC', path]);
      const key = (f: { rule: string; host: string; start: string }) => `${f.rule} ${f.host} ${f.start}`;
      const batch = (JSON.parse(a.stdout) as { findings: Array<{ rule: string; host: string; start: string }> }).findings.map(key).sort();
      const watched = w.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; rule: string; host: string; start: string }).filter((f) => f.type === 'finding').map(key).sort();
      expect(batch.length).toBeGreaterThan(0);
      expect(watched).toEqual(batch);
    });
  }

  it('stores the stream and its findings with --db, and adds nothing when the same bytes come again', async () => {
    const db = join(tempDir(), 'w.db');
    const path = join(ROOT, 'samples', 'seed-000-docker-hung', 'docker.log');
    expect((await cli(['watch', '-q', '--year', '2017', '--db', db, path])).code).toBe(0);
    const again = await cli(['watch', '--year', '2017', '--db', db, path]);
    expect(again.stderr).toContain('same bytes already there');
    const store = new Database(db, { readonly: true });
    expect(store.prepare(`SELECT COUNT(*) AS n FROM inputs WHERE state = 'complete'`).get()).toEqual({ n: 1 });
    expect(store.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 10 });
    expect(store.prepare('SELECT rule FROM findings').all()).toEqual([{ rule: 'docker-containerd-start-timeout' }]);
    store.close();
  });

  it('stores the unit names it learns with --db, as analyze does', async () => {
    const path = join(ROOT, 'samples', 'seed-001-flanneld-restart', 'journal.export');
    const units = async (cmd: string) => {
      const db = join(tempDir(), 'u.db');
      expect((await cli([cmd, '-q', '--year', '2017', '--db', db, path])).code).toBe(0);
      const store = new Database(db, { readonly: true });
      const rows = store.prepare('SELECT host, description, unit FROM unit_names ORDER BY host, description').all();
      store.close();
      return rows;
    };
    const watched = await units('watch');
    expect(watched.length).toBeGreaterThan(0);
    expect(watched).toEqual(await units('analyze'));
  });

  it('refuses a terminal on stdin and a format that spans lines, in one line each', async () => {
    expect((await cli(['watch', '--format', 'json-pretty'], 'x\n')).stderr).toMatch(/^kubesleuth: watch reads one record per line; .*\n$/);
    expect((await cli(['watch', '--absence-wait', 'soon'], '')).stderr).toBe('kubesleuth: --absence-wait wants a duration like 90s, 5m or 2h, got "soon"\n');
  });
});

describe('live engine state', () => {
  const rules = loadRules([join(ROOT, 'rules')]).filter((r) => r.id === 'container-runtime-down');

  it('keeps at most its cap of occurrences under a flood, and drops them once the stream has moved past the rule horizon', () => {
    const e = new LiveEngine(rules, { absenceWait: 60e6, retain: 3600e6 });
    const t0 = Date.UTC(2024, 3, 5) * 1000;
    for (let i = 0; i < 50_000; i++) e.add('container-runtime-down', { eventId: i, ts: t0 + i * 1000, host: 'n1', signal: 'runtime_down', captures: {} });
    expect(e.held).toBeLessThanOrEqual(MAX_OCCURRENCES * 1.25);
    e.tick(t0 + 50_000 * 1000);
    e.tick(t0 + 30 * 86_400e6);
    expect(e.held).toBe(0);
  });

  it('reports a finding once however many ticks see it', () => {
    const e = new LiveEngine(rules, { absenceWait: 60e6, retain: 3600e6 });
    const t0 = Date.UTC(2024, 3, 5) * 1000;
    let found = 0;
    for (let i = 0; i < 20; i++) {
      e.add('container-runtime-down', { eventId: i, ts: t0 + i * 5e6, host: 'n1', signal: 'runtime_down', captures: {} });
      found += e.tick(t0 + i * 5e6).filter((o) => o.kind === 'finding').length;
    }
    expect(found).toBe(1);
  });
});

describe('live reader', () => {
  const read = { format: null, year: 2017, zone: fixedZone(0, 'UTC'), host: null, collectedAt: null, now: 0 };

  it('holds a record for its continuation lines until the next record or an idle flush', () => {
    const r = new LiveReader('-', null, read);
    const first = 'Oct 10 20:55:30 node-1 dockerd[1]: panic: runtime error';
    const lines = [first, ...Array.from({ length: 19 }, (_, i) => `Oct 10 20:55:${String(31 + i)} node-1 kubelet[2]: line ${i}`)];
    const out = lines.flatMap((l) => r.push(l));
    expect(r.detected).toBe(true);
    expect(out).toHaveLength(19);
    expect(r.push('\tgoroutine 1 [running]:')).toEqual([]);
    const held = r.flush();
    expect(held).toHaveLength(1);
    expect(held[0]!.raw).toBe('Oct 10 20:55:49 node-1 kubelet[2]: line 18\n\tgoroutine 1 [running]:');
  });

  it('chooses the format on the lines it has when the stream goes quiet before twenty', () => {
    const r = new LiveReader('-', null, read);
    expect(r.push('Oct 10 20:55:30 node-1 dockerd[1]: hello')).toEqual([]);
    const out = r.flush();
    expect(r.ctx.parser.id).toBe('short');
    expect(out.map((e) => e.host)).toEqual(['node-1']);
  });
});
