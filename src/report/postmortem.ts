// The post-mortem draft's content, read from the store once so the Markdown and the HTML page
// say the same thing: what broke, where, when, the impact, the nodes, a timeline of the key
// events and findings, each finding with its evidence, the cause chains, and action items.
import type Database from 'better-sqlite3';
import { SEVERITIES } from '../engine/rule-types.js';
import { formatDuration, isoOf } from '../time.js';
import { fleetOf, readFindings, type FindingOut, type FleetOut } from './model.js';

/** One row of the key-event timeline. */
export interface KeyEvent {
  ts: string;
  host: string;
  /** `finding` (a finding starts), `resolved`, `evidence` (a line that made it), `end`. */
  kind: 'finding' | 'evidence' | 'resolved' | 'end';
  text: string;
  finding: number;
}

/** One node of the report. */
export interface NodeRow {
  host: string;
  events: number;
  first: string | null;
  last: string | null;
  findings: number[];
  worst: string | null;
}

/** Everything a post-mortem draft shows. */
export interface PostMortem {
  title: string;
  generated: string;
  findings: FindingOut[];
  fleet: FleetOut[];
  nodes: NodeRow[];
  timeline: KeyEvent[];
  /** Root findings (nothing caused them), each with the chain below it. */
  chains: Array<{ root: FindingOut; below: FindingOut[] }>;
  inputs: { count: number; events: number; unparsed: number; skipped: number; first: string | null; last: string | null };
  /** Events per minute per host per severity band, for the chart. */
  perMinute: Array<{ host: string; minute: number; band: 'error' | 'warning' | 'other'; n: number }>;
}

const EVIDENCE_IN_TIMELINE = 3;

/** Reads the post-mortem's content from a store; `now` (µs) stamps it. */
export function readPostMortem(db: Database.Database, now: number): PostMortem {
  const findings = readFindings(db);
  const byId = new Map(findings.map((f) => [f.id, f]));
  const hosts = db.prepare(`SELECT host, count(*) AS n, min(ts_us) AS a, max(ts_us) AS b FROM events WHERE host IS NOT NULL GROUP BY host ORDER BY host`).all() as Array<{ host: string; n: number; a: number | null; b: number | null }>;
  const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
  const nodes: NodeRow[] = hosts.map((h) => {
    const fs = findings.filter((f) => f.host === h.host);
    const worst = fs.map((f) => f.severity).sort((a, b) => rank(a) - rank(b))[0] ?? null;
    return { host: h.host, events: h.n, first: isoOf(h.a), last: isoOf(h.b), findings: fs.map((f) => f.id), worst };
  }).sort((a, b) => (a.worst === null ? 9 : rank(a.worst)) - (b.worst === null ? 9 : rank(b.worst)) || a.host.localeCompare(b.host));
  const timeline: KeyEvent[] = [];
  // Findings share evidence (a unit's failure is evidence of three rules): each line once.
  const shown = new Set<string>();
  for (const f of [...findings].sort((a, b) => rank(a.severity) - rank(b.severity))) {
    timeline.push({ ts: f.start ?? '', host: f.host, kind: 'finding', text: `${f.rule} (${f.severity}): ${f.title}`, finding: f.id });
    const seen = new Set<string>();
    for (const e of f.evidence) {
      if (seen.size >= EVIDENCE_IN_TIMELINE) break;
      const key = e.message.replace(/\d+/g, '#');
      const line = `${f.host}\u0000${key}`;
      if (seen.has(key) || shown.has(line) || !e.ts) continue;
      seen.add(key);
      shown.add(line);
      timeline.push({ ts: e.ts, host: f.host, kind: 'evidence', text: `${e.source}${e.unit ? `/${e.unit}` : ''}: ${e.message}`, finding: f.id });
    }
    // A last-evidence row only when the finding lasted long enough to be read as its own moment.
    if (f.end && f.start && Date.parse(f.end) - Date.parse(f.start) >= 60_000) timeline.push({ ts: f.end, host: f.host, kind: 'end', text: `last evidence of ${f.rule}`, finding: f.id });
    if (f.resolved) timeline.push({ ts: f.resolved, host: f.host, kind: 'resolved', text: `${f.rule} resolved`, finding: f.id });
  }
  const order = { finding: 0, evidence: 1, end: 2, resolved: 3 };
  timeline.sort((a, b) => a.ts.localeCompare(b.ts) || order[a.kind] - order[b.kind] || a.finding - b.finding);
  const chains = findings.filter((f) => f.caused_by.length === 0).map((root) => {
    const below: FindingOut[] = [];
    const walk = (f: FindingOut) => {
      for (const id of f.causes) {
        const e = byId.get(id);
        if (e && !below.includes(e) && e !== root) {
          below.push(e);
          walk(e);
        }
      }
    };
    walk(root);
    return { root, below };
  });
  const stats = db.prepare(`SELECT (SELECT count(*) FROM inputs WHERE state = 'complete') AS count, (SELECT count(*) FROM inputs WHERE state = 'skipped') AS skipped,
    (SELECT count(*) FROM events) AS events, (SELECT coalesce(sum(unparsed), 0) FROM inputs) AS unparsed, (SELECT min(ts_us) FROM events) AS a, (SELECT max(ts_us) FROM events) AS b`).get() as { count: number; skipped: number; events: number; unparsed: number; a: number | null; b: number | null };
  const perMinute = db.prepare(
    `SELECT host, ts_us / 60000000 AS minute, CASE WHEN priority <= 3 THEN 'error' WHEN priority = 4 THEN 'warning' ELSE 'other' END AS band, count(*) AS n
     FROM events WHERE ts_us IS NOT NULL AND host IS NOT NULL GROUP BY host, minute, band ORDER BY host, minute`,
  ).all() as PostMortem['perMinute'];
  const worst = findings[0];
  const title = worst ? `${worst.title} on ${worst.host}${findings.length > 1 ? ` (and ${findings.length - 1} more finding${findings.length > 2 ? 's' : ''})` : ''}` : 'No findings';
  return {
    title, generated: isoOf(now)!, findings, fleet: fleetOf(findings), nodes, timeline, chains,
    inputs: { count: stats.count, events: stats.events, unparsed: stats.unparsed, skipped: stats.skipped, first: isoOf(stats.a), last: isoOf(stats.b) }, perMinute,
  };
}

/** "2017-06-04 02:38:13Z → 02:38:20Z (7s)" */
export function spanText(start: string | null, end: string | null): string {
  if (!start) return '?';
  const s = start.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  if (!end || end === start) return s;
  const e = end.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `${s} → ${e.slice(0, 10) === s.slice(0, 10) ? e.slice(11) : e} (${formatDuration(Date.parse(end) * 1000 - Date.parse(start) * 1000)})`;
}
