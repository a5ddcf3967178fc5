// The bundled samples: each seed incident gives its finding, healthy nodes give none.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seed001Export } from './fixtures/journal.js';
import { ROOT, cli } from './helpers.js';
import type { AnalyzeDoc } from '../src/report/model.js';

const SAMPLES = join(ROOT, 'samples');
const EXPORT = join(SAMPLES, 'seed-001-flanneld-restart/journal.export');

describe('the bundled samples', () => {
  it('keep the seed-001 journal in step with its readable source (UPDATE_SAMPLES=1 rewrites it)', () => {
    const built = seed001Export();
    if (process.env.UPDATE_SAMPLES || !existsSync(EXPORT)) writeFileSync(EXPORT, built);
    expect(readFileSync(EXPORT).equals(built)).toBe(true);
  });

  it('give exactly the three seed findings, on the seeds hosts, and nothing from healthy nodes', async () => {
    const seeds = readdirSync(SAMPLES).filter((n) => /^(seed-|healthy)/.test(n)).map((n) => join(SAMPLES, n));
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...seeds]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    const got = doc.findings.map((f) => `${f.rule}@${f.host}`).sort();
    expect(got).toEqual([
      'docker-containerd-start-timeout@k8s-pool2-19522833-9',
      'pleg-no-sandbox-burst@aks-agentpool-57418505-vmss000000',
      'systemd-dependency-left-failed@k8s-master-1',
    ]);
    expect(doc.stats.unparsed).toBe(0);
  });

  it('date seed 001 as its post-mortem does: 02:38:13 to 02:38:20 UTC, root flanneld, docker and kubelet left down', async () => {
    const doc = JSON.parse((await cli(['analyze', '--json', '-q', '--db', ':memory:', EXPORT])).stdout) as AnalyzeDoc;
    const f = doc.findings[0]!;
    expect(f).toMatchObject({ rule: 'systemd-dependency-left-failed', severity: 'critical', host: 'k8s-master-1' });
    expect([f.start?.slice(0, 19), f.end?.slice(0, 19)]).toEqual(['2017-06-04T02:38:13', '2017-06-04T02:38:20']);
    expect(f.entities['root.unit']).toEqual(['flanneld.service']);
    expect(f.entities['dependent.unit']!.sort()).toEqual(['docker.service', 'kubelet.service']);
    expect(f.summary).toContain('flanneld.service');
  });

  it("read seed 002 as it was pasted: describe rows with their ages, the kernel monitor's OOM on its node", async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', '--collected-at', '2017-11-30 17:14 PST', join(SAMPLES, 'seed-002-oom-proxy')]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.unparsed).toBe(0);
    expect(doc.stats.hosts).toEqual(['gke-prod-a-default-pool-6ab3d8ec-0h28', 'gke-prod-a-default-pool-6ab3d8ec-jsv7']);
    // "58m" before 17:14 PST (01:14Z on Dec 1) is 00:16Z: the OOM the post-mortem dates at 16:22 PST.
    const oom = doc.inputs.find((i) => i.path.endsWith('describe-node.txt'))!;
    expect([oom.format, oom.events, oom.first]).toEqual(['kubectl-describe', 1, '2017-12-01T00:16:00.000Z']);
  });

  it('read seed 004 as it was seen: pods Unknown/NodeLost on their nodes, the new hub pod waiting for its volume', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(SAMPLES, 'seed-004-pvc-locked')]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.unparsed).toBe(0);
    expect(doc.stats.hosts).toEqual(expect.arrayContaining(['gke-prod-a-ssd-pool-32-134a959a-n2sk', 'gke-prod-a-ssd-pool-32-134a959a-6hmq', 'gke-prod-a-ssd-pool-32-134a959a-1j33']));
    const pods = doc.inputs.find((i) => i.path.endsWith('get-pods-wide.txt'))!;
    expect(pods.format).toBe('kubectl-get');
    expect(pods.events).toBeGreaterThanOrEqual(5);
  });

  it('raise nothing from the healthy nodes alone', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(SAMPLES, 'healthy')]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.findings).toEqual([]);
    expect(doc.stats.events).toBeGreaterThan(50);
    expect(doc.stats.hosts).toEqual(['ip-10-0-3-17.ec2.internal', 'k8s-pool1-19522833-2', 'kind-worker']);
  });
});
