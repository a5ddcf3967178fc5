// logrus text formatter (dockerd, containerd, CRI-O, CNI daemons) and Go slog's text handler:
// `time="2017-10-10T20:55:30.790401257Z" level=error msg="…" error="…" id=…` (formats.md §4.1).
import type { EnvelopeParser, Payload, PayloadParser } from './types.js';
import { barePreset } from './cat.js';
import { parseKeyValues } from './kv.js';
import { parseRfc3339 } from './stamps.js';
import { priorityOf, type Fields } from '../src/event.js';

const START = /^(?:time|level)=/;

/** logrus/slog text payload: `time=` (absolute when zoned), `level=`, `msg=` and the other keys as fields. */
export const logrusPayload: PayloadParser = {
  id: 'logrus',
  sniff: (m) => m.startsWith('time=') || m.startsWith('level='),
  parse(message): Payload | null {
    const { fields, count } = parseKeyValues(message);
    if (count < 2 || fields.level === undefined) return null;
    const time = typeof fields.time === 'string' ? parseRfc3339(fields.time) : null;
    const level = typeof fields.level === 'string' ? fields.level : '';
    const msg = fields.msg;
    const rest: Fields = {};
    for (const k in fields) if (k !== 'time' && k !== 'level' && k !== 'msg') rest[k] = fields[k]!;
    rest.level = level;
    return {
      time,
      priority: priorityOf(level),
      message: typeof msg === 'string' ? msg : msg === undefined ? '' : JSON.stringify(msg),
      fields: rest,
    };
  },
};

/** A docker.log/containerd.log of logrus lines (redirected stderr, `journalctl -o cat -u docker`); other lines (Go's log package, panics) stay messages. */
export const logrusFile: EnvelopeParser = barePreset({
  id: 'logrus',
  description: 'bare logrus file (docker.log, containerd.log): `time="…" level=info msg="…"`',
  detect(sample) {
    const lines = sample.filter((l) => l.trim() !== '');
    const share = lines.filter((l) => START.test(l) && l.includes('level=')).length / Math.max(1, lines.length);
    return share >= 0.8 ? share : 0;
  },
});
