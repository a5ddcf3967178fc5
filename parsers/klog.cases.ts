// klog lines from kubelets 1.9–1.30 (seed 003, kind and AKS journals; formats.md §3).
import type { ParserCase } from './types.js';

/** Payload cases: the message inside the envelope. */
export const klogCases: ParserCase[] = [
  {
    name: 'seed 003 legacy text message',
    input: 'I0130 23:27:56.472829    4382 kuberuntime_manager.go:404] No sandbox for pod "prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4_default(47fba903-9c81-4c87-ab6c-9794e0829414)" can be found. Need to start a new one',
    expect: { priority: 6, pid: 4382, message: 'No sandbox for pod "prop-prometheus-operator-operator-6bc6fd7c9d-d9qz4_default(47fba903-9c81-4c87-ab6c-9794e0829414)" can be found. Need to start a new one', fields: null, time: { kind: 'wall', year: null, month: 1, day: 30, hour: 23, minute: 27, second: 56, micro: 472829 } },
  },
  {
    name: 'structured InfoS with a quoted value',
    input: 'I1129 18:20:18.449071    2775 util.go:48] "No ready sandbox for pod can be found. Need to start a new one" pod="default/nginx"',
    expect: { message: 'No ready sandbox for pod can be found. Need to start a new one', fields: { pod: 'default/nginx' } },
  },
  {
    name: 'ErrorS with escaped quotes in err',
    input: 'E0102 03:04:05.125000    4242 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app pod=web-0_default(1234)\\"" pod="default/web-0" podUID="1234"',
    expect: { priority: 3, message: 'Error syncing pod, skipping', fields: { pod: 'default/web-0', podUID: '1234', err: 'failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=web-0_default(1234)"' } },
  },
  {
    name: 'klog ≥ 2.100 JSON values',
    input: 'I0102 03:04:05.123456    4242 kubelet.go:2086] "SyncLoop ADD" source="api" pods=["default/web-0","default/web-1"] event={"ID":"5da5","Type":"ContainerDied"}',
    expect: { fields: { source: 'api', pods: ['default/web-0', 'default/web-1'], event: { ID: '5da5', Type: 'ContainerDied' } } },
  },
  {
    name: 'klog ≤ 2.30 %+v values with spaces in brackets',
    input: 'I0102 03:04:05.123456    4242 kubelet.go:1] "SyncLoop ADD" pods=[default/a default/b] ready=true',
    expect: { fields: { pods: '[default/a default/b]', ready: 'true' } },
  },
  {
    name: 'warning with a multi-line block value',
    input: 'W0102 03:04:05.000000    4242 x.go:1] "hello world" key=<\n\tline 1\n\tline 2\n >',
    expect: { priority: 4, fields: { key: 'line 1\nline 2' } },
  },
  {
    name: 'fatal with dir header',
    input: 'F0604 02:38:13.512004    2411 flannel/main.go:127] Failed to create SubnetManager: context deadline exceeded',
    expect: { priority: 2, pid: 2411, message: 'Failed to create SubnetManager: context deadline exceeded' },
  },
  { name: 'near miss: lower-case level letter', input: 'i0102 03:04:05.000000    1 x.go:1] hi', expect: null },
  { name: 'near miss: no microseconds', input: 'I0102 03:04:05    1 x.go:1] hi', expect: null },
  { name: 'near miss: a Go date line', input: '2020/01/30 23:27:57 [6925] [cni-ipam] Plugin azure-vnet-ipam version v1.0.29.', expect: null },
];

/** Envelope cases of a bare klog file. */
export const klogFileCases: ParserCase[] = [
  { name: 'a klog line is its own message', input: 'I1025 00:15:15.525108       1 httplog.go:79] GET /api/v1/namespaces/kube-system/pods: (1.512ms) 200', expect: { message: 'I1025 00:15:15.525108       1 httplog.go:79] GET /api/v1/namespaces/kube-system/pods: (1.512ms) 200', host: null } },
  { name: 'klog file header gives the year', input: 'Log file created at: 2016/01/02 03:04:05', expect: { marker: 'header', begin: '2016-01-02 03:04:05' } },
  { name: 'klog file header gives the host', input: 'Running on machine: node-1', expect: { marker: 'host', host: 'node-1' } },
  { name: 'line format header is skipped', input: 'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg', expect: { marker: 'skip' } },
  { name: 'near miss: logrus line', input: 'time="2017-10-10T20:55:30Z" level=info msg="x"', expect: null },
];
