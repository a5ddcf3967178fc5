// Contracts between the pipeline and the format parsers.
import type { Fields, Stamp } from '../src/event.js';

/** The outer wrapper of a line: where it came from and when (journald fields, syslog prefix). */
export interface Envelope {
  time: Stamp | null;
  host: string | null;
  /** SYSLOG_IDENTIFIER / tag as written (`kubelet`, `dockerd`, `systemd`), null for bare files. */
  ident: string | null;
  pid: number | null;
  priority: number | null;
  /** Unit the line is about (journald UNIT=) or was emitted by (_SYSTEMD_UNIT=). */
  unit: string | null;
  message: string;
  fields: Fields | null;
  cursor: string | null;
}

/** A journal entry as journalctl's JSON or export output gives it: values are strings, byte arrays, null, or lists of these. */
export type JournalValue = string | number[] | null | Array<string | number[] | null>;
/** One journal entry, field name → value. */
export type JournalEntry = Record<string, JournalValue>;

/** Non-entry lines of an input that still carry meaning (journalctl headers, boot separators). */
export type Marker =
  | { marker: 'header'; begin: string }
  | { marker: 'host'; host: string }
  | { marker: 'boot'; boot: string | null }
  | { marker: 'skip' };

/** One record cut from an input by a framer: the line it starts on, its text as read, what `parse` gets. */
export interface FramedRecord {
  line: number;
  raw: string;
  record: string | JournalEntry;
}

/**
 * A stateful splitter of physical lines into records, for formats whose records need earlier
 * lines (a table's header row and column offsets, the object a describe block is about, a YAML
 * list item spanning lines). It keeps only what the next record needs, never the input.
 */
export interface RecordFramer {
  /** Takes one physical line (1-based number); returns the records it completes, often none. */
  push(line: string, lineNo: number): FramedRecord[];
  /** Returns whatever is still pending at the end of the input. */
  end(): FramedRecord[];
}

/** An envelope format: cheap detection on the first lines, pure parsing of one record. */
export interface EnvelopeParser {
  /** Format name, as `--format` takes it. */
  id: string;
  /**
   * How the input is cut into records before `parse` sees them: lines (with `continues`), journal
   * export entries, concatenated JSON values, the elements of a JSON document's `items` array (or
   * the document itself when it has none: kubectl List/EventList/Event), or a `framer`.
   */
  framing: 'line' | 'export' | 'json-stream' | 'json-items' | 'framed';
  /** For `framing: 'framed'`: a fresh framer per input. */
  framer?: () => RecordFramer;
  /** One line describing the format, for `--help` and the run summary. */
  description: string;
  /** A caveat the run summary repeats for inputs of this format (e.g. `cat` has no time). */
  note?: string;
  /** Share (0–1) of the sample lines this format recognises; the highest wins. */
  detect(sample: readonly string[]): number;
  /** One record (a line, or an export entry) into an envelope, a marker, or null when it does not fit. */
  parse(record: string | JournalEntry): Envelope | Marker | null;
  /**
   * Whether a line continues the previous record (indented journal continuation, stack traces,
   * CRI `P` chunks, a line a terminal wrapped); `prev` is the previous physical line. Joined lines
   * reach `parse` as one record separated by `\n`.
   */
  continues?(line: string, prev: string): boolean;
}

/** What a daemon wrote inside the envelope: its own time, level and key/values. */
export interface Payload {
  time: Stamp | null;
  priority: number | null;
  pid?: number | null;
  /** The message without the daemon's header (`msg=` of logrus, the klog text after `] `). */
  message: string;
  fields: Fields | null;
  /** Fields already as JSON text (klog, logrus), instead of `fields`. */
  fieldsJson?: string | null;
  /** Unit the message is about (systemd PID 1 messages). */
  unit?: string | null;
}

/** A payload format: tried on the message of every envelope it may apply to. */
export interface PayloadParser {
  id: string;
  /** Cheap test on the message's first bytes; parse is only called when it passes. */
  sniff(message: string): boolean;
  /** Parses the message, or null when it is not this format after all. */
  parse(message: string, ident: string | null): Payload | null;
}

/** One row of a parser's table of real lines: what goes in and what must come out. */
export interface ParserCase {
  name: string;
  input: string;
  /** Expected subset of the result; null means the parser must reject the line. */
  expect: Record<string, unknown> | null;
}
