// Incidents in shapes the samples do not have: other hosts, dates, systemd versions, roots,
// logging formats, noise, and the same failure recovered.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalToolsAvailable, journalctl, shortToExport, writeJournal } from './fixtures/journal.js';
import { analyzeText, tempDir } from './helpers.js';

const v252 = `Mar 03 11:00:00 worker-7 containerd[700]: time="2023-03-03T11:00:00.000000000Z" level=info msg="loading plugin" id=io.containerd.grpc.v1.cri
Mar 03 11:02:00 worker-7 kubelet[800]: I0303 11:02:00.000000     800 kubelet.go:2388] "SyncLoop ADD" source="api" pods=["default/a"]
Mar 03 11:05:00 worker-7 systemd[1]: var-lib-containerd.mount: Mount process exited, code=exited, status=32/n/a
Mar 03 11:05:00 worker-7 systemd[1]: var-lib-containerd.mount: Failed with result 'exit-code'.
Mar 03 11:05:00 worker-7 systemd[1]: Failed to mount var-lib-containerd.mount - /var/lib/containerd.
Mar 03 11:05:00 worker-7 systemd[1]: Dependency failed for containerd.service - containerd container runtime.
Mar 03 11:05:00 worker-7 systemd[1]: containerd.service: Job containerd.service/start failed with result 'dependency'.
Mar 03 11:05:00 worker-7 systemd[1]: Dependency failed for kubelet.service - kubelet: The Kubernetes Node Agent.
Mar 03 11:05:00 worker-7 systemd[1]: kubelet.service: Job kubelet.service/start failed with result 'dependency'.
Mar 03 11:06:30 worker-7 systemd[1]: Mounting var-lib-containerd.mount - /var/lib/containerd...
Mar 03 11:06:30 worker-7 systemd[1]: Mounted var-lib-containerd.mount - /var/lib/containerd.
Mar 03 11:20:00 worker-7 systemd[1]: Started session-4.scope - Session 4 of User admin.
`;
const recovered = v252 + `Mar 03 11:21:00 worker-7 systemd[1]: Started containerd.service - containerd container runtime.
Mar 03 11:21:01 worker-7 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.
`;

const cases = [
  ['finds containerd and kubelet left down behind a mount that came back', v252, ['systemd-dependency-left-failed']],
  ['stays silent when both were started again', recovered, []],
] as const;
describe.runIf(journalToolsAvailable())('systemd 252 with a mount as the required unit', () => {
  for (const [name, text, want] of cases) {
    for (const mode of ['short', 'json', 'short-iso', 'cat']) {
      it(`${name} (-o ${mode})`, async () => {
        const f = join(tempDir(), 'x.journal');
        writeJournal(shortToExport(text, { year: 2023 }), f);
        const doc = await analyzeText(journalctl(f, mode), ['--only', 'systemd-dependency-left-failed']);
        expect(doc.findings.map((x) => x.rule)).toEqual(want);
        if (want.length) expect(doc.findings[0]!.entities['dependent.unit']!.sort()).toEqual(['containerd.service', 'kubelet.service']);
      });
    }
  }
});

it('finds a sandbox burst in kubelet JSON logging format (--logging-format=json) inside journal JSON', async () => {
  const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ __REALTIME_TIMESTAMP: String(1704164645000000 + i * 3e6), _HOSTNAME: 'n-json', SYSLOG_IDENTIFIER: 'kubelet', MESSAGE: JSON.stringify({ ts: 1704164645000 + i * 3000, caller: 'kuberuntime/util.go:48', msg: 'No ready sandbox for pod can be found. Need to start a new one', v: 2, pod: { name: `p-${i}`, namespace: 'default' } }) }));
  const doc = await analyzeText(lines.join('\n') + '\n', ['--only', 'pleg-no-sandbox-burst']);
  expect(doc.findings.map((x) => x.rule)).toEqual(['pleg-no-sandbox-burst']);
});

it('finds a hung docker on another host and date, dated from the journal header, with kubelet noise', async () => {
  const text = `-- Logs begin at Mon 2018-05-07 08:00:01 UTC, end at Mon 2018-05-07 10:00:00 UTC. --
May 07 09:00:00 node-b dockerd[1000]: time="2018-05-07T09:00:00.000000000Z" level=info msg="Container 1 failed to exit within 10 seconds of signal 15 - using the force"
May 07 09:10:05 node-b dockerd[1000]: time="2018-05-07T09:10:05.100000000Z" level=error msg="Create container failed with error: containerd: container did not start before the specified timeout"
May 07 09:10:05 node-b dockerd[1000]: time="2018-05-07T09:10:05.200000000Z" level=error msg="Handler for POST /v1.26/containers/0123456789ab0123456789ab0123456789ab0123456789ab0123456789ab0123/start returned error: containerd: container did not start before the specified timeout"
May 07 09:10:07 node-b kubelet[2000]: E0507 09:10:07.000000    2000 remote_runtime.go:200] StartContainer "0123456789ab" from runtime service failed: rpc error: code = Unknown desc = containerd: container did not start before the specified timeout
`;
  const doc = await analyzeText(text, ['--only', 'docker-containerd-start-timeout']);
  expect(doc.findings.map((x) => `${x.rule}@${x.host}`)).toEqual(['docker-containerd-start-timeout@node-b']);
  expect(doc.findings[0]!.start!.slice(0, 4)).toBe('2018');
});
