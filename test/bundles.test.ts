// Bundles end to end: real tar/gzip/xz/zstd/zip streams, collector layouts, a host per file,
// findings across files of one node, a 20-node fleet, broken archives, and the inventory.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyzeDoc } from '../src/report/model.js';
import { cli, tempDir } from './helpers.js';
import { fleetLogDump, seed001ByUnit, tarOf, writeTree, zipOf } from './fixtures/bundles.js';

async function analyzeJson(args: string[]): Promise<AnalyzeDoc> {
  const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...args]);
  if (r.code !== 0) throw new Error(`analyze exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AnalyzeDoc;
}

// The core rules' findings (low ones — a unit failed and recovered — are by the way here).
const rules = (doc: AnalyzeDoc) => doc.findings.filter((f) => f.severity !== 'low' && f.severity !== 'info').map((f) => `${f.rule}@${f.host}`).sort();
const of = (doc: AnalyzeDoc, rule: string) => doc.findings.find((f) => f.rule === rule)!;

// A sosreport of seed 001 without the full journal: the root failure is only in the flanneld
// unit's journal and the dependents only in docker's and kubelet's.
function sosSeed001(dir: string): void {
  const u = seed001ByUnit();
  writeTree(dir, {
    'sosreport-k8s-master-1-20170604031502/version.txt': 'sosreport: 3.5\n',
    'sosreport-k8s-master-1-20170604031502/hostname': 'k8s-master-1\n',
    'sosreport-k8s-master-1-20170604031502/sos_commands/flannel/journalctl_--no-pager_--unit_flanneld': u.flanneld,
    'sosreport-k8s-master-1-20170604031502/sos_commands/docker/journalctl_--no-pager_--unit_docker': u.docker,
    'sosreport-k8s-master-1-20170604031502/sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet': u.kubelet,
    'sosreport-k8s-master-1-20170604031502/sos_commands/logs/journalctl_--disk-usage': 'Archived and active journals take up 24.0M in the file system.\n',
    'sosreport-k8s-master-1-20170604031502/etc/kubernetes/kubelet.conf': 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n',
    'sosreport-k8s-master-1-20170604031502/sos_reports/manifest.json': '{"version": "3.5", "cmdline": "sosreport --batch"}\n',
  });
}

describe('bundles', () => {
  it('fire a finding whose lines are in three files of one node (a sosreport .tar.xz, unit journals split)', async () => {
    const d = tempDir();
    sosSeed001(join(d, 'tree'));
    const xz = tarOf(join(d, 'tree'), join(d, 'sosreport-k8s-master-1-20170604031502.tar.xz'), 'J', 'sosreport-k8s-master-1-20170604031502');
    const doc = await analyzeJson([xz]);
    expect(rules(doc)).toEqual(['systemd-dependency-left-failed@k8s-master-1']);
    const f = of(doc, 'systemd-dependency-left-failed');
    const inputs = new Set(f.evidence.map((e) => e.input.split('/').pop()));
    expect([...inputs].sort()).toEqual(['journalctl_--no-pager_--unit_docker', 'journalctl_--no-pager_--unit_flanneld', 'journalctl_--no-pager_--unit_kubelet']);
    // Lines of one second in different files have no order between them: the root is either failure of flanneld.
    expect(['2017-06-04T02:38:08.001Z', '2017-06-04T02:38:13.000Z']).toContain(f.start);
    expect(f.end).toMatch(/^2017-06-04T02:38:20\./);
  });

  it('read the same bundle the same way as a directory, .tar.gz, .tar.zst and .zip', async () => {
    const d = tempDir();
    sosSeed001(join(d, 'tree'));
    const dirDoc = await analyzeJson([join(d, 'tree')]);
    for (const file of [
      tarOf(join(d, 'tree'), join(d, 'b.tar.gz'), 'z'), tarOf(join(d, 'tree'), join(d, 'b.tar.zst'), '--zstd'), zipOf(join(d, 'tree'), join(d, 'b.zip')),
    ]) {
      const doc = await analyzeJson([file]);
      expect(rules(doc)).toEqual(rules(dirDoc));
      expect(doc.stats.events).toBe(dirDoc.stats.events);
      expect(doc.stats.skipped).toBe(dirDoc.stats.skipped);
    }
    expect(dirDoc.stats.skipped).toBeGreaterThanOrEqual(4);
  });

  it('open archives nested in archives (a node zip inside a tar.gz) and name members by their path inside', async () => {
    const d = tempDir();
    sosSeed001(join(d, 'inner'));
    zipOf(join(d, 'inner'), join(d, 'outer', 'node-1.zip'));
    const tgz = tarOf(join(d, 'outer'), join(d, 'fleet.tar.gz'));
    const doc = await analyzeJson([tgz]);
    expect(rules(doc)).toEqual(['systemd-dependency-left-failed@k8s-master-1']);
    expect(of(doc, 'systemd-dependency-left-failed').evidence[0]!.input).toMatch(/fleet\.tar\.gz\/node-1\.zip\/sosreport-k8s-master-1-20170604031502\/sos_commands\//);
  });

  it('give 20 hosts for a 20-node log-dump and a finding on exactly the nodes whose docker hung', async () => {
    const d = tempDir();
    const hosts = fleetLogDump(join(d, 'dump'), 20, [3, 7, 12]);
    const doc = await analyzeJson([tarOf(join(d, 'dump'), join(d, 'log-dump.tar.gz'))]);
    expect(doc.stats.hosts).toEqual(hosts);
    expect(rules(doc)).toEqual([3, 7, 12].map((i) => `docker-containerd-start-timeout@${hosts[i - 1]}`).sort());
    expect(doc.fleet.find((f) => f.rule === 'docker-containerd-start-timeout')?.hosts).toHaveLength(3);
  });

  it('take the host of bare files from the node directory, and say so', async () => {
    const d = tempDir();
    fleetLogDump(join(d, 'dump'), 2, []);
    const doc = await analyzeJson([join(d, 'dump')]);
    const kubelet = doc.inputs.find((i) => i.path.endsWith('n01/kubelet.log'))!;
    expect(kubelet.place).toMatchObject({ host: 'gke-fleet-pool-1-9f8e7d6c-n01', kind: 'kubelet log', collector: 'gke-log-dump' });
    expect(kubelet.place!.hostReason).toMatch(/directory per node/);
    // The year of the bare klog lines comes from the bundle's name, since klog prints none.
    expect(kubelet.first).toBe('2018-03-20T06:00:11.123Z');
  });

  it('keep what a truncated archive held before the cut, and say where it stopped', async () => {
    const d = tempDir();
    fleetLogDump(join(d, 'dump'), 4, [1]);
    const whole = readFileSync(tarOf(join(d, 'dump'), join(d, 'a.tar.gz')));
    const cut = join(d, 'cut-2018-03-20.tar.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = await cli(['analyze', '--json', '--db', ':memory:', cut]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.stats.events).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/truncated|unexpected end/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('stop at a member that lies about its size, keeping the members before it', async () => {
    const d = tempDir();
    writeTree(join(d, 't'), { 'a/kubelet.log': 'I0320 06:00:11.123456    1234 server.go:129] Version: v1.9.4\n', 'b/kubelet.log': 'I0320 06:00:12.123456    1234 server.go:129] Version: v1.9.4\n' });
    execFileSync('tar', ['-cf', join(d, 'x.tar'), '-C', join(d, 't'), './a/kubelet.log', './b/kubelet.log']);
    const tar = readFileSync(join(d, 'x.tar'));
    // Find b/kubelet.log's header and claim 1 MiB (octal size field at offset 124).
    const at = tar.indexOf(Buffer.from('./b/kubelet.log'));
    tar.write('00004000000\0', at + 124, 'latin1');
    let sum = 0;
    tar.fill(' ', at + 148, at + 156);
    for (let i = 0; i < 512; i++) sum += tar[at + i]!;
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1');
    const lying = join(d, 'lying.tar');
    writeFileSync(lying, tar);
    const r = await cli(['analyze', '--json', '--db', ':memory:', lying]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    expect(doc.inputs.find((i) => i.path.endsWith('a/kubelet.log'))?.events).toBe(1);
    expect(r.stderr).toMatch(/truncated|unexpected end|corrupt/i);
  });

  it('exit 2 with one line for a file that is not an archive nor a log, and 0 for a corrupt zip with the reason', async () => {
    const d = tempDir();
    const junk = join(d, 'bundle.zip');
    writeFileSync(junk, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const r = await cli(['analyze', '--db', ':memory:', junk]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/zip/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('read members named ../ or /abs without writing anything outside the store', async () => {
    const d = tempDir();
    const evil = join(d, 'evil.tar');
    const header = (name: string, body: string) => {
      const h = Buffer.alloc(512);
      h.write(name, 0);
      h.write('0000644\0', 100);
      h.write('0000000\0', 108);
      h.write('0000000\0', 116);
      h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
      h.write('14000000000\0', 136);
      h.write('0', 156);
      h.write('ustar\u000000', 257);
      h.fill(' ', 148, 156);
      let sum = 0;
      for (const b of h) sum += b;
      h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
      const data = Buffer.alloc(Math.ceil(body.length / 512) * 512);
      data.write(body);
      return Buffer.concat([h, data]);
    };
    const line = 'time="2018-03-20T06:21:30.790401257Z" level=error msg="containerd: start container" error="containerd: container did not start before the specified timeout" id=abd267ef08b4\n';
    writeFileSync(evil, Buffer.concat([header('../../escaped-docker.log', line), header('/tmp/abs-docker.log', line.replace('abd267ef08b4', 'c0ffee000000')), Buffer.alloc(1024)]));
    const before = readdirSync(join(d, '..')).length;
    const doc = await analyzeJson([evil]);
    expect(doc.inputs.filter((i) => i.status === 'ingested').map((i) => i.path)).toEqual([`${evil}/../../escaped-docker.log`, `${evil}/tmp/abs-docker.log`]);
    expect(existsSync(join(d, '..', '..', 'escaped-docker.log'))).toBe(false);
    expect(existsSync('/tmp/abs-docker.log')).toBe(false);
    expect(readdirSync(join(d, '..')).length).toBe(before);
  });

  it('read rotated files oldest first, gzipped ones by magic bytes, each dated by its name', async () => {
    const d = tempDir();
    const msg = (day: string, n: number) => `Feb ${day} 0${n}:00:00 node-7 kubelet[900]: I02${day} 0${n}:00:00.000000     900 kubelet.go:1 tick ${n}\n`;
    const klog = (day: string) => `I02${day} 06:00:00.000000     900 kubelet.go:1 tick\n`;
    writeTree(join(d, 'node-7'), {
      messages: msg('03', 3),
      'messages-20180202': msg('02', 2),
      'messages-20180201.gz': gzipSync(msg('01', 1)),
      'kubelet.log': klog('03'),
      'kubelet.log.1': klog('02'),
      'kubelet.log.2.gz': gzipSync(klog('01')),
    });
    const doc = await analyzeJson([join(d, 'node-7')]);
    expect(doc.inputs.filter((i) => i.status === 'ingested').map((i) => i.path.split('/').pop())).toEqual([
      'kubelet.log.2.gz', 'kubelet.log.1', 'kubelet.log', 'messages-20180201.gz', 'messages-20180202', 'messages',
    ]);
    const rotated = doc.inputs.find((i) => i.path.endsWith('messages-20180201.gz'))!;
    expect(rotated.first).toBe('2018-02-01T01:00:00.000Z');
    expect(rotated.time?.yearReason).toMatch(/date in the file's name/);
  });

  it('skip files that are not logs with a reason, never parsing binary ones as text', async () => {
    const d = tempDir();
    writeTree(join(d, 'b'), {
      'kubelet.log': 'I0320 06:00:11.123456    1234 server.go:129] Version: v1.9.4\n',
      'notes.txt': 'checked the node at 10am, docker ps hangs\nrestarted it twice\n',
      'core.dump': Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      'README.md': '# what is here\n',
    });
    const r = await cli(['analyze', '--json', '--db', ':memory:', join(d, 'b')]);
    const doc = JSON.parse(r.stdout) as AnalyzeDoc;
    const why = Object.fromEntries(doc.inputs.filter((i) => i.status === 'skipped').map((i) => [i.path.split('/').pop(), i.notes[0]]));
    expect(why['core.dump']).toMatch(/binary/);
    expect(why['notes.txt']).toMatch(/not a log/);
    expect(why['README.md']).toMatch(/documentation/);
    expect(doc.stats.skipped).toBe(3);
    expect(r.stderr).toMatch(/skipped 3 bundle file/);
  });

  it('count a line once when two files of a node both hold it (a unit journal and rsyslog messages)', async () => {
    const d = tempDir();
    const line = 'Oct 10 20:55:30 k8s-pool2-19522833-9 docker[1237]: time="2017-10-10T20:55:30.790401257Z" level=error msg="containerd: start container" error="containerd: container did not start before the specified timeout" id=abd267ef08b4a4184e19307be784d62470f9a713b59e406249c6cdf0bb333260\n';
    writeTree(join(d, 'node'), { 'docker.log': line, messages: `Oct 10 20:55:29 k8s-pool2-19522833-9 systemd[1]: Started Session 4 of user azureuser.\n${line}` });
    const doc = await analyzeJson([join(d, 'node')]);
    expect(doc.stats.events).toBe(3);
    expect(doc.findings.filter((f) => f.rule === 'docker-containerd-start-timeout')).toHaveLength(1);
    expect(of(doc, 'docker-containerd-start-timeout').summary).toMatch(/\(1 errors over/);
  });

  it('list every input read or skipped with host, format, parsed share and time basis (kubesleuth inputs)', async () => {
    const d = tempDir();
    sosSeed001(join(d, 'tree'));
    const db = join(d, 'k.db');
    expect((await cli(['analyze', '-q', '--db', db, join(d, 'tree')])).code).toBe(0);
    const all = await cli(['inputs', '--db', db]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/journalctl_--no-pager_--unit_flanneld\s+unit journal \(sos\)\s+short\s+k8s-master-1\s+\d+\s+100%/);
    expect(all.stdout).toMatch(/skipped/);
    const skipped = await cli(['inputs', '--skipped', '--db', db]);
    expect(skipped.stdout).toMatch(/journalctl_--disk-usage\s+journalctl metadata/);
    const json = JSON.parse((await cli(['inputs', '--json', '--db', db, 'unit_kubelet'])).stdout) as Array<Record<string, unknown>>;
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ collector: 'sos', host: 'k8s-master-1', year: 2017 });
    const unparsed = await cli(['inputs', '--unparsed', '--db', db]);
    expect(unparsed.stdout).toBe('no unparsed lines\n');
  });
});
