// Correlators: pure functions from time-ordered signal occurrences to matches. Vocabulary after
// Sigma correlation rules (event_count, value_count, temporal_ordered) plus absence: "A, and B
// never followed" — what systemd's left-failed units need.
import type { Absent, Correlation, Step, Where } from './rule-types.js';

/** One event that raised one signal of a rule. */
export interface Occurrence {
  eventId: number;
  ts: number;
  host: string;
  signal: string;
  captures: Record<string, string>;
}

/** A correlated set of occurrences: one finding before rendering. */
export interface Match {
  host: string;
  start: number;
  end: number;
  events: Occurrence[];
  /** Distinct capture values: `pod` for counts, `<alias>.<capture>` for sequences. */
  values: Record<string, string[]>;
}

const before = (a: Occurrence, b: Occurrence) => a.ts < b.ts || (a.ts === b.ts && a.eventId < b.eventId);

function groupOf(o: Occurrence, keys: readonly string[]): string {
  let k = o.host;
  for (const g of keys) k += `\u0000${o.captures[g] ?? ''}`;
  return k;
}

function groups(occs: readonly Occurrence[], keys: readonly string[]): Occurrence[][] {
  const m = new Map<string, Occurrence[]>();
  for (const o of occs) {
    const k = groupOf(o, keys);
    (m.get(k) ?? m.set(k, []).get(k)!).push(o);
  }
  return [...m.values()];
}

/** What an occurrence counts for in event_count (a signal's `weight`, kept as the `_w` capture). */
export function weightOf(o: Occurrence): number {
  const w = o.captures._w;
  return w === undefined ? 1 : Number(w) || 1;
}

function collect(events: readonly Occurrence[], prefix?: (o: Occurrence) => string): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const o of events) {
    for (const [k, v] of Object.entries(o.captures)) {
      if (k.startsWith('_')) continue;
      const key = prefix ? `${prefix(o)}.${k}` : k;
      (out[key] ??= new Set()).add(v);
    }
  }
  return Object.fromEntries(Object.entries(out).map(([k, s]) => [k, [...s]]));
}

function match(events: Occurrence[], values?: Record<string, string[]>): Match {
  return { host: events[0]!.host, start: events[0]!.ts, end: events[events.length - 1]!.ts, events, values: values ?? collect(events) };
}

