// The post-mortem draft in Markdown, shaped like the seeds: summary, affected nodes, timeline,
// findings with evidence and provenance, cause chains, action items.
import type { FindingOut } from './model.js';
import { spanText, type PostMortem } from './postmortem.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, '') : '?');

/** What the findings name: pods, containers, units, processes, volumes. */
export function impactOf(findings: readonly FindingOut[]): Array<[string, string[]]> {
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    for (const [k, vs] of Object.entries(f.entities)) {
      const kind = k.split('.').pop()!;
      if (!/^(pod|container|unit|process|task|volume|device|node|namespace)$/.test(kind)) continue;
      for (const v of vs) (out.get(kind) ?? out.set(kind, new Set()).get(kind)!).add(v);
    }
  }
  return [...out.entries()].map(([k, s]) => [k, [...s].sort()]);
}

function finding(f: FindingOut, byId: Map<number, FindingOut>): string {
  const ref = (id: number) => `#${id} ${byId.get(id)?.rule ?? ''} on ${byId.get(id)?.host ?? '?'}`;
  const lines = [
    `### #${f.id} ${f.rule} — ${f.severity} — ${f.host}`,
    '',
    `**${f.title}.** ${f.summary}`,
    '',
    `- **When:** ${spanText(f.start, f.end)} UTC`,
    `- **Status:** ${f.status === 'resolved' ? `resolved at ${short(f.resolved)} UTC` : 'open at the end of the logs'}`,
  ];
  if (f.caused_by.length) lines.push(`- **Caused by:** ${f.caused_by.map(ref).join(', ')}`);
  if (f.causes.length) lines.push(`- **Led to:** ${f.causes.map(ref).join(', ')}`);
  lines.push('', `**Why it matters.** ${f.explanation}`, '', `**Evidence** (${f.evidence.length} of ${f.evidence_total} lines; all of them: \`kubesleuth timeline --finding ${f.id}\`):`, '', '```');
  for (const e of f.evidence.slice(0, 20)) lines.push(`${short(e.ts)}  ${e.source}${e.unit ? `/${e.unit}` : ''}  ${e.message.replace(/\n/g, ' ⏎ ')}  [${e.input}:${e.line}]`);
  if (f.evidence.length > 20) lines.push(`… ${f.evidence_total - 20} more`);
  lines.push('```');
  if (f.references.length) lines.push('', `**References:** ${f.references.map((r) => `<${r}>`).join(', ')}`);
  return lines.join('\n');
}

