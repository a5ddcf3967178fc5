// `kubesleuth report [INPUT…]`: a post-mortem draft from the store (after analysing INPUT, when
// given) in Markdown or as one self-contained HTML page.
import { writeFileSync } from 'node:fs';
import { KubesleuthError } from '../errors.js';
import { openReadOnly } from '../store/read.js';
import { readPostMortem } from '../report/postmortem.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderHtml } from '../report/html.js';
import { SELECT_HELP, SELECT_OPTIONS } from '../engine/select.js';
import { REDACT_HELP, REDACT_OPTIONS, redactDeep, redactionOf } from '../report/redact.js';
import { analyze } from './analyze.js';
import { parse, type Io } from './args.js';

/** Help text of `report`. */
export const REPORT_HELP = `Usage: kubesleuth report [options] [INPUT...]

Writes a post-mortem draft from the store: summary (what, where, when, impact),
affected nodes, a timeline of the key events and findings, each finding with its
evidence and where each line came from, the likely cause chain, and action items.
With INPUT (files, bundles), analyses them first, as kubesleuth analyze would.

Options:
  --db PATH          store file (default ./kubesleuth.db)
  --format FMT       markdown (default) or html: one self-contained page with a
                     chart of events per minute per host and a filterable
                     evidence table
  -o, --output FILE  write there instead of stdout
${SELECT_HELP}
${REDACT_HELP}
  -h, --help         this help

Examples:
  kubesleuth report sosreport-node1.tar.xz > postmortem.md
  kubesleuth report --format html -o postmortem.html samples/
`;

const OPTIONS = { db: { type: 'string' }, format: { type: 'string' }, output: { type: 'string', short: 'o' }, ...SELECT_OPTIONS, ...REDACT_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

/** Runs report; returns the exit status. */
export async function reportCommand(argv: string[], io: Io): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS, 'report');
  if (v.help) {
    io.out.write(REPORT_HELP);
    return 0;
  }
  const format = v.format ?? 'markdown';
  if (!['markdown', 'md', 'html'].includes(format)) throw new KubesleuthError(`--format wants markdown or html, got "${format}"`);
  const db = v.db ?? 'kubesleuth.db';
  if (db === ':memory:') throw new KubesleuthError('report reads a store file; give --db a file (or leave the default)');
  if (positionals.length) {
    const sel = [...(v.rules ?? []).flatMap((d) => ['--rules', d]), ...(v.only ?? []).flatMap((d) => ['--only', d]), ...(v.exclude ?? []).flatMap((d) => ['--exclude', d]), ...(v['min-severity'] ? ['--min-severity', v['min-severity']] : [])];
    const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
    const code = await analyze(['-q', '--json', '--db', db, ...sel, ...positionals], { ...io, out: sink });
    if (code !== 0) return code;
  }
  const store = openReadOnly(db);
  let text: string;
  try {
    const mask = redactionOf(v);
    const pm = mask ? redactDeep(readPostMortem(store, io.now), mask) : readPostMortem(store, io.now);
    text = format === 'html' ? renderHtml(pm) : renderMarkdown(pm);
  } finally {
    store.close();
  }
  if (v.output) {
    try {
      writeFileSync(v.output, text);
    } catch (err) {
      throw new KubesleuthError(`cannot write ${v.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    io.err.write(`kubesleuth: wrote ${v.output}\n`);
  } else io.out.write(text);
  return 0;
}
