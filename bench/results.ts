// The benchmark's results: kept as JSON, and written as the README's performance tables so every
// number there comes from one run of `npm run bench -- --readme`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fmt } from './measure.js';
import type { QueryTime } from './queries.js';
import type { WatchLatency, WatchMemory } from './watch.js';

/** One input analysed by kubesleuth, lnav and grep. */
export interface WorkloadResult {
  id: string;
  label: string;
  lines: number;
  mb: number;
  events: number;
  hosts: number;
  findings: number;
  rules: string[];
  wall: number;
  cpu: number;
  linesPerS: number;
  rssMb: number;
  lnavWall: number | null;
  lnavRssMb: number | null;
  lnavLines: number | null;
  grepWall: number;
  ratio: number | null;
}

/** Everything one run measured. */
export interface Results {
  date: string;
  node: string;
  workloads: WorkloadResult[];
  ruleCost: { lines: number; bareWalls: number[]; fullWalls: number[]; bareCpu: number; fullCpu: number; pctWall: number; pctCpu: number } | null;
  queries: QueryTime[];
  watch: { latency: WatchLatency; memory: WatchMemory } | null;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** The results as Markdown tables. */
export function markdown(r: Results): string {
  const out: string[] = [`Run of ${r.date.slice(0, 10)}, Node ${r.node}, 2 cores. Wall and CPU seconds and peak RSS by GNU time.`, ''];
  out.push('| workload | lines | MB | kubesleuth wall | lines/s | CPU | peak RSS | lnav wall | lnav RSS | `grep -c` | kubesleuth/lnav |', '|---|---|---|---|---|---|---|---|---|---|---|');
  for (const w of r.workloads) {
    out.push(`| ${w.id}: ${w.label} | ${fmt(w.lines)} | ${fmt(w.mb)} | ${w.wall} s | ${fmt(w.linesPerS)} | ${w.cpu} s | ${w.rssMb} MB | ${w.lnavWall ?? 'n/a'} s | ${w.lnavRssMb ?? '-'} MB | ${w.grepWall} s | ${w.ratio ?? 'n/a'} |`);
  }
  const t3 = r.workloads.find((w) => w.id === 'text-3M');
  const t10 = r.workloads.find((w) => w.id === 'text-10M');
  if (t3 && t10) out.push('', `10M lines took ${(t10.wall / t3.wall).toFixed(2)}× the time of 3M (peak RSS ${t3.rssMb} MB at 3M, ${t10.rssMb} MB at 10M).`);
  if (r.ruleCost) {
    const c = r.ruleCost;
    out.push('', `Rule cost (text-1M, three runs each): no rules ${c.bareWalls.join(', ')} s; all rules ${c.fullWalls.join(', ')} s. Median: +${c.pctWall} % wall, +${c.pctCpu} % CPU.`);
  }
  if (r.queries.length) {
    out.push('', 'Questions asked of the text-3M store (the whole command, including start-up), and of lnav re-reading the file:', '');
    out.push('| question | kubesleuth | answer | lnav | lnav answer | lnav/kubesleuth |', '|---|---|---|---|---|---|');
    for (const q of r.queries) out.push(`| ${q.question} | ${q.wall} s | ${q.answer} | ${q.lnavWall ?? '-'}${q.lnavWall === null ? '' : ' s'} | ${q.lnavAnswer ?? '-'} | ${q.lnavWall === null ? '-' : `${Math.round(q.lnavWall / q.wall)}×`} |`);
  }
  if (r.watch) {
    const { latency: l, memory: m } = r.watch;
    out.push('', `watch, text-1M written at ${fmt(l.rate)} lines/s (achieved ${fmt(l.achievedRate)}): each finding printed ${l.findings.map((f) => `${f.ms} ms`).join(', ')} after the line that completed it was written; peak RSS ${l.peakRssMb} MB.`);
    out.push(`watch at full speed, ${fmt(m.lines)} lines in ${m.wall} s (${fmt(Math.round(m.lines / m.wall))} lines/s): RSS ${m.rssMb.map((s) => `${s.mb} MB at ${fmt(s.lines)}`).join(', ')}; peak ${m.peakRssMb} MB.`);
  }
  return out.join('\n');
}

/** Writes results.json, and the tables into the README between the bench markers when `readme` is given. */
export function writeResults(r: Results, json: string, readme: string | null): void {
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  if (!readme) return;
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${readme} has no ${START} … ${END} section`);
  writeFileSync(readme, `${text.slice(0, a + START.length)}\n${markdown(r)}\n${text.slice(b)}`);
  console.log(`README.md performance tables rewritten from this run`);
}
