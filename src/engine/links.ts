// What follows from what: findings on one host whose rules form a known chain (a rule's
// `causes:`) are linked, and the same rule firing on several hosts close together is one fleet
// finding. Pure functions over findings, so the table, the JSON and the store agree.

/** What linking needs of a finding. */
export interface Linkable {
  rule: { id: string; causes: readonly string[] };
  host: string;
  start: number;
  end: number;
}

/** An effect may start this long before its cause: lines of one second in two files are unordered. */
export const CAUSE_SLACK_US = 60e6;
/** An effect starts at most this long after its cause ended. */
export const CAUSE_WINDOW_US = 3600e6;
/** Findings of one rule on several hosts within this span of each other are one fleet finding. */
export const FLEET_WINDOW_US = 3600e6;

/** Cause → effect pairs (indexes into `findings`). */
export function linkCauses(findings: readonly Linkable[]): Array<[number, number]> {
  const byHost = new Map<string, number[]>();
  findings.forEach((f, i) => (byHost.get(f.host) ?? byHost.set(f.host, []).get(f.host)!).push(i));
  const out: Array<[number, number]> = [];
  for (const idx of byHost.values()) {
    for (const a of idx) {
      const fa = findings[a]!;
      if (!fa.rule.causes.length) continue;
      for (const b of idx) {
        const fb = findings[b]!;
        if (a === b || !fa.rule.causes.includes(fb.rule.id)) continue;
        if (fb.start >= fa.start - CAUSE_SLACK_US && fb.start <= fa.end + CAUSE_WINDOW_US) out.push([a, b]);
      }
    }
  }
  return out;
}

/**
 * Display order: each root (a finding nothing caused), most severe and earliest first by the
 * given order, followed by what it caused, depth first; `depth` says how far down the chain.
 */
export function chainOrder(count: number, links: ReadonlyArray<readonly [number, number]>, rank: (a: number, b: number) => number): Array<{ index: number; depth: number }> {
  const effects = new Map<number, number[]>();
  const caused = new Set<number>();
  for (const [c, e] of links) {
    (effects.get(c) ?? effects.set(c, []).get(c)!).push(e);
    caused.add(e);
  }
  // A root sorts by the most severe finding of its chain: a low "unit failed" that left the
  // node without docker comes before a high finding elsewhere.
  const lead = new Map<number, number>();
  const leadOf = (i: number, seen: Set<number>): number => {
    if (lead.has(i)) return lead.get(i)!;
    seen.add(i);
    let best = i;
    for (const e of effects.get(i) ?? []) {
      if (seen.has(e)) continue;
      const b = leadOf(e, seen);
      if (rank(b, best) < 0) best = b;
    }
    lead.set(i, best);
    return best;
  };
  const all = Array.from({ length: count }, (_, i) => i).sort((a, b) => rank(leadOf(a, new Set()), leadOf(b, new Set())) || rank(a, b));
  const out: Array<{ index: number; depth: number }> = [];
  const placed = new Set<number>();
  const visit = (i: number, depth: number) => {
    if (placed.has(i)) return;
    placed.add(i);
    out.push({ index: i, depth });
    for (const e of (effects.get(i) ?? []).sort(rank)) visit(e, depth + 1);
  };
  for (const i of all) if (!caused.has(i)) visit(i, 0);
  // A cycle of causes has no root: its members are shown in plain order.
  for (const i of all) visit(i, 0);
  return out;
}

/** Clusters of one rule's findings whose starts chain within FLEET_WINDOW_US and span ≥ 2 hosts (indexes). */
export function fleetClusters(findings: ReadonlyArray<{ rule: string; host: string; start: number }>): number[][] {
  const byRule = new Map<string, number[]>();
  findings.forEach((f, i) => (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(i));
  const out: number[][] = [];
  for (const idx of byRule.values()) {
    idx.sort((a, b) => findings[a]!.start - findings[b]!.start);
    let cur: number[] = [];
    const flush = () => {
      if (new Set(cur.map((i) => findings[i]!.host)).size >= 2) out.push(cur);
      cur = [];
    };
    for (const i of idx) {
      if (cur.length && findings[i]!.start - findings[cur[cur.length - 1]!]!.start > FLEET_WINDOW_US) flush();
      cur.push(i);
    }
    flush();
  }
  return out;
}
