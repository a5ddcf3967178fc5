// RFC 5424 syslog (`RSYSLOG_SyslogProtocol23Format`, forwarded logs):
// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG` (RFC 5424 §6; formats.md §2).
import { shareOf } from './shared.js';
import type { Envelope, EnvelopeParser } from './types.js';
import { parseRfc3339 } from './stamps.js';

const LINE = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/s;
const nil = (v: string) => (v === '-' ? null : v);

/** RFC 5424 lines: priority from PRI, zoned timestamp, app-name as identifier, structured data kept as a field. */
export const rfc5424: EnvelopeParser = {
  id: 'rfc5424',
  framing: 'line',
  description: 'RFC 5424 syslog: `<30>1 2024-01-02T03:04:05.123456+00:00 host app pid - - msg`',
  detect: (sample) => shareOf(sample, (l) => LINE.test(l)),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const m = LINE.exec(record);
    if (!m) return null;
    const pri = Number(m[1]);
    if (pri > 191) return null;
    const time = m[2] === '-' ? null : parseRfc3339(m[2]!);
    if (m[2] !== '-' && !time) return null;
    const procid = nil(m[5]!);
    let message = m[8] ?? '';
    if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
    const fields: Record<string, string> = {};
    if (m[7] !== '-') fields.structured_data = m[7]!;
    if (m[6] !== '-') fields.msgid = m[6]!;
    return {
      time,
      host: nil(m[3]!),
      ident: nil(m[4]!),
      pid: procid && /^\d+$/.test(procid) ? Number(procid) : null,
      priority: pri & 7,
      unit: null,
      message,
      fields: Object.keys(fields).length ? fields : null,
      cursor: null,
    };
  },
};
