// Hostile documents: `kubectl get events -o json` and `journalctl -o json-pretty` cut mid-object
// (every whole item before the cut kept, the cut said), and a `kubectl get events` document of
// 1 GB read whole in bounded memory. The checks are those of hostile.test.ts.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { doc, fileIn, eventsDocument, run, sane } from './fixtures/hostile.js';

const dir = tempDir('kubesleuth-hostile-docs-');

const file = fileIn(dir);

describe('a kubectl get events document cut mid-object', () => {
  for (let k = 1; k <= 8; k++) {
    it(`cut at ${k}/9 of its length keeps every whole item before the cut and says where it stopped`, async () => {
      const whole = join(dir, `events-${k}.json`);
      await eventsDocument(whole, 400_000);
      const text = readFileSync(whole, 'utf8');
      const cut = text.slice(0, Math.floor((text.length * k) / 9));
      const p = file(`events-cut-${k}.json`, cut);
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', p]);
      sane(r, null);
      const d = doc(r);
      // An item is whole once its closing brace (at the items' indent) is in.
      expect(d.stats.events).toBe(cut.match(/\n {8}\}/g)?.length ?? 0);
      expect(d.inputs[0]!.notes.join(' ')).toMatch(/reading stopped after/);
      expect(d.findings.map((f) => f.rule)).toContain('probe-failure');
    });
  }
});

describe('journalctl -o json-pretty cut mid-entry', () => {
  const entries = Array.from({ length: 300 }, (_, i) => JSON.stringify({
    __REALTIME_TIMESTAMP: String(1709251200000000 + i * 1_000_000), _HOSTNAME: 'node-1', SYSLOG_IDENTIFIER: 'kubelet', _PID: '7', PRIORITY: '3', _SYSTEMD_UNIT: 'kubelet.service',
    MESSAGE: `E0301 00:00:00.000000 7 pod_workers.go:191] Error syncing pod ${i}, skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=web-${i % 3}_default(6f1c)"`,
  }, null, 8).replace(/^ {8}/gm, '\t')).join('\n');
  for (const k of [1, 3, 5, 7]) {
    it(`cut at ${k}/9 of its length keeps every whole entry before the cut and says where it stopped`, async () => {
      const cut = entries.slice(0, Math.floor((entries.length * k) / 9));
      const p = file(`pretty-cut-${k}.json`, cut);
      const r = await run(['analyze', '--json', '-q', '--db', ':memory:', p]);
      sane(r, null);
      const d = doc(r);
      expect(d.inputs[0]!.format).toBe('json-pretty');
      expect(d.stats.events).toBe(cut.match(/\n\}/g)?.length ?? 0);
      expect(d.inputs[0]!.notes.join(' ')).toMatch(/reading stopped after/);
    });
  }
});

describe('a hostile size', () => {
  it('a kubectl get events document of 1 GB is read whole, in bounded memory, with its findings', async () => {
    const at = tempDir('kubesleuth-1g-');
    try {
      const p = join(at, 'events.json');
      const n = await eventsDocument(p, 1_000_000_000);
      const db = join(at, 'events.db');
      const r = await run(['analyze', '--json', '-q', '--db', db, p]);
      sane(r, db);
      const d = doc(r);
      expect(d.stats.events).toBe(n);
      expect(d.stats.unparsed).toBe(0);
      expect(new Set(d.findings.map((f) => f.rule))).toEqual(new Set(['probe-failure', 'crashloop-backoff']));
    } finally {
      rmSync(at, { recursive: true, force: true });
    }
  }, 1_800_000);
});
