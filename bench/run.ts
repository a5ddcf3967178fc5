// `npm run bench`: generates the corpora (journalctl short and -o json at 1M and 3M lines, a
// 20-node bundle of 3M lines), times `kubesleuth analyze` (ingest + store + every rule) on each
// against lnav and `grep -c` on the same input in the same run, then the rule set's cost, the
// questions asked of the 3M-event store, and watch under load. Prints lines/s, wall time, peak
// RSS and the kubesleuth/lnav ratio; `--readme` writes the tables into README.md.
// Usage: npm run bench [-- --only text-1M,json-1M] [--big] [--readme]
import { existsSync, mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBundle, generateCorpus } from './generate.js';
import { ensureTools, fmt, have, median, timed, type Measure } from './measure.js';
import { timeQueries } from './queries.js';
import { writeResults, type Results, type WorkloadResult } from './results.js';
import { watchLatency, watchMemory } from './watch.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'bench', 'out');
const BIN = join(ROOT, 'bin', 'kubesleuth.js');

interface Workload {
  id: string;
  label: string;
  path: string;
  lines: number;
  make: () => Promise<void>;
}

const corpus = (format: 'short' | 'json', lines: number): Workload => {
  const path = join(OUT, `corpus-${format}-v2-${lines}.log`);
  return { id: `${format === 'short' ? 'text' : 'json'}-${lines / 1e6}M`, label: `journalctl ${format === 'short' ? 'short' : '-o json'}, one node`, path, lines, make: () => generateCorpus(path, lines, { format }) };
};

const WORKLOADS: Workload[] = [
  corpus('short', 1_000_000),
  corpus('short', 3_000_000),
  corpus('json', 1_000_000),
  corpus('json', 3_000_000),
  { id: 'bundle-20', label: 'bundle: 20 node folders, journalctl short', path: join(OUT, 'bundle-20-v2-3000000'), lines: 3_000_000, make: () => generateBundle(join(OUT, 'bundle-20-v2-3000000'), 20, 3_000_000) },
];
const BIG = corpus('short', 10_000_000);

// The files of an input: itself, or every file below a bundle folder.
function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

function sizeMb(path: string): number {
  return filesOf(path).reduce((n, f) => n + statSync(f).size, 0) / 1e6;
}

const dropDb = (db: string) => {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
};

