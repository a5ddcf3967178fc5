// CRI container log files (/var/log/pods/…/0.log, /var/log/containers/*.log) as containerd and
// CRI-O write them: `<RFC3339Nano> <stdout|stderr> <P|F>[:tags] <content>` (formats.md §5.2).
// containerd trims the fraction's trailing zeros and may write `Z` or `+08:00`; conmon always
// writes 9 digits and a numeric offset. A line longer than the runtime's limit (16 KiB) is cut
// into `P` chunks ended by an `F` chunk; kubelet's reader glues them back without separators.
import { messageEnvelope, shareOf } from './shared.js';
import type { Envelope, EnvelopeParser } from './types.js';
import { parseRfc3339 } from './stamps.js';

// kubelet accepts any tags after the first (`F:x`) for forward compatibility; so do we.
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) (stdout|stderr) ([PF])(?::\S*)?(?: (.*))?$/s;

interface Chunk {
  ts: string;
  stream: string;
  partial: boolean;
  content: string;
}

// The stream and first tag of a line, read by position: the framer asks this of every line and of
// the one before it, so it must not run LINE over 16 KiB of content twice more. Stamps are 20–35
// characters, `-` at 4, `T` at 10, ending in `Z` or `:mm` (test/cri.test.ts checks it agrees with
// the regex on real lines and near misses).
const digit = (line: string, i: number) => line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57;
function head(line: string): { stream: string; partial: boolean } | null {
  const sp = line.indexOf(' ');
  if (sp < 20 || sp > 35 || !digit(line, 0) || !digit(line, 11) || line.charCodeAt(4) !== 45 || line.charCodeAt(10) !== 84 || line.charCodeAt(sp + 7) !== 32) return null;
  if (line.charCodeAt(sp - 1) !== 90 /* Z */ && line.charCodeAt(sp - 3) !== 58 /* : */) return null;
  const stream = line.slice(sp + 1, sp + 7);
  const tag = line.charCodeAt(sp + 8);
  if ((stream !== 'stdout' && stream !== 'stderr') || (tag !== 80 /* P */ && tag !== 70 /* F */)) return null;
  return { stream, partial: tag === 80 };
}

function chunk(line: string): Chunk | null {
  const m = LINE.exec(line);
  return m ? { ts: m[1]!, stream: m[2]!, partial: m[3] === 'P', content: m[4] ?? '' } : null;
}

/** CRI lines; a record the framer joined from `P` chunks becomes one message, dated by its first chunk. */
export const cri: EnvelopeParser = {
  id: 'cri',
  framing: 'line',
  description: 'CRI container log (containerd, CRI-O): `2024-01-02T03:04:05.123456789Z stdout F msg`',
  detect: (sample) => shareOf(sample, (l) => LINE.test(l)),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const parts = record.split('\n');
    const first = chunk(parts[0]!);
    if (!first) return null;
    const time = parseRfc3339(first.ts);
    if (!time) return null;
    let content = first.content;
    let partial = first.partial;
    // The framer only joins chunks of one stream, so every part is a chunk of this message.
    for (let i = 1; i < parts.length; i++) {
      const c = chunk(parts[i]!);
      if (!c) continue;
      content += c.content;
      partial = c.partial;
    }
    // A record still ending in `P` was cut (container stopped mid-line, or the join limit hit).
    return messageEnvelope(content, time, partial ? { stream: first.stream, partial: true } : { stream: first.stream });
  },
  // Only a chunk of the same stream continues a `P`: stdout and stderr chunks can interleave, and
  // a stderr line must not be glued into a stdout message (the stdout message is then cut in two).
  continues(line, prev) {
    const p = head(prev);
    if (!p?.partial) return false;
    return head(line)?.stream === p.stream;
  },
};
