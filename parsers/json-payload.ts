// JSON-per-line daemon output: logrus JSONFormatter (containerd `format = "json"`, dockerd
// `--log-format=json`) and Kubernetes' zap JSON (`--logging-format=json`: `ts` in epoch ms,
// no level field: errors carry `err`, infos carry `v`) (formats.md §3.3, §4.2).
import type { Payload, PayloadParser } from './types.js';
import { parseRfc3339, epochStamp } from './stamps.js';
import { priorityOf, type Fields, type Stamp } from '../src/event.js';

function timeOf(v: unknown): Stamp | null {
  if (typeof v === 'number') return epochStamp(v);
  if (typeof v === 'string') return parseRfc3339(v) ?? (/^\d+(\.\d+)?$/.test(v) ? epochStamp(Number(v)) : null);
  return null;
}

/** A JSON object message with a time and a message key; everything else becomes fields. */
export const jsonPayload: PayloadParser = {
  id: 'json-payload',
  sniff: (m) => m.charCodeAt(0) === 123 /* { */ && m.charCodeAt(m.length - 1) === 125,
  parse(message): Payload | null {
    let obj: unknown;
    try {
      obj = JSON.parse(message);
    } catch {
      return null;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
    const o = obj as Record<string, unknown>;
    const msg = o.msg ?? o.message;
    if (typeof msg !== 'string') return null;
    const level = typeof o.level === 'string' ? o.level : typeof o.severity === 'string' ? o.severity : null;
    const priority = level ? priorityOf(level) : 'err' in o ? 3 : 'v' in o ? 6 : null;
    const fields: Fields = {};
    for (const k in o) if (k !== 'msg' && k !== 'message' && k !== 'time' && k !== 'ts') fields[k] = o[k] as Fields[string];
    return { time: timeOf(o.time ?? o.ts), priority, message: msg, fields };
  },
};
