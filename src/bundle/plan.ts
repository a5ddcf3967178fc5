// From pass one's inventory to what pass two does with each member: which collector made the
// bundle, which node each file belongs to (and why), which files are logs, which are skipped
// (and why), in what order rotated files are read, and what the bundle says about time.
import { basename } from 'node:path';
import type { TimeHints } from '../pipeline/context.js';
import { isoOf, parseZone, type Zone } from '../time.js';
import type { Entry, Inventory } from './inventory.js';
import { roleOf, rotationDateUs, rotationOf, type Role } from './layout.js';
import { collectionFromName, collectorOf, readMetadata, type Collector } from './collectors.js';

/** What pass two does with one member. */
export interface MemberPlan {
  name: string;
  read: boolean;
  /** Why it is skipped (when `read` is false). */
  skip: string | null;
  kind: string;
  role: Role | null;
  host: string | null;
  hostReason: string | null;
  /** Short names the node's lines use for `host` (rsyslog's `ip-10-0-0-1` for the journal's FQDN). */
  hostAliases: ReadonlyMap<string, string> | null;
  node: string;
  hints: TimeHints;
}

/** The plan of a whole bundle. */
export interface BundlePlan {
  collector: Collector;
  members: Map<string, MemberPlan>;
  /** Member names in reading order (directories are read in it; archives in their own order). */
  order: string[];
  notes: string[];
}

// Pass one's formats that are logs even when the name says nothing; below this share of
// recognised lines an unnamed file is not a log.
const MIN_SCORE = 0.5;

function top(counts: Map<string, number>): string | null {
  let best: string | null = null;
  let n = 0;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}

/**
 * Folds a node's short host names into its full ones in place (rsyslog writes `ip-10-0-0-1`, the
 * journal `ip-10-0-0-1.ec2.internal`: one node) and returns short → full, or null.
 */
export function foldHostAliases(counts: Map<string, number>): Map<string, string> | null {
  let aliases: Map<string, string> | null = null;
  const ambiguous = new Set<string>();
  for (const full of counts.keys()) {
    const dot = full.indexOf('.');
    const short = full.slice(0, dot);
    if (dot <= 0 || /^\d+$/.test(short) || !counts.has(short)) continue;
    if (aliases?.has(short)) ambiguous.add(short);
    (aliases ??= new Map()).set(short, full);
  }
  for (const s of ambiguous) aliases!.delete(s);
  for (const [short, full] of aliases ?? []) {
    counts.set(full, counts.get(full)! + counts.get(short)!);
    counts.delete(short);
  }
  return aliases?.size ? aliases : null;
}

