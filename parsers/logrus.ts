// logrus text formatter (dockerd, containerd, CRI-O, CNI daemons) and Go slog's text handler:
// `time="2017-10-10T20:55:30.790401257Z" level=error msg="…" error="…" id=…` (formats.md §4.1).
import type { EnvelopeParser, Payload, PayloadParser } from './types.js';
import { barePreset } from './cat.js';
import { keyValues } from './kv.js';
import { parseRfc3339 } from './stamps.js';
import { priorityOf } from '../src/event.js';

const PICK = ['time', 'level', 'msg'];

const START = /^(?:time|level)=/;

/** logrus/slog text payload: `time=` (absolute when zoned), `level=`, `msg=` and the other keys as fields. */
export const logrusPayload: PayloadParser = {
  id: 'logrus',
  sniff: (m) => m.startsWith('time=') || m.startsWith('level='),
  parse(message): Payload | null {
    const kv = keyValues(message, 0, PICK);
    const { time, level, msg } = kv.picked;
    if (kv.count < 2 || level === undefined) return null;
    return { time: time !== undefined ? parseRfc3339(time) : null, priority: priorityOf(level), message: msg ?? '', fields: null, fieldsJson: kv.json };
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
