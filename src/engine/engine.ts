// Runs every rule over the stored signals and rewrites the findings table: the same events
// always give the same findings, however many runs put them there.
import type Database from 'better-sqlite3';
import type { Rule } from './rule-types.js';
import { correlate, type Match, type Occurrence } from './correlate.js';
import { UnitNames } from './units.js';
import type { UnitName } from '../store/store.js';
import { formatDuration, isoOf } from '../time.js';

/** Hosts are never null in findings: inputs that name no host are reported under this name. */
export const UNKNOWN_HOST = 'unknown';
/** Evidence kept per finding; the rest is counted. */
export const MAX_EVIDENCE = 200;

/** A finding ready to store and print. */
export interface Finding {
  rule: Rule;
  host: string;
  start: number;
  end: number;
  summary: string;
  remediation: string;
  values: Record<string, string[]>;
  evidence: Array<{ eventId: number; role: string }>;
  evidenceTotal: number;
}

function loadOccurrences(db: Database.Database, rule: Rule, names: UnitNames): Occurrence[] {
  const rows = db.prepare(
    `SELECT s.signal, s.captures, e.id, e.ts_us, e.host, e.input_id, e.message FROM signals s JOIN events e ON e.id = s.event_id
     WHERE s.rule = ? AND e.ts_us IS NOT NULL ORDER BY e.ts_us, e.id`,
  ).all(rule.id) as Array<{ signal: string; captures: string | null; id: number; ts_us: number; host: string | null; input_id: number; message: string }>;
  // One happening logged in two files of a node (a unit's journal and rsyslog's messages, a
  // container log and its containers/ copy) counts once: same host, time, signal and message
  // from another input is the same line seen twice.
  let at = -1;
  const seen = new Map<string, number>();
  const unique = rows.filter((r) => {
    if (r.ts_us !== at) {
      at = r.ts_us;
      seen.clear();
    }
    const key = `${r.host}\u0000${r.signal}\u0000${r.message}`;
    const from = seen.get(key);
    if (from !== undefined && from !== r.input_id) return false;
    seen.set(key, r.input_id);
    return true;
  });
  return unique.map((r) => {
    const captures = r.captures ? (JSON.parse(r.captures) as Record<string, string>) : {};
    // A unit captured by its description is followed under its name (engine/units.ts).
    if (captures.unit !== undefined) captures.unit = names.resolve(r.host, captures.unit);
    return { eventId: r.id, ts: r.ts_us, host: r.host ?? UNKNOWN_HOST, signal: r.signal, captures };
  });
}

function list(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return 'none';
  const shown = values.slice(0, 5).join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}

/** Fills `{host}`, `{count}`, `{duration}`, `{start}`, `{end}`, `{<capture>}`, `{count:<capture>}`, `{<step>.<capture>}`. */
export function renderSummary(template: string, m: Match): string {
  return template.replace(/\{([\w.:]+)\}/g, (all, key: string) => {
    switch (key) {
      case 'host': return m.host;
      case 'count': return String(m.events.length);
      case 'duration': return formatDuration(m.end - m.start);
      case 'start': return isoOf(m.start) ?? '?';
      case 'end': return isoOf(m.end) ?? '?';
    }
    if (key.startsWith('count:')) return String(m.values[key.slice(6)]?.length ?? 0);
    return key in m.values ? list(m.values[key]) : all;
  });
}

function evidenceFor(db: Database.Database, rule: Rule, m: Match, hostOf: (h: string) => string | null): { items: Finding['evidence']; total: number } {
  const seen = new Map<number, { ts: number; role: string }>();
  for (const o of m.events) seen.set(o.eventId, { ts: o.ts, role: o.signal });
  if (rule.evidence.length) {
    const rows = db.prepare(
      `SELECT s.event_id AS id, s.signal, e.ts_us AS ts FROM signals s JOIN events e ON e.id = s.event_id
       WHERE s.rule = ? AND s.signal IN (${rule.evidence.map(() => '?').join(',')})
         AND e.host IS ? AND e.ts_us BETWEEN ? AND ?`,
    ).all(rule.id, ...rule.evidence, hostOf(m.host), m.start - rule.evidenceMargin, m.end + rule.evidenceMargin) as Array<{ id: number; signal: string; ts: number }>;
    for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, { ts: r.ts, role: r.signal });
  }
  // Sorted here, not with an IN (…) over every id: an episode can hold more ids than SQLite binds.
  const all = [...seen.entries()].sort((a, b) => a[1].ts - b[1].ts || a[0] - b[0]);
  return { items: all.slice(0, MAX_EVIDENCE).map(([eventId, v]) => ({ eventId, role: v.role })), total: all.length };
}

// A rule's `unless`: a match right after one of these signals on the same host is expected, not a finding.
function suppressed(rule: Rule, m: Match, occs: readonly Occurrence[]): boolean {
  return rule.unless.some((u) => occs.some((o) => o.signal === u.signal && o.host === m.host && o.ts <= m.start && m.start - o.ts <= u.before));
}

/** Evaluates every rule against the whole store and replaces the stored findings; returns them. */
export function evaluate(db: Database.Database, rules: readonly Rule[], runId: number | null): Finding[] {
  const names = new UnitNames(db.prepare(`SELECT host, description, unit FROM unit_names`).all() as UnitName[]);
  const hostOf = (h: string) => (h === UNKNOWN_HOST ? null : h);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const occs = loadOccurrences(db, rule, names);
    if (!occs.length) continue;
    for (const m of correlate(rule.correlation, occs)) {
      if (suppressed(rule, m, occs)) continue;
      const ev = evidenceFor(db, rule, m, hostOf);
      findings.push({ rule, host: m.host, start: m.start, end: m.end, summary: renderSummary(rule.summary, m), remediation: renderSummary(rule.remediation, m), values: m.values, evidence: ev.items, evidenceTotal: ev.total });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.host.localeCompare(b.host) || a.rule.id.localeCompare(b.rule.id));
  const insF = db.prepare(
    `INSERT INTO findings (run_id, rule, severity, host, start_us, end_us, status, title, summary, explanation, remediation, refs, entities, evidence_total)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insE = db.prepare(`INSERT OR IGNORE INTO finding_events (finding_id, event_id, role) VALUES (?, ?, ?)`);
  db.transaction(() => {
    db.exec('DELETE FROM finding_events; DELETE FROM findings;');
    for (const f of findings) {
      const r = f.rule;
      const id = insF.run(runId, r.id, r.severity, f.host, f.start, f.end, r.title, f.summary, r.description, f.remediation, JSON.stringify(r.references), JSON.stringify(f.values), f.evidenceTotal).lastInsertRowid;
      for (const e of f.evidence) insE.run(id, e.eventId, e.role);
    }
  })();
  return findings;
}
