// Lines of `kubectl logs --timestamps`, must-gather current.log and sos `docker logs -t`
// (RFC3339NanoFixed, formats.md §7.2), and the neighbours that must not be read as them.
import type { ParserCase } from './types.js';

/** Envelope cases. */
export const timestampedCases: ParserCase[] = [
  { name: 'must-gather current.log line', input: '2024-01-02T03:04:05.123456789Z hello', expect: { message: 'hello', ident: null, host: null, fields: null, time: { kind: 'abs', us: 1704164645123456 } } },
  { name: 'kubectl logs --timestamps of kube-proxy', input: '2024-01-02T03:04:05.123456789Z I0102 03:04:05.123400       1 server_others.go:72] "Using iptables proxy"', expect: { message: 'I0102 03:04:05.123400       1 server_others.go:72] "Using iptables proxy"' } },
  { name: 'aws-node JSON line', input: '2024-01-02T03:04:05.123456789Z {"level":"error","ts":"2024-01-02T03:04:05.123Z","caller":"ipamd/ipamd.go:512","msg":"Failed to call ec2:CreateNetworkInterface"}', expect: { message: '{"level":"error","ts":"2024-01-02T03:04:05.123Z","caller":"ipamd/ipamd.go:512","msg":"Failed to call ec2:CreateNetworkInterface"}' } },
  { name: 'a line in a +08:00 zone', input: '2024-01-02T11:04:05.123400000+08:00 [INFO] plugin/reload: Running configuration SHA512 = 591cf328', expect: { time: { us: 1704164645123400 } } },
  { name: 'an empty line keeps its space', input: '2024-01-02T03:04:05.123456789Z ', expect: { message: '' } },
  { name: 'an empty line whose space was trimmed', input: '2024-01-02T03:04:05.123456789Z', expect: { message: '' } },
  { name: 'content with its own leading spaces', input: '2024-01-02T03:04:05.123456789Z     at io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:569)', expect: { message: '    at io.netty.channel.nio.NioEventLoop.run(NioEventLoop.java:569)' } },
  { name: 'near miss: month 13', input: '2024-13-02T03:04:05.123456789Z hello', expect: null },
  { name: 'near miss: journalctl short-iso offset without colon', input: '2024-01-02T03:04:05+0000 node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE', expect: null },
  { name: 'near miss: klog line without a stamp', input: 'I0102 03:04:05.123400       1 server_others.go:72] "Using iptables proxy"', expect: null },
];
