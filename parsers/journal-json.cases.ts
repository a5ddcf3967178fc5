// journalctl -o json entries as systemd 252 prints them (formats.md §1.7, [V] samples).
import type { ParserCase } from './types.js';

/** Envelope cases. */
export const journalJsonCases: ParserCase[] = [
  {
    name: 'kubelet stdout entry',
    input: '{"_COMM":"kubelet","__CURSOR":"s=2db4;i=3","__REALTIME_TIMESTAMP":"1704164645125456","_HOSTNAME":"node-1","PRIORITY":"6","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":"E0102 03:04:05.125000    4242 pod_workers.go:1298] \\"Error syncing pod, skipping\\"","_TRANSPORT":"stdout","_SYSTEMD_UNIT":"kubelet.service","__MONOTONIC_TIMESTAMP":"21415217982","_PID":"4242","_BOOT_ID":"6c7c6013a26343b29e964691ff25d04c"}',
    expect: { host: 'node-1', ident: 'kubelet', pid: 4242, priority: 6, unit: 'kubelet.service', cursor: 's=2db4;i=3', time: { kind: 'abs', us: 1704164645125456 }, fields: { _TRANSPORT: 'stdout', _BOOT_ID: '6c7c6013a26343b29e964691ff25d04c' } },
  },
  { name: 'unprintable MESSAGE as an array of bytes', input: '{"__REALTIME_TIMESTAMP":"1704164645125456","SYSLOG_IDENTIFIER":"dockerd","_PID":"800","MESSAGE":[99,111,108,111,114,101,100,32,27,91,51,49,109,114,101,100,27,91,48,109],"_SYSTEMD_UNIT":"docker.service"}', expect: { message: 'colored \u001b[31mred\u001b[0m', ident: 'dockerd' } },
  { name: 'MESSAGE null when ≥ 4096 bytes without --all', input: '{"__REALTIME_TIMESTAMP":"1704164645125456","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":null}', expect: { message: '', fields: { message_omitted: 'journalctl omitted a value of 4096 bytes or more (run it with --all)' } } },
  { name: 'repeated field becomes a list', input: '{"__REALTIME_TIMESTAMP":"1","SYSLOG_IDENTIFIER":"kernel","MESSAGE":["first",[98,105,110]]}', expect: { message: 'bin' } },
  { name: 'source time wins over receive time', input: '{"__REALTIME_TIMESTAMP":"1704164645999999","_SOURCE_REALTIME_TIMESTAMP":"1704164645000001","MESSAGE":"x","SYSLOG_IDENTIFIER":"systemd","_PID":"1","UNIT":"kubelet.service","_SYSTEMD_UNIT":"init.scope"}', expect: { time: { us: 1704164645000001 }, unit: 'kubelet.service' } },
  { name: 'PID 1 line: init.scope is not the unit', input: '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"Reached target x.","SYSLOG_IDENTIFIER":"systemd","_PID":"1","_SYSTEMD_UNIT":"init.scope"}', expect: { unit: null } },
  { name: 'v219 spaced JSON', input: '{ "__CURSOR" : "s=1", "__REALTIME_TIMESTAMP" : "1496543888000000", "MESSAGE" : "hi", "SYSLOG_IDENTIFIER" : "flanneld" }', expect: { message: 'hi', ident: 'flanneld' } },
  { name: 'json-seq record separator', input: '\u001e{"__REALTIME_TIMESTAMP":"1","MESSAGE":"seq","SYSLOG_IDENTIFIER":"a"}', expect: { message: 'seq' } },
  { name: 'json-sse data line', input: 'data: {"__REALTIME_TIMESTAMP":"1","MESSAGE":"sse","SYSLOG_IDENTIFIER":"a"}', expect: { message: 'sse' } },
  { name: 'near miss: JSON that is not a journal entry', input: '{"level":"info","msg":"x"}', expect: null },
  { name: 'near miss: truncated object', input: '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"cut', expect: null },
];
