// RFC 5424 lines (RFC 5424 §6.5 examples, rsyslog's SyslogProtocol23 template).
import type { ParserCase } from './types.js';

/** Envelope cases. */
export const rfc5424Cases: ParserCase[] = [
  { name: 'kubelet forwarded', input: '<30>1 2024-01-02T03:04:05.123456+00:00 node-1 kubelet 4242 - - I0102 03:04:05.123456    4242 kubelet.go:1] hi', expect: { host: 'node-1', ident: 'kubelet', pid: 4242, priority: 6, time: { kind: 'abs', us: 1704164645123456 } } },
  { name: 'structured data and BOM', input: '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] \ufeffAn application event', expect: { priority: 5, message: 'An application event', fields: { msgid: 'ID47', structured_data: '[exampleSDID@32473 iut="3" eventSource="Application"]' } } },
  { name: 'nil values', input: '<34>1 - - su - - - no time', expect: { time: null, host: null, ident: 'su', pid: null } },
  { name: 'near miss: RFC 3164 with PRI', input: '<34>Oct 11 22:14:15 mymachine su: x', expect: null },
];
