// Human output: findings for the terminal, the run summary for stderr. Colour only on a TTY
// and never with NO_COLOR (https://no-color.org).
import { styleText } from 'node:util';
import type { AnalyzeDoc, FindingOut } from './model.js';
import type { InputReport } from '../pipeline/ingest.js';
import { isoOf } from '../time.js';
import { table } from './table.js';

type Style = Parameters<typeof styleText>[0];

/** Whether to colour output written to this stream. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined) return process.env.FORCE_COLOR !== '0';
  return !!stream.isTTY && process.env.TERM !== 'dumb';
}

/** A painter that styles text only when colour is on. */
export function painter(color: boolean): (style: Style, text: string) => string {
  return (style, text) => (color ? styleText(style, text) : text);
}

const SEVERITY_STYLE: Record<string, Style> = { critical: ['bold', 'red'], high: 'red', medium: 'yellow', low: 'cyan', info: 'gray' };

function shortTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '?';
}

function span(f: FindingOut): string {
  if (!f.start || !f.end) return '?';
  const start = shortTime(f.start);
  if (f.start === f.end) return start;
  const end = f.start.slice(0, 10) === f.end.slice(0, 10) ? shortTime(f.end).slice(11) : shortTime(f.end);
  return `${start} → ${end}`;
}

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(indent + line);
  }
  return out.join('\n');
}

/** Findings as a readable report; `maxEvidence` lines of evidence each. */
export function renderFindings(doc: AnalyzeDoc, color: boolean, maxEvidence = 8): string {
  const paint = painter(color);
  if (!doc.findings.length) {
    const hosts = doc.stats.hosts.length ? `${doc.stats.hosts.length} host(s)` : 'no named host';
    return `${paint('green', 'No findings:')} ${doc.stats.events} event(s) from ${hosts} raised nothing.\n`;
  }
  const width = Math.min(process.stdout.columns || 100, 120);
  const byId = new Map(doc.findings.map((f) => [f.id, f]));
  const ref = (id: number) => `#${id} ${byId.get(id)?.rule ?? ''}`.trim();
  // A chain reads root first: what a finding caused sits under it, indented.
  const overview = table(
    ['#', 'SEVERITY', 'RULE', 'HOST', 'WHEN', 'STATUS', 'EVIDENCE'],
    doc.findings.map((f) => ({
      '#': f.id, SEVERITY: f.severity, RULE: `${f.depth ? `${'  '.repeat(f.depth - 1)}└ ` : ''}${f.rule}`, HOST: f.host, WHEN: span(f),
      STATUS: f.status === 'resolved' ? `resolved ${shortTime(f.resolved).slice(11)}` : 'open', EVIDENCE: f.evidence_total,
    })),
  );
  const blocks = doc.findings.map((f) => {
    const sev = paint(SEVERITY_STYLE[f.severity] ?? 'white', f.severity.toUpperCase().padEnd(8));
    const lines = [
      `${sev} ${paint('dim', `#${f.id}`)} ${paint('bold', f.rule)}  ${paint('cyan', f.host)}  ${span(f)}${f.status === 'resolved' ? paint('green', `  resolved ${shortTime(f.resolved)}`) : ''}`,
      `  ${paint('bold', f.title)}`,
      wrap(f.summary, width - 4, '  '),
      ...(f.caused_by.length ? [`  ${paint('bold', 'caused by:')} ${f.caused_by.map(ref).join(', ')}`] : []),
      ...(f.causes.length ? [`  ${paint('bold', 'led to:')} ${f.causes.map(ref).join(', ')}`] : []),
      `  ${paint('dim', `evidence (${Math.min(maxEvidence, f.evidence.length)} of ${f.evidence_total}):`)}`,
      ...f.evidence.slice(0, maxEvidence).map((e) => {
        const ts = e.ts ? e.ts.slice(11, 23) : '?'.padEnd(12);
        const who = `${e.source}${e.unit ? `/${e.unit}` : ''}`;
        const msg = e.message.length > 160 ? `${e.message.slice(0, 157)}...` : e.message;
        return `    ${paint('dim', ts)} ${who.padEnd(14)} ${msg}  ${paint('dim', `[${e.input}:${e.line}]`)}`;
      }),
      `  ${paint('bold', 'why:')}`,
      wrap(f.explanation, width - 6, '    '),
      `  ${paint('bold', 'do:')}`,
      wrap(f.remediation, width - 6, '    '),
    ];
    if (f.references.length) lines.push(`  ${paint('bold', 'refs:')} ${f.references.join('  ')}`);
    return lines.join('\n');
  });
  const fleet = doc.fleet.map((x) => `${paint('bold', 'fleet:')} ${x.rule} on ${x.hosts.length} hosts (${x.hosts.join(', ')}) ${shortTime(x.start)} → ${shortTime(x.end)}`);
  return `${overview}\n${blocks.join('\n\n')}\n${fleet.length ? `\n${fleet.join('\n')}\n` : ''}`;
}

