// Real lines for every journalctl text mode (systemd 252 output, formats.md §1.3) and rsyslog files.
import type { ParserCase } from './types.js';

const MSG = 'kubelet.service: Main process exited, code=exited, status=1/FAILURE';
// A kubelet line as long as a real one, for output copied from a terminal that wrapped it.
const LONG_MSG = 'E0102 03:04:05.125000    4242 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app pod=web-0_default(1234)\\"" pod="default/web-0"';
const LONG = `Jan 02 03:04:05 node-1 kubelet[4242]: ${LONG_MSG}`;

/** Cases per preset id. */
export const journalTextCases: Record<string, ParserCase[]> = {
  short: [
    { name: 'seed 000 dockerd line', input: 'Oct 10 20:55:36 k8s-pool2-19522833-9 dockerd[1237]: http: multiple response.WriteHeader calls', expect: { host: 'k8s-pool2-19522833-9', ident: 'dockerd', pid: 1237, message: 'http: multiple response.WriteHeader calls', time: { kind: 'wall', year: null, month: 10, day: 10, hour: 20, minute: 55, second: 36, offset: null } } },
    { name: 'systemd PID 1, zero-padded day', input: `Jan 02 03:04:05 node-1 systemd[1]: ${MSG}`, expect: { ident: 'systemd', pid: 1, message: MSG, time: { month: 1, day: 2 } } },
    { name: 'RFC 3164 syslog file, space-padded day', input: 'Jan  2 03:04:05 node-1 kubelet[4242]: I0102 03:04:05.123456    4242 kubelet.go:2086] "SyncLoop ADD" source="api" pods=["default/web-0"]', expect: { host: 'node-1', ident: 'kubelet', pid: 4242, time: { day: 2 } } },
    { name: 'kernel line has no pid', input: 'Nov 30 16:22:01 gke-prod-a-default-pool-6ab3d8ec-0h28 kernel: Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child', expect: { ident: 'kernel', pid: null, host: 'gke-prod-a-default-pool-6ab3d8ec-0h28' } },
    { name: 'journalctl --no-hostname', input: 'Jan 02 03:04:05 kubelet[4242]: E0102 03:04:05.125000    4242 pod_workers.go:1298] "Error syncing pod, skipping"', expect: { host: null, ident: 'kubelet', pid: 4242 } },
    { name: 'month in another locale (es)', input: 'dic 24 10:00:00 nodo-1 kubelet[77]: I1224 10:00:00.000001      77 kubelet.go:1] hola', expect: { time: { month: 12, day: 24 } } },
    { name: 'month in another locale (fr, with dot)', input: 'janv. 13 09:15:00 noeud-2 containerd[80]: time="2024-01-13T09:15:00.000000000+01:00" level=info msg="bonjour"', expect: { time: { month: 1, day: 13 } } },
    { name: 'month in Japanese', input: '9月 26 08:00:00 node-j dockerd[5]: time="2023-09-26T08:00:00.000000000+09:00" level=info msg="x"', expect: { time: { month: 9, day: 26 } } },
    { name: 'empty message after the colon', input: 'Jan 02 03:04:05 node-1 kubelet[4242]:', expect: { ident: 'kubelet', message: '' } },
    { name: 'header line is a marker with the begin time', input: '-- Logs begin at Tue 2024-01-02 03:04:05 UTC, end at Tue 2024-01-02 05:00:00 UTC. --', expect: { marker: 'header', begin: 'Tue 2024-01-02 03:04:05 UTC' } },
    { name: 'v247 header', input: '-- Journal begins at Mon 2021-03-01 10:00:00 CET, ends at Mon 2021-03-01 11:00:00 CET. --', expect: { marker: 'header', begin: 'Mon 2021-03-01 10:00:00 CET' } },
    { name: 'boot separator', input: '-- Boot 0123456789abcdef0123456789abcdef --', expect: { marker: 'boot', boot: '0123456789abcdef0123456789abcdef' } },
    { name: 'old reboot separator', input: '-- Reboot --', expect: { marker: 'boot', boot: null } },
    { name: 'catalog text of journalctl -x', input: '░░ Subject: A start job for unit kubelet.service has failed', expect: { marker: 'skip' } },
    { name: 'catalog subject of journalctl -x ≤ v245', input: '-- Subject: Unit kubelet.service has failed', expect: { marker: 'skip' } },
    { name: 'catalog Defined-By line', input: '-- Defined-By: systemd', expect: { marker: 'skip' } },
    { name: 'catalog Support line', input: '-- Support: https://lists.freedesktop.org/mailman/listinfo/systemd-devel', expect: { marker: 'skip' } },
    { name: 'catalog body line', input: '-- Unit kubelet.service has failed.', expect: { marker: 'skip' } },
    { name: 'blank catalog line', input: '-- ', expect: { marker: 'skip' } },
    { name: 'blank catalog line trimmed by a copy-paste', input: '--', expect: { marker: 'skip' } },
    { name: 'blank catalog line of v246+', input: '░░ ', expect: { marker: 'skip' } },
    { name: 'a line a terminal wrapped at 80 columns is one message again', input: `${LONG.slice(0, 80)}\n${LONG.slice(80)}`, expect: { ident: 'kubelet', pid: 4242, message: LONG_MSG } },
    { name: 'a line a 100-column terminal wrapped twice', input: `${LONG.slice(0, 100)}\n${LONG.slice(100, 200)}\n${LONG.slice(200)}`, expect: { message: LONG_MSG } },
    { name: 'indented continuation lines keep their newline', input: 'Jan 02 03:04:05 node-1 dockerd[1237]: panic: runtime error: invalid memory address or nil pointer dereference\n                                      [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c1]', expect: { ident: 'dockerd', message: 'panic: runtime error: invalid memory address or nil pointer dereference\n                                      [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c1]' } },
    { name: 'near miss: not a month', input: 'Foo 02 03:04:05 node-1 kubelet[1]: x', expect: null },
    { name: 'near miss: no identifier colon', input: 'Jan 02 03:04:05 node-1 kubelet is fine', expect: null },
    { name: 'near miss: hour 25', input: 'Jan 02 25:04:05 node-1 kubelet[1]: x', expect: null },
    { name: 'near miss: short-iso line is not short', input: `2024-01-02T03:04:05+0000 node-1 systemd[1]: ${MSG}`, expect: null },
  ],
  'short-precise': [
    { name: 'OpenShift node-logs kubelet line', input: 'Jan 02 03:04:05.123456 master-0 kubenswrapper[2345]: I0102 03:04:05.123400    2345 kubelet.go:1] x', expect: { ident: 'kubenswrapper', pid: 2345, time: { micro: 123456, second: 5 } } },
    { name: 'near miss: short line has no fraction', input: `Jan 02 03:04:05 node-1 systemd[1]: ${MSG}`, expect: null },
  ],
  'short-iso': [
    { name: 'systemd 252 offset without colon', input: `2024-01-02T03:04:05+0000 node-1 systemd[1]: ${MSG}`, expect: { host: 'node-1', time: { year: 2024, month: 1, day: 2, offset: 0 } } },
    { name: 'systemd 255 offset with colon', input: `2024-01-02T04:04:05+01:00 node-1 systemd[1]: ${MSG}`, expect: { time: { year: 2024, hour: 4, offset: 60 } } },
    { name: 'negative offset', input: '2024-01-02T00:04:05-0300 node-br kubelet[1]: hi', expect: { time: { offset: -180 } } },
    { name: 'near miss: missing offset', input: '2024-01-02T03:04:05 node-1 kubelet[1]: hi', expect: null },
  ],
  'short-iso-precise': [
    { name: 'journalctl short-iso-precise', input: `2024-01-02T03:04:05.129456+0000 node-1 systemd[1]: ${MSG}`, expect: { time: { micro: 129456, offset: 0 } } },
    { name: 'rsyslog RFC 3339 file (Debian 12)', input: '2024-01-02T03:04:05.123456+00:00 node-1 kubelet[4242]: E0102 03:04:05.123400    4242 x.go:1] boom', expect: { ident: 'kubelet', time: { micro: 123456 } } },
    { name: 'nanoseconds are cut to microseconds', input: '2024-01-02T03:04:05.123456789Z node-1 containerd[9]: ok', expect: { time: { micro: 123456, offset: 0 } } },
  ],
  'short-full': [
    { name: 'UTC zone name', input: `Tue 2024-01-02 03:04:05 UTC node-1 systemd[1]: ${MSG}`, expect: { host: 'node-1', time: { year: 2024, offset: 0, zone: 'UTC' } } },
    { name: 'zone abbreviation resolved later', input: `Tue 2024-01-02 04:04:05 CET node-1 systemd[1]: ${MSG}`, expect: { time: { offset: null, zone: 'CET' } } },
    { name: 'numeric pseudo-abbreviation', input: 'Tue 2024-01-02 00:04:05 -03 node-1 kubelet[1]: x', expect: { time: { offset: -180 } } },
    { name: 'with-unit mode prints the unit as identifier', input: 'Tue 2024-01-02 03:04:05 UTC node-1 kubelet.service[4242]: x', expect: { ident: 'kubelet.service', pid: 4242 } },
  ],
  'short-unix': [
    { name: 'epoch seconds', input: `1704164645.129456 node-1 systemd[1]: ${MSG}`, expect: { time: { kind: 'abs', us: 1704164645129456 } } },
  ],
  'short-monotonic': [
    { name: 'seconds since boot', input: `[21415.221982] node-1 systemd[1]: ${MSG}`, expect: { time: { kind: 'mono', us: 21415221982 } } },
    { name: 'padded seconds', input: '[    5.000001] node-1 kernel: Linux version 6.1.0', expect: { ident: 'kernel', time: { kind: 'mono', us: 5000001 } } },
  ],
  'short-delta': [
    { name: 'with delta', input: `[21415.222982 <    0.001000 >] node-1 systemd[1]: ${MSG}`, expect: { time: { kind: 'mono', us: 21415222982 } } },
    { name: 'first line, no delta', input: `[21415.221982                 ] node-1 systemd[1]: ${MSG}`, expect: { time: { kind: 'mono' } } },
  ],
};
