// Pieces several formats share: how much of a sample a format recognises, and the envelope of a
// line that carries nothing but a message (and a time or fields when the format has them).
import type { Fields, Stamp } from '../src/event.js';
import type { Envelope } from './types.js';

/** Share (0–1) of the sample's non-empty lines that pass `test`. */
export function shareOf(sample: readonly string[], test: (line: string) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (const l of sample) {
    if (l === '') continue;
    seen++;
    if (test(l)) hits++;
  }
  return seen ? hits / seen : 0;
}

/** An envelope with only a message, and the time, fields and identifier the format gives. */
export function messageEnvelope(message: string, time: Stamp | null = null, fields: Fields | null = null, ident: string | null = null): Envelope {
  return { time, host: null, ident, pid: null, priority: null, unit: null, message, fields, cursor: null };
}
