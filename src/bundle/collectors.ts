// The collectors whose bundles kubesleuth knows (formats.md §7.8): how each is recognised, how
// it lays out nodes, which of its files repeat others, and what its metadata and name say.
import { parseZone, type Zone } from '../time.js';
import type { Entry } from './inventory.js';

/** A collector's layout, as the plan needs it. */
export interface Collector {
  id: 'sos' | 'must-gather' | 'kind' | 'eks' | 'aks-periscope' | 'cluster-info-dump' | 'gke-log-dump' | 'folder';
  label: string;
  /** The marker that gave it away. */
  why: string;
  /** A directory per node: the node key of a member is its directory. */
  nodeDirs: boolean;
  /** Node key of a member ('' for a single-node bundle). */
  nodeOf(rel: string): string;
  /** One node's bundle: its journal lines' host names every file. */
  singleNode: boolean;
  /** Host the bundle's name carries (sosreport-<host>-…, eks_<instance-id>_…). */
  hostFromName: string | null;
  /** Zone the collector's files are known to be in (oc adm node-logs runs journalctl --utc). */
  zone: { name: string; why: string } | null;
  /** Why a member repeats another one that is read instead, or null. */
  coveredBy(name: string, names: readonly string[]): string | null;
}

const RUN_ID = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/;
const none = () => null;
const firstDir = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '');

function has(names: readonly string[], re: RegExp): string | undefined {
  return names.find((n) => re.test(n));
}

