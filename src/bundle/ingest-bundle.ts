// A bundle from path to stored events: pass one (inventory), the plan (collector, nodes, roles,
// time), pass two (each log member through the ordinary ingest). A folder that holds several
// bundles (samples/, a directory of downloaded bundles) is planned bundle by bundle.
import { join } from 'node:path';
import { ingestInput, skippedReport, type IngestOptions, type InputReport } from '../pipeline/ingest.js';
import type { InputSpec } from '../pipeline/sources.js';
import { ArchiveError, bundleMembers } from './archive.js';
import { collectorOf } from './collectors.js';
import { inventory, type Entry } from './inventory.js';
import { planBundle, type MemberPlan } from './plan.js';

interface Part {
  prefix: string;
  entries: Entry[];
  /** A known collector's layout (else a plain folder). */
  known: boolean;
}

const MAX_SPLIT_DEPTH = 3;

// Splits a folder into the bundles it holds: a directory whose own layout is a known collector's
// is a bundle of its own, unless two or more of its directories are (a folder of downloaded
// bundles, one of which happens to carry a marker at its top); a plain directory is looked into,
// up to a few levels.
function split(entries: Entry[], prefix: string, depth: number): Part[] {
  const own = depth > 0 && collectorOf(entries.map((e) => e.name.slice(prefix.length)), [prefix.slice(0, -1).split('/').pop() ?? '']).id !== 'folder';
  if (depth >= MAX_SPLIT_DEPTH) return [{ prefix, entries, known: own }];
  const byDir = new Map<string, Entry[]>();
  const rest: Entry[] = [];
  for (const e of entries) {
    const r = e.name.slice(prefix.length);
    const i = r.indexOf('/');
    if (i < 0) rest.push(e);
    else {
      const dir = r.slice(0, i);
      const list = byDir.get(dir);
      if (list) list.push(e);
      else byDir.set(dir, [e]);
    }
  }
  const parts: Part[] = [];
  let known = 0;
  for (const [dir, list] of byDir) {
    const sub = split(list, `${prefix}${dir}/`, depth + 1);
    // A directory with no known bundle anywhere below it stays part of this folder.
    if (sub.some((p) => p.known)) {
      parts.push(...sub);
      known++;
    } else rest.push(...list);
  }
  if (own && known < 2) return [{ prefix, entries, known: true }];
  if (rest.length) parts.unshift({ prefix, entries: rest, known: false });
  return parts;
}

type Planned = MemberPlan & { collector: string };

// Every member's plan, keyed by its name in the bundle, and the reading order.
async function planAll(path: string, hostFlag: string | null): Promise<{ plans: Map<string, Planned>; order: string[]; notes: string[]; inventoryError: string | null }> {
  const inv = await inventory(path);
  const plans = new Map<string, Planned>();
  const order: string[] = [];
  const notes: string[] = [];
  for (const part of split(inv.entries, '', 0)) {
    const root = part.prefix ? join(path, part.prefix) : path;
    const local = part.entries.map((e) => ({ ...e, name: e.name.slice(part.prefix.length) }));
    const plan = planBundle(root, { entries: local, error: null }, hostFlag);
    for (const [name, m] of plan.members) {
      // Set in place, not spread: a spread copy per member cost each its own hidden class.
      const p = m as Planned;
      p.name = part.prefix + name;
      p.collector = plan.collector.id;
      plans.set(p.name, p);
    }
    for (const n of plan.order) order.push(part.prefix + n);
    for (const n of plan.notes) notes.push(`${part.prefix || path}: ${n}`);
  }
  return { plans, order, notes, inventoryError: inv.error };
}

/** Reads a directory or archive as a bundle; returns one report per member, read or skipped. */
export async function ingestBundle(spec: InputSpec, o: IngestOptions): Promise<InputReport[]> {
  // The inventory (each file's probe) is needed for planning only: a folder of 100,000 files
  // keeps it no longer than that.
  const { plans, order, notes, inventoryError } = await planAll(spec.path, o.read.host);
  const reports: InputReport[] = [];
  const place = (m: Planned) => ({ bundle: spec.path, member: m.name, collector: m.collector, kind: m.kind, host: m.host, hostReason: m.hostReason });
  try {
    for await (const mem of bundleMembers(spec.path, order)) {
      const plan = plans.get(mem.name);
      const path = `${spec.path}/${mem.name}`;
      if (!plan || !plan.read) {
        const why = plan?.skip ?? 'not in the first pass (the archive changed while read?)';
        if (plan) await o.sink.skipInput(o.runId, path, mem.size, place(plan), why);
        reports.push(skippedReport(plan ? { path, member: { place: place(plan) } } : { path }, why));
        mem.stream.destroy();
        continue;
      }
      const member: NonNullable<InputSpec['member']> = {
        stream: mem.stream, diskPath: mem.diskPath, compression: mem.compression, place: place(plan),
        source: plan.role?.source ?? null, format: plan.role?.format ?? null, fields: plan.role?.fields ?? null, hints: plan.hints, hostAliases: plan.hostAliases,
      };
      reports.push(await ingestInput({ path, stdin: false, explicit: false, size: mem.size, mtimeUs: mem.mtimeUs, member }, o));
    }
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    notes.push(`${err.message}`);
  }
  if (inventoryError && !notes.includes(inventoryError)) notes.push(inventoryError);
  return [bundleReport(spec.path, notes), ...reports];
}

// The bundle itself is reported as a skipped input carrying its notes (collector, collection
// time, archive errors), so the summary and `inputs` show them once.
function bundleReport(path: string, notes: string[]): InputReport {
  const r = skippedReport({ path }, notes[0] ?? 'bundle');
  r.status = 'bundle';
  r.notes = notes;
  return r;
}
