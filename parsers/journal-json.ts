// journalctl -o json (and json-sse, json-seq, json-pretty): one object per entry, every value a
// string, or an array of bytes when unprintable, or null when ≥ 4096 bytes without --all, or a
// list of those when the field repeats (logs-show.c output_json; formats.md §1.7).
import { shareOf } from './shared.js';
import type { Envelope, EnvelopeParser, JournalEntry, JournalValue } from './types.js';
import type { Fields } from '../src/event.js';

// Journal fields worth keeping as event fields; the raw line keeps everything else.
const KEEP = [
  'MESSAGE_ID', 'UNIT', 'USER_UNIT', '_SYSTEMD_UNIT', 'JOB_TYPE', 'JOB_RESULT', 'UNIT_RESULT', 'EXIT_CODE', 'EXIT_STATUS',
  'N_RESTARTS', 'INVOCATION_ID', '_BOOT_ID', '_TRANSPORT', '_LINE_BREAK', 'CONTAINER_ID', 'CONTAINER_NAME', 'CONTAINER_TAG',
  'IMAGE_NAME', 'ERRNO', 'COMMAND', '_COMM',
] as const;

/** Text of one journal value: byte arrays decoded as UTF-8, repeated fields' last value. */
export function journalText(v: JournalValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (v.length === 0) return '';
  if (typeof v[0] === 'number') return Buffer.from(v as number[]).toString('utf8');
  return journalText((v as Array<string | number[] | null>)[v.length - 1]);
}

function int(v: JournalValue | undefined): number | null {
  const t = journalText(v);
  if (t === null || !/^\d+$/.test(t)) return null;
  return Number(t);
}

/** Maps a journal entry's fields onto an envelope (shared by json, json-pretty and export). */
export function fromJournalFields(e: JournalEntry): Envelope {
  const fields: Fields = {};
  for (const k of KEEP) {
    const t = journalText(e[k]);
    if (t !== null) fields[k] = t;
  }
  let message = journalText(e.MESSAGE);
  if (message === null) {
    // journalctl prints null for values of 4096 bytes or more unless run with --all.
    fields.message_omitted = e.MESSAGE === null ? 'journalctl omitted a value of 4096 bytes or more (run it with --all)' : 'no MESSAGE field';
    message = '';
  }
  const realtime = int(e._SOURCE_REALTIME_TIMESTAMP) ?? int(e.__REALTIME_TIMESTAMP);
  const mono = int(e.__MONOTONIC_TIMESTAMP);
  const unit = journalText(e.UNIT) ?? journalText(e.USER_UNIT);
  const emitter = journalText(e._SYSTEMD_UNIT);
  return {
    time: realtime !== null ? { kind: 'abs', us: realtime } : mono !== null ? { kind: 'mono', us: mono, boot: journalText(e._BOOT_ID) } : null,
    host: journalText(e._HOSTNAME),
    ident: journalText(e.SYSLOG_IDENTIFIER) ?? journalText(e._COMM),
    pid: int(e._PID) ?? int(e.SYSLOG_PID),
    priority: int(e.PRIORITY),
    unit: unit ?? (emitter && emitter !== 'init.scope' ? emitter : null),
    message,
    fields,
    cursor: journalText(e.__CURSOR),
  };
}

function objectOf(text: string): JournalEntry | null {
  let start = 0;
  if (text.charCodeAt(0) === 0x1e) start = 1; // json-seq: RS before each object
  else if (text.startsWith('data: ')) start = 6; // json-sse
  if (text.charCodeAt(start) !== 123 /* { */) return null;
  try {
    const o = JSON.parse(start ? text.slice(start) : text) as unknown;
    return o && typeof o === 'object' && !Array.isArray(o) ? (o as JournalEntry) : null;
  } catch {
    return null;
  }
}

const looksJournal = (o: JournalEntry | null) => !!o && ('MESSAGE' in o || '__REALTIME_TIMESTAMP' in o || '__CURSOR' in o);

/** journalctl -o json / json-sse / json-seq: one entry per line. */
export const journalJson: EnvelopeParser = {
  id: 'json',
  framing: 'line',
  description: 'journalctl -o json (also json-sse, json-seq): one JSON object per entry',
  detect: (sample) => shareOf(sample, (l) => looksJournal(objectOf(l))),
  parse(record) {
    const o = typeof record === 'string' ? objectOf(record) : record;
    return o && looksJournal(o) ? fromJournalFields(o) : null;
  },
};

/** journalctl -o json-pretty: tab-indented objects over many lines, read with a streaming JSON parser. */
export const journalJsonPretty: EnvelopeParser = {
  id: 'json-pretty',
  framing: 'json-stream',
  description: 'journalctl -o json-pretty: multi-line JSON objects',
  detect(sample) {
    const first = sample.find((l) => l.trim() !== '');
    if (first?.trim() !== '{') return 0;
    return sample.some((l) => /^\s+"(?:__CURSOR|__REALTIME_TIMESTAMP|MESSAGE)"\s*:/.test(l)) ? 1 : 0;
  },
  parse(record) {
    if (typeof record === 'string') return journalJson.parse(record);
    return looksJournal(record) ? fromJournalFields(record) : null;
  },
};
