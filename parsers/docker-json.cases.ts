// json-file lines as dockerd writes them (moby jsonlog, formats.md §5.4): dockershim-era kube-proxy
// and coredns, the docs' example, labels in attrs, and chunks of lines over 16 KiB.
import type { ParserCase } from './types.js';

const BIG = 'y'.repeat(16 * 1024);

/** Envelope cases; an input with `\n` is a record the framer joined from partial chunks. */
export const dockerJsonCases: ParserCase[] = [
  { name: 'docs example: the trailing newline is removed', input: '{"log":"Log line is here\\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}', expect: { message: 'Log line is here', ident: null, host: null, fields: { stream: 'stdout' }, time: { kind: 'abs', us: 1546341071111111 } } },
  { name: 'dockershim kube-proxy klog line on stderr', input: '{"log":"I0102 03:04:05.123456       1 server.go:632] \\"Version info\\" version=\\"v1.23.17\\"\\n","stream":"stderr","time":"2024-01-02T03:04:05.123456789Z"}', expect: { message: 'I0102 03:04:05.123456       1 server.go:632] "Version info" version="v1.23.17"', fields: { stream: 'stderr' }, time: { us: 1704164645123456 } } },
  { name: 'coredns line with a variable-length fraction', input: '{"log":"[INFO] 10.244.0.1:52342 - 4242 \\"A IN kubernetes.default.svc.cluster.local. udp 54 false 512\\" NOERROR qr,aa,rd 106 0.000123s\\n","stream":"stdout","time":"2024-01-02T03:04:05.5Z"}', expect: { time: { us: 1704164645500000 } } },
  { name: 'labels and env of --log-opt become attrs', input: '{"log":"hello\\n","stream":"stdout","attrs":{"tag":"web-0","io.kubernetes.pod.namespace":"default"},"time":"2024-01-02T03:04:05.123456789Z"}', expect: { fields: { stream: 'stdout', attrs: { tag: 'web-0', 'io.kubernetes.pod.namespace': 'default' } } } },
  { name: 'dockerd escapes <, > and & as \\u003c…', input: '{"log":"\\u003chtml\\u003e \\u0026 more\\n","stream":"stdout","time":"2024-01-02T03:04:05Z"}', expect: { message: '<html> & more' } },
  { name: 'a CRLF line loses both characters', input: '{"log":"C:\\\\\\u003e dir\\r\\n","stream":"stdout","time":"2024-01-02T03:04:05Z"}', expect: { message: 'C:\\> dir' } },
  { name: 'an empty line', input: '{"log":"\\n","stream":"stdout","time":"2024-01-02T03:04:05Z"}', expect: { message: '', fields: { stream: 'stdout' } } },
  { name: 'two chunks of a 16 KiB line are one message, dated by the first', input: `{"log":"${BIG}","stream":"stdout","time":"2024-01-02T03:04:05.1Z"}\n{"log":"tail\\n","stream":"stdout","time":"2024-01-02T03:04:05.2Z"}`, expect: { message: `${BIG}tail`, time: { us: 1704164645100000 }, fields: { stream: 'stdout' } } },
  { name: 'a last chunk without a newline (container stopped) is marked partial', input: '{"log":"unterminated","stream":"stderr","time":"2024-01-02T03:04:05Z"}', expect: { message: 'unterminated', fields: { stream: 'stderr', partial: true } } },
  { name: 'near miss: journalctl -o json entry', input: '{"__REALTIME_TIMESTAMP":"1704164645125456","MESSAGE":"hi","SYSLOG_IDENTIFIER":"dockerd"}', expect: null },
  { name: 'near miss: no time', input: '{"log":"hello\\n","stream":"stdout"}', expect: null },
  { name: 'near miss: a logrus JSON line', input: '{"level":"info","msg":"Starting up","time":"2024-01-02T03:04:05.123456789Z"}', expect: null },
  { name: 'near miss: truncated object', input: '{"log":"cut', expect: null },
  { name: 'near miss: unparsable time', input: '{"log":"x\\n","stream":"stdout","time":"yesterday"}', expect: null },
];
