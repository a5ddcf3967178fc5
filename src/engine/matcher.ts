// Tests each event against every rule's signals on the ingest hot path. Candidates are picked
// by source first, then a literal `includes` runs before any regex: a line that matches no rule
// (the common case) costs a map lookup and a few substring tests.
import type { FieldValue, LogEvent } from '../event.js';
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
    default: return expr.startsWith('fields.') ? fieldText(ev.fields?.[expr.slice(7)]) : null;
  }
}

function target(ev: LogEvent, name: string): string | null {
  return name === 'message' ? ev.message : fieldText(ev.fields?.[name.slice(7)]);
}

function test(ev: LogEvent, s: MatchSpec): Record<string, string> | null | false {
  if (s.unit && (ev.unit === null || !s.unit.includes(ev.unit))) return false;
  for (const [k, allowed] of s.fields) {
    const v = fieldText(ev.fields?.[k]);
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
      if (s.literal && !text.includes(s.literal)) continue;
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

/** Builds the matcher for a rule set. */
export function compileMatcher(rules: readonly Rule[]): EventMatcher {
  const bySource = new Map<string, Compiled[]>();
  const anySource: Compiled[] = [];
  for (const r of rules) {
    for (const sig of Object.values(r.signals)) {
      for (const spec of sig.any) {
        const c: Compiled = { rule: r.id, signal: sig.name, spec };
        if (!spec.source) anySource.push(c);
        else for (const s of spec.source) (bySource.get(s) ?? bySource.set(s, []).get(s)!).push(c);
      }
    }
  }
  return {
    match(ev: LogEvent): SignalHit[] | null {
      const list = bySource.get(ev.source);
      if (!list && anySource.length === 0) return null;
      let hits: SignalHit[] | null = null;
      const run = (cs: Compiled[]) => {
        for (const c of cs) {
          // One hit per (rule, signal): the first alternative that matches wins.
          if (hits && hits.some((h) => h.rule === c.rule && h.signal === c.signal)) continue;
          const r = test(ev, c.spec);
          if (r === false) continue;
          (hits ??= []).push({ rule: c.rule, signal: c.signal, captures: r });
        }
      };
      if (list) run(list);
      if (anySource.length) run(anySource);
      return hits;
    },
  };
}
