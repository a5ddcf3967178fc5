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

  // Each collector's layout as it writes it (samples/bundles/README.md tells each incident).
  const BUNDLES: Array<{ dir: string; hosts: string[]; findings: string[]; unparsed: number; span: [string, string] }> = [
    { dir: 'sosreport-k8s-master-2-2017-06-11-qwmzjxa', hosts: ['k8s-master-2'], findings: ['systemd-dependency-left-failed@k8s-master-2 07:52:00→07:52:06'], unparsed: 0, span: ['2017-06-11T01:02:03', '2017-06-11T09:13:59'] },
    {
      dir: 'eks_i-0a1b2c3d4e5f67890_2019-08-21_0944-UTC_0.5.0', hosts: ['ip-192-168-71-14.us-west-2.compute.internal'],
      findings: ['docker-containerd-start-timeout@ip-192-168-71-14.us-west-2.compute.internal 09:31:27→09:31:33'], unparsed: 1, span: ['2019-08-21T08:57:14', '2019-08-21T09:44:06'],
    },
    {
      dir: '2020-02-06T10-15-00Z', hosts: ['aks-agentpool-41235702-vmss000002', 'aks-agentpool-41235702-vmss000003'],
      findings: ['pleg-no-sandbox-burst@aks-agentpool-41235702-vmss000002 10:02:03→10:02:59'], unparsed: 0, span: ['2020-02-06T09:39:41', '2020-02-06T10:10:33'],
    },
    { dir: 'must-gather.local.5523402874395912001', hosts: ['master-0', 'master-1', 'master-2'], findings: [], unparsed: 0, span: ['2022-03-14T08:47:10', '2022-03-14T09:12:43'] },
    { dir: 'cluster-info-dump-binder-2017-11-30', hosts: ['gke-staging-default-pool-1f2e3d4c-x7k9'], findings: [], unparsed: 0, span: ['2017-11-28T16:04:25', '2017-12-05T01:04:58'] },
    // serial-1.log's firmware and boot-loader lines are no log format: counted, kept, shown.
    { dir: 'gke-log-dump-2018-03-20', hosts: ['gke-prod-b-pool-2-7c1d9e0a-kq4m', 'gke-prod-b-pool-2-7c1d9e0a-w2rt'], findings: [], unparsed: 44, span: ['2018-03-18T10:21:09', '2018-03-20T06:54:43'] },
    { dir: 'kind-logs-2024-05-02', hosts: ['kind-control-plane', 'kind-worker'], findings: [], unparsed: 0, span: ['2024-05-02T08:00:32', '2024-05-02T08:31:02'] },
    { dir: 'handmade-node-7', hosts: ['node-7'], findings: ['docker-containerd-start-timeout@node-7 07:12:44→07:19:47'], unparsed: 0, span: ['2018-01-26T06:25:03', '2018-02-03T07:34:17'] },
  ];

  it.each(BUNDLES)('analyse the $dir bundle with its hosts, times and findings', async (b) => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(SAMPLES, 'bundles', b.dir)]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.hosts).toEqual(b.hosts);
    expect(doc.findings.map((f) => `${f.rule}@${f.host} ${f.start?.slice(11, 19)}→${f.end?.slice(11, 19)}`)).toEqual(b.findings);
    expect(doc.stats.unparsed).toBe(b.unparsed);
    const read = doc.inputs.filter((i) => i.first !== null);
    expect([read.map((i) => i.first!).sort()[0]!.slice(0, 19), read.map((i) => i.last!).sort().at(-1)!.slice(0, 19)]).toEqual(b.span);
  });

  it('read every sample bundle in one command, each node once', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...BUNDLES.map((b) => join(SAMPLES, 'bundles', b.dir))]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.hosts).toEqual(BUNDLES.flatMap((b) => b.hosts).sort());
    expect(doc.findings).toHaveLength(BUNDLES.flatMap((b) => b.findings).length);
  });

  it('give the quick start its seven findings when samples/ is named as one folder of bundles', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', SAMPLES]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.findings.map((f) => `${f.rule}@${f.host}`).sort()).toEqual([
      'docker-containerd-start-timeout@ip-192-168-71-14.us-west-2.compute.internal',
      'docker-containerd-start-timeout@k8s-pool2-19522833-9',
      'docker-containerd-start-timeout@node-7',
      'pleg-no-sandbox-burst@aks-agentpool-41235702-vmss000002',
      'pleg-no-sandbox-burst@aks-agentpool-57418505-vmss000000',
      'systemd-dependency-left-failed@k8s-master-1',
      'systemd-dependency-left-failed@k8s-master-2',
    ]);
    expect(doc.stats.hosts).toHaveLength(23);
  });
});
