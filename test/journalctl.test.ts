// Real journals: the seeds' incidents are written into .journal files with systemd-journal-remote,
// printed by journalctl in every output mode and time zone, and must give the same findings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { journalToolsAvailable, journalctl, shortToExport, writeJournal } from './fixtures/journal.js';
import { ROOT, spawnCli, tempDir } from './helpers.js';
import { seed001Export } from './fixtures/journal.js';
import type { AnalyzeDoc } from '../src/report/model.js';

const MODES = ['short', 'short-precise', 'short-iso', 'short-iso-precise', 'short-full', 'short-unix', 'short-monotonic', 'short-delta', 'with-unit', 'cat', 'json', 'json-pretty', 'json-sse', 'json-seq', 'export'];
const HOSTLESS = new Set(['cat']);

const available = journalToolsAvailable();
if (!available && process.env.CI) throw new Error('CI needs systemd-journal-remote and journalctl (.ci/run installs them)');

const INCIDENTS = [
  { name: 'seed 000', rule: 'docker-containerd-start-timeout', host: 'k8s-pool2-19522833-9', export: () => shortToExport(readFileSync(join(ROOT, 'samples/seed-000-docker-hung/docker.log'), 'utf8'), { year: 2017 }) },
  { name: 'seed 001', rule: 'systemd-dependency-left-failed', host: 'k8s-master-1', export: seed001Export },
  { name: 'seed 003', rule: 'pleg-no-sandbox-burst', host: 'aks-agentpool-57418505-vmss000000', export: () => shortToExport(readFileSync(join(ROOT, 'samples/seed-003-aks-io-throttling/node0-kubelet-docker.log'), 'utf8'), { year: 2020 }) },
];

function analyze(input: Buffer): AnalyzeDoc {
  const r = spawnCli(['analyze', '--json', '-q', '--db', ':memory:'], input);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AnalyzeDoc;
}

describe.runIf(available)('journalctl output of a real .journal file', () => {
  const dir = tempDir();
  const files: string[] = [];
  beforeAll(() => {
    INCIDENTS.forEach((inc, i) => {
      files[i] = join(dir, `incident-${i}.journal`);
      writeJournal(inc.export(), files[i]!);
    });
  });

  for (const [i, inc] of INCIDENTS.entries()) {
    describe(inc.name, () => {
      let reference: AnalyzeDoc;
      beforeAll(() => {
        reference = analyze(journalctl(files[i]!, 'json'));
      });

      // The incident's rule is what this checks; other rules may fire too, and must fire alike in every mode.
      const pick = (doc: AnalyzeDoc) => doc.findings.find((f) => f.rule === inc.rule)!;
      const rulesOf = (doc: AnalyzeDoc) => doc.findings.map((f) => f.rule).sort();

      it(`gives ${inc.rule} on ${inc.host} from -o json`, () => {
        expect(reference.findings.filter((f) => f.rule === inc.rule).map((f) => `${f.rule}@${f.host}`)).toEqual([`${inc.rule}@${inc.host}`]);
      });

      for (const mode of MODES) {
        it(`gives the same finding from -o ${mode}`, () => {
          const doc = analyze(journalctl(files[i]!, mode));
          const want = pick(reference);
          expect(rulesOf(doc)).toEqual(rulesOf(reference));
          const f = pick(doc);
          if (!HOSTLESS.has(mode)) expect(f.host).toBe(want.host);
          expect(Math.abs(Date.parse(f.start!) - Date.parse(want.start!))).toBeLessThanOrEqual(1000);
          expect(Math.abs(Date.parse(f.end!) - Date.parse(want.end!))).toBeLessThanOrEqual(1000);
          expect(Object.keys(f.entities).sort()).toEqual(Object.keys(want.entities).sort());
          expect(doc.stats.unparsed).toBe(0);
        });
      }

      for (const tz of ['America/New_York', 'Asia/Kolkata']) {
        it(`places the same finding at the same UTC time when journalctl -o short ran in ${tz}`, () => {
          const doc = analyze(journalctl(files[i]!, 'short', tz));
          const want = pick(reference);
          expect(rulesOf(doc)).toEqual(rulesOf(reference));
          expect(`${pick(doc).rule}@${pick(doc).host}`).toBe(`${want.rule}@${want.host}`);
          expect(Math.abs(Date.parse(pick(doc).start!) - Date.parse(want.start!))).toBeLessThanOrEqual(1000);
        });
      }
    });
  }

  it('reads the binary .journal file itself through journalctl --file', () => {
    const doc = JSON.parse(spawnCli(['analyze', '--json', '-q', '--db', ':memory:', files[1]!]).stdout) as AnalyzeDoc;
    expect(doc.inputs[0]).toMatchObject({ format: 'export', formatReason: 'binary journal file, read with journalctl --file -o export' });
    expect(doc.findings.map((f) => f.rule)).toContain('systemd-dependency-left-failed');
  });
});
