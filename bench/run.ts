// `npm run bench`: generates the corpora, times `kubesleuth analyze` (ingest + store + all rules)
// against lnav and `grep -c` on the same file in the same run, and prints lines/s, wall time,
// peak RSS and the kubesleuth/lnav ratio. Usage: npm run bench [-- --lines 1000000,250000]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './generate.js';
import { timeQueries, type QueryTime } from './queries.js';
import { watchLatency, watchMemory } from './watch.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'bench', 'out');
const BIN = join(ROOT, 'bin', 'kubesleuth.js');

interface Measure {
  wall: number;
  rssMb: number;
  stdout: string;
}

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

// GNU time reports wall seconds and peak RSS of the measured process and its children.
function timed(cmd: string, args: string[]): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.toString().slice(-500)}`);
  const last = r.stderr.toString().trim().split('\n').pop()!;
  const [wall, kb] = last.split(' ').map(Number) as [number, number];
  return { wall, rssMb: kb / 1024, stdout: r.stdout.toString() };
}

function ensureTools(): void {
  const missing = [!existsSync('/usr/bin/time') && 'time', !have('lnav') && 'lnav'].filter(Boolean) as string[];
  if (!missing.length) return;
  if (process.getuid?.() === 0 && have('apt-get')) {
    console.log(`installing ${missing.join(', ')} (Debian packages) for the benchmark...`);
    execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`], { stdio: 'inherit' });
  }
  if (!existsSync('/usr/bin/time')) throw new Error('the benchmark needs GNU time (/usr/bin/time): apt-get install time');
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--lines');
  const sizes = (arg > 0 ? process.argv[arg + 1]! : '1000000,250000').split(',').map(Number);
  ensureTools();
  mkdirSync(OUT, { recursive: true });
  const rows: Array<Record<string, string | number>> = [];
  let queries: QueryTime[] = [];
  let queriedLines = 0;
  for (const lines of sizes) {
    const corpus = join(OUT, `corpus-short-v2-${lines}.log`);
    if (!existsSync(corpus)) {
      console.log(`generating ${fmt(lines)} lines → ${corpus}`);
      await generateCorpus(corpus, lines);
    }
    const mb = statSync(corpus).size / 1e6;
    const db = join(OUT, 'bench.db');
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    // With no rule loaded first, then every rule: the store the queries below ask is the full one.
    const bare = timed(process.execPath, [BIN, 'analyze', '--json', '-q', '--exclude', '*', '--db', db, corpus]);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const ks = timed(process.execPath, [BIN, 'analyze', '--json', '-q', '--db', db, corpus]);
    const doc = JSON.parse(ks.stdout) as { findings: Array<{ rule: string }>; stats: { events: number } };
    const grep = timed('grep', ['-c', '', corpus]);
    const lnav = have('lnav') ? timed('lnav', ['-n', '-c', ';SELECT count(*) AS n FROM all_logs', corpus]) : null;
    rows.push({
      lines, mb: fmt(mb, 0), events: doc.stats.events,
      findings: [...doc.findings.reduce((m, f) => m.set(f.rule, (m.get(f.rule) ?? 0) + 1), new Map<string, number>())].sort().map(([r, n]) => (n > 1 ? `${r}×${n}` : r)).join(', '),
      ks_wall: ks.wall, ks_lines_per_s: Math.round(lines / ks.wall), ks_rss_mb: Math.round(ks.rssMb),
      rules: Number(execFileSync(process.execPath, [BIN, 'rules', 'list', '--json'], { encoding: 'utf8' }).match(/"id":/g)?.length ?? 0),
      no_rules_wall: bare.wall, no_rules_lines_per_s: Math.round(lines / bare.wall), rule_cost_pct: Number(((1 - bare.wall / ks.wall) * 100).toFixed(1)),
      lnav_wall: lnav?.wall ?? 'n/a', lnav_rss_mb: lnav ? Math.round(lnav.rssMb) : 'n/a', grep_wall: grep.wall,
      ratio_ks_lnav: lnav ? Number((ks.wall / lnav.wall).toFixed(2)) : 'n/a',
    });
    if (lines > queriedLines) {
      // The corpus's second incident lies at 02:05; the window is the ten minutes around it.
      queries = timeQueries(BIN, db, corpus, ['2024-03-01T02:00:00Z', '2024-03-01T02:10:00Z'], 'containerd', have('lnav'));
      queriedLines = lines;
    }
  }
  console.log('\nworkload: analyze (ingest + SQLite store + all rules), journalctl short format, one node with 3 incidents\n');
  console.log('lines      MB    kubesleuth wall  lines/s    peak RSS  | lnav wall  lnav RSS | grep -c | ks/lnav');
  for (const r of rows) {
    console.log(`${fmt(r.lines as number).padEnd(10)} ${String(r.mb).padStart(4)}  ${String(r.ks_wall).padStart(8)} s     ${fmt(r.ks_lines_per_s as number).padStart(9)}  ${String(r.ks_rss_mb).padStart(5)} MB  | ${String(r.lnav_wall).padStart(7)} s  ${String(r.lnav_rss_mb).padStart(5)} MB | ${String(r.grep_wall).padStart(5)} s | ${r.ratio_ks_lnav}`);
  }
  for (const r of rows) console.log(`findings at ${fmt(r.lines as number)} lines: ${r.findings}`);
  console.log('\nrule cost: the same analyze with every rule loaded and with none (--exclude "*")\n');
  for (const r of rows) {
    console.log(`${fmt(r.lines as number).padEnd(10)} ${r.rules} rules: ${fmt(r.ks_lines_per_s as number)} lines/s; no rules: ${fmt(r.no_rules_lines_per_s as number)} lines/s; lines/s lower by ${r.rule_cost_pct} %`);
  }
  console.log(`\nquestions asked of the store of ${fmt(queriedLines)} events (wall time of the whole command), and of lnav re-reading the file\n`);
  for (const q of queries) {
    const vs = q.lnavWall === null ? '' : `  | lnav ${q.lnavWall} s (${q.lnavAnswer}), ${Math.round(q.lnavWall / q.wall)}× the time`;
    console.log(`${q.question.padEnd(34)} ${String(q.wall).padStart(7)} s  ${q.answer.padEnd(14)}${vs}`);
  }

  const biggest = join(OUT, `corpus-short-v2-${Math.max(...sizes)}.log`);
  const watchArgs = ['--year', '2024', '--tz', 'UTC', '--absence-wait', '1s'];
  const latency = await watchLatency(BIN, biggest, watchArgs, 50_000, 1_000_000, new Set(['systemd-dependency-left-failed']));
  console.log(`\nwatch: ${fmt(latency.lines)} lines written at ${fmt(latency.rate)} lines/s (achieved ${fmt(latency.achievedRate)}), peak RSS ${latency.peakRssMb} MB`);
  for (const f of latency.findings) console.log(`  ${f.rule.padEnd(34)} printed ${f.ms} ms after its last line was written${f.waits ? ' (an absence: waits --absence-wait 1s of stream time)' : ''}`);
  const memory = await watchMemory(BIN, biggest, watchArgs, Math.max(250_000, Math.floor(Math.max(...sizes) / 6)));
  console.log(`watch at full speed: ${fmt(memory.lines)} lines in ${memory.wall} s (${fmt(Math.round(memory.lines / memory.wall))} lines/s); RSS ${memory.rssMb.map((r) => `${r.mb} MB at ${fmt(r.lines)}`).join(', ')}; peak ${memory.peakRssMb} MB`);
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, queries, watch: { latency, memory } }, null, 2)}\n`);
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
