// klog / glog: kubelet, kube-proxy, flanneld and the control plane.
// Header `Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg` (klog FormatHeader; formats.md §3.1),
// then either free text or a quoted message with key=values (InfoS/ErrorS, §3.2).
// The header has no year and uses the process's local zone: the clock resolves both.
import type { Envelope, EnvelopeParser, Marker, Payload, PayloadParser } from './types.js';
import { keyValues, readQuoted } from './kv.js';

const HEADER = /^([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +(\d+) ([^ :\]]+):(\d+)\] ?/;
const SEVERITY: Record<string, number> = { I: 6, W: 4, E: 3, F: 2 };

/** klog text payload: header time (year- and zone-less), severity letter, pid, caller, InfoS key/values. */
export const klogPayload: PayloadParser = {
  id: 'klog',
  sniff: (m) => m.length > 22 && 'IWEF'.includes(m[0]!) && m.charCodeAt(1) >= 48 && m.charCodeAt(1) <= 57,
  parse(message) {
    const h = HEADER.exec(message);
    if (!h) return null;
    const body = message.slice(h[0].length);
    // klog's file:line stays in the raw line; fields hold what the message says.
    let fieldsJson: string | null = null;
    let text = body;
    if (body.startsWith('"')) {
      const q = readQuoted(body, 0);
      if (q) {
        text = q.value;
        if (q.end < body.length) fieldsJson = keyValues(body, q.end).json;
      }
    }
    return {
      time: {
        kind: 'wall', year: null, month: +h[2]!, day: +h[3]!, hour: +h[4]!, minute: +h[5]!, second: +h[6]!, micro: +h[7]!, offset: null,
      },
      priority: SEVERITY[h[1]!] ?? null,
      pid: +h[8]!,
      message: text,
      fields: null,
      fieldsJson,
    } satisfies Payload;
  },
};

const FILE_HEADER = /^(?:Log file created at: (\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)|Running on machine: (\S+)|Binary: |Log line format: )/;

/** A kubelet.log/kube-proxy.log written by klog itself (or by systemd/kube-log-runner redirecting it): no envelope. */
export const klogFile: EnvelopeParser = {
  id: 'klog',
  framing: 'line',
  description: 'bare klog file (kubelet.log, kube-proxy.log): `I0102 03:04:05.123456  4242 file.go:12] msg`',
  // Only a file of klog lines: a mixed stream (journalctl -o cat of several units) is read as cat,
  // where each line keeps its own payload instead of becoming a "continuation" of a klog line.
  detect(sample) {
    const lines = sample.filter((l) => l.trim() !== '' && !/^\s/.test(l));
    const share = lines.filter((l) => HEADER.test(l) || FILE_HEADER.test(l)).length / Math.max(1, lines.length);
    return share >= 0.8 ? share : 0;
  },
  parse(line): Envelope | Marker | null {
    if (typeof line !== 'string') return null;
    if (HEADER.test(line)) {
      return { time: null, host: null, ident: null, pid: null, priority: null, unit: null, message: line, fields: null, cursor: null };
    }
    const f = FILE_HEADER.exec(line);
    if (f) {
      // klog's rotateFile() header gives the year (and the host) that the lines themselves lack.
      if (f[1]) return { marker: 'header', begin: `${f[1]}-${f[2]}-${f[3]} ${f[4]}` };
      if (f[5]) return { marker: 'host', host: f[5] };
      return { marker: 'skip' };
    }
    return null;
  },
  // Go panics and multi-line Infof text follow a header line without a header of their own.
  continues: (line) => !HEADER.test(line) && !FILE_HEADER.test(line) && line.trim() !== '',
};
