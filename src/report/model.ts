// The findings document (DESIGN.md "Contracts"), read back from the store so every command that
// shows findings shows the same thing.
import type Database from 'better-sqlite3';
import { isoOf } from '../time.js';
import { UnitNames } from '../engine/units.js';
import type { UnitName } from '../store/store.js';
import type { InputReport } from '../pipeline/ingest.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { chainOrder, fleetClusters } from '../engine/links.js';

/** One evidence line with its provenance. */
export interface EvidenceOut {
  ts: string | null;
  host: string | null;
  source: string;
  unit: string | null;
  severity: string | null;
  message: string;
  input: string;
  line: number;
  signal: string;
}

/** One finding as printed by `--json`. */
export interface FindingOut {
  id: number;
  rule: string;
  severity: Severity;
  host: string;
  start: string | null;
  end: string | null;
  title: string;
  summary: string;
  explanation: string;
  remediation: string;
  references: string[];
  entities: Record<string, string[]>;
  evidence: EvidenceOut[];
  evidence_total: number;
  /** `open`, or `resolved` when the rule's clearing signal followed (at `resolved`). */
  status: 'open' | 'resolved';
  resolved: string | null;
  /** Ids of the findings this one caused, and of those that caused it (a rule's `causes:` chain). */
  causes: number[];
  caused_by: number[];
  /** Steps below the root of its cause chain (0: a root), as the table indents it. */
  depth: number;
}

/** The same rule firing on several hosts. */
export interface FleetOut {
  rule: string;
  severity: Severity;
  title: string;
  hosts: string[];
  start: string | null;
  end: string | null;
  /** The per-host findings it gathers. */
  findings: number[];
}

/** The whole `analyze --json` document. */
export interface AnalyzeDoc {
  findings: FindingOut[];
  fleet: FleetOut[];
  stats: {
    /** Inputs read (or found already stored); bundle members skipped as not logs are `skipped`. */
    inputs: number;
    skipped: number;
    events: number;
    unparsed: number;
    hosts: string[];
    lines: number;
    first: string | null;
    last: string | null;
    findings: number;
    store: { path: string; inputs: number; events: number };
  };
  inputs: Array<Omit<InputReport, 'firstTs' | 'lastTs' | 'unparsedExamples'> & { first: string | null; last: string | null; unparsed_examples: string[] }>;
}

interface FindingRow {
  id: number; rule: string; severity: Severity; host: string; start_us: number | null; end_us: number | null; title: string; summary: string;
  explanation: string; remediation: string; refs: string; entities: string; evidence_total: number; status: 'open' | 'resolved'; resolved_us: number | null;
}

interface EvidenceRow {
  ts_us: number | null; host: string | null; source: string; unit: string | null; severity: string | null; message: string; fields: string | null;
  path: string; line: number; role: string;
}

/** Findings stored in the store, with their evidence, most severe and earliest first. */
export function readFindings(db: Database.Database): FindingOut[] {
  const names = new UnitNames(db.prepare(`SELECT host, description, unit FROM unit_names`).all() as UnitName[]);
  const rows = db.prepare(`SELECT * FROM findings ORDER BY start_us, host, rule`).all() as FindingRow[];
  const ev = db.prepare(
    `SELECT e.ts_us, e.host, e.source, e.unit, e.severity, e.message, e.fields, i.path, e.line, fe.role
     FROM finding_events fe JOIN events e ON e.id = fe.event_id JOIN inputs i ON i.id = e.input_id
     WHERE fe.finding_id = ? ORDER BY e.ts_us, e.id`,
  );
  const out = rows.map((r) => {
    const evidence = (ev.all(r.id) as EvidenceRow[]).map((e) => {
      let unit = e.unit;
      if (!unit && e.source === 'systemd' && e.fields) {
        // Text-mode systemd lines name the unit by description; show the learnt unit name.
        const d = (JSON.parse(e.fields) as { description?: unknown }).description;
        if (typeof d === 'string') {
          const u = names.resolve(e.host, d);
          unit = u === d ? null : u;
        }
      }
      return { ts: isoOf(e.ts_us), host: e.host, source: e.source, unit, severity: e.severity, message: e.message, input: e.path, line: e.line, signal: e.role };
    });
    return {
      id: r.id, rule: r.rule, severity: r.severity, host: r.host, start: isoOf(r.start_us), end: isoOf(r.end_us), title: r.title, summary: r.summary,
      explanation: r.explanation, remediation: r.remediation, references: JSON.parse(r.refs) as string[], entities: JSON.parse(r.entities) as Record<string, string[]>,
      evidence, evidence_total: r.evidence_total, status: r.status, resolved: isoOf(r.resolved_us), causes: [] as number[], caused_by: [] as number[], depth: 0,
    };
  });
  const at = new Map(out.map((f, i) => [f.id, i]));
  const links: Array<[number, number]> = [];
  for (const l of db.prepare(`SELECT cause_id, effect_id FROM finding_links ORDER BY cause_id, effect_id`).all() as Array<{ cause_id: number; effect_id: number }>) {
    const [c, e] = [at.get(l.cause_id), at.get(l.effect_id)];
    if (c === undefined || e === undefined) continue;
    out[c]!.causes.push(l.effect_id);
    out[e]!.caused_by.push(l.cause_id);
    links.push([c, e]);
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const order = (a: number, b: number) => {
    const [x, y] = [out[a]!, out[b]!];
    return rank(x.severity) - rank(y.severity) || (x.start ?? '').localeCompare(y.start ?? '') || x.host.localeCompare(y.host);
  };
  // Roots first, each followed by what it caused: the table reads as the chain.
  return chainOrder(out.length, links, order).map(({ index, depth }) => ({ ...out[index]!, depth }));
}

/** One rule firing on two or more hosts within an hour of each other (engine/links.ts). */
export function fleetOf(findings: readonly FindingOut[]): FleetOut[] {
  const timed = findings.filter((f) => f.start !== null);
  return fleetClusters(timed.map((f) => ({ rule: f.rule, host: f.host, start: Date.parse(f.start!) * 1000 }))).map((idx) => {
    const fs = idx.map((i) => timed[i]!);
    const ends = fs.map((f) => f.end ?? f.start!).sort();
    return { rule: fs[0]!.rule, severity: fs[0]!.severity, title: fs[0]!.title, hosts: [...new Set(fs.map((f) => f.host))].sort(), start: fs[0]!.start, end: ends[ends.length - 1]!, findings: fs.map((f) => f.id) };
  });
}
