// Tests each event against every rule's signals on the ingest hot path. Candidates are picked
// by source first, then a literal `includes` runs before any regex: a line that matches no rule
// (the common case) costs a map lookup and a few substring tests.
import { fieldsOf, type FieldValue, type LogEvent } from '../event.js';
import type { EventMatcher, SignalHit } from '../store/store.js';
import type { MatchSpec, Rule } from './rule-types.js';
import { MAX_WEIGHT } from './rules.js';
import { gateOf, keysOf, type Gate } from './literal.js';

interface Compiled {
  rule: string;
  signal: string;
  spec: MatchSpec;
  /** Every field value the spec wants is plain text, so it can be looked for in the fields' JSON first. */
  quick: boolean;
}

/** The capture that carries a match's weight (kept with the signal; `_` keeps it off summaries). */
export const WEIGHT_CAPTURE = '_w';

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

function test(ev: LogEvent, c: Compiled): Record<string, string> | null | false {
  const s = c.spec;
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
  if (s.weight !== 1) {
    const w = typeof s.weight === 'number' ? s.weight : Math.trunc(Number(evalExpr(ev, s.weight)));
    if (w > 1) (captures ??= {})[WEIGHT_CAPTURE] = String(Math.min(w, MAX_WEIGHT));
  }
  return captures;
}

// The candidates of one source (its own specs and the source-less ones) behind two gates: one of
// every literal, tried on the message, and one of the same literals as JSON holds them plus the
// field values specs want (`reason: BackOff`), tried on the fields' JSON text while it is still
// text. A line no rule wants costs those two scans; a line that holds a literal runs only the
// specs that want that literal. Specs with neither (unit or fields only) always run.
interface Bucket {
  specs: Compiled[];
  gate: Gate | null;
  byLiteral: Map<string, number[]>;
  json: Gate | null;
  byJson: Map<string, number[]>;
  /** Fields some spec also searches (`in: [fields.err]`), tried through the gate when fields are parsed. */
  fieldNames: string[];
  /** Specs wanting field values, with their first condition: run when parsed fields meet it. */
  byValue: Array<{ i: number; field: string; values: ReadonlySet<string> }>;
  ungated: Compiled[];
}

function bucket(cs: readonly Compiled[]): Bucket {
  const specs: Compiled[] = [];
  const ungated: Compiled[] = [];
  const literals = new Set<string>();
  const json = new Set<string>();
  const fieldNames = new Set<string>();
  const want: Array<{ lits: string[]; json: string[] }> = [];
  for (const c of cs) {
    const lits = c.spec.contains ?? c.spec.literals;
    const plain = (v: string) => (/^(?:-?\d+(?:\.\d+)?|true|false)$/.test(v) ? v : `"${v}"`);
    if (lits) {
      const j = c.spec.in.some((t) => t !== 'message') ? lits.map((l) => JSON.stringify(l).slice(1, -1)) : [];
      for (const t of c.spec.in) if (t !== 'message') fieldNames.add(t.slice(7));
      want.push({ lits, json: j });
    } else if (c.quick && c.spec.fields.length) {
      // One of the first condition's values must be in the JSON text: quoted as a string, bare
      // only where JSON would print it bare (numbers, true, false).
      want.push({ lits: [], json: c.spec.fields[0]![1].map(plain) });
    } else {
      ungated.push(c);
      continue;
    }
    specs.push(c);
    for (const l of want[want.length - 1]!.lits) literals.add(l);
    for (const l of want[want.length - 1]!.json) json.add(l);
  }
  const b: Bucket = { specs, gate: gateOf(literals), byLiteral: new Map(), json: gateOf(json), byJson: new Map(), fieldNames: [...fieldNames], byValue: [], ungated };
  want.forEach((w, i) => {
    if (!w.lits.length) {
      const [field, values] = b.specs[i]!.spec.fields[0]!;
      b.byValue.push({ i, field, values: new Set(values) });
    }
    for (const l of w.lits) for (const k of keysOf(b.gate!, l)) (b.byLiteral.get(k) ?? b.byLiteral.set(k, []).get(k)!).push(i);
    for (const l of w.json) for (const k of keysOf(b.json!, l)) (b.byJson.get(k) ?? b.byJson.set(k, []).get(k)!).push(i);
  });
  return b;
}

interface Plan {
  bySource: Map<string, Bucket>;
  /** Lines of a source no spec names: the source-less specs only. */
  rest: Bucket;
}

function plan(rules: readonly Rule[]): Plan {
  const bySource = new Map<string, Compiled[]>();
  const any: Compiled[] = [];
  for (const r of rules) {
    for (const sig of Object.values(r.signals)) {
      for (const spec of sig.any) {
        const c: Compiled = { rule: r.id, signal: sig.name, spec, quick: spec.fields.every(([, vs]) => vs.every((v) => /^[\w.:-]+$/.test(v))) };
        if (spec.source) for (const s of spec.source) (bySource.get(s) ?? bySource.set(s, []).get(s)!).push(c);
        else any.push(c);
      }
    }
  }
  // A source's own specs first, then the source-less ones: the order hits were always found in.
  return { bySource: new Map([...bySource].map(([k, cs]) => [k, bucket([...cs, ...any])])), rest: bucket(any) };
}

// Marks the specs of every gate literal in `text`, overlapping occurrences included.
function scan(gate: Gate | null, by: Map<string, number[]>, text: string, marks: Uint8Array | null, size: number): Uint8Array | null {
  if (gate === null) return marks;
  const re = gate.re;
  re.lastIndex = 0;
  // Most lines hold no literal: one test, and only then the walk over every occurrence.
  if (!re.test(text)) return marks;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    marks ??= new Uint8Array(size);
    for (const i of by.get(m[0]) ?? []) marks[i] = 1;
    re.lastIndex = m.index + 1;
  }
  return marks;
}

/** Builds the matcher for a rule set. */
export function compileMatcher(rules: readonly Rule[]): EventMatcher {
  const p = plan(rules);
  const run = (ev: LogEvent, c: Compiled, hits: SignalHit[] | null): SignalHit[] | null => {
    // One hit per (rule, signal): the first alternative that matches wins.
    if (hits && hits.some((h) => h.rule === c.rule && h.signal === c.signal)) return hits;
    const r = test(ev, c);
    if (r !== false) (hits ??= []).push({ rule: c.rule, signal: c.signal, captures: r });
    return hits;
  };
  return {
    match(ev: LogEvent): SignalHit[] | null {
      const b = p.bySource.get(ev.source) ?? p.rest;
      const n = b.specs.length;
      let marks = scan(b.gate, b.byLiteral, ev.message, null, n);
      if (ev.fields === null) {
        // Fields still in JSON text are searched as text: never parsed for a line no rule wants.
        if (ev.fieldsJson !== null) marks = scan(b.json, b.byJson, ev.fieldsJson, marks, n);
      } else {
        // A spec wanting `event: [started]` is not run for a line whose event is another.
        for (const v of b.byValue) {
          const t = fieldText(ev.fields[v.field]);
          if (t !== null && v.values.has(t)) (marks ??= new Uint8Array(n))[v.i] = 1;
        }
        for (const f of b.fieldNames) {
          const v = fieldText(ev.fields[f]);
          if (v !== null) marks = scan(b.gate, b.byLiteral, v, marks, n);
        }
      }
      let hits: SignalHit[] | null = null;
      if (marks) for (let i = 0; i < n; i++) if (marks[i]) hits = run(ev, b.specs[i]!, hits);
      for (const c of b.ungated) hits = run(ev, c, hits);
      return hits;
    },
  };
}