/** The draft as Markdown. */
export function renderMarkdown(pm: PostMortem): string {
  const byId = new Map(pm.findings.map((f) => [f.id, f]));
  const out: string[] = [`# Post-mortem draft: ${pm.title}`, ''];
  out.push(`*Drafted by kubesleuth on ${short(pm.generated)} UTC from ${pm.inputs.count} input(s), ${pm.inputs.events} events (${short(pm.inputs.first)} → ${short(pm.inputs.last)} UTC). The findings and their evidence are facts from the logs; the conclusions and action items are for you to confirm.*`, '');
  out.push('## Summary', '');
  if (!pm.findings.length) {
    out.push(`Nothing in these logs matched a rule: ${pm.nodes.length} node(s), ${pm.inputs.events} events.`, '');
    return `${out.join('\n')}\n`;
  }
  const affected = pm.nodes.filter((n) => n.findings.length);
  const starts = pm.findings.map((f) => f.start).filter((s): s is string => !!s).sort();
  const ends = pm.findings.map((f) => f.end).filter((s): s is string => !!s).sort();
  const open = pm.findings.filter((f) => f.status === 'open').length;
  out.push('**What:**', '');
  for (const c of pm.chains) out.push(`- ${spanText(c.root.start, c.root.end)} UTC: ${c.root.title} on ${c.root.host} (#${c.root.id} ${c.root.rule}, ${c.root.severity})${c.below.length ? `, which led to ${c.below.map((b) => `#${b.id} ${b.rule}`).join(' → ')}` : ''}. ${c.root.summary}`);
  out.push('', `**Where:** ${affected.length} of ${pm.nodes.length} node(s): ${affected.map((n) => n.host).join(', ')}.`, '');
  const sameDay = starts[0]?.slice(0, 10) === ends[ends.length - 1]?.slice(0, 10);
  out.push(`**When:** ${sameDay ? `${spanText(starts[0] ?? null, ends[ends.length - 1] ?? null)} UTC` : `first finding ${short(starts[0] ?? null)} UTC, last evidence ${short(ends[ends.length - 1] ?? null)} UTC (separate incidents: see each above)`}; ${open ? `${open} finding(s) still open at the end of the logs` : 'every finding resolved by the end of the logs'}.`, '');
  const impact = impactOf(pm.findings);
  out.push(`**Impact:** ${pm.findings.length} finding(s) (${[...new Set(pm.findings.map((f) => f.severity))].map((s) => `${pm.findings.filter((f) => f.severity === s).length} ${s}`).join(', ')})${impact.length ? `; named in them: ${impact.map(([k, vs]) => `${k}${vs.length > 1 ? 's' : ''} ${vs.slice(0, 8).join(', ')}${vs.length > 8 ? ` and ${vs.length - 8} more` : ''}`).join('; ')}` : ''}.`, '');
  if (pm.fleet.length) out.push(`**Fleet:** ${pm.fleet.map((x) => `${x.rule} on ${x.hosts.length} nodes within an hour (${x.hosts.join(', ')})`).join('; ')} — check what these nodes share.`, '');
  out.push('## Affected nodes', '', '| node | worst | findings | events | first event (UTC) | last event (UTC) |', '|---|---|---|---|---|---|');
  for (const n of pm.nodes) out.push(`| ${esc(n.host)} | ${n.worst ?? '—'} | ${n.findings.map((id) => `#${id} ${byId.get(id)!.rule}`).join(', ') || '—'} | ${n.events} | ${short(n.first)} | ${short(n.last)} |`);
  out.push('', '## Timeline (UTC)', '');
  for (const e of pm.timeline) {
    const t = `\`${short(e.ts)}\` **${e.host}**`;
    if (e.kind === 'finding') out.push(`- ${t} — **finding #${e.finding}** ${esc(e.text)}`);
    else if (e.kind === 'resolved') out.push(`- ${t} — #${e.finding} ${esc(e.text)}`);
    else if (e.kind === 'end') out.push(`- ${t} — #${e.finding} ${esc(e.text)}`);
    else out.push(`  - ${t} ${esc(e.text.length > 200 ? `${e.text.slice(0, 199)}…` : e.text)}`);
  }
  out.push('', '## Findings', '');
  for (const f of pm.findings) out.push(finding(f, byId), '');
  out.push('## Likely cause chain', '');
  const linked = pm.chains.filter((c) => c.below.length);
  if (!linked.length) out.push('No finding was linked to another by a known chain: each stands on its own.');
  for (const c of linked) out.push(`- On ${c.root.host}: ${[c.root, ...c.below].map((f) => `#${f.id} ${f.rule}`).join(' → ')}`);
  out.push('', '## Action items', '');
  const seen = new Set<string>();
  for (const f of pm.findings) {
    const key = `${f.rule}\u0000${f.remediation}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`- [ ] **${f.rule}** (${pm.findings.filter((x) => x.rule === f.rule).map((x) => x.host).filter((h, i, a) => a.indexOf(h) === i).join(', ')}): ${f.remediation}`);
  }
  out.push('', '## About this draft', '', `${pm.inputs.count} input(s) read, ${pm.inputs.skipped} bundle file(s) skipped as not logs, ${pm.inputs.unparsed} line(s) no parser understood (\`kubesleuth inputs --unparsed\`). Times are UTC. Each evidence line names its file and line; \`kubesleuth timeline --finding ID\` shows it in context.`);
  return `${out.join('\n')}\n`;
}
