// `kubectl get pods|nodes|events` tables (formats.md §6.3; kubernetes pkg/printers/internalversion):
// a header of uppercased column names, rows aligned by tabwriter (padding 3). A table is a
// snapshot: a pod or node in a bad state becomes an event at the moment it was taken (ago 0);
// event rows are dated back by their LAST SEEN age. Healthy rows and headers are skipped.
import type { Envelope, EnvelopeParser, FramedRecord, JournalEntry, JournalValue, Marker, RecordFramer } from './types.js';
import { AGE, AGE_CELL, columnsOf, cutRow, eventRow, eventRowEnvelope, isEventHeader, parseAge, type Column } from './kubectl-table.js';

// kubectl tables start with NAME, NAMESPACE (-A) or LAST SEEN (events); cells split at 2+ spaces.
const HEADER = /^(?:NAME|NAMESPACE|LAST SEEN)(?: {2,}[A-Z][A-Z0-9-]*(?: [A-Z][A-Z0-9-]*)*)+ *$/;
const RESTARTS = new RegExp(String.raw`^\d+(?: \(${AGE} ago\))?$`);
// Rows re-spaced by a paste (single spaces): the cells that cannot hold a space still anchor them.
const POD_RE = new RegExp(String.raw`^(?:(\S+)\s+)??(\S+)\s+(\d+/\d+)\s+(\S+)\s+(\d+(?: \(${AGE} ago\))?)\s+(${AGE})(?:\s+(\S+)\s+(\S+)(?:\s+.*)?)?\s*$`);
const NODE_RE = new RegExp(String.raw`^(\S+)\s+([A-Za-z,]+)\s+(\S+)\s+(${AGE})\s+(v\S+)`);
const EVENT_RE = new RegExp(String.raw`^(?:(\S+)\s+)??(${AGE_CELL})\s+(Normal|Warning)\s+(\S+)\s+(\S+)(?:\s+(.*))?$`);

type Kind = 'pods' | 'nodes' | 'events' | 'other';
interface Table {
  kind: Kind;
  cols: Column[];
  namespaced: boolean;
}

const POD_KEYS: Record<string, string> = { NAMESPACE: 'namespace', NAME: 'name', READY: 'ready', STATUS: 'status', RESTARTS: 'restarts', AGE: 'age', IP: 'ip', NODE: 'node' };
const NODE_KEYS: Record<string, string> = { NAME: 'name', STATUS: 'status', ROLES: 'roles', AGE: 'age', VERSION: 'version', 'INTERNAL-IP': 'ip' };

function tableOf(cols: Column[]): Table {
  const names = new Set(cols.map((c) => c.name));
  const has = (...n: string[]) => n.every((x) => names.has(x));
  let kind: Kind = 'other';
  if (has('NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE')) kind = 'pods';
  // `NAME STATUS AGE` alone is namespaces; nodes have ROLES (1.8+) or VERSION (1.6+).
  else if (has('NAME', 'STATUS', 'AGE') && (names.has('ROLES') || names.has('VERSION'))) kind = 'nodes';
  else if (isEventHeader(cols)) kind = 'events';
  return { kind, cols, namespaced: names.has('NAMESPACE') };
}

// Cells named by the header into a record, through a key map (`k` says which kind of row it is).
function named(cells: readonly string[], cols: readonly Column[], keys: Record<string, string>, k: string): Record<string, string | null> {
  const r: Record<string, string | null> = { k };
  cols.forEach((c, i) => {
    const key = keys[c.name];
    if (key) r[key] = cells[i] ?? null;
  });
  return r;
}

function validPod(r: Record<string, string | null>): JournalEntry | null {
  if (!r.name || /\s/.test(r.name) || !/^\d+\/\d+$/.test(r.ready ?? '') || !/^\S+$/.test(r.status ?? '')) return null;
  return RESTARTS.test(r.restarts ?? '') && parseAge(r.age ?? '') ? r : null;
}

function validNode(r: Record<string, string | null>): JournalEntry | null {
  if (!r.name || /\s/.test(r.name) || !/^[A-Za-z]+(?:,[A-Za-z]+)*$/.test(r.status ?? '')) return null;
  return parseAge(r.age ?? '') && (r.version === undefined || /^v\d/.test(r.version ?? '')) ? r : null;
}

// Aligned cells first; then the row split at runs of 2+ spaces; then the single-space pattern.
function podRow(line: string, t: Table): JournalEntry | null {
  for (const cells of [cutRow(line, t.cols), line.trim().split(/\s{2,}/)]) {
    const r = cells && cells.length === t.cols.length ? validPod(named(cells, t.cols, POD_KEYS, 'pod')) : null;
    if (r) return r;
  }
  const m = POD_RE.exec(line.trim());
  if (!m || !!m[1] !== t.namespaced) return null;
  return validPod({ k: 'pod', namespace: m[1] ?? null, name: m[2]!, ready: m[3]!, status: m[4]!, restarts: m[5]!, age: m[6]!, ip: m[7] ?? null, node: m[8] ?? null });
}

function nodeRow(line: string, t: Table): JournalEntry | null {
  for (const cells of [cutRow(line, t.cols), line.trim().split(/\s{2,}/)]) {
    const r = cells && cells.length === t.cols.length ? validNode(named(cells, t.cols, NODE_KEYS, 'node')) : null;
    if (r) return r;
  }
  const m = NODE_RE.exec(line.trim());
  return m ? validNode({ k: 'node', name: m[1]!, status: m[2]!, roles: m[3]!, age: m[4]!, version: m[5]! }) : null;
}

