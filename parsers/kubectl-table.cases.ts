// Cells of kubectl 1.5–1.30 describe and get output (formats.md §6.2–6.3, seeds 002 and 004).
import type { ParserCase } from './types.js';

const MIN = 60e6;

/** Age cells (duration.HumanDuration, describe's `x<count> over`) into last / first ages in µs and the count. */
export const ageCellCases: ParserCase[] = [
  { name: 'minutes', input: '42m', expect: { last: 42 * MIN, first: 42 * MIN, count: 1 } },
  { name: 'a repeated event (seed 002)', input: '7m (x163 over 42m)', expect: { last: 7 * MIN, first: 42 * MIN, count: 163 } },
  { name: 'minutes and seconds under 10 minutes', input: '3m12s', expect: { last: 192e6 } },
  { name: 'days and hours', input: '2d5h', expect: { last: (2 * 24 + 5) * 60 * MIN } },
  { name: 'hours and minutes under 8 hours', input: '5h58m', expect: { last: (5 * 60 + 58) * MIN } },
  { name: 'years and days', input: '2y30d', expect: { last: (2 * 365 + 30) * 24 * 60 * MIN } },
  { name: 'seconds over seconds', input: '10s (x3 over 41s)', expect: { last: 10e6, first: 41e6, count: 3 } },
  { name: 'a zero time', input: '<unknown>', expect: { last: null } },
  { name: 'a time after collection (clock skew) counts as now', input: '<invalid>', expect: { last: 0 } },
  { name: 'near miss: a reason', input: 'BackOff', expect: null },
  { name: 'near miss: a bare number', input: '163', expect: null },
  { name: 'near miss: units out of order', input: '5m2h', expect: null },
  { name: 'near miss: empty', input: '', expect: null },
];

/** From / SOURCE cells into the reporting component and the host it names. */
export const fromCases: ParserCase[] = [
  { name: 'component only (1.20+)', input: 'kubelet', expect: { component: 'kubelet', host: null } },
  { name: 'component and host (before 1.20, seed 002)', input: 'kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7', expect: { component: 'kubelet', host: 'gke-prod-a-default-pool-6ab3d8ec-jsv7' } },
  { name: 'node-problem-detector kernel monitor', input: 'kernel-monitor, gke-prod-a-default-pool-6ab3d8ec-0h28', expect: { component: 'kernel-monitor', host: 'gke-prod-a-default-pool-6ab3d8ec-0h28' } },
  { name: 'kubectl ≤ 1.5 struct with a host', input: '{kubelet gke-prod-a-default-pool-6ab3d8ec-jsv7}', expect: { component: 'kubelet', host: 'gke-prod-a-default-pool-6ab3d8ec-jsv7' } },
  { name: 'kubectl ≤ 1.5 struct without a host', input: '{default-scheduler }', expect: { component: 'default-scheduler', host: null } },
  { name: 'an empty cell', input: '', expect: { component: null, host: null } },
];

/** Go time.RFC1123Z times (describe node Conditions, Start Time) into absolute stamps. */
export const rfc1123zCases: ParserCase[] = [
  { name: 'UTC', input: 'Tue, 13 Mar 2018 01:39:31 +0000', expect: { kind: 'abs', us: Date.UTC(2018, 2, 13, 1, 39, 31) * 1000 } },
  { name: 'a zone east of UTC', input: 'Tue, 02 Jan 2024 04:04:05 +0100', expect: { kind: 'abs', us: Date.UTC(2024, 0, 2, 3, 4, 5) * 1000 } },
  { name: 'near miss: Go zero time (never set)', input: 'Mon, 01 Jan 0001 00:00:00 +0000', expect: null },
  { name: 'near miss: RFC 3339', input: '2024-01-02T03:04:05Z', expect: null },
];
