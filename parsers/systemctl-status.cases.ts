// `systemctl status` as pasted into tickets and collected by bundles: systemd 219 (CentOS 7, AL2),
// 245 (Ubuntu 20.04), 252 (Debian 12); formats.md §1.4. Read by test/systemctl-status.test.ts.

/** One pasted output and what must come out of it. */
export interface StatusCase {
  name: string;
  input: string;
  /** Expected subset of every event, in order (markers and blank lines are not events). */
  events: Array<Record<string, unknown>>;
  /** Records no parser understood (a shell prompt). */
  unparsed?: number;
}

const KUBELET_245 = `● kubelet.service - kubelet: The Kubernetes Node Agent
     Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; vendor preset: enabled)
    Drop-In: /etc/systemd/system/kubelet.service.d
             └─10-kubeadm.conf
     Active: activating (auto-restart) (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC; 5s ago
       Docs: https://kubernetes.io/docs/home/
    Process: 1234 ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS (code=exited, status=1/FAILURE)
   Main PID: 1234 (code=exited, status=1/FAILURE)
      Tasks: 12 (limit: 4915)
     CGroup: /system.slice/kubelet.service
             └─1234 /usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf

Jan 02 03:04:05 node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE
Jan 02 03:04:05 node-1 systemd[1]: kubelet.service: Failed with result 'exit-code'.
`;

const DOCKER_219 = `● docker.service - Docker Application Container Engine
   Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; vendor preset: disabled)
   Active: failed (Result: exit-code) since Tue 2017-10-10 13:00:00 PDT; 1h 2min ago
     Docs: https://docs.docker.com
  Process: 2345 ExecStart=/usr/bin/dockerd $OPTIONS $DOCKER_STORAGE_OPTIONS (code=exited, status=1/FAILURE)
 Main PID: 2345 (code=exited, status=1/FAILURE)

Oct 10 13:00:00 ip-10-0-1-23.ec2.internal systemd[1]: Failed to start Docker Application Container Engine.
Oct 10 13:00:00 ip-10-0-1-23.ec2.internal systemd[1]: Unit docker.service entered failed state.
Oct 10 13:00:00 ip-10-0-1-23.ec2.internal systemd[1]: docker.service failed.
`;

const CONTAINERD_252 = `× containerd.service - containerd container runtime
     Loaded: loaded (/lib/systemd/system/containerd.service; enabled; preset: enabled)
     Active: failed (Result: exit-code) since Tue 2024-01-02 04:04:05 CET; 3min 2s ago
   Duration: 1.234s
       Docs: https://containerd.io
    Process: 811 ExecStartPre=/sbin/modprobe overlay (code=exited, status=1/FAILURE)
        CPU: 12ms

Jan 02 04:04:05 node-2 systemd[1]: Starting containerd.service - containerd container runtime...
Jan 02 04:04:05 node-2 modprobe[811]: modprobe: FATAL: Module overlay not found in directory /lib/modules/6.1.0-17-cloud-amd64
Jan 02 04:04:05 node-2 systemd[1]: containerd.service: Control process exited, code=exited, status=1/FAILURE
Jan 02 04:04:05 node-2 systemd[1]: containerd.service: Failed with result 'exit-code'.
Hint: Some lines were ellipsized, use -l to show in full.
`;

const TWO_UNITS = `● kubelet.service - kubelet: The Kubernetes Node Agent
     Loaded: loaded (/etc/systemd/system/kubelet.service; enabled; vendor preset: enabled)
     Active: active (running) since Wed 2023-05-03 13:53:03 UTC; 15s ago
       Docs: https://kubernetes.io/docs/home/
   Main PID: 86730 (kubelet)
      Tasks: 13 (limit: 2275)
     Memory: 46.8M
     CGroup: /system.slice/kubelet.service
             └─86730 /usr/local/bin/kubelet --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock

○ docker.service - Docker Application Container Engine
     Loaded: loaded (/lib/systemd/system/docker.service; disabled; vendor preset: enabled)
     Active: inactive (dead)
TriggeredBy: ○ docker.socket
       Docs: https://docs.docker.com
`;

const KILLED_ASCII = `$ systemctl status kubelet --no-pager
* kubelet.service - kubelet: The Kubernetes Node Agent
   Loaded: loaded (/usr/lib/systemd/system/kubelet.service; enabled; vendor preset: disabled)
   Active: activating (auto-restart) (Result: signal) since Tue 2024-01-02 03:04:05 UTC; 2s ago
  Process: 4242 ExecStart=/usr/bin/kubelet $KUBELET_ARGS (code=killed, signal=KILL)
 Main PID: 4242 (code=killed, signal=KILL)
Warning: kubelet.service changed on disk. Run 'systemctl daemon-reload' to reload units.

Jan 02 03:04:05 node-3 systemd[1]: kubelet.service: main process exited, code=killed, status=9/KILL
`;

