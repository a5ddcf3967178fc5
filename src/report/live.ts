// What `watch` prints: one block per new finding and one line per clearing, for people (coloured
// on a terminal) or one JSON object per line for machines.
import type { Occurrence } from '../engine/correlate.js';
import type { LiveOutput } from '../engine/live.js';
import { formatDuration, isoOf } from '../time.js';
import { painter } from './text.js';

/** An occurrence as watch keeps it: the signal's event, with what evidence shows of it. */
export interface LiveOccurrence extends Occurrence {
  source: string;
  unit: string | null;
  message: string;
  line: number;
}

const SEVERITY_STYLE = { critical: ['bold', 'red'], high: 'red', medium: 'yellow', low: 'cyan', info: 'gray' } as const;

function evidenceOf(o: Occurrence, input: string): Record<string, unknown> {
  const e = o as LiveOccurrence;
  return { ts: isoOf(e.ts), host: e.host, source: e.source, unit: e.unit, message: e.message, input, line: e.line, signal: e.signal };
}

/** One output as a JSON object (the analyze finding's field names, plus `type`). */
export function liveJson(o: LiveOutput, input: string): Record<string, unknown> {
  const m = o.match;
  const base = { type: o.kind, rule: o.rule.id, severity: o.rule.severity, host: m.host, start: isoOf(m.start), end: isoOf(m.end), title: o.rule.title };
  if (o.kind === 'resolved') return { ...base, status: 'resolved', resolved: isoOf(o.resolvedUs) };
  const last = m.events[m.events.length - 1] as LiveOccurrence;
  return {
    ...base, status: 'open', summary: o.summary, remediation: o.remediation, entities: m.values,
    evidence: o.evidence.map((e) => evidenceOf(e, input)), evidence_total: o.evidenceTotal,
    // The line that completed the match: what the finding was decided on.
    line: last.line,
  };
}

function clock(us: number): string {
  return (isoOf(us) ?? '?').replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function oneLine(text: string, width: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > width ? `${t.slice(0, width - 1)}…` : t;
}

/** One output for a terminal: a finding with its first evidence lines, or a clearing line. */
export function liveText(o: LiveOutput, color: boolean, maxEvidence: number, width = 120): string {
  const paint = painter(color);
  const m = o.match;
  if (o.kind === 'resolved') {
    return `${paint('green', '✓ resolved')}  ${clock(o.resolvedUs)}  ${o.rule.id}  ${m.host}  (open ${formatDuration(o.resolvedUs - m.start)} from ${clock(m.start)})\n`;
  }
  const sev = paint(SEVERITY_STYLE[o.rule.severity] as Parameters<typeof paint>[0], o.rule.severity.toUpperCase());
  const lines = [`${paint('bold', '●')} ${clock(m.end)}  ${sev}  ${paint('bold', o.rule.id)}  ${m.host}`, `  ${oneLine(o.summary, width - 2)}`];
  const shown = o.evidence.slice(0, maxEvidence) as LiveOccurrence[];
  for (const e of shown) lines.push(paint('gray', `    ${clock(e.ts).slice(11)}  ${e.source.padEnd(10)} ${oneLine(e.message, width - 26)}`));
  if (o.evidenceTotal > shown.length) lines.push(paint('gray', `    … ${o.evidenceTotal - shown.length} more line(s)`));
  lines.push(`  ${paint('cyan', 'next:')} ${oneLine(o.remediation, width - 8)}`);
  return `${lines.join('\n')}\n`;
}
