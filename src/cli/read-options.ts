// The options analyze and watch share for reading lines and for scripts: --format, --year, --tz,
// --host, --fail-on, each checked the same way with the same message.
import { envelopeById, formatNames } from '../../parsers/index.js';
import type { EnvelopeParser } from '../../parsers/types.js';
import { KubesleuthError } from '../errors.js';
import { SEVERITIES, type Severity } from '../engine/rule-types.js';
import { parseZone, type Zone } from '../time.js';

/** The parseArgs table of the reading options: --format, --year, --tz, --host. */
export const READ_OPTIONS = {
  format: { type: 'string' },
  year: { type: 'string' },
  tz: { type: 'string' },
  host: { type: 'string' },
} as const;

/** `--format NAME`: the envelope parser to use instead of detection, or null when not given. */
export function formatOption(name: string | undefined): EnvelopeParser | null {
  if (name === undefined) return null;
  const p = envelopeById(name);
  if (!p) throw new KubesleuthError(`unknown --format "${name}"; one of: ${formatNames().join(', ')}`);
  return p;
}

/** `--year YYYY`: the year of lines that print none, or null when not given. */
export function yearOption(text: string | undefined): number | null {
  if (text === undefined) return null;
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < 1970 || year > 2100) throw new KubesleuthError(`--year wants a year like 2017, got "${text}"`);
  return year;
}

/** `--tz ZONE`: the zone of lines that print none, or null when not given. */
export function zoneOption(text: string | undefined): Zone | null {
  if (text === undefined) return null;
  const zone = parseZone(text);
  if (!zone) throw new KubesleuthError(`unknown --tz "${text}"; use UTC, an offset like +02:00, or a zone like Europe/Berlin`);
  return zone;
}

/** `--fail-on SEV`: the severity at or above which a finding makes the exit status 1. */
export function failOnOption(text: string | undefined): Severity | undefined {
  if (text !== undefined && !SEVERITIES.includes(text as Severity)) throw new KubesleuthError(`--fail-on wants one of ${SEVERITIES.join(', ')}, got "${text}"`);
  return text as Severity | undefined;
}