// Occurrences closer than the timespan form one episode: a line repeated every 5 s for an hour is
// one finding, not 720.
function episodes(sorted: readonly Occurrence[], span: number): Occurrence[][] {
  const out: Occurrence[][] = [];
  let cur: Occurrence[] = [];
  for (const o of sorted) {
    if (cur.length && o.ts - cur[cur.length - 1]!.ts > span) {
      out.push(cur);
      cur = [];
    }
    cur.push(o);
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Whether some window of `span` µs holds ≥ gte occurrences (or distinct values of `field`: a capture name, or a key function). */
export function windowReaches(ep: readonly Occurrence[], span: number, gte: number, field: string | ((o: Occurrence) => string | undefined) | null): boolean {
  const key = typeof field === 'function' ? field : field === null ? null : (o: Occurrence) => o.captures[field];
  const counts = new Map<string, number>();
  let lo = 0;
  let sum = 0;
  for (let hi = 0; hi < ep.length; hi++) {
    const h = ep[hi]!;
    sum += weightOf(h);
    if (key) {
      const v = key(h);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    while (h.ts - ep[lo]!.ts > span) {
      sum -= weightOf(ep[lo]!);
      if (key) {
        const v = key(ep[lo]!);
        if (v !== undefined) {
          const n = counts.get(v)! - 1;
          if (n) counts.set(v, n);
          else counts.delete(v);
        }
      }
      lo++;
    }
    if ((key ? counts.size : sum) >= gte) return true;
  }
  return false;
}

function joined(w: readonly Where[], cand: Occurrence, bound: Record<string, Occurrence>): boolean {
  for (const c of w) {
    const mine = cand.captures[c.capture];
    const theirs = bound[c.alias]?.captures[c.ref];
    const equal = mine !== undefined && mine === theirs;
    if (c.op === 'eq' ? !equal : equal) return false;
  }
  return true;
}

function sequences(occs: readonly Occurrence[], steps: readonly Step[], absent: readonly Absent[]): Array<Record<string, Occurrence>> {
  const bySignal = new Map<string, Occurrence[]>();
  for (const o of occs) (bySignal.get(o.signal) ?? bySignal.set(o.signal, []).get(o.signal)!).push(o);
  const list = (s: string) => bySignal.get(s) ?? [];
  // Later steps take their first occurrence that completes the sequence.
  const complete = (k: number, bound: Record<string, Occurrence>): Record<string, Occurrence> | null => {
    if (k === steps.length) return bound;
    const step = steps[k]!;
    const prev = bound[steps[k - 1]!.as]!;
    for (const c of list(step.signal)) {
      if (!before(prev, c)) continue;
      if (step.within !== null && c.ts - prev.ts > step.within) break;
      if (!joined(step.where, c, bound)) continue;
      const done = complete(k + 1, { ...bound, [step.as]: c });
      if (done) return done;
    }
    return null;
  };
  const absentOk = (t: Record<string, Occurrence>) =>
    absent.every((a) => {
      const after = t[a.after]!;
      return !list(a.signal).some((o) => before(after, o) && (a.within === null || o.ts - after.ts <= a.within) && joined(a.where, o, t));
    });
  const out: Array<Record<string, Occurrence>> = [];
  const first = steps[0]!;
  if (steps.length === 1) {
    for (const e of list(first.signal)) if (absentOk({ [first.as]: e })) out.push({ [first.as]: e });
    return out;
  }
  // Every occurrence of the second step starts at most one match, with the closest first step before it.
  const used = new Set<number>();
  const firsts = list(first.signal);
  for (let i = firsts.length - 1; i >= 0; i--) {
    const e1 = firsts[i]!;
    const second = steps[1]!;
    for (const c of list(second.signal)) {
      if (!before(e1, c) || used.has(c.eventId)) continue;
      if (second.within !== null && c.ts - e1.ts > second.within) break;
      if (!joined(second.where, c, { [first.as]: e1 })) continue;
      const t = complete(2, { [first.as]: e1, [second.as]: c });
      if (t && absentOk(t)) {
        used.add(c.eventId);
        out.push(t);
      }
    }
  }
  return out;
}

/** Runs one rule's correlation over its occurrences (sorted by time); returns the matches. */
export function correlate(c: Correlation, occs: readonly Occurrence[]): Match[] {
  const out: Match[] = [];
  if (c.type === 'event_count' || c.type === 'value_count' || c.type === 'temporal') {
    const wanted = new Set(c.signals);
    const primary = occs.some((o) => !wanted.has(o.signal)) ? occs.filter((o) => wanted.has(o.signal)) : occs;
    // temporal: every listed signal within one window (co-occurrence, in any order).
    const field = c.type === 'value_count' ? c.field : c.type === 'temporal' ? (o: Occurrence) => o.signal : null;
    const gte = c.type === 'temporal' ? c.signals.length : c.gte;
    for (const g of groups(primary, c.groupBy)) {
      for (const ep of episodes(g, c.timespan)) if (windowReaches(ep, c.timespan, gte, field)) out.push(match(ep));
    }
    return out;
  }
  for (const g of groups(occs, c.groupBy)) {
    const tuples = sequences(g, c.steps, c.absent);
    const merged = new Map<string, Array<Record<string, Occurrence>>>();
    for (const t of tuples) {
      const key = c.mergeBy.map((m) => {
        const [alias, cap] = m.split('.') as [string, string];
        return t[alias]?.captures[cap] ?? '';
      }).join('\u0000');
      (merged.get(key) ?? merged.set(key, []).get(key)!).push(t);
    }
    for (const ts of merged.values()) {
      const byId = new Map<number, Occurrence>();
      const aliased: Array<[string, Occurrence]> = [];
      for (const t of ts) for (const [alias, o] of Object.entries(t)) {
        byId.set(o.eventId, o);
        aliased.push([alias, o]);
      }
      const events = [...byId.values()].sort((a, b) => (before(a, b) ? -1 : 1));
      const values: Record<string, Set<string>> = {};
      for (const [alias, o] of aliased) for (const [k, v] of Object.entries(o.captures)) if (!k.startsWith('_')) (values[`${alias}.${k}`] ??= new Set()).add(v);
      out.push(match(events, Object.fromEntries(Object.entries(values).map(([k, s]) => [k, [...s]]))));
    }
  }
  return out;
}