function analyzeRun(w: Workload, db: string, extra: string[] = []): Measure {
  dropDb(db);
  return timed(process.execPath, [BIN, 'analyze', '--json', '-q', ...extra, '--db', db, w.path]);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : null;
  const workloads = [...WORKLOADS, ...(argv.includes('--big') ? [BIG] : [])].filter((w) => !only || only.includes(w.id));
  ensureTools();
  mkdirSync(OUT, { recursive: true });
  const lnav = have('lnav');
  const results: Results = { date: new Date().toISOString(), node: process.version, workloads: [], ruleCost: null, queries: [], watch: null };
  const storeDb = join(OUT, 'store-3M.db');
  for (const w of workloads) {
    if (!existsSync(w.path)) {
      console.log(`generating ${w.id}: ${fmt(w.lines)} lines → ${w.path}`);
      await w.make();
    }
    const db = w.id === 'text-3M' ? storeDb : join(OUT, 'bench.db');
    const ks = analyzeRun(w, db);
    const doc = JSON.parse(ks.stdout) as { findings: Array<{ rule: string; host: string }>; stats: { events: number; hosts: string[] } };
    const grep = timed('grep', ['-r', '-c', '', w.path]);
    // lnav does not descend into a bundle's node folders: it is given every file.
    const ln = lnav ? timed('lnav', ['-n', '-c', ';SELECT count(*) AS n FROM all_logs', ...filesOf(w.path)]) : null;
    if (db !== storeDb) dropDb(db);
    const r: WorkloadResult = {
      id: w.id, label: w.label, lines: w.lines, mb: Math.round(sizeMb(w.path)), events: doc.stats.events, hosts: doc.stats.hosts.length,
      findings: doc.findings.length, rules: [...new Set(doc.findings.map((f) => f.rule))].sort(),
      wall: ks.wall, cpu: ks.cpu, linesPerS: Math.round(w.lines / ks.wall), rssMb: Math.round(ks.rssMb),
      lnavWall: ln?.wall ?? null, lnavRssMb: ln ? Math.round(ln.rssMb) : null, lnavLines: ln ? Number(ln.stdout.trim().split('\n').pop()) : null,
      grepWall: grep.wall, ratio: ln ? Number((ks.wall / ln.wall).toFixed(2)) : null,
    };
    results.workloads.push(r);
    console.log(`${w.id.padEnd(10)} ${fmt(r.lines).padStart(10)} lines ${String(r.mb).padStart(5)} MB  kubesleuth ${r.wall} s (${fmt(r.linesPerS)} lines/s, ${r.cpu} s CPU, ${r.rssMb} MB)  lnav ${r.lnavWall ?? 'n/a'} s (${r.lnavRssMb ?? '-'} MB)  grep ${r.grepWall} s  ratio ${r.ratio ?? 'n/a'}`);
  }

  const text1 = workloads.find((w) => w.id === 'text-1M');
  if (text1) {
    // Alternating runs, so a slow spell of the machine hits both sides alike.
    const db = join(OUT, 'bench.db');
    const bare = median(3, () => analyzeRun(text1, db, ['--exclude', '*']));
    const full = median(3, () => analyzeRun(text1, db));
    dropDb(db);
    results.ruleCost = { lines: text1.lines, bareWalls: bare.walls, fullWalls: full.walls, bareCpu: bare.cpu, fullCpu: full.cpu, pctWall: Number(((full.wall / bare.wall - 1) * 100).toFixed(1)), pctCpu: Number(((full.cpu / bare.cpu - 1) * 100).toFixed(1)) };
    console.log(`rule cost on text-1M (median of 3): no rules ${bare.wall} s / ${bare.cpu} s CPU, all rules ${full.wall} s / ${full.cpu} s CPU: +${results.ruleCost.pctWall} % wall, +${results.ruleCost.pctCpu} % CPU`);
  }

  const text3 = workloads.find((w) => w.id === 'text-3M');
  if (text3 && existsSync(storeDb)) {
    // The corpus's second incident lies at 02:05 on its first day; the window is the ten minutes around it.
    results.queries = timeQueries(BIN, storeDb, text3.path, text3.lines, ['2024-03-01T02:00:00Z', '2024-03-01T02:10:00Z'], 'containerd', 'specified timeout', lnav);
    for (const q of results.queries) console.log(`query ${q.question.padEnd(34)} ${q.wall} s (${q.answer})${q.lnavWall === null ? '' : `  lnav ${q.lnavWall} s (${q.lnavAnswer})`}`);
  }

  const watched = workloads.find((w) => w.id === 'text-3M') ?? text1;
  if (watched && text1) {
    const args = ['--year', '2024', '--tz', 'UTC', '--absence-wait', '1s'];
    const latency = await watchLatency(BIN, text1.path, args, 50_000, 1_000_000, new Set(['systemd-dependency-left-failed']));
    const memory = await watchMemory(BIN, watched.path, args, Math.floor(watched.lines / 6));
    results.watch = { latency, memory };
    console.log(`watch at ${fmt(latency.rate)} lines/s (achieved ${fmt(latency.achievedRate)}): findings ${latency.findings.map((f) => `${f.rule} ${f.ms} ms`).join(', ')}; peak RSS ${latency.peakRssMb} MB`);
    console.log(`watch at full speed: ${fmt(memory.lines)} lines in ${memory.wall} s; RSS ${memory.rssMb.map((r) => `${r.mb} MB at ${fmt(r.lines)}`).join(', ')}; peak ${memory.peakRssMb} MB`);
  }
  writeResults(results, join(OUT, 'results.json'), argv.includes('--readme') ? join(ROOT, 'README.md') : null);
}

main().catch((err: Error) => {
  console.error(`bench: ${err.message}`);
  process.exit(1);
});
