// The rule engine over a never-ending stream: the batch correlators run on each rule's recent
// occurrences whenever new ones arrive, every match is reported once (and its clearing once), and
// everything older than the rule can still use is dropped, so memory stays bounded however long
// the stream runs. Absence ("B never followed") is decided when its wait has passed in stream time.
import type { Rule } from './rule-types.js';
import { correlate, type Match, type Occurrence } from './correlate.js';
import { evidenceFor, renderSummary, resolution, suppressed } from './engine.js';

/** Occurrences kept per rule, newest last: a flood of one line cannot grow memory past this. */
export const MAX_OCCURRENCES = 5000;
/** Reported findings remembered per rule (for their clearing line and to report each once). */
export const MAX_OPEN = 500;

/** Live tuning: how long to wait for an absence, how long a step or clearing may take when a rule says "any time". */
export interface LiveOptions {
  /** Wait for a signal that must never follow (when the rule gives no `within`), µs. */
  absenceWait: number;
  /** How long occurrences and reported findings are kept when a rule bounds nothing, µs. */
  retain: number;
}

/** What the live engine reports: a new finding, or one that cleared. */
export type LiveOutput =
  | { kind: 'finding'; rule: Rule; match: Match; summary: string; remediation: string; evidence: Occurrence[]; evidenceTotal: number }
  | { kind: 'resolved'; rule: Rule; match: Match; resolvedUs: number };

interface Reported {
  match: Match;
  end: number;
  resolvedUs: number | null;
}

interface RuleState {
  rule: Rule;
  occs: Occurrence[];
  dirty: boolean;
  /** How far back this rule's correlation, evidence, `unless` and clearing can look, µs. */
  horizon: number;
  /** For rules with an absence: how long after a match's last step it waits, µs. */
  absenceWait: number | null;
  /** Earliest stream time at which a held absence match can be decided. */
  deadline: number | null;
  reported: Map<string, Reported>;
}

function horizonOf(rule: Rule, o: LiveOptions): { horizon: number; absenceWait: number | null } {
  const c = rule.correlation;
  const spans: number[] = [rule.evidenceMargin, ...rule.unless.map((u) => u.before)];
  let absenceWait: number | null = null;
  if (c.type === 'temporal_ordered') {
    let steps = 0;
    for (const s of c.steps.slice(1)) steps += s.within ?? o.retain;
    spans.push(steps);
    if (c.absent.length) {
      absenceWait = Math.max(...c.absent.map((a) => a.within ?? o.absenceWait));
      spans.push(steps + absenceWait);
    }
  } else spans.push(c.timespan);
  if (rule.resolve) spans.push(rule.resolve.within ?? o.retain);
  return { horizon: Math.max(...spans, 0) + rule.evidenceMargin, absenceWait };
}

const before = (a: Occurrence, b: Occurrence) => a.ts < b.ts || (a.ts === b.ts && a.eventId < b.eventId);

// Matches of one group and merge key are one finding as long as they overlap in time.
function keyOf(rule: Rule, m: Match): string {
  const c = rule.correlation;
  let k = m.host;
  for (const g of c.groupBy) k += `\u0000${m.events.find((o) => o.captures[g] !== undefined)?.captures[g] ?? ''}`;
  if (c.type === 'temporal_ordered') for (const mb of c.mergeBy) k += `\u0000${(m.values[mb] ?? []).join(',')}`;
  return k;
}

/** Correlates a stream of signal occurrences, rule by rule, as they arrive. */
export class LiveEngine {
  private states = new Map<string, RuleState>();

  constructor(rules: readonly Rule[], private readonly o: LiveOptions) {
    for (const rule of rules) this.states.set(rule.id, { rule, occs: [], dirty: false, deadline: null, reported: new Map(), ...horizonOf(rule, o) });
  }