/** Plans a bundle from its inventory; `root` is the path the user named. */
export function planBundle(root: string, inv: Inventory, hostFlag: string | null): BundlePlan {
  const entries = inv.entries;
  const names = entries.map((e) => e.name);
  // A single top directory (sosreport-…/, must-gather.local…/) is the bundle's real name.
  const firstDirs = new Set(names.map((n) => (n.includes('/') ? n.slice(0, n.indexOf('/')) : '')));
  const topDir = firstDirs.size === 1 && !firstDirs.has('') ? [...firstDirs][0]! : null;
  const rel = (n: string) => (topDir ? n.slice(topDir.length + 1) : n);
  const bundleName = basename(root).replace(/\.(tar\.gz|tgz|tar\.xz|txz|tar\.zst|tar\.bz2|tar|zip)$/i, '');
  const collector = collectorOf(names.map(rel), [bundleName, topDir ?? '']);
  const meta = readMetadata(entries, rel);
  const fromName = collectionFromName([topDir ?? '', bundleName]);
  const pods = new Map<string, string>();
  for (const e of entries) for (const [k, v] of e.pods ?? []) pods.set(k, v);
  const notes: string[] = [`collector: ${collector.label} (${collector.why})`];

  const nodeOf = (name: string) => collector.nodeOf(rel(name));
  const byNode = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = nodeOf(e.name);
    const list = byNode.get(k);
    if (list) list.push(e);
    else byNode.set(k, [e]);
  }

  const collected = meta.collectedUs !== null ? { us: meta.collectedUs, why: meta.collectedReason! } : fromName?.exact ? { us: fromName.us, why: `the bundle's name (${fromName.text})` } : null;
  if (collected) notes.push(`collected at ${isoOf(collected.us)}: ${collected.why}`);
  const members = new Map<string, MemberPlan>();
  const order: string[] = [];
  for (const [node, list] of byNode) {
    const hostCounts = new Map<string, number>();
    for (const e of list) for (const [h, n] of e.probe?.hosts ?? []) hostCounts.set(h, (hostCounts.get(h) ?? 0) + n);
    const hostAliases = foldHostAliases(hostCounts);
    // Files of one node share what their lines settle about time; in a folder of unrelated files
    // (several hosts, no node directories) only files naming the same host do.
    const shared = collector.nodeDirs || hostCounts.size <= 1;
    const timeOf = (key: string | null) => {
      let zone: Zone | null = null, zoneReason: string | null = null, lastUs: number | null = null, lastWhy: string | null = null;
      for (const e of list) {
        const p = e.probe;
        if (!p || (!shared && top(p.hosts) !== key)) continue;
        if (!zone && p.zone) [zone, zoneReason] = [p.zone, `the zone ${p.timeReason} settled`];
        if (p.lastUs !== null && (lastUs === null || p.lastUs > lastUs)) [lastUs, lastWhy] = [p.lastUs, `the latest full timestamp in ${e.name}`];
      }
      return { zone, zoneReason, lastUs, lastWhy };
    };
    // Memoised per host: a folder of many files and hosts would otherwise rescan per file.
    const times = new Map<string | null, ReturnType<typeof timeOf>>();
    const timeFor = (key: string | null) => {
      let t = times.get(key);
      if (!t) times.set(key, (t = timeOf(key)));
      return t;
    };
    let zone: Zone | null = meta.zone;
    let zoneReason = meta.zoneReason;
    zone ??= collector.zone ? parseZone(collector.zone.name) : null;
    zoneReason ??= collector.zone?.why ?? null;
    let host: string | null = null;
    let hostReason: string | null = null;
    if (hostFlag) [host, hostReason] = [hostFlag, '--host'];
    else if (node && collector.nodeDirs) [host, hostReason] = [node, `the bundle's directory per node (${collector.label})`];
    else if (meta.hostname) [host, hostReason] = [meta.hostname, `the bundle's hostname file`];
    else if (top(hostCounts) && collector.singleNode && hostCounts.size <= 1) [host, hostReason] = [top(hostCounts), 'the host its journal lines name'];
    else if (collector.hostFromName) [host, hostReason] = [collector.hostFromName, `the bundle's name`];
    // A bare date in the name is the weakest hint: many bundles are named on another day.
    const dated = fromName && !fromName.exact ? { us: fromName.us, why: `the bundle's name (${fromName.text})` } : null;
    const boot = meta.uptimeUs !== null && collected ? { us: collected.us - meta.uptimeUs, why: `collection time minus the uptime file` } : null;
    for (const e of list) {
      const role = roleOf(rel(e.name));
      const rot = rotationOf(e.name);
      const nameDate = rotationDateUs(e.name.slice(e.name.lastIndexOf('/') + 1));
      const t = timeFor(shared ? null : e.probe ? top(e.probe.hosts) : null);
      const ref = nameDate !== null ? { us: nameDate, why: "the date in the file's name", soft: false }
        : collected ? { ...collected, soft: false }
        : t.lastUs !== null ? { us: t.lastUs, why: t.lastWhy, soft: true }
        : dated ? { ...dated, soft: true } : null;
      const hints: TimeHints = {
        collectedUs: collected?.us ?? null, collectedReason: collected?.why ?? null,
        refUs: ref?.us ?? null, refReason: ref?.why ?? null, refSoft: ref?.soft ?? false,
        zone: zone ?? t.zone, zoneReason: zone ? zoneReason : t.zoneReason, bootUs: boot?.us ?? null, bootReason: boot?.why ?? null,
      };
      const podNode = host === null && role?.fields?.pod ? pods.get(`${role.fields.namespace}/${role.fields.pod}`) : undefined;
      const [h, why] = podNode ? [podNode, "the pod's node in the bundle's Pod objects"] : [host, hostReason];
      const plan: MemberPlan = { name: e.name, read: true, skip: null, kind: role?.kind ?? 'unrecognised', role, host: h, hostReason: why, hostAliases, node, hints };
      plan.skip = skipReason(e, role, names, collector);
      plan.read = plan.skip === null;
      if (plan.read && role === null) plan.kind = `log (${e.probe?.format ?? 'unknown'})`;
      members.set(e.name, plan);
      order.push(`${rot.chain}\u0000${rot.order}\u0000${e.name}`);
    }
  }
  order.sort();
  return { collector, members, order: order.map((k) => k.slice(k.lastIndexOf('\u0000') + 1)), notes };
}

function skipReason(e: Entry, role: Role | null, names: readonly string[], collector: Collector): string | null {
  if (e.link !== null) return `symbolic link to ${e.link || '?'} (its target is read where the bundle holds it)`;
  if (e.error) return `unreadable: ${e.error}`;
  if (role?.skip) return role.skip;
  const covered = collector.coveredBy(e.name, names);
  if (covered) return covered;
  const p = e.probe;
  if (!p) return 'unreadable';
  if (p.kind === 'binary') return 'binary file, not a log';
  if (p.kind === 'journal') return null;
  if (e.size === 0) return 'empty file';
  if (p.notLog) return p.notLog;
  if (role) return null;
  if (p.score >= MIN_SCORE) return null;
  return `not a log: no known log format in its first lines (best: ${p.format}, ${Math.round(p.score * 100)}%)`;
}
