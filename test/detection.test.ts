// Detection of container, kernel and systemctl inputs: each picks itself on its own lines, and the
// formats they resemble (journalctl short-monotonic and short-iso, journal JSON, CRI) keep theirs.
import { describe, expect, it } from 'vitest';
import { detectEnvelope } from '../parsers/index.js';
import { systemctlStatusCases } from '../parsers/systemctl-status.cases.js';

const detect = (lines: string[]) => detectEnvelope(lines).parser.id;

const CONTAINERD = [
  '2024-01-02T03:04:05.0853Z stderr F I0102 03:04:05.085210       1 server_others.go:72] "Using iptables proxy"',
  '2024-01-02T03:04:05.10249Z stderr F I0102 03:04:05.102400       1 server.go:656] "Version info" version="v1.28.5"',
  '2024-01-02T03:04:05.2Z stdout P {"level":"info","ts":"2024-01-02T03:04:05.200Z","msg":"Reconc',
  '2024-01-02T03:04:05.200000001Z stdout F iled"}',
  '2024-01-02T03:04:06Z stdout F ',
];
const CRIO = [
  '2024-01-02T03:04:05.123456789+00:00 stdout F [INFO] plugin/reload: Running configuration SHA512 = 591cf328',
  '2024-01-02T03:04:05.223456789+00:00 stdout F CoreDNS-1.10.1',
  '2024-01-02T03:04:05.323456789+00:00 stdout F linux/amd64, go1.20, 055b2c3',
];
const DOCKER = [
  '{"log":"I0102 03:04:05.085210       1 server_others.go:72] \\"Using iptables proxy\\"\\n","stream":"stderr","time":"2024-01-02T03:04:05.085210123Z"}',
  '{"log":"[INFO] plugin/reload: Running configuration SHA512 = 591cf328\\n","stream":"stdout","time":"2024-01-02T03:04:05.1Z"}',
];
const DMESG = [
  '[    0.000000] Linux version 5.10.0-26-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110) #1 SMP Debian 5.10.197-1 (2023-09-29)',
  '[    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.0-26-cloud-amd64 root=PARTUUID=0a1b ro console=tty0 console=ttyS0,115200',
  '[    1.234567] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  '[ 8339.123400] python invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
  '[ 8339.123456] Memory cgroup out of memory: Killed process 8339 (python) total-vm:1048576kB, anon-rss:524288kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1100kB oom_score_adj:999',
];
// The lines that look most like journal entries: every one reads as `host ident:` or `ident:`.
const DMESG_SUBSYSTEMS = [
  '[    1.234567] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  '[    2.912758] DMAR: RMRR base: 0x0000009f271000 end: 0x0000009f290fff',
  '[   81.927031] CIFS: Attempting to mount \\\\localhost\\fs',
];
const DMESG_X = [
  'kern  :info  : [    2.912758] DMAR: RMRR base: 0x0000009f271000 end: 0x0000009f290fff',
  'kern  :err   : [ 1234.567890] blk_update_request: I/O error, dev sdb, sector 2048',
  'daemon:info  : [    3.123456] systemd[1]: Started Journal Service.',
];
const DMESG_R = ['<6>[    0.000000] Linux version 6.1.0-17-cloud-amd64', '<30>[    3.000001] systemd[1]: Detected virtualization kvm.', '<3>[ 2345.678901] EXT4-fs error (device nvme0n1p1): ext4_find_entry:1463: inode #2: comm kubelet: reading directory lblock 0'];
const DMESG_T = [
  '[Thu Aug 17 17:29:27 2023] python invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=999',
  '[Thu Aug 17 17:29:27 2023]  </TASK>',
  '[Thu Aug 17 17:29:27 2023] memory: usage 208204kB, limit 204800kB, failcnt 7470',
];
const MUST_GATHER = [
  '2024-01-02T03:04:05.123456789Z I0102 03:04:05.123400       1 leaderelection.go:248] attempting to acquire leader lease openshift-kube-scheduler/kube-scheduler...',
  '2024-01-02T03:04:05.223456789Z Error: unable to connect to etcd: context deadline exceeded',
  '2024-01-02T03:04:05.323456789Z W0102 03:04:05.323400       1 reflector.go:424] failed to list *v1.Pod',
];
const DOCKER_LOGS_T = ['2024-01-02T03:04:05.000000000Z {"level":"info","ts":"2024-01-02T03:04:05.000Z","caller":"entrypoint.sh","msg":"Validating env variables ..."}', '2024-01-02T03:04:06.000000000Z Copying CNI plugin binaries ... '];
const MONOTONIC = [
  '[    5.000001] node-1 kernel: Linux version 6.1.0-17-cloud-amd64',
  '[    5.000002] node-1 kernel: usb 1-1: new high-speed USB device number 2 using xhci_hcd',
  '[21415.221982] node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE',
];
const ISO = [
  '2024-01-02T03:04:05+0000 node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE',
  '2024-01-02T03:04:05+0000 node-1 kernel: Memory cgroup out of memory: Killed process 8339 (python)',
];
const RSYSLOG = [
  '2024-01-02T03:04:05.123456+00:00 node-1 kubelet[4242]: E0102 03:04:05.123400    4242 x.go:1] boom',
  '2024-01-02T03:04:05.123456789Z node-1 containerd[9]: time="2024-01-02T03:04:05.123456789Z" level=info msg="ok"',
];

