// Per-run options and per-input state shared by the stages of one input.
import type { EnvelopeParser } from '../../parsers/types.js';
import type { Zone } from '../time.js';

/** Options of one analyze run that change how inputs are read. */
export interface ReadOptions {
  /** `--format`: skip detection. */
  format: EnvelopeParser | null;
  /** `--year`: year for lines that print none. */
  year: number | null;
  /** `--tz`: zone of lines that print none. */
  zone: Zone | null;
  /** `--host`: host for inputs that name none (bare files, cat). */
  host: string | null;
  /** `--collected-at`: when kubectl outputs were taken (their ages count back from it), µs. */
  collectedAt: number | null;
  /** Wall clock of the run in µs, injected so that nothing below reads the clock. */
  now: number;
}

/** Counts of one input, kept by the stages; never grows with the input. */
export interface InputStats {
  lines: number;
  events: number;
  parsed: number;
  unparsed: number;
  /** Journal headers, boot separators, catalog text, blank lines: read, understood, not events. */
  skipped: number;
  /** Events whose time could not be known (no stamp anywhere before or after them). */
  untimed: number;
  firstTs: number | null;
  lastTs: number | null;
  /** A few unparsed lines, truncated, so the summary can show what went wrong. */
  unparsedExamples: string[];
}

/** How the clock settled year and zone for an input, recorded in the store. */
export interface TimeBasis {
  year: number | null;
  yearReason: string | null;
  zone: string | null;
  zoneReason: string | null;
}

/**
 * What the rest of a bundle says about an input's time: when it was collected (kubectl ages are
 * relative to it), and the year, zone and boot time other inputs of the same node settled.
 * Each comes with the reason the summary repeats; all are below the input's own evidence.
 */
export interface TimeHints {
  collectedUs: number | null;
  collectedReason: string | null;
  /** An instant known to be near the input's last lines (another file's last timestamp), for the year. */
  refUs: number | null;
  refReason: string | null;
  /** The reference is a guess (a bare date, another file's last line), not an upper bound: the nearest year wins. */
  refSoft?: boolean;
  zone: Zone | null;
  zoneReason: string | null;
  /** Boot time of the node, for raw dmesg `[seconds]` stamps. */
  bootUs: number | null;
  bootReason: string | null;
}

/** No hints: a single file or stdin. */
export function noHints(): TimeHints {
  return { collectedUs: null, collectedReason: null, refUs: null, refReason: null, zone: null, zoneReason: null, bootUs: null, bootReason: null };
}

/** Everything the stages of one input share. */
export interface InputContext {
  path: string;
  /** File modification time in µs (null for stdin). */
  mtimeUs: number | null;
  parser: EnvelopeParser;
  formatReason: string;
  defaultHost: string | null;
  /** The host came from --host: a host named inside the input does not replace it. */
  hostPinned: boolean;
  /** Names of the same host lines may use (rsyslog's short name for the journal's FQDN). */
  hostAliases: ReadonlyMap<string, string> | null;
  defaultSource: string | null;
  /** `-- Logs begin at …` / `Log file created at: …` header, parsed. */
  header: { us: number; offset: number | null; text: string } | null;
  /** Boot currently in force (from `-- Boot <id> --` separators), for times since boot. */
  boot: string | null;
  bootCount: number;
  stats: InputStats;
  time: TimeBasis;
  /** Things the summary must say about this input (format caveats, fallbacks, read errors). */
  notes: string[];
  options: ReadOptions;
  hints: TimeHints;
}

/** Fresh counters. */
export function newStats(): InputStats {
  return { lines: 0, events: 0, parsed: 0, unparsed: 0, skipped: 0, untimed: 0, firstTs: null, lastTs: null, unparsedExamples: [] };
}

/** Adds a note once. */
export function note(ctx: InputContext, text: string): void {
  if (!ctx.notes.includes(text)) ctx.notes.push(text);
}
