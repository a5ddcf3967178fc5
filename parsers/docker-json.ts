// Docker's json-file log driver (/var/lib/docker/containers/<id>/<id>-json.log, and the
// dockershim-era /var/log/pods symlinks to it): one object per line, keys in the fixed order
// `log`, `stream`, `attrs`, `time` (moby jsonlog MarshalJSONBuf; formats.md §5.4). `log` keeps the
// line's `\n`; a line over 16 KiB is written as chunks without it, the last chunk ending in `\n`.
import { messageEnvelope, shareOf } from './shared.js';
import type { Envelope, EnvelopeParser } from './types.js';
import type { Fields, FieldValue } from '../src/event.js';
import { parseRfc3339 } from './stamps.js';

interface DockerLine {
  log?: unknown;
  stream?: unknown;
  attrs?: unknown;
  time?: unknown;
}

function objectOf(line: string): DockerLine | null {
  if (line.charCodeAt(0) !== 123 /* { */) return null;
  try {
    const o = JSON.parse(line) as unknown;
    if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
    const d = o as DockerLine;
    // `log` and `stream` are omitted when empty, `time` never is.
    return typeof d.time === 'string' && (typeof d.log === 'string' || typeof d.stream === 'string') ? d : null;
  } catch {
    return null;
  }
}

// Where the `log` string ends, found without parsing (the framer asks of every line and the one
// before it; test/cri.test.ts checks it agrees with JSON.parse): inside a JSON string every `"` is
// escaped, so the raw text `","` only occurs between two values. -1 when the line is not docker's.
function logEnd(line: string): number {
  if (!line.startsWith('{"log":"')) return -1;
  const end = line.indexOf('","', 8);
  return end === -1 ? -1 : end;
}

// Whether a docker line's `log` ends in an escaped `\n` (an odd run of backslashes before the n);
// an empty `log` is no chunk of anything.
function complete(line: string, end: number): boolean {
  if (end === 8) return true;
  if (line.charCodeAt(end - 1) !== 110 /* n */) return false;
  let slashes = 0;
  for (let i = end - 2; i >= 8 && line.charCodeAt(i) === 92 /* \ */; i--) slashes++;
  return slashes % 2 === 1;
}

function streamAt(line: string, end: number): string | null {
  if (line.startsWith('stream":"stdout"', end + 3)) return 'stdout';
  if (line.startsWith('stream":"stderr"', end + 3)) return 'stderr';
  return null;
}

/** json-file lines; a record the framer joined from partial chunks becomes one message, dated by its first chunk. */
export const dockerJson: EnvelopeParser = {
  id: 'docker-json',
  framing: 'line',
  description: 'docker json-file log: `{"log":"msg\\n","stream":"stdout","time":"2019-01-01T11:11:11.111111111Z"}`',
  detect: (sample) => shareOf(sample, (l) => objectOf(l) !== null),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const parts = record.split('\n');
    const first = objectOf(parts[0]!);
    if (!first) return null;
    const time = parseRfc3339(first.time as string);
    if (!time) return null;
    let log = typeof first.log === 'string' ? first.log : '';
    // The framer only joins chunks of one stream, so every part is a chunk of this message.
    for (let i = 1; i < parts.length; i++) {
      const d = objectOf(parts[i]!);
      if (d && typeof d.log === 'string') log += d.log;
    }
    const fields: Fields = {};
    if (typeof first.stream === 'string') fields.stream = first.stream;
    if (first.attrs && typeof first.attrs === 'object' && !Array.isArray(first.attrs)) fields.attrs = first.attrs as FieldValue;
    // No final `\n`: the container stopped mid-line or the join limit cut the message.
    if (log !== '' && !log.endsWith('\n')) fields.partial = true;
    return messageEnvelope(log.endsWith('\r\n') ? log.slice(0, -2) : log.endsWith('\n') ? log.slice(0, -1) : log, time, fields);
  },
  // A chunk without its `\n` is continued by the next line of the same stream (stdout and stderr
  // chunks can interleave; a chunk of the other stream starts a record of its own).
  continues(line, prev) {
    const pe = logEnd(prev);
    if (pe === -1 || complete(prev, pe)) return false;
    const le = logEnd(line);
    return le !== -1 && streamAt(line, le) === streamAt(prev, pe);
  },
};