describe('detection of container, kernel and systemctl inputs', () => {
  it('picks cri on containerd lines, P chunks and empty lines included', () => expect(detect(CONTAINERD)).toBe('cri'));
  it('picks cri on CRI-O lines', () => expect(detect(CRIO)).toBe('cri'));
  it('picks docker-json on json-file lines', () => expect(detect(DOCKER)).toBe('docker-json'));
  it('picks dmesg on a boot and an OOM kill', () => expect(detect(DMESG)).toBe('dmesg'));
  it('picks dmesg on subsystem lines that read as `host ident:`', () => expect(detect(DMESG_SUBSYSTEMS)).toBe('dmesg'));
  it('picks dmesg on -x and -r output', () => {
    expect(detect(DMESG_X)).toBe('dmesg');
    expect(detect(DMESG_R)).toBe('dmesg');
  });
  it('picks dmesg-t on dmesg -T output', () => expect(detect(DMESG_T)).toBe('dmesg-t'));
  it('picks timestamped on must-gather current.log and docker logs -t', () => {
    expect(detect(MUST_GATHER)).toBe('timestamped');
    expect(detect(DOCKER_LOGS_T)).toBe('timestamped');
  });
  it('picks systemctl-status on every status paste', () => {
    for (const c of systemctlStatusCases) expect(detect(c.input.split('\n'))).toBe('systemctl-status');
  });
});

describe('formats that look alike keep their own inputs', () => {
  it('short-monotonic keeps journal lines with the dmesg stamp', () => expect(detect(MONOTONIC)).toBe('short-monotonic'));
  it('short-monotonic keeps them without host names', () => expect(detect(MONOTONIC.map((l) => l.replace(' node-1 ', ' ')))).toBe('short-monotonic'));
  it('short-iso keeps its lines from timestamped', () => expect(detect(ISO)).toBe('short-iso'));
  it('short-iso-precise keeps RFC 3339 syslog lines from timestamped and cri', () => expect(detect(RSYSLOG)).toBe('short-iso-precise'));
  it('cri keeps its lines from timestamped', () => expect(detectEnvelope(CONTAINERD).score).toBeGreaterThan(0.99));
  it('journal json keeps its lines from docker-json', () => {
    expect(detect(['{"__REALTIME_TIMESTAMP":"1704164645125456","MESSAGE":"hi","SYSLOG_IDENTIFIER":"dockerd","_PID":"800"}'])).toBe('json');
  });
  it('a terminal-wrapped short journal stays short', () => {
    const line = 'Jan 02 03:04:05 node-1 kubelet[4242]: E0102 03:04:05.125000    4242 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to StartContainer for app with CrashLoopBackOff"';
    expect(detectEnvelope([line.slice(0, 80), line.slice(80), line.slice(0, 80), line.slice(80)])).toMatchObject({ parser: { id: 'short' }, score: 1 });
  });
});