const COLOURED = '\x1b[0;1;31m●\x1b[0m kubelet.service - kubelet: The Kubernetes Node Agent\n     Loaded: loaded (/lib/systemd/system/kubelet.service; enabled; vendor preset: enabled)\n     Active: \x1b[0;1;31mfailed\x1b[0m (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC; 5s ago\n';

const JOURNAL = { ident: 'systemd', pid: 1, time: { kind: 'wall', year: null } };

/** Whole outputs, one per systemd generation or quirk. */
export const systemctlStatusCases: StatusCase[] = [
  {
    name: 'a kubelet in a restart loop (systemd 245)',
    input: KUBELET_245,
    events: [
      {
        ident: 'systemd', unit: 'kubelet.service', host: null, priority: 4,
        message: 'kubelet.service: activating (auto-restart) (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC',
        time: { kind: 'wall', year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, offset: 0, zone: 'UTC' },
        fields: { active_state: 'activating', sub_state: 'auto-restart', result: 'exit-code', exit_pid: 1234, exit_code: 'exited', exit_status: '1/FAILURE' },
      },
      { ...JOURNAL, host: 'node-1', message: 'kubelet.service: Main process exited, code=exited, status=1/FAILURE' },
      { ...JOURNAL, host: 'node-1', message: "kubelet.service: Failed with result 'exit-code'." },
    ],
  },
  {
    name: 'a failed docker on CentOS 7 (systemd 219)',
    input: DOCKER_219,
    events: [
      { unit: 'docker.service', priority: 3, message: 'docker.service: failed (Result: exit-code) since Tue 2017-10-10 13:00:00 PDT', time: { year: 2017, month: 10, day: 10, hour: 13, offset: null, zone: 'PDT' }, fields: { active_state: 'failed', result: 'exit-code', exit_pid: 2345, exit_status: '1/FAILURE' } },
      { ...JOURNAL, host: 'ip-10-0-1-23.ec2.internal', message: 'Failed to start Docker Application Container Engine.' },
      { ...JOURNAL, message: 'Unit docker.service entered failed state.' },
      { ...JOURNAL, message: 'docker.service failed.' },
    ],
  },
  {
    name: 'a containerd whose ExecStartPre failed (systemd 252, × bullet, no Main PID)',
    input: CONTAINERD_252,
    events: [
      { unit: 'containerd.service', priority: 3, time: { year: 2024, hour: 4, offset: null, zone: 'CET' }, fields: { active_state: 'failed', result: 'exit-code', exit_pid: 811, exit_code: 'exited', exit_status: '1/FAILURE' } },
      { ...JOURNAL, host: 'node-2', message: 'Starting containerd.service - containerd container runtime...' },
      { ident: 'modprobe', pid: 811, message: 'modprobe: FATAL: Module overlay not found in directory /lib/modules/6.1.0-17-cloud-amd64' },
      { ...JOURNAL, message: 'containerd.service: Control process exited, code=exited, status=1/FAILURE' },
      { ...JOURNAL, message: "containerd.service: Failed with result 'exit-code'." },
    ],
  },
  {
    name: 'two units in one call, the second inactive without a journal',
    input: TWO_UNITS,
    events: [
      { unit: 'kubelet.service', priority: 6, message: 'kubelet.service: active (running) since Wed 2023-05-03 13:53:03 UTC', fields: { active_state: 'active', sub_state: 'running' } },
      { unit: 'docker.service', priority: 6, message: 'docker.service: inactive (dead)', time: null, fields: { active_state: 'inactive', sub_state: 'dead' } },
    ],
  },
  {
    name: 'an ASCII bullet, a killed main process, a prompt and a daemon-reload warning',
    input: KILLED_ASCII,
    unparsed: 1,
    events: [
      { unit: 'kubelet.service', priority: 4, fields: { active_state: 'activating', sub_state: 'auto-restart', result: 'signal', exit_pid: 4242, exit_code: 'killed', exit_status: 'KILL' } },
      { ...JOURNAL, host: 'node-3', message: 'kubelet.service: main process exited, code=killed, status=9/KILL' },
    ],
  },
  {
    name: 'colours kept by a terminal copy',
    input: COLOURED,
    events: [{ unit: 'kubelet.service', priority: 3, message: 'kubelet.service: failed (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC', fields: { active_state: 'failed', result: 'exit-code' } }],
  },
];
