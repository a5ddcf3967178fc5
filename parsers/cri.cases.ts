// CRI lines as containerd 1.6/1.7 and CRI-O write them under /var/log/pods (formats.md §5.2; the
// first two P/F lines are the kubelet source comment's, the others EKS and kind bundles' daemons).
import type { ParserCase } from './types.js';

const KUBE_PROXY = 'I0102 03:04:05.123400       1 server_others.go:72] "Using iptables proxy"';
const BIG = 'x'.repeat(16 * 1024);

/** Envelope cases; an input with `\n` is a record the framer joined from P chunks. */
export const criCases: ParserCase[] = [
  { name: 'kube-proxy klog line on stderr (containerd, 9 digits)', input: `2024-01-02T03:04:05.123456789Z stderr F ${KUBE_PROXY}`, expect: { message: KUBE_PROXY, ident: null, host: null, fields: { stream: 'stderr' }, time: { kind: 'abs', us: 1704164645123456 } } },
  { name: 'containerd writes only the fraction digits it needs (8 here)', input: '2024-01-02T03:04:05.51873253Z stderr F I0102 03:04:05.518502       1 node.go:141] Successfully retrieved node IP: 10.0.1.23', expect: { time: { kind: 'abs', us: 1704164645518732 } } },
  { name: 'containerd at a whole second has no fraction at all', input: '2024-01-02T03:04:05Z stdout F [INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5', expect: { time: { us: 1704164645000000 }, message: '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5' } },
  { name: 'containerd in a +08:00 zone', input: '2024-01-02T03:04:05.1234+08:00 stdout F [INFO] 10.244.0.1:52342 - 4242 "A IN kubernetes.default.svc.cluster.local. udp 54 false 512" NOERROR qr,aa,rd 106 0.000123s', expect: { time: { us: 1704135845123400 }, fields: { stream: 'stdout' } } },
  { name: 'CRI-O: 9 digits and a numeric offset, aws-node JSON content', input: '2024-01-02T03:04:05.123456789+00:00 stdout F {"level":"info","ts":"2024-01-02T03:04:05.123Z","caller":"ipamd/ipamd.go:469","msg":"Starting L-IPAMD"}', expect: { message: '{"level":"info","ts":"2024-01-02T03:04:05.123Z","caller":"ipamd/ipamd.go:469","msg":"Starting L-IPAMD"}', time: { us: 1704164645123456 } } },
  { name: 'an empty line is the F tag and a trailing space', input: '2024-01-02T03:04:05.5Z stdout F ', expect: { message: '', fields: { stream: 'stdout' } } },
  { name: 'an empty line whose trailing space was trimmed', input: '2024-01-02T03:04:05.5Z stdout F', expect: { message: '' } },
  { name: 'content keeps its own leading spaces', input: '2024-01-02T03:04:05.5Z stderr F   at java.lang.Thread.run(Thread.java:750)', expect: { message: '  at java.lang.Thread.run(Thread.java:750)' } },
  { name: 'tags after the first are accepted (forward compatible)', input: '2024-01-02T03:04:05.5Z stdout F:x hello', expect: { message: 'hello' } },
  { name: 'kubelet source comment lines: P then F', input: '2016-10-06T00:17:09.669794202Z stdout P log content 1\n2016-10-06T00:17:09.669794203Z stdout F log content 2', expect: { message: 'log content 1log content 2', time: { us: Date.UTC(2016, 9, 6, 0, 17, 9) * 1000 + 669794 } } },
  { name: 'a 16 KiB line cut into P chunks is whole again, dated by its first chunk', input: `2024-01-02T03:04:05.1Z stdout P ${BIG}\n2024-01-02T03:04:05.2Z stdout P ${BIG}\n2024-01-02T03:04:05.3Z stdout F end`, expect: { message: `${BIG}${BIG}end`, time: { us: 1704164645100000 }, fields: { stream: 'stdout' } } },
  { name: 'a chunk split inside a word joins without a separator', input: '2024-01-02T03:04:05.1Z stderr P E0102 03:04:05.100000       1 reflector.go:138] failed to li\n2024-01-02T03:04:05.1Z stderr F st *v1.Endpoints', expect: { message: 'E0102 03:04:05.100000       1 reflector.go:138] failed to list *v1.Endpoints' } },
  { name: 'a P with no F (container stopped mid-line) is marked partial', input: '2024-01-02T03:04:05.1Z stdout P unterminated', expect: { message: 'unterminated', fields: { stream: 'stdout', partial: true } } },
  { name: 'near miss: unknown stream', input: '2024-01-02T03:04:05.1Z stdlog F hello', expect: null },
  { name: 'near miss: no tag (kubectl logs --timestamps)', input: '2024-01-02T03:04:05.123456789Z stdout is where it goes', expect: null },
  { name: 'near miss: month 13', input: '2024-13-02T03:04:05.1Z stdout F hello', expect: null },
  { name: 'near miss: space instead of T', input: '2024-01-02 03:04:05.1Z stdout F hello', expect: null },
  { name: 'near miss: offset without colon (journalctl short-iso)', input: '2024-01-02T03:04:05+0000 stdout F hello', expect: null },
  { name: 'near miss: docker json-file line', input: '{"log":"hello\\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}', expect: null },
];
