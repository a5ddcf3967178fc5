// Questions asked of a stored corpus: the findings, a 10-minute timeline window, a full-text search
// (the first builds the index, the next uses it) and the post-mortem draft; each timed with
// kubesleuth on its store and, for the same question, with lnav re-reading the file.
import { spawnSync } from 'node:child_process';

/** One question's answer times. */
export interface QueryTime {
  question: string;
  command: string;
  wall: number;
  /** What the answer held (rows, hits), to see both tools answered the same. */
  answer: string;
  lnavWall: number | null;
  lnavAnswer: string | null;
}

function time(cmd: string, args: string[]): { wall: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-300)}`);
  return { wall: Number(wall.toFixed(3)), stdout: r.stdout };
}

/**
 * Times the questions on `db` (made from `corpus`, `lines` long); `window` is the timeline's [from, to] in ISO UTC, `word` a
 * common word and `phrase` a rare phrase to search for.
 */
export function timeQueries(bin: string, db: string, corpus: string, lines: number, window: [string, string], word: string, phrase: string, lnav: boolean): QueryTime[] {
  const ks = (args: string[]) => time(process.execPath, [bin, ...args, '--db', db]);
  const ln = (sql: string) => (lnav ? time('lnav', ['-n', '-c', `;${sql}`, corpus]) : null);
  const lnCount = (r: { stdout: string } | null) => (r ? (r.stdout.trim().split('\n').pop() ?? '').trim() : null);
  const out: QueryTime[] = [];

  const f = ks(['query', '--json', 'SELECT rule, host, start_us, summary FROM findings']);
  out.push({ question: 'findings', command: 'kubesleuth query "SELECT … FROM findings"', wall: f.wall, answer: `${(JSON.parse(f.stdout) as unknown[]).length} findings`, lnavWall: null, lnavAnswer: null });

  const t = ks(['timeline', '--json', '--no-fold', '--since', window[0], '--until', window[1]]);
  const folded = ks(['timeline', '--since', window[0], '--until', window[1]]);
  // lnav dates year-less lines in the current year: the window is compared by month, day and time.
  const md = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 19)}`;
  const lt = ln(`SELECT count(*) FROM all_logs WHERE strftime('%m-%d %H:%M:%S', log_time) BETWEEN '${md(window[0])}' AND '${md(window[1])}'`);
  out.push({ question: 'timeline, 10-minute window (JSON, every event)', command: `kubesleuth timeline --json --no-fold --since ${window[0]} --until ${window[1]}`, wall: t.wall, answer: `${(JSON.parse(t.stdout) as unknown[]).length} events`, lnavWall: lt?.wall ?? null, lnavAnswer: lnCount(lt) });
  out.push({ question: 'timeline, 10-minute window (table, repeats folded)', command: `kubesleuth timeline --since ${window[0]} --until ${window[1]}`, wall: folded.wall, answer: `${folded.stdout.trimEnd().split('\n').length} rows`, lnavWall: lt?.wall ?? null, lnavAnswer: lnCount(lt) });

  const first = ks(['search', '--json', '--limit', '20', word]);
  const again = ks(['search', '--json', '--limit', '20', word]);
  // Whole words, as the full-text index matches them.
  const ls = ln(`SELECT count(*) FROM all_logs WHERE log_body REGEXP '\\b${word}\\b'`);
  const hits = (s: string) => `${(JSON.parse(s) as { total: number }).total} hits`;
  out.push({ question: 'search, first (builds the index)', command: `kubesleuth search ${word}`, wall: first.wall, answer: hits(first.stdout), lnavWall: ls?.wall ?? null, lnavAnswer: lnCount(ls) });
  out.push({ question: `search, indexed (a word in ${Math.round(((JSON.parse(again.stdout) as { total: number }).total / lines) * 100)} % of events)`, command: `kubesleuth search ${word}`, wall: again.wall, answer: hits(again.stdout), lnavWall: ls?.wall ?? null, lnavAnswer: lnCount(ls) });
  const rare = ks(['search', '--json', '--limit', '20', ...phrase.split(' ')]);
  const lr = ln(`SELECT count(*) FROM all_logs WHERE log_body REGEXP '\\b${phrase}\\b'`);
  out.push({ question: 'search, indexed (a rare phrase)', command: `kubesleuth search ${phrase}`, wall: rare.wall, answer: hits(rare.stdout), lnavWall: lr?.wall ?? null, lnavAnswer: lnCount(lr) });

  const draft = ks(['report']);
  out.push({ question: 'post-mortem draft (Markdown)', command: 'kubesleuth report', wall: draft.wall, answer: `${draft.stdout.split('\n').length} lines`, lnavWall: null, lnavAnswer: null });
  const html = ks(['report', '--format', 'html']);
  out.push({ question: 'post-mortem page (HTML)', command: 'kubesleuth report --format html', wall: html.wall, answer: `${Math.round(html.stdout.length / 1024)} KiB`, lnavWall: null, lnavAnswer: null });
  return out;
}
