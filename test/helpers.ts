// Running the CLI in tests: in-process (fast, injected streams) or as a real process (exit codes, stderr).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { run } from '../src/cli/main.js';
import type { AnalyzeDoc } from '../src/report/model.js';

/** The run's wall clock in tests: fixed, so nothing depends on the day the tests run. */
export const TEST_NOW_US = Date.UTC(2026, 10, 22, 12, 0, 0) * 1000;

/** The project root. */
export const ROOT = new URL('..', import.meta.url).pathname;
/** The built CLI, as users run it. */
export const BIN = join(ROOT, 'bin', 'kubesleuth.js');

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(c: Buffer | string, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs the CLI in-process with `stdin` as input. */
export async function cli(args: string[], stdin: string | Buffer = '', now = TEST_NOW_US): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const input = Readable.from(stdin.length ? [typeof stdin === 'string' ? Buffer.from(stdin) : stdin] : []);
  const code = await run(args, { stdin: input, stdinIsTTY: false, out: out.stream, err: err.stream, now });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `analyze --json` of some input text into an in-memory store. */
export async function analyzeText(text: string | Buffer, extra: string[] = []): Promise<AnalyzeDoc> {
  const r = await cli(['analyze', '--json', '-q', '--db', ':memory:', ...extra], text);
  if (r.code !== 0) throw new Error(`analyze exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as AnalyzeDoc;
}

/** Runs the built `bin/kubesleuth.js` as a process. */
export function spawnCli(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** A fresh temporary directory. */
export function tempDir(prefix = 'kubesleuth-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
