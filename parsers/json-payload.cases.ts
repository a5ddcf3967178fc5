// JSON lines written by daemons themselves (formats.md §3.3, §4.2).
import type { ParserCase } from './types.js';

/** Payload cases. */
export const jsonPayloadCases: ParserCase[] = [
  { name: 'Kubernetes JSON info (ts in ms)', input: '{"ts":1704164645125.4563,"caller":"json/json_test.go:42","msg":"hello world","v":0}', expect: { priority: 6, message: 'hello world', time: { kind: 'abs', us: 1704164645125456 } } },
  { name: 'Kubernetes JSON error has err and no v', input: '{"ts":1704164645125.4563,"caller":"x.go:1","msg":"wrong namespace","ns":"default","err":"invalid namespace:default"}', expect: { priority: 3, fields: { ns: 'default', err: 'invalid namespace:default' } } },
  { name: 'logrus JSON formatter (containerd format=json)', input: '{"level":"info","msg":"Starting up","time":"2024-01-02T03:04:05.123456789Z"}', expect: { priority: 6, message: 'Starting up', time: { kind: 'abs', us: 1704164645123456 } } },
  { name: 'near miss: JSON without a message', input: '{"a":1}', expect: null },
  { name: 'near miss: truncated JSON', input: '{"level":"info","msg":"Start}', expect: null },
];