function eventTableRow(line: string, t: Table): JournalEntry | null {
  for (const cells of [cutRow(line, t.cols), line.trim().split(/\s{2,}/)]) {
    const r = cells && cells.length === t.cols.length ? eventRow(cells, t.cols, {}) : null;
    if (r) return r;
  }
  // The default layout (LAST SEEN TYPE REASON OBJECT MESSAGE) has a free-text cell only at the end.
  if (t.cols.length !== (t.namespaced ? 6 : 5) || t.cols[t.namespaced ? 4 : 3]!.name !== 'OBJECT') return null;
  const m = EVENT_RE.exec(line.trim());
  if (!m || !!m[1] !== t.namespaced) return null;
  return { k: 'event', namespace: m[1] ?? null, age: m[2]!, type: m[3]!, reason: m[4]!, object: m[5]!, message: m[6] ?? '' };
}

const skip = (line: number, raw: string): FramedRecord => ({ line, raw, record: raw });

/** Reads get tables: each header sets the columns of the rows under it; one record per physical line. */
class GetFramer implements RecordFramer {
  /** Headers and rows that fit them: detection reads it. */
  known = 0;
  private t: Table | null = null;

  push(line: string, lineNo: number): FramedRecord[] {
    if (line.trim() === '') return [skip(lineNo, line)];
    if (HEADER.test(line)) {
      this.t = tableOf(columnsOf(line));
      this.known++;
      return [skip(lineNo, line)];
    }
    if (/^No resources found\b/.test(line)) {
      this.known++;
      return [skip(lineNo, line)];
    }
    const t = this.t;
    if (!t) return [skip(lineNo, line)];
    const r = t.kind === 'pods' ? podRow(line, t) : t.kind === 'nodes' ? nodeRow(line, t) : t.kind === 'events' ? eventTableRow(line, t) : null;
    if (r) {
      this.known++;
      return [{ line: lineNo, raw: line, record: r }];
    }
    if (t.kind === 'other' && cutRow(line, t.cols)) this.known++;
    return [skip(lineNo, line)];
  }

  end(): FramedRecord[] {
    return [];
  }
}

const text = (v: JournalValue | undefined): string | null => (typeof v === 'string' && v !== '' && v !== '<none>' ? v : null);

function snapshot(host: string | null, message: string, fields: Record<string, string | number>): Envelope {
  return { time: { kind: 'ago', us: 0 }, host, ident: 'kubectl', pid: null, priority: 4, unit: null, message, fields, cursor: null };
}

// Only what can be said of a pod from its row: Running with every container ready, or finished.
function podEnvelope(r: JournalEntry): Envelope | Marker {
  const status = text(r.status) ?? '';
  const ready = text(r.ready) ?? '';
  const [up, all] = ready.split('/');
  if ((status === 'Running' && up === all) || status === 'Completed' || status === 'Succeeded') return { marker: 'skip' };
  const name = text(r.name) ?? '';
  const ns = text(r.namespace);
  const node = text(r.node);
  const restarts = text(r.restarts) ?? '0';
  const age = text(r.age) ?? '';
  const fields: Record<string, string | number> = { pod: name };
  if (ns) fields.namespace = ns;
  Object.assign(fields, { status, ready, restarts: parseInt(restarts, 10), age });
  if (node) fields.node = node;
  if (text(r.ip)) fields.ip = text(r.ip)!;
  const where = node ? ` on ${node}` : '';
  return snapshot(node, `pod ${ns ? `${ns}/` : ''}${name} ${status}${where} (ready ${ready}, restarts ${restarts}, age ${age})`, fields);
}

// NotReady, Unknown and SchedulingDisabled (cordoned) nodes; `Ready` alone is healthy.
function nodeEnvelope(r: JournalEntry): Envelope | Marker {
  const status = text(r.status) ?? '';
  if (status === 'Ready') return { marker: 'skip' };
  const name = text(r.name) ?? '';
  const fields: Record<string, string | number> = { node: name, status };
  const details: string[] = [];
  for (const k of ['roles', 'age', 'version'] as const) {
    const v = text(r[k]);
    if (v) {
      fields[k] = v;
      details.push(`${k} ${v}`);
    }
  }
  return snapshot(name, `node ${name} ${status}${details.length ? ` (${details.join(', ')})` : ''}`, fields);
}

/** kubectl get pods / nodes / events tables (any width, -A, old and new column sets). */
export const kubectlGet: EnvelopeParser = {
  id: 'kubectl-get',
  framing: 'framed',
  framer: () => new GetFramer(),
  description: 'kubectl get pods|nodes|events tables: unhealthy pods and nodes, event rows',
  note: 'a get table is a snapshot: pod and node states are dated at collection time, event rows by their LAST SEEN age',
  detect(sample) {
    const f = new GetFramer();
    let total = 0;
    sample.forEach((l, i) => {
      f.push(l, i + 1);
      if (l.trim() !== '') total++;
    });
    return total ? f.known / total : 0;
  },
  parse(record) {
    if (typeof record === 'string') return { marker: 'skip' };
    if (record.k === 'pod') return podEnvelope(record);
    if (record.k === 'node') return nodeEnvelope(record);
    if (record.k === 'event') return eventRowEnvelope(record);
    return null;
  },
};
