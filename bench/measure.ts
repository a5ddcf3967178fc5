// Timing a command: wall seconds, CPU seconds and peak RSS of it and its children, by GNU time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One measured run. */
export interface Measure {
  wall: number;
  /** User + system CPU seconds: steadier than wall time on a shared machine. */
  cpu: number;
  rssMb: number;
  stdout: string;
}

/** Whether a command is on PATH. */
export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Runs `cmd` under GNU time; throws with the end of its stderr when it fails. */
export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], { maxBuffer: 256 * 1024 * 1024, env });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString().slice(-500)}`);
  const last = r.stderr.toString().trim().split('\n').pop()!;
  const [wall, user, sys, kb] = last.split(' ').map(Number) as [number, number, number, number];
  return { wall, cpu: Number((user + sys).toFixed(2)), rssMb: kb / 1024, stdout: r.stdout.toString() };
}

/** The run of median wall time among `n` runs of the same command (`before` runs ahead of each). */
export function median(n: number, run: () => Measure, before?: () => void): Measure & { walls: number[] } {
  const runs: Measure[] = [];
  for (let i = 0; i < n; i++) {
    before?.();
    runs.push(run());
  }
  const sorted = [...runs].sort((a, b) => a.wall - b.wall);
  return { ...sorted[Math.floor(n / 2)]!, walls: runs.map((r) => r.wall) };
}

/** Installs GNU time and lnav from Debian when missing and allowed (root); lnav stays optional. */
export function ensureTools(): void {
  const missing = [!existsSync('/usr/bin/time') && 'time', !have('lnav') && 'lnav'].filter(Boolean) as string[];
  if (!missing.length) return;
  if (process.getuid?.() === 0 && have('apt-get')) {
    console.log(`installing ${missing.join(', ')} (Debian packages) for the benchmark...`);
    execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`], { stdio: 'inherit' });
  }
  if (!existsSync('/usr/bin/time')) throw new Error('the benchmark needs GNU time (/usr/bin/time): apt-get install time');
}

/** A number with thousands separators. */
export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
