// The benchmark corpus: a node's `journalctl` (default short format, or `-o json`) over hours of
// healthy kubelet/dockerd/containerd/systemd/kernel chatter with the seeds' three incidents inside;
// and a fleet's bundle: one folder per node, each its own journal.
// Deterministic (seeded), so every run measures the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** How a corpus is written: journalctl's default short format or `-o json`, for one node. */
export interface CorpusOptions {
  format: 'short' | 'json';
  host: string;
  seed: number;
}

const DEFAULTS: CorpusOptions = { format: 'short', host: 'ip-10-0-12-34.ec2.internal', seed: 42 };
const SHORT = /^(\w{3} \d{2} \d{2}:\d{2}:\d{2}) (\S+) ([^[: ]+)(?:\[(\d+)\])?: (.*)$/;
const UNITS: Record<string, string> = { kubelet: 'kubelet.service', dockerd: 'docker.service', containerd: 'containerd.service', systemd: 'init.scope' };
const BOOT = '6f3a5e9c1d2b4a7e8f9012345678abcd';

// The same line as `journalctl -o json` prints it: the trusted fields journald adds, as strings.
function jsonLine(line: string, us: number, n: number, host: string): string {
  const m = SHORT.exec(line);
  if (!m) return JSON.stringify({ __REALTIME_TIMESTAMP: String(us), _HOSTNAME: host, MESSAGE: line });
  const [, , , ident, pid, message] = m as unknown as [string, string, string, string, string | undefined, string];
  const level = /^([EWI])\d{4} /.exec(message)?.[1] ?? /level=(\w+)/.exec(message)?.[1] ?? 'info';
  const priority = { E: 3, error: 3, W: 4, warning: 4 }[level] ?? 6;
  const unit = UNITS[ident];
  return JSON.stringify({
    __CURSOR: `s=0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e;i=${n.toString(16)};b=${BOOT};m=${(us % 1e11).toString(16)};t=${us.toString(16)};x=${(n * 7919).toString(16)}`,
    __REALTIME_TIMESTAMP: String(us), __MONOTONIC_TIMESTAMP: String(us % 1e11), _BOOT_ID: BOOT, _MACHINE_ID: 'ec2a7f5d0e1b4c3a9d8e7f6a5b4c3d2e', _HOSTNAME: host,
    PRIORITY: String(priority), SYSLOG_FACILITY: ident === 'kernel' ? '0' : '3', SYSLOG_IDENTIFIER: ident, _TRANSPORT: ident === 'kernel' ? 'kernel' : 'stdout',
    ...(pid ? { _PID: pid, _UID: '0', _GID: '0', _COMM: ident, _EXE: `/usr/bin/${ident}`, _CAP_EFFECTIVE: '1ffffffffff' } : {}),
    ...(unit ? { _SYSTEMD_UNIT: unit, _SYSTEMD_SLICE: unit === 'init.scope' ? '-.slice' : 'system.slice', _SYSTEMD_CGROUP: `/system.slice/${unit}` } : {}),
    MESSAGE: message,
  });
}

/** Writes `lines` lines to `path`; returns when the file is complete. */
export async function generateCorpus(path: string, lines: number, options: Partial<CorpusOptions> = {}): Promise<void> {
  const { format, host: HOST, seed } = { ...DEFAULTS, ...options };
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  const pods = Array.from({ length: 60 }, (_, i) => `${pick(['web', 'api', 'worker', 'cron', 'cache', 'ingest'])}-${hex(5)}-${i}`);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let us = Date.UTC(2024, 2, 1, 0, 0, 0) * 1000;
  const stamp = () => {
    const d = new Date(us / 1000);
    return { short: `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`, klog: `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(us % 1e6, 6)}`, iso: `${d.toISOString().slice(0, 19)}.${pad(us % 1e6, 6)}000Z` };
  };
  const kubelet = (t: ReturnType<typeof stamp>, lvl: string, file: string, msg: string) => `${t.short} ${HOST} kubelet[2311]: ${lvl}${t.klog}    2311 ${file}] ${msg}`;
  const logrus = (t: ReturnType<typeof stamp>, ident: string, pid: number, lvl: string, msg: string, rest = '') => `${t.short} ${HOST} ${ident}[${pid}]: time="${t.iso}" level=${lvl} msg="${msg}"${rest}`;
  const healthy: Array<(t: ReturnType<typeof stamp>) => string> = [
    (t) => kubelet(t, 'I', 'kubelet.go:2424', `"SyncLoop (PLEG): event for pod" pod="default/${pick(pods)}" event={"ID":"${hex(8)}","Type":"ContainerStarted","Data":"${hex(64)}"}`),
    (t) => kubelet(t, 'I', 'reconciler_common.go:258', `"operationExecutor.VerifyControllerAttachedVolume started for volume \\"kube-api-access-${hex(5)}\\"" pod="default/${pick(pods)}"`),
    (t) => kubelet(t, 'I', 'kubelet_getters.go:187', `"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod="default/${pick(pods)}"`),
    (t) => kubelet(t, 'W', 'reflector.go:535', `object-"default"/"${pick(pods)}-config": watch of *v1.ConfigMap ended with: too old resource version: ${Math.floor(rand() * 9e6)} (${Math.floor(rand() * 9e6)})`),
    (t) => kubelet(t, 'E', 'pod_workers.go:1298', `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with ImagePullBackOff: \\"Back-off pulling image \\\\\\"registry.example/app:v${Math.floor(rand() * 9)}\\\\\\"\\"" pod="default/${pick(pods)}" podUID="${hex(8)}"`),
    (t) => kubelet(t, 'I', 'prober.go:107', `"Probe failed" probeType="Readiness" pod="default/flaky-0" containerName="app" probeResult="failure" output="Get \\"http://10.1.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}:8080/healthz\\": dial tcp: connect: connection refused"`),
    (t) => logrus(t, 'dockerd', 1190, 'info', 'ignoring event', ` container=${hex(64)} module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`),
    (t) => logrus(t, 'dockerd', 1190, 'warning', 'Published ports are discarded when using host network mode'),
    (t) => logrus(t, 'containerd', 1022, 'info', `StartContainer for \\"${hex(64)}\\" returns successfully`),
    (t) => logrus(t, 'containerd', 1022, 'info', `RemoveContainer for \\"${hex(64)}\\"`),
    (t) => `${t.short} ${HOST} systemd[1]: run-containerd-runc-k8s.io-${hex(64)}-runc.${hex(6)}.mount: Deactivated successfully.`,
    (t) => `${t.short} ${HOST} systemd[1]: Started session-${Math.floor(rand() * 900)}.scope - Session ${Math.floor(rand() * 900)} of User core.`,
    (t) => `${t.short} ${HOST} kernel: IPv6: ADDRCONF(NETDEV_CHANGE): veth${hex(8)}: link becomes ready`,
    (t) => `${t.short} ${HOST} kernel: cni0: port ${Math.floor(rand() * 9) + 1}(veth${hex(8)}) entered forwarding state`,
  ];
  // One flapping pod fails its readiness probe all along (a real node has one; it is a finding).
  const weights = [14, 10, 8, 4, 4, 2, 10, 3, 10, 8, 6, 4, 7, 6];
  const total = weights.reduce((a, b) => a + b, 0);
  const chooser = (): ((t: ReturnType<typeof stamp>) => string) => {
    let r = rand() * total;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return healthy[i]!;
    return healthy[0]!;
  };
  // The incidents, each a few dozen lines, at fixed fractions of the corpus.
  const incidents = new Map<number, (t: ReturnType<typeof stamp>) => string[]>([
    [Math.floor(lines * 0.25), (t) => [0, 1, 2].flatMap(() => {
      const id = hex(64);
      return [
        logrus(t, 'dockerd', 1190, 'error', 'containerd: start container', ` error="containerd: container did not start before the specified timeout" id=${id}`),
        logrus(t, 'dockerd', 1190, 'error', `Handler for POST /v1.24/containers/${id}/start returned error: containerd: container did not start before the specified timeout`),
      ];
    })],
    [Math.floor(lines * 0.5), (t) => Array.from({ length: 8 }, (_, i) => kubelet(t, 'I', 'util.go:48', `"No ready sandbox for pod can be found. Need to start a new one" pod="default/burst-${i}"`))],
    [Math.floor(lines * 0.75), (t) => [
      `${t.short} ${HOST} systemd[1]: flanneld.service: Main process exited, code=exited, status=1/FAILURE`,
      `${t.short} ${HOST} systemd[1]: Failed to start Flannel Network Fabric.`,
      `${t.short} ${HOST} systemd[1]: Dependency failed for Docker Application Container Engine.`,
      `${t.short} ${HOST} systemd[1]: docker.service: Job docker.service/start failed with result 'dependency'.`,
      `${t.short} ${HOST} systemd[1]: flanneld.service: Scheduled restart job, restart counter is at 1.`,
      `${t.short} ${HOST} systemd[1]: Started Flannel Network Fabric.`,
    ]],
  ]);
  let written = 0;
  let buf: string[] = [];
  while (written < lines) {
    us += Math.floor(rand() * 60_000);
    const t = stamp();
    const inc = incidents.get(written);
    const batch = inc ? inc(t) : [chooser()(t)];
    for (const l of batch) {
      buf.push(format === 'json' ? jsonLine(l, us, written, HOST) : l);
      written++;
    }
    if (buf.length >= 4096) {
      if (!out.write(`${buf.join('\n')}\n`)) await once(out, 'drain');
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
}

/** A folder of `nodes` node folders, each with its own journal (`journal.log`), `lines` in all. */
export async function generateBundle(dir: string, nodes: number, lines: number): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  for (let i = 0; i < nodes; i++) {
    const host = `ip-10-0-${20 + i}-${(i * 37) % 250}.ec2.internal`;
    mkdirSync(join(dir, host), { recursive: true });
    await generateCorpus(join(dir, host, 'journal.log'), Math.floor(lines / nodes), { host, seed: 100 + i });
  }
}
