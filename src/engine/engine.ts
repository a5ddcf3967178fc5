// Runs every rule over the stored signals and rewrites the findings table: the same events
// always give the same findings, however many runs put them there.
import type Database from 'better-sqlite3';
import type { Rule } from './rule-types.js';
import { correlate, weightOf, type Match, type Occurrence } from './correlate.js';
import { linkCauses } from './links.js';
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
  /** When the rule's clearing signal followed the last evidence (µs), else null: still open. */
  resolvedUs: number | null;
}

/** A rule's occurrences in time order, with what deduplication needs (statement of loadOccurrences). */
export const OCCURRENCES_SQL = `SELECT s.signal, s.captures, s.event_id AS id, s.ts_us, e.host, e.input_id, e.message
  FROM signals s JOIN events e ON e.id = s.event_id WHERE s.rule = ? AND s.ts_us IS NOT NULL ORDER BY s.ts_us, s.event_id`;

function loadOccurrences(db: Database.Database, rule: Rule, names: UnitNames): Occurrence[] {
  // Signals carry their event's time, so the rule's index returns them in order: no sort of a
  // million rows in memory (engine.test.ts checks the plan).
  const rows = db.prepare(OCCURRENCES_SQL).iterate(rule.id) as IterableIterator<{ signal: string; captures: string | null; id: number; ts_us: number; host: string | null; input_id: number; message: string }>;
  // One happening logged in two files of a node (a unit's journal and rsyslog's messages, a
  // container log and its containers/ copy) counts once: same host, time, signal and message
  // from another input is the same line seen twice. Rows stream through: a rule with a million
  // occurrences holds the occurrences, never the rows and their messages as well.
  let at = -1;
  const seen = new Map<string, number>();
  const out: Occurrence[] = [];
  // Occurrences of one pod or unit carry the same captures: parsed once and shared (read-only
  // from here on), a flood of a million costs a million small objects, not two million.
  const shared = new Map<string, Record<string, string>>();
  const NONE: Record<string, string> = {};
  const capturesOf = (host: string | null, text: string | null): Record<string, string> => {
    if (!text) return NONE;
    const key = `${host}\u0000${text}`;
    let c = shared.get(key);
    if (c) return c;
    c = JSON.parse(text) as Record<string, string>;
    // A unit captured by its description is followed under its name (engine/units.ts).
    if (c.unit !== undefined) c.unit = names.resolve(host, c.unit);
    if (shared.size < 100_000) shared.set(key, c);
    return c;
  };
  // Each row brings fresh copies of its host and signal names; one kept copy of each lets the
  // copies die young instead of living on in a million occurrences.
  const interned = new Map<string, string>();
  const intern = (v: string): string => interned.get(v) ?? (interned.set(v, v), v);
  for (const r of rows) {
    if (r.ts_us !== at) {
      at = r.ts_us;
      seen.clear();
    }
    const key = `${r.host}\u0000${r.signal}\u0000${r.message}`;
    const from = seen.get(key);
    if (from !== undefined && from !== r.input_id) continue;
    seen.set(key, r.input_id);
    out.push({ eventId: r.id, ts: r.ts_us, host: intern(r.host ?? UNKNOWN_HOST), signal: intern(r.signal), captures: capturesOf(r.host, r.captures) });
  }
  return out;
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
      case 'count': return String(m.events.reduce((n, o) => n + weightOf(o), 0));
      case 'duration': return formatDuration(m.end - m.start);
      case 'start': return isoOf(m.start) ?? '?';
      case 'end': return isoOf(m.end) ?? '?';
    }
    if (key.startsWith('count:')) return String(m.values[key.slice(6)]?.length ?? 0);
    // The lint lets templates name only values the rule captures: one no event of this match
    // captured (a describe row without its pod) reads as unknown, never as a raw placeholder.
    return key in m.values ? list(m.values[key]) : /^[\w]+(?:\.[\w]+)?$/.test(key) ? 'unknown' : all;
  });
}

/**
 * Evidence: the match's own events plus the rule's evidence signals on its host within the
 * margin, taken from the occurrences already loaded (sorted by time), so no query per finding.
 */