function inputLine(r: InputReport): string {
  if (r.status !== 'ingested') return `  ${r.path}: ${r.notes[0] ?? r.status}`;
  const parts = [`${r.format}${r.gzip ? '+gzip' : ''}`, `${r.lines} lines`, `${r.events} events`, `${r.unparsed} unparsed`];
  if (r.hosts.length) parts.push(r.hosts.length === 1 ? `host ${r.hosts[0]}` : `${r.hosts.length} hosts`);
  if (r.place) parts.unshift(r.place.kind);
  if (r.firstTs !== null) parts.push(`${shortTime(isoOf(r.firstTs))} → ${shortTime(isoOf(r.lastTs))}`);
  return `  ${r.path}: ${parts.join(', ')}`;
}

/** The run summary printed on stderr: per input what was read, how, and what to know about it. */
export function renderSummary(doc: AnalyzeDoc, reports: readonly InputReport[], color: boolean): string {
  const paint = painter(color);
  const s = doc.stats;
  const out = [`${paint('bold', 'kubesleuth:')} ${s.inputs} input(s)${s.skipped ? ` (${s.skipped} skipped)` : ''}, ${s.lines} lines, ${s.events} events, ${s.unparsed} unparsed, ${s.hosts.length} host(s)${s.first ? `, ${shortTime(s.first)} → ${shortTime(s.last)}` : ''}`];
  const skipped = new Map<string, number>();
  for (const r of reports) {
    if (r.status === 'bundle') {
      out.push(`  ${paint('bold', r.path)}`);
      for (const n of r.notes) out.push(`    ${n}`);
      continue;
    }
    if (r.status === 'skipped' && r.place) {
      // Bundles skip many files (config, metadata): counted by reason; `kubesleuth inputs` lists them.
      const why = r.notes[0]?.replace(/ \(best: .*\)$/, '').replace(/ to \S+ \(.*\)$/, '') ?? 'skipped';
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      continue;
    }
    out.push(inputLine(r));
    if (r.status === 'ingested') {
      if (r.time?.yearReason) out.push(`    year ${r.time.year}: ${r.time.yearReason}`);
      if (r.time?.zoneReason) out.push(`    zone ${r.time.zone}: ${r.time.zoneReason}`);
      for (const n of r.notes) out.push(`    ${paint('yellow', 'note:')} ${n}`);
      for (const ex of r.unparsedExamples.slice(0, 2)) out.push(`    ${paint('dim', `unparsed ${ex}`)}`);
    }
  }
  if (skipped.size) {
    out.push(`  skipped ${[...skipped.values()].reduce((a, b) => a + b, 0)} bundle file(s) (list them: kubesleuth inputs --skipped):`);
    for (const [why, n] of [...skipped.entries()].sort((a, b) => b[1] - a[1])) out.push(`    ${n} × ${why}`);
  }
  const bySev = new Map<string, number>();
  for (const f of doc.findings) bySev.set(f.severity, (bySev.get(f.severity) ?? 0) + 1);
  const sev = [...bySev.entries()].map(([k, v]) => `${v} ${k}`).join(', ');
  out.push(`${paint('bold', 'kubesleuth:')} ${doc.findings.length} finding(s)${sev ? ` (${sev})` : ''}; store ${s.store.path} holds ${s.store.inputs} input(s), ${s.store.events} events`);
  return `${out.join('\n')}\n`;
}
