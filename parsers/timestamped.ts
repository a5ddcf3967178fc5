// A container's own lines behind an RFC 3339 time and one space: `kubectl logs --timestamps`,
// must-gather `current.log`/`previous.log` (pod-log API with timestamps=true), sos `docker logs -t`
// and `crictl logs -t` (formats.md §7.1, §7.2). The time is RFC3339NanoFixed; the line after it
// is the container's, as raw as a `cat` line, so its payload (klog, logrus, JSON) still applies.
import { messageEnvelope, shareOf } from './shared.js';
import type { Envelope, EnvelopeParser } from './types.js';
import { parseRfc3339 } from './stamps.js';
import { journalSigned } from './journal-text.js';

const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))(?: (.*))?$/s;
// What follows the time in a CRI file, which the `cri` format reads.
const CRI_TAIL = /^(?:stdout|stderr) [PF](?::\S*)?(?: |$)/;

/** Lines of a container's output prefixed with their time; the message is the line as the container wrote it. */
export const timestamped: EnvelopeParser = {
  id: 'timestamped',
  framing: 'line',
  description: 'kubectl logs --timestamps, must-gather current.log, docker logs -t: `2024-01-02T03:04:05.123456789Z msg`',
  // Not a line of a CRI file (`stdout F` after the time) nor of an RFC 3339 syslog file or
  // journalctl -o short-iso[-precise] (`host ident[pid]:` after the time): those formats read them.
  detect: (sample) =>
    shareOf(sample, (l) => {
      const m = LINE.exec(l);
      const tail = m?.[2] ?? '';
      return !!m && !CRI_TAIL.test(tail) && !journalSigned(tail);
    }),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const m = LINE.exec(record);
    if (!m) return null;
    const time = parseRfc3339(m[1]!);
    if (!time) return null;
    return messageEnvelope(m[2] ?? '', time);
  },
};
