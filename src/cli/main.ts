// The `kubesleuth` command: dispatches to a subcommand, turns user errors into one line and exit 2.
import { KubesleuthError } from '../errors.js';
import { VERSION } from '../paths.js';
import type { Io } from './args.js';

/** Top-level help. */
export const HELP = `kubesleuth ${VERSION} — log forensics for Kubernetes nodes

Usage: kubesleuth <command> [options]

Commands:
  analyze [INPUT...]   read journalctl output, node log files or bundles into the store, print findings
  timeline             the events in time order across files and hosts, filtered, repeats folded
  search TEXT...       every stored message holding TEXT (full-text index), hits per host and source
  report [INPUT...]    a post-mortem draft (Markdown, or --format html with a chart)
  watch [INPUT]        a live stream (journalctl -f): findings as they happen, and when they clear
  inputs [FILTER]      list every input read or skipped: node, format, parsed share, time basis
  query "SQL"          run read-only SQL on the store
  rules list|show|test the rule set: list it, show one rule, run every rule's samples

Options:
  -h, --help           help (also: kubesleuth <command> --help)
  -V, --version        print the version

Examples:
  journalctl -u kubelet -u docker -u containerd --since -2h | kubesleuth analyze
  kubesleuth analyze --json samples/
  kubesleuth analyze ./eks_i-0abc_2024-01-30_1020-UTC_0.7.9.tar.gz ./node2/ && kubesleuth inputs
  kubesleuth query "SELECT rule, host, start, summary FROM findings"
  kubesleuth timeline --finding 1
  kubesleuth report --format html -o postmortem.html samples/
  kubesleuth rules show oom-kill
  journalctl -f -o json | kubesleuth watch
`;

type Command = (argv: string[], io: Io) => Promise<number>;
// Loaded on use: a query answers without loading the parsers, the rules and chrono.
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./analyze.js')).analyze,
  timeline: async () => (await import('./timeline.js')).timelineCommand,
  search: async () => (await import('./search.js')).searchCommand,
  report: async () => (await import('./report.js')).reportCommand,
  watch: async () => (await import('./watch.js')).watchCommand,
  inputs: async () => (await import('./inputs.js')).inputs,
  query: async () => (await import('./query.js')).query,
  rules: async () => (await import('./rules.js')).rulesCommand,
};

/** Runs the CLI with injected streams; returns the exit status. Never throws. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') {
      io.out.write(HELP);
      return cmd === undefined ? 2 : 0;
    }
    if (cmd === '-V' || cmd === '--version') {
      io.out.write(`${VERSION}\n`);
      return 0;
    }
    const command = COMMANDS[cmd];
    if (!command) throw new KubesleuthError(`unknown command "${cmd}"; commands: ${Object.keys(COMMANDS).join(', ')} (see kubesleuth --help)`);
    return await (await command())(rest, io);
  } catch (err) {
    if (err instanceof KubesleuthError) {
      io.err.write(`kubesleuth: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'EPIPE') return 0;
    // Anything else is a bug; still one line, with a pointer to the details.
    io.err.write(`kubesleuth: internal error: ${e?.message ?? String(err)} (set KUBESLEUTH_DEBUG=1 for the stack)\n`);
    if (process.env.KUBESLEUTH_DEBUG) io.err.write(`${e?.stack ?? ''}\n`);
    return 70;
  }
}

/** Process entry point used by bin/kubesleuth.js. */
export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const code = await run(argv, {
    stdin: process.stdin,
    stdinIsTTY: !!process.stdin.isTTY,
    out: process.stdout,
    err: process.stderr,
    now: Date.now() * 1000,
  });
  process.exitCode = code;
}