  /** Adds one occurrence of a rule's signal (mostly in time order; late ones are put in place). */
  add(ruleId: string, occ: Occurrence): void {
    const s = this.states.get(ruleId);
    if (!s) return;
    const occs = s.occs;
    if (!occs.length || !before(occ, occs[occs.length - 1]!)) occs.push(occ);
    else {
      let lo = 0;
      let hi = occs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(occs[mid]!, occ)) lo = mid + 1;
        else hi = mid;
      }
      occs.splice(lo, 0, occ);
    }
    // Trimmed in steps, not per add: one splice per quarter of the cap.
    if (occs.length > MAX_OCCURRENCES * 1.25) occs.splice(0, occs.length - MAX_OCCURRENCES);
    s.dirty = true;
  }

  /** Occurrences held across all rules (what memory grows with; bounded by the caps). */
  get held(): number {
    let n = 0;
    for (const s of this.states.values()) n += s.occs.length;
    return n;
  }

  /**
   * Decides what can be decided at stream time `now` (µs): new findings and clearings, in time
   * order. `final` is the end of the data: held absences are decided as a batch run would.
   */
  tick(now: number, final = false): LiveOutput[] {
    const out: LiveOutput[] = [];
    for (const s of this.states.values()) {
      const due = s.deadline !== null && now >= s.deadline;
      if (s.dirty || due || (final && s.absenceWait !== null)) this.evaluate(s, now, final, out);
      this.expire(s, now);
    }
    out.sort((a, b) => at(a) - at(b));
    return out;
  }

  private evaluate(s: RuleState, now: number, final: boolean, out: LiveOutput[]): void {
    const { rule, occs } = s;
    s.dirty = false;
    s.deadline = null;
    for (const m of correlate(rule.correlation, occs)) {
      if (suppressed(rule, m, occs)) continue;
      if (s.absenceWait !== null && !final && now < m.end + s.absenceWait) {
        // The absent signal may still come: decide once its wait has passed.
        s.deadline = Math.min(s.deadline ?? Infinity, m.end + s.absenceWait);
        continue;
      }
      const key = keyOf(rule, m);
      const seen = s.reported.get(key);
      const gap = rule.correlation.type === 'temporal_ordered' ? 0 : rule.correlation.timespan;
      if (seen && m.start <= seen.end + gap && (seen.resolvedUs === null || m.end <= seen.resolvedUs)) {
        // The same finding, grown: remembered, not repeated.
        if (m.end > seen.end) seen.end = m.end;
        seen.match = m.events.length >= seen.match.events.length ? m : seen.match;
        continue;
      }
      if (seen && seen.resolvedUs !== null && m.events.every((e) => e.ts <= seen.resolvedUs!)) continue;
      const ev = evidenceFor(rule, m, occs);
      const byId = new Map(occs.map((o) => [o.eventId, o]));
      for (const e of m.events) byId.set(e.eventId, e);
      const evidence = ev.items.map((i) => byId.get(i.eventId)).filter((o): o is Occurrence => o !== undefined);
      out.push({ kind: 'finding', rule, match: m, summary: renderSummary(rule.summary, m), remediation: renderSummary(rule.remediation, m), evidence, evidenceTotal: ev.total });
      s.reported.delete(key);
      s.reported.set(key, { match: m, end: m.end, resolvedUs: null });
      if (s.reported.size > MAX_OPEN) s.reported.delete(s.reported.keys().next().value!);
    }
    if (!rule.resolve) return;
    for (const r of s.reported.values()) {
      if (r.resolvedUs !== null) continue;
      const m = { ...r.match, end: r.end };
      const at = resolution(rule, m, occs);
      if (at === null) continue;
      r.resolvedUs = at;
      out.push({ kind: 'resolved', rule, match: m, resolvedUs: at });
    }
  }

  // Drops what no later decision can use: occurrences older than the rule's horizon, findings long over.
  private expire(s: RuleState, now: number): void {
    const from = now - s.horizon;
    let n = 0;
    while (n < s.occs.length && s.occs[n]!.ts < from) n++;
    if (n) s.occs.splice(0, n);
    // A finding not cleared within the retention is forgotten: its clearing can no longer be told.
    const keep = now - Math.max(s.horizon, this.o.retain);
    for (const [k, r] of s.reported) if (r.end < keep) s.reported.delete(k);
  }
}

function at(o: LiveOutput): number {
  return o.kind === 'finding' ? o.match.end : o.resolvedUs;
}
