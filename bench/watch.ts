// `watch` under load: a corpus written into its stdin at a fixed rate (how long from writing the
// line that completes a finding to reading the finding), and at full speed (resident memory as
// the stream goes on, which must not grow with it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Latency of each finding at a paced input rate. */
export interface WatchLatency {
  rate: number;
  achievedRate: number;
  lines: number;
  findings: Array<{ rule: string; ms: number; waits: boolean }>;
  peakRssMb: number;
}

/** Resident memory of watch at points of a full-speed stream. */
export interface WatchMemory {
  lines: number;
  wall: number;
  rssMb: Array<{ lines: number; mb: number }>;
  peakRssMb: number;
}

function rssMb(pid: number, field = 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function start(bin: string, args: string[]) {
  const child = spawn(process.execPath, [bin, 'watch', '--jsonl', '-q', ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let partial = '';
  const onLine: Array<(l: string) => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop()!;
    for (const l of parts) for (const f of onLine) f(l);
  });
  return { child, onLine, closed: once(child, 'close') };
}

async function write(child: ReturnType<typeof spawn>, text: string): Promise<void> {
  if (!child.stdin!.write(text)) await once(child.stdin!, 'drain');
}

/** Writes `lines` lines of the corpus at `rate` lines/s in 20 ms slices; times each finding from its completing line. */
export async function watchLatency(bin: string, corpus: string, args: string[], rate: number, lines: number, waits: ReadonlySet<string>): Promise<WatchLatency> {
  const all = readFileSync(corpus, 'utf8').split('\n', lines);
  const { child, onLine, closed } = start(bin, args);
  const slice = Math.max(1, Math.round(rate / 50));
  const writtenAt: number[] = [];
  const findings: WatchLatency['findings'] = [];
  onLine.push((l) => {
    const f = JSON.parse(l) as { type: string; rule: string; line: number };
    if (f.type !== 'finding') return;
    const at = writtenAt[Math.floor((f.line - 1) / slice)];
    if (at !== undefined) findings.push({ rule: f.rule, ms: Math.round(performance.now() - at), waits: waits.has(f.rule) });
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 250);
  const t0 = performance.now();
  for (let k = 0; k * slice < all.length; k++) {
    const due = t0 + (k * slice * 1000) / rate;
    const now = performance.now();
    if (due > now) await sleep(due - now);
    await write(child, `${all.slice(k * slice, (k + 1) * slice).join('\n')}\n`);
    writtenAt[k] = performance.now();
  }
  const achievedRate = Math.round(all.length / ((performance.now() - t0) / 1000));
  // The stream stays open a little, as a live one would, so waiting rules can decide on their timeout.
  await sleep(1500);
  peak = Math.max(peak, rssMb(child.pid!, 'VmHWM'));
  child.stdin!.end();
  await closed;
  clearInterval(sampler);
  return { rate, achievedRate, lines: all.length, findings, peakRssMb: Math.round(peak) };
}

/** Streams the corpus at full speed; samples resident memory every `every` lines written. */
export async function watchMemory(bin: string, corpus: string, args: string[], every: number): Promise<WatchMemory> {
  const { child, closed } = start(bin, args);
  const samples: WatchMemory['rssMb'] = [];
  let lines = 0;
  let next = every;
  const t0 = performance.now();
  // Read in slices of lines so memory of the harness does not count and samples fall on line counts.
  const { createReadStream } = await import('node:fs');
  const split2 = (await import('split2')).default;
  let buf: string[] = [];
  for await (const line of createReadStream(corpus).pipe(split2()) as AsyncIterable<string>) {
    buf.push(line);
    if (buf.length < 5000) continue;
    await write(child, `${buf.join('\n')}\n`);
    lines += buf.length;
    buf = [];
    if (lines >= next) {
      samples.push({ lines, mb: Math.round(rssMb(child.pid!)) });
      next += every;
    }
  }
  if (buf.length) await write(child, `${buf.join('\n')}\n`);
  lines += buf.length;
  const peak = rssMb(child.pid!, 'VmHWM');
  child.stdin!.end();
  await closed;
  return { lines, wall: Number(((performance.now() - t0) / 1000).toFixed(2)), rssMb: samples, peakRssMb: Math.round(peak) };
}
