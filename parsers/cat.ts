// journalctl -o cat, or any file of bare daemon lines: the message and nothing else
// (logs-show.c output_cat; the GCE log-dump writes kubelet.log this way, formats.md §1.8).
import { messageEnvelope } from './shared.js';
import type { Envelope, EnvelopeParser } from './types.js';

function bare(record: string | object): Envelope | null {
  return typeof record === 'string' ? messageEnvelope(record) : null;
}

/** A bare-lines format under another name (a docker.log of logrus lines is `cat` that detects itself). */
export function barePreset(p: Pick<EnvelopeParser, 'id' | 'description' | 'detect'> & { note?: string }): EnvelopeParser {
  return { ...p, framing: 'line', parse: bare };
}

/** Every line is a message; time and severity can only come from the payload (klog, logrus). */
export const cat: EnvelopeParser = barePreset({
  id: 'cat',
  description: 'journalctl -o cat, or bare daemon lines: message only',
  note: 'cat output carries no time, host or unit: times come from klog/logrus headers inside the lines and are carried to the lines between them; use --host to name the node',
  // The fallback: it accepts anything, so it only wins when nothing more specific does.
  detect: () => 0.05,
});
