// Tests each event against every rule's signals on the ingest hot path. Candidates are picked
// by source first, then a literal `includes` runs before any regex: a line that matches no rule
// (the common case) costs a map lookup and a few substring tests.
import { fieldsOf, fieldsText, type FieldValue, type LogEvent } from '../event.js';
import type { EventMatcher, SignalHit } from '../store/store.js';
import type { MatchSpec, Rule } from './rule-types.js';

interface Compiled {
  rule: string;
  signal: string;
  spec: MatchSpec;
}

function fieldText(v: FieldValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Value of a capture expression (`unit`, `host`, `fields.id`) on an event, or null. */
export function evalExpr(ev: LogEvent, expr: string): string | null {
  switch (expr) {
    case 'unit': return ev.unit;
    case 'host': return ev.host;
    case 'source': return ev.source;
    case 'ident': return ev.ident;
    case 'pid': return ev.pid === null ? null : String(ev.pid);
    case 'message': return ev.message;
    default: return expr.startsWith('fields.') ? fieldText(fieldsOf(ev)?.[expr.slice(7)]) : null;
  }
}

function target(ev: LogEvent, name: string): string | null {
  return name === 'message' ? ev.message : fieldText(fieldsOf(ev)?.[name.slice(7)]);
}

function test(ev: LogEvent, s: MatchSpec): Record<string, string> | null | false {
  if (s.unit && (ev.unit === null || !s.unit.includes(ev.unit))) return false;
  for (const [k, allowed] of s.fields) {
    const v = fieldText(fieldsOf(ev)?.[k]);
    if (v === null || !allowed.includes(v)) return false;
  }
  let captures: Record<string, string> | null = null;
  if (s.contains || s.regex || s.notContains) {
    let ok = false;
    for (const t of s.in) {
      const text = target(ev, t);
      if (text === null) continue;
      if (s.notContains && s.notContains.some((n) => text.includes(n))) return false;
      if (s.contains && !s.contains.some((n) => text.includes(n))) continue;
      if (s.literals && !s.literals.some((l) => text.includes(l))) continue;
      if (s.regex) {
        const m = s.regex.exec(text);
        if (!m) continue;
        if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) (captures ??= {})[k] = v;
      }
      ok = true;
      break;
    }
    if (!ok && (s.contains || s.regex)) return false;
  }
  for (const [name, exprs] of s.capture) {
    for (const e of exprs) {
      const v = evalExpr(ev, e);
      if (v !== null && v !== '') {
        (captures ??= {})[name] = v;
        break;
      }
    }
  }
  return captures;
}

function escape(lit: string): string {
  return lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// One event's candidates: specs of its source, and source-less specs behind one regex of all
// their literals (a line that contains none of them skips them all in one test).
interface Plan {
  bySource: Map<string, Compiled[]>;
  gated: Compiled[];
  /** All literals, for the message. */
  gate: RegExp | null;
  /** Literals of the specs that also search fields, as they appear inside JSON text. */
  fieldsLiterals: string[];
  ungated: Compiled[];
}

function plan(rules: readonly Rule[]): Plan {
  const p: Plan = { bySource: new Map(), gated: [], gate: null, fieldsLiterals: [], ungated: [] };
  const literals = new Set<string>();
  const fieldsLiterals = new Set<string>();
  for (const r of rules) {
    for (const sig of Object.values(r.signals)) {
      for (const spec of sig.any) {
        const c: Compiled = { rule: r.id, signal: sig.name, spec };
        const lits = spec.contains ?? spec.literals;
        if (spec.source) for (const s of spec.source) (p.bySource.get(s) ?? p.bySource.set(s, []).get(s)!).push(c);
        else if (lits && !spec.notContains) {
          p.gated.push(c);
          for (const l of lits) literals.add(l);
          if (spec.in.some((t) => t !== 'message')) for (const l of lits) fieldsLiterals.add(JSON.stringify(l).slice(1, -1));
        } else p.ungated.push(c);
      }
    }
  }
  if (literals.size) p.gate = new RegExp([...literals].map(escape).join('|'));
  p.fieldsLiterals = [...fieldsLiterals];
  return p;
}

/** Builds the matcher for a rule set. */
export function compileMatcher(rules: readonly Rule[]): EventMatcher {
  const p = plan(rules);
  const run = (ev: LogEvent, cs: readonly Compiled[], hits: SignalHit[] | null): SignalHit[] | null => {
    for (const c of cs) {
      // One hit per (rule, signal): the first alternative that matches wins.
      if (hits && hits.some((h) => h.rule === c.rule && h.signal === c.signal)) continue;
      const r = test(ev, c.spec);
      if (r === false) continue;
      (hits ??= []).push({ rule: c.rule, signal: c.signal, captures: r });
    }
    return hits;
  };
  // The fields are searched as their JSON text: parsing them for every line would cost more than the rest.
  const gateOpen = (ev: LogEvent): boolean => {
    if (p.gate!.test(ev.message)) return true;
    if (!p.fieldsLiterals.length) return false;
    const json = fieldsText(ev);
    return json !== null && p.fieldsLiterals.some((l) => json.includes(l));
  };
  return {
    match(ev: LogEvent): SignalHit[] | null {
      let hits: SignalHit[] | null = null;
      const list = p.bySource.get(ev.source);
      if (list) hits = run(ev, list, hits);
      if (p.gate && gateOpen(ev)) hits = run(ev, p.gated, hits);
      if (p.ungated.length) hits = run(ev, p.ungated, hits);
      return hits;
    },
  };
}
