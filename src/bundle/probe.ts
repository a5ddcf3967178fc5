// A first look at a member's first bytes, before anything is stored: which format, which hosts
// its lines name, and what its own lines settle about time (a year and zone from dockerd's
// time="…Z", absolute stamps). The bundle's plan shares these with the files that lack them.
import { detectEnvelope } from '../../parsers/index.js';
import { Clock } from '../pipeline/clock.js';
import { newStats, noHints, type InputContext, type ReadOptions } from '../pipeline/context.js';
import { sampleLines } from '../pipeline/frame.js';
import { parseFrames } from '../pipeline/parse.js';
import { classifyHead } from '../pipeline/sources.js';
import { parseZone, type Zone } from '../time.js';

/** What a member's head says. */
export interface Probe {
  kind: 'journal' | 'binary' | 'text';
  format: string;
  /** Share of the first lines the format recognises (0–1). */
  score: number;
  hosts: Map<string, number>;
  /** Year and zone the lines themselves settled (not assumed), with the reason. */
  year: number | null;
  zone: Zone | null;
  timeReason: string | null;
  /** Latest absolute time seen in the head, µs. */
  lastUs: number | null;
  /** Text that looks like a log but is none (a unit file, journal output with no entries), and why. */
  notLog: string | null;
}

// `systemctl cat` prints each unit file after a `# /path/unit` comment; journalctl with nothing to
// show prints its header and `-- No entries --`.
const UNIT_FILE = /^# \/\S*\/systemd\/\S+\.(?:service|socket|timer|mount|target|slice)\s*\n/;
const NO_ENTRIES = /^(?:-- [^\n]* --[ \t]*\r?\n|[ \t]*\r?\n)*-- No entries --\s*$/;

function notLog(text: string): string | null {
  if (UNIT_FILE.test(text)) return 'a systemd unit file (systemctl cat), not a log';
  if (text.length < 4096 && NO_ENTRIES.test(text)) return 'journal output with no entries (-- No entries --)';
  return null;
}

const OPTIONS: ReadOptions = { format: null, year: null, zone: null, host: null, collectedAt: null, now: 0 };

/** Probes a member's (decompressed) head; `name` is only used in reasons. */
export function probeHead(head: Buffer, name: string): Probe {
  const kind = classifyHead(head);
  const empty: Probe = { kind, format: kind === 'journal' ? 'journal-file' : 'binary', score: 0, hosts: new Map(), year: null, zone: null, timeReason: null, lastUs: null, notLog: null };
  if (kind !== 'text') return empty;
  const lines = sampleLines(head, 400);
  const not = notLog(head.subarray(0, 4096).toString('utf8'));
  if (not) return { ...empty, format: 'cat', notLog: not };
  const { parser, score } = detectEnvelope(lines.slice(0, 200));
  const probe: Probe = { ...empty, format: parser.id, score };
  // Only line formats are probed further; the others (JSON documents, tables) carry no year-less times.
  if (parser.framing !== 'line') return probe;
  const ctx: InputContext = {
    path: name, mtimeUs: null, parser, formatReason: 'probe', defaultHost: null, hostPinned: false, hostAliases: null, defaultSource: null, header: null, boot: null, bootCount: 0,
    stats: newStats(), time: { year: null, yearReason: null, zone: null, zoneReason: null }, notes: [], options: OPTIONS, hints: noHints(),
  };
  let records;
  try {
    records = parseFrames(lines.map((l, i) => ({ line: i + 1, raw: l, record: l })), ctx);
  } catch {
    return probe;
  }
  for (const r of records) if (r.host) probe.hosts.set(r.host, (probe.hosts.get(r.host) ?? 0) + 1);
  if (ctx.defaultHost) probe.hosts.set(ctx.defaultHost, (probe.hosts.get(ctx.defaultHost) ?? 0) + records.length);
  const clock = new Clock(ctx);
  const events = clock.push(records);
  for (const e of events) if (e.ts !== null && (probe.lastUs === null || e.ts > probe.lastUs)) probe.lastUs = e.ts;
  const t = ctx.time;
  if (t.year !== null && t.yearReason && !t.yearReason.startsWith('assumed')) probe.year = t.year;
  if (t.zone !== null && t.zoneReason && !t.zoneReason.startsWith('assumed')) probe.zone = parseZone(t.zone);
  if (probe.year !== null || probe.zone) probe.timeReason = `${name}: ${t.zoneReason ?? t.yearReason}`;
  return probe;
}
