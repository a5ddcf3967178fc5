// `kubesleuth rules list|show|test`: what the rule set holds, one rule in full, and every rule's
// samples run through the real pipeline with the set linted.
import { Readable } from 'node:stream';
import { KubesleuthError } from '../errors.js';
import { lintRule } from '../engine/lint.js';
import { SELECT_HELP, SELECT_OPTIONS, selectRules } from '../engine/select.js';
import type { Rule } from '../engine/rule-types.js';
import type { AnalyzeDoc } from '../report/model.js';
import { table } from '../report/table.js';
import { painter, useColor } from '../report/text.js';
import { formatDuration } from '../time.js';
import { analyze } from './analyze.js';
import { parse, type Io } from './args.js';

/** Help text of `rules`. */
export const RULES_HELP = `Usage: kubesleuth rules list|show ID|test [options]

  list               every rule: id, severity, title, tags (--json for machines)
  show ID            one rule in full: what it means, what it matches, how it
                     correlates, what to do, what it may cause, its samples
  test               run every rule's positive and negative samples through
                     the pipeline and lint the set; exit 1 when one fails

Options:
${SELECT_HELP}
  --json             list: one JSON array
  -h, --help         this help

Examples:
  kubesleuth rules list --min-severity high
  kubesleuth rules show oom-kill
  kubesleuth rules test --rules ./my-rules --only 'my-*'
`;

