// Checks a rule set beyond what loading validates: every signal is used, templates name only
// values the rule captures, references are links, chains point at known rules, samples exist.
import type { Rule } from './rule-types.js';

function captureNames(rule: Rule, signal: string): Set<string> {
  const names = new Set<string>();
  for (const m of rule.signals[signal]?.any ?? []) {
    for (const g of m.regex?.source.matchAll(/\(\?<(\w+)>/g) ?? []) names.add(g[1]!);
    for (const [k] of m.capture) names.add(k);
  }
  return names;
}

/** Problems of one rule, each `<field>: <what is wrong>`; `ids` are the ids of the whole set. */
export function lintRule(rule: Rule, ids: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const ref of rule.references) if (!/^https:\/\/\S+$/.test(ref)) out.push(`references: "${ref}" is not an https link`);
  const c = rule.correlation;
  const used = new Set([...rule.evidence, ...rule.unless.map((u) => u.signal), ...(rule.resolve ? [rule.resolve.signal] : [])]);
  if (c.type === 'temporal_ordered') for (const s of [...c.steps.map((x) => x.signal), ...c.absent.map((a) => a.signal)]) used.add(s);
  else for (const s of c.signals) used.add(s);
  for (const s of Object.keys(rule.signals)) if (!used.has(s)) out.push(`signals.${s}: never used (not correlated, evidence, unless or resolve)`);
  const known = new Set(['host', 'count', 'duration', 'start', 'end']);
  if (c.type === 'temporal_ordered') for (const s of c.steps) for (const n of captureNames(rule, s.signal)) known.add(`${s.as}.${n}`);
  else for (const s of c.signals) for (const n of captureNames(rule, s)) known.add(n).add(`count:${n}`);
  for (const [field, text] of [['summary', rule.summary], ['remediation', rule.remediation]] as const) {
    for (const [, key] of text.matchAll(/\{([\w.:]+)\}/g)) if (!known.has(key!)) out.push(`${field}: {${key}} is not a value this rule captures`);
  }
  for (const id of rule.causes) if (!ids.has(id)) out.push(`causes: "${id}" is not a loaded rule`);
  if (rule.samples.positive.length < 1 || rule.samples.negative.length < 1) out.push('samples: needs at least one positive and one negative sample');
  return out;
}
