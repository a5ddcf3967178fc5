// The registry: every envelope and payload format, in detection order. Adding a format means
// one file in parsers/, one line here, and its cases beside it.
import type { EnvelopeParser, PayloadParser } from './types.js';
import { journalExport } from './journal-export.js';
import { journalJson, journalJsonPretty } from './journal-json.js';
import { journalTextParsers } from './journal-text.js';
import { rfc5424 } from './rfc5424.js';
import { cri } from './cri.js';
import { dockerJson } from './docker-json.js';
import { dmesg, dmesgT } from './dmesg.js';
import { systemctlStatus } from './systemctl-status.js';
import { timestamped } from './timestamped.js';
import { kubectlEvents, kubectlEventsYaml } from './kubectl-events.js';
import { kubectlDescribe } from './kubectl-describe.js';
import { kubectlGet } from './kubectl-get.js';
import { clusterDumpLogs } from './cluster-dump.js';
import { klogFile, klogPayload } from './klog.js';
import { logrusFile, logrusPayload } from './logrus.js';
import { jsonPayload } from './json-payload.js';
import { systemdPayload } from './systemd.js';
import { kernelPayload } from './kernel.js';
import { cat } from './cat.js';

/** Envelope formats, most specific first: on equal detection scores the earlier one wins. */
export const ENVELOPES: readonly EnvelopeParser[] = [
  journalExport, journalJsonPretty, journalJson, ...journalTextParsers, rfc5424,
  // container, kernel and systemctl formats
  cri, dockerJson, dmesg, dmesgT, systemctlStatus, timestamped,
  // kubectl formats
  kubectlEvents, kubectlEventsYaml, kubectlDescribe, kubectlGet, clusterDumpLogs,
  klogFile, logrusFile, cat,
];

/** Payload formats by id. */
export const PAYLOADS: Readonly<Record<string, PayloadParser>> = {
  klog: klogPayload, logrus: logrusPayload, json: jsonPayload, systemd: systemdPayload, kernel: kernelPayload,
};

/** Other names `--format` accepts for the same parser. */
export const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  syslog: 'short', rfc3164: 'short', rfc3339: 'short-iso-precise', rsyslog: 'short-iso-precise', 'with-unit': 'short-full',
  'json-sse': 'json', 'json-seq': 'json', docker: 'logrus', kubelet: 'klog',
};

/** The envelope parser for a `--format` name or alias, or undefined. */
export function envelopeById(id: string): EnvelopeParser | undefined {
  const name = FORMAT_ALIASES[id] ?? id;
  return ENVELOPES.find((p) => p.id === name);
}

/** Every name `--format` accepts. */
export function formatNames(): string[] {
  return [...ENVELOPES.map((p) => p.id), ...Object.keys(FORMAT_ALIASES)];
}

/** Picks the envelope format that recognises the largest share of the sample (first wins ties). */
export function detectEnvelope(sample: readonly string[]): { parser: EnvelopeParser; score: number } {
  let best: EnvelopeParser = cat;
  let bestScore = 0;
  for (const p of ENVELOPES) {
    const s = p.detect(sample);
    if (s > bestScore + 1e-9) {
      best = p;
      bestScore = s;
    }
  }
  return { parser: best, score: bestScore };
}

/** The payload parser for a message, chosen by its component and first bytes; null when none applies. */
export function payloadFor(source: string, message: string): PayloadParser | null {
  if (source === 'systemd') return systemdPayload;
  if (source === 'kernel') return kernelPayload;
  if (klogPayload.sniff(message)) return klogPayload;
  if (logrusPayload.sniff(message)) return logrusPayload;
  if (jsonPayload.sniff(message)) return jsonPayload;
  return null;
}