/** Recognises the collector from member names (relative to the bundle's top directory) and the bundle's names. */
export function collectorOf(names: readonly string[], bundleNames: readonly string[]): Collector {
  const base = { nodeDirs: false, nodeOf: () => '', singleNode: true, hostFromName: null, zone: null, coveredBy: none };
  const label = bundleNames.find((b) => b) ?? '';
  let m: string | undefined;
  if ((m = has(names, /^sos_(?:commands|reports)\//))) {
    const host = /^sosreport-(.+?)(?:\.\d+)?-(?:\d{14}|\d{4}-\d\d-\d\d-[a-z]{7})$/.exec(bundleNames.find((b) => b.startsWith('sosreport-')) ?? '');
    const full = (n: string) => /sos_commands\/logs\/journalctl_--no-pager(?:_--catalog)?(?:_--boot(?:_-1)?)?$/.test(n);
    let journalOf: { all: readonly string[]; journal: string | undefined } | null = null;
    return {
      ...base, id: 'sos', label: 'sosreport', why: m, hostFromName: host?.[1] ?? null,
      coveredBy(name, all) {
        // Found once per bundle: sos bundles hold thousands of files.
        if (journalOf?.all !== all) journalOf = { all, journal: all.find((n) => /sos_commands\/logs\/journalctl_--no-pager(?:_--catalog)?$/.test(n)) ?? all.find(full) };
        const journal = journalOf.journal;
        if (!journal || name === journal) return null;
        if (/journalctl_--no-pager/.test(name)) return `its lines are also in ${journal}, which is read instead`;
        if (/(?:^|\/)var\/log\/(?:messages|syslog)[^/]*$/.test(name)) return `rsyslog's copy of the journal ${journal}, which is read instead`;
        return null;
      },
    };
  }
  if ((m = has(names, /^(?:[^/]+\/)?(?:must-gather\.logs$|cluster-scoped-resources\/|namespaces\/[^/]+\/core\/)/))) {
    return {
      ...base, id: 'must-gather', label: 'OpenShift must-gather', why: m, singleNode: false,
      zone: has(names, /host_service_logs\//) ? { name: 'UTC', why: 'oc adm node-logs runs journalctl --utc' } : null,
      coveredBy: (name, all) => (name.includes('.insecure.log') && all.includes(name.replace('.insecure.log', '.log')) ? 'a retry of the log beside it, which is read instead' : null),
    };
  }
  if ((m = has(names, /^kind-version\.txt$|^[^/]+\/kubernetes-version\.txt$/))) {
    return { ...base, id: 'kind', label: 'kind export logs', why: m, nodeDirs: true, nodeOf: firstDir, singleNode: false };
  }
  if ((m = has(names, /^kubelet\/kubelet\.log$/)) && (has(names, /^(?:var_log|ipamd|system)\//) || bundleNames.some((b) => b.startsWith('eks_')))) {
    const id = /^eks_(i-[0-9a-f]+)_/.exec(bundleNames.find((b) => b.startsWith('eks_')) ?? '');
    return {
      ...base, id: 'eks', label: 'EKS log collector', why: m, hostFromName: id?.[1] ?? null,
      coveredBy: (name, all) => (/kernel\/dmesg\.current$/.test(name) && all.some((n) => n.endsWith('kernel/dmesg.human.current')) ? 'the same kernel ring buffer as dmesg.human.current (with wall-clock times), which is read instead' : null),
    };
  }
  const periscopeKey = /(?:^|\/)(?:kubelet|docker|_var_log_[^/]+|collector\/systemlogs\/[^/]+)$/;
  if ((m = has(names, /^(?:[^/]+\/){1,2}collector\/systemlogs\//)) || (bundleNames.some((b) => RUN_ID.test(b)) && (m = has(names, periscopeKey))) || (m = has(names, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\/[^/]+\/(?:kubelet|docker)$/))) {
    const nodeOf = (rel: string) => {
      const parts = rel.split('/');
      if (RUN_ID.test(parts[0] ?? '') || /^\d{4}-\d\d-\d\dT/.test(parts[0] ?? '')) parts.shift();
      return parts.length > 1 ? parts[0]! : '';
    };
    return {
      ...base, id: 'aks-periscope', label: 'aks-periscope', why: m, nodeDirs: true, nodeOf, singleNode: false,
      coveredBy: (name, all) => {
        const z = /(?:^|\/)([^/]+)\/\1\.zip\//.exec(name);
        return z && all.some((n) => !n.includes('.zip/') && n.includes(`${z[1]}/`)) ? `inside the node's zip; the same keys are read loose` : null;
      },
    };
  }
  if ((m = has(names, /^nodes\.json$/)) && has(names, /(?:^|\/)(?:events\.json|logs\.txt)$/)) {
    return { ...base, id: 'cluster-info-dump', label: 'kubectl cluster-info dump', why: m, singleNode: false };
  }
  if ((m = has(names, /^[^/]+\/kubelet\.log$/)) && has(names, /^[^/]+\/(?:kern\.log|serial-1\.log)$/)) {
    return { ...base, id: 'gke-log-dump', label: 'GCE/GKE log-dump', why: m, nodeDirs: true, nodeOf: firstDir, singleNode: false };
  }
  // A hand-made folder has a directory per node when two or more of its top directories hold
  // files of the same names (node-1/kubelet.log, node-2/kubelet.log): a fleet, not a mix.
  const seen = new Map<string, Set<string>>();
  for (const n of names) {
    if (!n.includes('/')) continue;
    const below = n.slice(n.indexOf('/') + 1);
    seen.set(below, (seen.get(below) ?? new Set()).add(firstDir(n)));
  }
  const dirs = new Set([...seen.values()].filter((d) => d.size >= 2).flatMap((d) => [...d]));
  if (dirs.size >= 2) return { ...base, id: 'folder', label: 'folder of node logs, a directory per node', why: [...dirs].slice(0, 3).join(', '), nodeDirs: true, nodeOf: firstDir, singleNode: false };
  return { ...base, id: 'folder', label: label ? `folder of logs (${label})` : 'folder of logs', why: 'no collector marker' };
}

/** What the metadata files of a bundle say. */
export interface Metadata {
  hostname: string | null;
  collectedUs: number | null;
  collectedReason: string | null;
  zone: Zone | null;
  zoneReason: string | null;
  uptimeUs: number | null;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

// `date` prints `Sun Jun 11 09:14:02 UTC 2017`; Go's time.Now() prints `2022-03-14 09:12:01.12 +0000 UTC m=+0.01`.
function parseDateOutput(text: string): number | null {
  let m = /\b([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (?:UTC|GMT|Z) (\d{4})\b/.exec(text);
  if (m && MONTHS.includes(m[1]!)) return Date.UTC(+m[6]!, MONTHS.indexOf(m[1]!), +m[2]!, +m[3]!, +m[4]!, +m[5]!) * 1000;
  m = /\b(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)? \+0000\b/.exec(text);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) * 1000;
  m = /Universal time: \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) UTC/.exec(text);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) * 1000;
  return null;
}

function parseUptime(text: string): number | null {
  const m = /\bup +(?:(\d+) days?, +)?(?:(\d+):(\d\d)|(\d+) min)/.exec(text);
  if (!m) return null;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? m[4] ?? 0)) * 60e6;
}

/** Reads hostname, collection time, zone and uptime from the bundle's metadata files. */
export function readMetadata(entries: readonly Entry[], rel: (n: string) => string): Metadata {
  const md: Metadata = { hostname: null, collectedUs: null, collectedReason: null, zone: null, zoneReason: null, uptimeUs: null };
  for (const e of entries) {
    if (e.text === null) continue;
    const r = rel(e.name);
    const text = e.text;
    if (/^(?:hostname|etc\/hostname|sos_commands\/host\/hostname)$/.test(r)) {
      const h = text.trim().split(/\s+/)[0];
      if (h && /^[\w.-]+$/.test(h)) md.hostname ??= h;
    } else if (/(?:^|\/)(?:date|date_--utc|timedatectl|timestamp)$/.test(r)) {
      const us = parseDateOutput(text);
      if (us !== null && md.collectedUs === null) [md.collectedUs, md.collectedReason] = [us, `the bundle's ${r} file`];
      const z = /Time zone: ([\w/+-]+)/.exec(text);
      const zone = z ? parseZone(z[1]!) : null;
      if (zone && !md.zone) [md.zone, md.zoneReason] = [zone, `the bundle's ${r} file (${z![1]})`];
    } else if (/(?:^|\/)uptime$/.test(r)) md.uptimeUs = parseUptime(text);
    else if (/(?:^|\/)etc\/timezone$/.test(r)) {
      const zone = parseZone(text.trim());
      if (zone && !md.zone) [md.zone, md.zoneReason] = [zone, `the bundle's ${r} file`];
    }
  }
  return md;
}

/**
 * When a bundle's name says it was collected: EKS `…_2024-01-30_1020-UTC_…`, periscope
 * `2024-01-30T10-20-00Z`, sos `…-20240130102000`, else a bare date (`…-2024-01-30`, end of day, not exact).
 */
export function collectionFromName(names: readonly string[]): { us: number; exact: boolean; text: string } | null {
  for (const n of names) {
    let m = /(\d{4})-(\d\d)-(\d\d)_(\d\d)(\d\d)-UTC/.exec(n) ?? /(\d{4})-(\d\d)-(\d\d)T(\d\d)-(\d\d)-(\d\d)Z/.exec(n) ?? /(?:^|\D)(20\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\D|$)/.exec(n);
    if (m) {
      const us = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) * 1000;
      if (!Number.isNaN(us)) return { us, exact: true, text: m[0] };
    }
    m = /(?:^|\D)(20\d\d|19\d\d)-?(\d\d)-?(\d\d)(?:\D|$)/.exec(n);
    if (m && +m[2]! >= 1 && +m[2]! <= 12 && +m[3]! >= 1 && +m[3]! <= 31) return { us: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 23, 59, 59) * 1000, exact: false, text: m[0].replace(/^\D|\D$/g, '') };
  }
  return null;
}