const OPTIONS = { ...SELECT_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  return { stream: { write: (c: string | Buffer) => (chunks.push(c.toString()), true), isTTY: false } as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

function describeCorrelation(r: Rule): string {
  const c = r.correlation;
  const by = c.groupBy.length ? ` per host, ${c.groupBy.join(', ')}` : ' per host';
  switch (c.type) {
    case 'event_count': return `event_count: ≥ ${c.gte} of ${c.signals.join(', ')} within ${formatDuration(c.timespan)}${by}`;
    case 'value_count': return `value_count: ≥ ${c.gte} distinct ${c.field} of ${c.signals.join(', ')} within ${formatDuration(c.timespan)}${by}`;
    case 'temporal': return `temporal: ${c.signals.join(' and ')} together within ${formatDuration(c.timespan)}${by}`;
    case 'temporal_ordered': {
      const steps = c.steps.map((s) => `${s.signal} as ${s.as}${s.within !== null ? ` within ${formatDuration(s.within)}` : ''}`).join(' → ');
      const absent = c.absent.map((a) => `; then no ${a.signal} after ${a.after}${a.within !== null ? ` within ${formatDuration(a.within)}` : ''}`).join('');
      return `temporal_ordered${by}: ${steps}${absent}`;
    }
  }
}

function show(r: Rule, io: Io): void {
  const paint = painter(useColor(io.out));
  const sig = Object.values(r.signals).map((s) => `  ${s.name}: ${s.any.map((m) => [m.source ? `source ${m.source.join('|')}` : '', m.fields.map(([k, v]) => `${k}=${v.join('|')}`).join(' '), m.contains ? `contains ${m.contains.map((x) => JSON.stringify(x)).join(' or ')}` : '', m.regex ? `regex /${m.regex.source}/` : ''].filter(Boolean).join(', ')).join('\n    or ')}`);
  io.out.write([
    `${paint('bold', r.id)} (${r.severity}) — ${r.title}`,
    `file: ${r.file}`,
    r.tags.length ? `tags: ${r.tags.join(', ')}` : '',
    '', paint('bold', 'what it means:'), r.description,
    '', paint('bold', 'signals:'), ...sig,
    '', `${paint('bold', 'correlation:')} ${describeCorrelation(r)}`,
    r.resolve ? `${paint('bold', 'resolved by:')} ${r.resolve.signal}${r.resolve.within !== null ? ` within ${formatDuration(r.resolve.within)}` : ''}` : '',
    r.causes.length ? `${paint('bold', 'may cause:')} ${r.causes.join(', ')}` : '',
    '', paint('bold', 'what to do:'), r.remediation,
    '', paint('bold', 'known false positives:'), ...r.falsepositives.map((f) => `  - ${f}`),
    '', paint('bold', 'references:'), ...r.references.map((x) => `  ${x}`),
    '', `${paint('bold', 'samples:')} ${r.samples.positive.length} positive, ${r.samples.negative.length} negative (kubesleuth rules test --only ${r.id})`,
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n') + '\n');
}

async function runSample(log: string, format: string | null, sel: string[], io: Io): Promise<AnalyzeDoc | string> {
  const out = sink();
  const err = sink();
  const code = await analyze(['--json', '-q', '--db', ':memory:', ...sel, ...(format ? ['--format', format] : [])], { ...io, stdin: Readable.from([Buffer.from(log)]), stdinIsTTY: false, out: out.stream, err: err.stream });
  return code === 0 ? (JSON.parse(out.text()) as AnalyzeDoc) : err.text().trim();
}

async function testRules(rules: Rule[], all: Rule[], flags: string[], io: Io): Promise<number> {
  const paint = painter(useColor(io.out));
  const ids = new Set(all.map((r) => r.id));
  let failed = 0;
  let run = 0;
  for (const r of rules) {
    const problems = lintRule(r, ids).map((p) => `lint ${p}`);
    for (const [kind, list] of [['positive', r.samples.positive], ['negative', r.samples.negative]] as const) {
      for (const s of list) {
        run++;
        const doc = await runSample(s.log, s.format, [...flags, '--only', r.id], io);
        if (typeof doc === 'string') {
          problems.push(`${kind} "${s.name}": analyze failed: ${doc}`);
          continue;
        }
        const mine = doc.findings.filter((f) => f.rule === r.id).length;
        if (kind === 'positive' && (s.findings === null ? mine === 0 : mine !== s.findings)) problems.push(`positive "${s.name}": ${mine} finding(s), expected ${s.findings ?? '≥ 1'}`);
        if (kind === 'positive' && doc.stats.unparsed) problems.push(`positive "${s.name}": ${doc.stats.unparsed} line(s) unparsed`);
        if (kind === 'negative' && mine) problems.push(`negative "${s.name}": ${mine} finding(s), expected none`);
      }
    }
    if (problems.length) failed++;
    io.out.write(`${problems.length ? paint('red', 'FAIL') : paint('green', 'ok  ')} ${r.id} (${r.samples.positive.length}+${r.samples.negative.length} samples)\n${problems.map((p) => `     ${p}\n`).join('')}`);
  }
  io.out.write(`${rules.length - failed} of ${rules.length} rule(s) pass; ${run} sample(s) run\n`);
  return failed ? 1 : 0;
}

/** Runs `rules`; returns the exit status. */
export async function rulesCommand(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'rules');
  const [sub, id, ...extra] = positionals;
  if (v.help || sub === undefined) {
    io.out.write(RULES_HELP);
    return v.help ? 0 : 2;
  }
  if (extra.length) throw new KubesleuthError(`rules: unexpected argument "${extra[0]}" (see kubesleuth rules --help)`);
  const sel = { rules: v.rules, only: v.only, exclude: v.exclude, minSeverity: v['min-severity'] };
  const rules = selectRules(sel);
  switch (sub) {
    case 'list':
      if (v.json) io.out.write(`${JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, title: r.title, tags: r.tags, causes: r.causes, file: r.file })), null, 2)}\n`);
      else io.out.write(`${table(['ID', 'SEVERITY', 'TITLE', 'TAGS'], rules.map((r) => ({ ID: r.id, SEVERITY: r.severity, TITLE: r.title, TAGS: r.tags.join(',') })))}\n${rules.length} rule(s)\n`);
      return 0;
    case 'show': {
      const r = rules.find((x) => x.id === id);
      if (!r) throw new KubesleuthError(`rules show: no rule "${id ?? ''}" (see kubesleuth rules list)`);
      show(r, io);
      return 0;
    }
    case 'test': {
      const flags = (v.rules ?? []).flatMap((d) => ['--rules', d]);
      return testRules(rules, selectRules({ rules: v.rules }), flags, io);
    }
    default:
      throw new KubesleuthError(`rules: unknown subcommand "${sub}"; one of list, show, test (see kubesleuth rules --help)`);
  }
}