export function evidenceFor(rule: Rule, m: Match, occs: readonly Occurrence[]): { items: Finding['evidence']; total: number } {
  // A rule grouped by pod (or unit…) shows only its group's lines; lines that name none still count.
  const groupBy = rule.correlation.groupBy;
  const inGroup = (o: Occurrence) => groupBy.every((k) => o.captures[k] === undefined || m.values[k] === undefined || m.values[k]!.includes(o.captures[k]!));
  const seen = new Map<number, { ts: number; role: string }>();
  for (const o of m.events) seen.set(o.eventId, { ts: o.ts, role: o.signal });
  if (rule.evidence.length) {
    const wanted = new Set(rule.evidence);
    const from = m.start - rule.evidenceMargin;
    const to = m.end + rule.evidenceMargin;
    let lo = 0;
    let hi = occs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (occs[mid]!.ts < from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < occs.length && occs[i]!.ts <= to; i++) {
      const o = occs[i]!;
      if (o.host === m.host && wanted.has(o.signal) && !seen.has(o.eventId) && inGroup(o)) seen.set(o.eventId, { ts: o.ts, role: o.signal });
    }
  }
  const all = [...seen.entries()].sort((a, b) => a[1].ts - b[1].ts || a[0] - b[0]);
  return { items: all.slice(0, MAX_EVIDENCE).map(([eventId, v]) => ({ eventId, role: v.role })), total: all.length };
}

/** A rule's `unless`: a match right after one of these signals on the same host is expected, not a finding. */
export function suppressed(rule: Rule, m: Match, occs: readonly Occurrence[]): boolean {
  return rule.unless.some((u) => occs.some((o) => o.signal === u.signal && o.host === m.host && o.ts <= m.start && m.start - o.ts <= u.before));
}

/**
 * When the rule's clearing signal followed the match on its host (µs), else null; where both name
 * a capture (unit, pod), the same one. Occurrences are in time order.
 */
export function resolution(rule: Rule, m: Match, occs: readonly Occurrence[]): number | null {
  const r = rule.resolve;
  if (!r) return null;
  const named = (k: string): string[] | null => {
    if (m.values[k]) return m.values[k]!;
    const vs = Object.entries(m.values).filter(([key]) => key.endsWith(`.${k}`)).flatMap(([, v]) => v);
    return vs.length ? vs : null;
  };
  for (const o of occs) {
    if (o.ts <= m.end || o.signal !== r.signal || o.host !== m.host) continue;
    if (r.within !== null && o.ts - m.end > r.within) break;
    if (Object.entries(o.captures).every(([k, v]) => named(k)?.includes(v) ?? true)) return o.ts;
  }
  return null;
}

/** Evaluates every rule against the whole store and replaces the stored findings; returns them. */
export function evaluate(db: Database.Database, rules: readonly Rule[], runId: number | null): Finding[] {
  const names = new UnitNames(db.prepare(`SELECT host, description, unit FROM unit_names`).all() as UnitName[]);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const occs = loadOccurrences(db, rule, names);
    if (!occs.length) continue;
    for (const m of correlate(rule.correlation, occs)) {
      if (suppressed(rule, m, occs)) continue;
      const ev = evidenceFor(rule, m, occs);
      findings.push({
        rule, host: m.host, start: m.start, end: m.end, summary: renderSummary(rule.summary, m), remediation: renderSummary(rule.remediation, m), values: m.values,
        evidence: ev.items, evidenceTotal: ev.total, resolvedUs: resolution(rule, m, occs),
      });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.host.localeCompare(b.host) || a.rule.id.localeCompare(b.rule.id));
  const insF = db.prepare(
    `INSERT INTO findings (run_id, rule, severity, host, start_us, end_us, status, title, summary, explanation, remediation, refs, entities, evidence_total, resolved_us)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insL = db.prepare(`INSERT OR IGNORE INTO finding_links (cause_id, effect_id) VALUES (?, ?)`);
  const links = linkCauses(findings);
  const insE = db.prepare(`INSERT OR IGNORE INTO finding_events (finding_id, event_id, role) VALUES (?, ?, ?)`);
  db.transaction(() => {
    db.exec('DELETE FROM finding_links; DELETE FROM finding_events; DELETE FROM findings;');
    const ids: Array<number | bigint> = [];
    for (const f of findings) {
      const r = f.rule;
      const status = f.resolvedUs === null ? 'open' : 'resolved';
      const id = insF.run(runId, r.id, r.severity, f.host, f.start, f.end, status, r.title, f.summary, r.description, f.remediation, JSON.stringify(r.references), JSON.stringify(f.values), f.evidenceTotal, f.resolvedUs).lastInsertRowid;
      ids.push(id);
      for (const e of f.evidence) insE.run(id, e.eventId, e.role);
    }
    for (const [c, e] of links) insL.run(ids[c], ids[e]);
  })();
  return findings;
}
