// The bundled samples: each seed incident gives its finding, healthy nodes give none.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seed001Export } from './fixtures/journal.js';
import { ROOT, cli } from './helpers.js';
import type { AnalyzeDoc } from '../src/report/model.js';

const SAMPLES = join(ROOT, 'samples');
// Low and info findings (a unit failed and came back) are context; these are what an operator acts on.
const serious = (doc: AnalyzeDoc) => doc.findings.filter((f) => f.severity !== 'low' && f.severity !== 'info');
const EXPORT = join(SAMPLES, 'seed-001-flanneld-restart/journal.export');

describe('the bundled samples', () => {
  it('keep the seed-001 journal in step with its readable source (UPDATE_SAMPLES=1 rewrites it)', () => {
    const built = seed001Export();
    if (process.env.UPDATE_SAMPLES || !existsSync(EXPORT)) writeFileSync(EXPORT, built);
    expect(readFileSync(EXPORT).equals(built)).toBe(true);
  });

  it('give exactly the three seed findings at medium or above, on the seeds hosts, and nothing from healthy nodes', async () => {
    const seeds = ['seed-000-docker-hung', 'seed-001-flanneld-restart', 'seed-003-aks-io-throttling', 'healthy'].map((n) => join(SAMPLES, n));
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...seeds]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(serious(doc).map((f) => `${f.rule}@${f.host}`).sort()).toEqual([
      'docker-containerd-start-timeout@k8s-pool2-19522833-9',
      'pleg-no-sandbox-burst@aks-agentpool-57418505-vmss000000',
      'systemd-dependency-left-failed@k8s-master-1',
    ]);
    expect(doc.stats.unparsed).toBe(0);
  });

  it('date seed 001 as its post-mortem does: 02:38:13 to 02:38:20 UTC, root flanneld, docker and kubelet left down', async () => {
    const doc = JSON.parse((await cli(['analyze', '--json', '-q', '--db', ':memory:', EXPORT])).stdout) as AnalyzeDoc;
    const f = doc.findings.find((x) => x.rule === 'systemd-dependency-left-failed')!;
    expect(f).toMatchObject({ rule: 'systemd-dependency-left-failed', severity: 'critical', host: 'k8s-master-1' });
    expect([f.start?.slice(0, 19), f.end?.slice(0, 19)]).toEqual(['2017-06-04T02:38:13', '2017-06-04T02:38:20']);
    expect(f.entities['root.unit']).toEqual(['flanneld.service']);
    expect(f.entities['dependent.unit']!.sort()).toEqual(['docker.service', 'kubelet.service']);
    expect(f.summary).toContain('flanneld.service');
    // The chain: flanneld failing is the root the table shows first, the units left down follow from it.
    const root = doc.findings.find((x) => x.id === f.caused_by[0])!;
    expect([root.rule, root.entities.unit]).toEqual(['systemd-unit-failed', ['flanneld.service']]);
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

  it('raise nothing at medium or above from the healthy nodes alone', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(SAMPLES, 'healthy')]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(serious(doc)).toEqual([]);
    expect(doc.stats.events).toBeGreaterThan(50);
    expect(doc.stats.hosts).toEqual(['ip-10-0-3-17.ec2.internal', 'k8s-pool1-19522833-2', 'kind-worker']);
  });

  // Each collector's layout as it writes it (samples/bundles/README.md tells each incident).
  const BUNDLES: Array<{ dir: string; hosts: string[]; findings: string[]; unparsed: number; span: [string, string] }> = [
    { dir: 'sosreport-k8s-master-2-2017-06-11-qwmzjxa', hosts: ['k8s-master-2'], findings: ['systemd-dependency-left-failed@k8s-master-2 07:52:00→07:52:06'], unparsed: 0, span: ['2017-06-11T01:02:03', '2017-06-11T09:13:59'] },
    {
      // The hung docker of seed 000's kind, with its whole chain: hung tasks in XFS, the start
      // timeouts, the daemon not answering, PLEG, the node NotReady.
      dir: 'eks_i-0a1b2c3d4e5f67890_2019-08-21_0944-UTC_0.5.0', hosts: ['ip-192-168-71-14.us-west-2.compute.internal'],
      findings: [
        'docker-containerd-start-timeout@ip-192-168-71-14.us-west-2.compute.internal 09:31:27→09:31:33',
        'docker-daemon-unresponsive@ip-192-168-71-14.us-west-2.compute.internal 09:31:27→09:43:14',
        'kernel-hung-task@ip-192-168-71-14.us-west-2.compute.internal 09:31:55→09:33:55',
        'node-not-ready@ip-192-168-71-14.us-west-2.compute.internal 09:34:12→09:34:12',
        'pleg-unhealthy@ip-192-168-71-14.us-west-2.compute.internal 09:34:12→09:44:06',
      ],
      unparsed: 1, span: ['2019-08-21T08:57:14', '2019-08-21T09:44:06'],
    },
    {
      // coredns's liveness probe fails three times in 20 s during the burst: a real, lesser finding.
      dir: '2020-02-06T10-15-00Z', hosts: ['aks-agentpool-41235702-vmss000002', 'aks-agentpool-41235702-vmss000003'],
      findings: ['pleg-no-sandbox-burst@aks-agentpool-41235702-vmss000002 10:02:03→10:02:59', 'probe-failure@aks-agentpool-41235702-vmss000002 10:02:08→10:03:00'],
      unparsed: 0, span: ['2020-02-06T09:39:41', '2020-02-06T10:10:33'],
    },
    { dir: 'must-gather.local.5523402874395912001', hosts: ['master-0', 'master-1', 'master-2'], findings: ['crashloop-backoff@master-1 08:47:47→09:12:43'], unparsed: 0, span: ['2022-03-14T08:47:10', '2022-03-14T09:12:43'] },
    {
      dir: 'cluster-info-dump-binder-2017-11-30', hosts: ['gke-staging-default-pool-1f2e3d4c-x7k9'],
      findings: [
        'crashloop-backoff@gke-staging-default-pool-1f2e3d4c-x7k9 01:04:58→01:04:58',
        'disk-pressure-eviction@gke-staging-default-pool-1f2e3d4c-x7k9 00:15:52→00:15:52',
        'oom-kill@gke-staging-default-pool-1f2e3d4c-x7k9 00:14:37→00:14:52',
        'oom-kill@gke-staging-default-pool-1f2e3d4c-x7k9 00:16:03→00:16:03',
        'probe-failure@gke-staging-default-pool-1f2e3d4c-x7k9 00:15:50→00:16:11',
        'probe-failure@gke-staging-default-pool-1f2e3d4c-x7k9 01:00:50→01:00:52',
      ],
      unparsed: 0, span: ['2017-11-28T16:04:25', '2017-12-05T01:04:58'],
    },
    // serial-1.log's firmware and boot-loader lines are no log format: counted, kept, shown.
    {
      dir: 'gke-log-dump-2018-03-20', hosts: ['gke-prod-b-pool-2-7c1d9e0a-kq4m', 'gke-prod-b-pool-2-7c1d9e0a-w2rt'],
      findings: [
        'cri-runtime-timeout@gke-prod-b-pool-2-7c1d9e0a-kq4m 02:43:02→02:45:21',
        'docker-daemon-unresponsive@gke-prod-b-pool-2-7c1d9e0a-kq4m 02:43:52→02:45:02',
        'kernel-hung-task@gke-prod-b-pool-2-7c1d9e0a-kq4m 02:43:24→02:45:27',
        'node-not-ready@gke-prod-b-pool-2-7c1d9e0a-kq4m 02:45:22→02:45:22',
        'pleg-unhealthy@gke-prod-b-pool-2-7c1d9e0a-kq4m 02:44:21→02:45:26',
        'volume-mount-failed@gke-prod-b-pool-2-7c1d9e0a-w2rt 02:52:21→06:54:17',
      ],
      unparsed: 44, span: ['2018-03-18T10:21:09', '2018-03-20T06:54:43'],
    },
    { dir: 'kind-logs-2024-05-02', hosts: ['kind-control-plane', 'kind-worker'], findings: ['crashloop-backoff@kind-worker 08:14:44→08:31:02'], unparsed: 0, span: ['2024-05-02T08:00:32', '2024-05-02T08:31:02'] },
    {
      dir: 'handmade-node-7', hosts: ['node-7'],
      findings: [
        'cri-runtime-timeout@node-7 07:16:12→07:34:17',
        'cri-sandbox-failure@node-7 07:12:44→07:19:47',
        'docker-containerd-start-timeout@node-7 07:12:44→07:19:47',
        'docker-daemon-unresponsive@node-7 07:08:14→07:32:17',
        'kernel-hung-task@node-7 07:05:12→07:15:22',
        'node-not-ready@node-7 07:11:23→07:11:23',
        'pleg-unhealthy@node-7 07:11:14→07:11:23',
      ],
      unparsed: 0, span: ['2018-01-26T06:25:03', '2018-02-03T07:34:17'],
    },
  ];

  it.each(BUNDLES)('analyse the $dir bundle with its hosts, times and findings', async (b) => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', join(SAMPLES, 'bundles', b.dir)]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.hosts).toEqual(b.hosts);
    expect(serious(doc).map((f) => `${f.rule}@${f.host} ${f.start?.slice(11, 19)}→${f.end?.slice(11, 19)}`).sort()).toEqual(b.findings);
    expect(doc.stats.unparsed).toBe(b.unparsed);
    const read = doc.inputs.filter((i) => i.first !== null);
    expect([read.map((i) => i.first!).sort()[0]!.slice(0, 19), read.map((i) => i.last!).sort().at(-1)!.slice(0, 19)]).toEqual(b.span);
  });

  it('read every sample bundle in one command, each node once', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...BUNDLES.map((b) => join(SAMPLES, 'bundles', b.dir))]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.hosts).toEqual(BUNDLES.flatMap((b) => b.hosts).sort());
    expect(serious(doc)).toHaveLength(BUNDLES.flatMap((b) => b.findings).length);
  });

  it('give the quick start the chains of every incident when samples/ is named as one folder of bundles', async () => {
    const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', SAMPLES]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(serious(doc)).toHaveLength(39);
    expect(doc.stats.hosts).toHaveLength(23);
    // The seeds' findings are all there, each on its own node.
    for (const want of ['docker-containerd-start-timeout@k8s-pool2-19522833-9', 'systemd-dependency-left-failed@k8s-master-1', 'pleg-no-sandbox-burst@aks-agentpool-57418505-vmss000000', 'volume-multi-attach@gke-prod-a-ssd-pool-32-134a959a-1j33']) {
      expect(doc.findings.map((f) => `${f.rule}@${f.host}`)).toContain(want);
    }
    // Seed 004's lost nodes: the same failure on two nodes at once is one fleet finding; incidents a week apart are not.
    expect(doc.fleet.map((f) => [f.rule, f.hosts])).toEqual([
      ['node-not-ready', ['gke-prod-a-ssd-pool-32-134a959a-6hmq', 'gke-prod-a-ssd-pool-32-134a959a-n2sk']],
      ['pods-stuck-terminating', ['gke-prod-a-ssd-pool-32-134a959a-6hmq', 'gke-prod-a-ssd-pool-32-134a959a-n2sk']],
    ]);
    // EKS: the hung tasks are the root; what followed hangs below them.
    const eks = doc.findings.filter((f) => f.host === 'ip-192-168-71-14.us-west-2.compute.internal');
    expect(eks.find((f) => f.rule === 'kernel-hung-task')!.caused_by).toEqual([]);
    expect(eks.find((f) => f.rule === 'node-not-ready')!.depth).toBeGreaterThanOrEqual(2);
  });
});
