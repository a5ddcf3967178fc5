// `kubectl describe pod|node|…` text (formats.md §6.2; kubectl pkg/describe): one or many objects,
// each `Name:` then property lines, a node's Conditions table, a pod's Status/Reason/Message, and
// the Events table (`Type Reason Age From Message`, very old `FirstSeen LastSeen Count From
// SubObjectPath Type Reason Message`). Event rows pasted without their header (seed 002, even
// single-spaced) are read too. Ages are relative to when describe ran: times are `ago` stamps.
import type { Envelope, EnvelopeParser, FramedRecord, JournalEntry, JournalValue, Marker, RecordFramer } from './types.js';
import { AGE_CELL, RFC1123Z, columnsOf, cutRow, eventRow, eventRowEnvelope, isEventHeader, parseRfc1123z, type Column } from './kubectl-table.js';

// An event row on its own: Type, Reason, Age, From (`component`, `component, host`, `{component host}`), Message.
const ROW = new RegExp(String.raw`^\s*(Normal|Warning)\s+(\S+)\s+(${AGE_CELL})\s+(\{\S* ?\S*\}|[^\s,]+(?:, [^\s,]+)?)(?:\s+(.*))?$`);
const ROW_START = /^\s*(?:Normal|Warning)\s/;
// kubectl ≤ 1.1 wrote Kind and LastProbeTime where later ones write Type and LastHeartbeatTime.
const COND_HEADER = /^\s+(?:Type|Kind)\s+Status\s+Last(?:Heartbeat|Probe)Time\s+LastTransitionTime\s+Reason\s+Message\s*$/;
const COND = new RegExp(String.raw`^\s+(\w+)\s+(True|False|Unknown)\s+(${RFC1123Z})\s+(${RFC1123Z})\s+(\S+)(?:\s+(.*))?$`);
const RFC1123Z_CELL = new RegExp(`^${RFC1123Z}$`);
const UNDERLINE = /^\s+[-─]+(?:\s+[-─]+)+\s*$/;
const PROPERTY = /^([A-Za-z][\w .()/-]*):(?:\s+(.*))?$/;
const NESTED = /^\s+(?:[A-Za-z][\w .()/-]*:(?:\s|$)|[\w./-]+=\S*$|[\w./-]+(?:=\S*)?:(?:NoSchedule|PreferNoSchedule|NoExecute)$)/;
const STATUS_KEYS = new Set(['Status', 'Termination Grace Period', 'Reason', 'Message']);
// Top-level keys only a node (or only a pod) has: IP, Capacity or Controlled By also head Services, PVs, ReplicaSets.
const NODE_KEYS = new Set(['Roles', 'Taints', 'Unschedulable', 'Addresses', 'Allocatable', 'System Info', 'PodCIDR', 'PodCIDRs', 'ProviderID', 'Non-terminated Pods', 'Allocated resources', 'Lease']);
const POD_KEYS = new Set(['Node', 'Containers', 'Init Containers', 'QoS Class', 'Start Time', 'Service Account', 'Node-Selectors', 'Tolerations']);
// Keys only describe output has; `Name:` alone could be anything.
const DESCRIBE_KEY = /^(?:Namespace|Labels|Annotations|Roles|Taints|Containers|Node|Conditions|Events|Controlled By|QoS Class|Start Time|CreationTimestamp):/;

interface Described {
  kind: 'pod' | 'node' | null;
  name: string | null;
  namespace: string | null;
  /** A pod's node (`Node: gke-x/10.128.0.7` → gke-x). */
  node: string | null;
}
interface PodStatus {
  status: string | null;
  reason: string | null;
  message: string | null;
}

const skip = (line: number, raw: string): FramedRecord => ({ line, raw, record: raw });
const noStatus = (): PodStatus => ({ status: null, reason: null, message: null });

/**
 * Reads describe output line by line, remembering the object being described and the table it is
 * in. Emits one record per physical line: event rows, conditions and a lost pod's status as
 * objects, every other line as a string that parse skips.
 */
class DescribeFramer implements RecordFramer {
  /** Lines that are describe structure (rows, table headers, `Events:`): detection reads it. */
  known = 0;
  /** Lines that are `Key:  value` properties or their nested lines: detection counts them when the keys are describe's. */
  props = 0;
  private o: Described = { kind: null, name: null, namespace: null, node: null };
  private section: 'none' | 'events' | 'conditions' = 'none';
  private cols: Column[] | null = null;
  // The Status / Reason / Message lines of a pod are one fact: the last of them waits for the next line.
  private held: { line: number; raw: string } | null = null;
  private st: PodStatus = noStatus();

  push(line: string, lineNo: number): FramedRecord[] {
    const out: FramedRecord[] = [];
    const key = line !== '' && line[0] !== ' ' && line[0] !== '\t' && !ROW_START.test(line) ? PROPERTY.exec(line) : null;
    if (this.held) {
      // Another line of the same Status/Reason/Message group: the one held so far is plain structure.
      if (key && STATUS_KEYS.has(key[1]!) && this.o.name) out.push(skip(this.held.line, this.held.raw));
      else this.flushStatus(out);
      this.held = null;
    }
    const r = this.read(line, lineNo, key);
    if (r) out.push(r);
    return out;
  }

  end(): FramedRecord[] {
    const out: FramedRecord[] = [];
    if (this.held) this.flushStatus(out);
    return out;
  }

  private read(line: string, n: number, key: RegExpExecArray | null): FramedRecord | null {
    if (line.trim() === '') {
      this.section = 'none';
      return skip(n, line);
    }
    if (key) return this.property(line, n, key[1]!, (key[2] ?? '').trim());
    if (this.section === 'events' || ROW_START.test(line)) {
      const row = this.eventRecord(line);
      if (row) {
        this.known++;
        return { line: n, raw: line, record: row };
      }
    }
    if (this.section === 'events' || this.section === 'conditions') {
      const cols = columnsOf(line);
      if (this.section === 'events' ? isEventHeader(cols) : COND_HEADER.test(line)) {
        // Heartbeat conditions are a node's (kubectl ≤ 1.5 printed no Roles to tell by).
        if (this.section === 'conditions') this.o.kind ??= 'node';
        this.cols = cols;
        this.known++;
        return skip(n, line);
      }
      if (UNDERLINE.test(line)) {
        this.known++;
        return skip(n, line);
      }
      const cond = this.section === 'conditions' ? this.condition(line) : null;
      if (cond) {
        this.known++;
        return { line: n, raw: line, record: cond };
      }
    }
    if (NESTED.test(line)) this.props++;
    return skip(n, line);
  }

  // A top-level `Key:  value` line: which object this is, what it is, and which section starts.
  private property(line: string, n: number, k: string, v: string): FramedRecord | null {
    this.section = 'none';
    this.props++;
    if (k === 'Name') {
      this.o = { kind: null, name: v || null, namespace: null, node: null };
      this.st = noStatus();
    } else if (k === 'Namespace') this.o.namespace = v || null;
    else if (k === 'Events' || k === 'Conditions') {
      if (v !== '<none>') this.section = k === 'Events' ? 'events' : 'conditions';
      this.cols = null;
    } else if (STATUS_KEYS.has(k) && this.o.name) {
      if (k === 'Status') this.st.status = v.split(' (')[0] || null;
      else if (k === 'Reason') this.st.reason = v || null;
      else if (k === 'Message') this.st.message = v || null;
      this.held = { line: n, raw: line };
      return null;
    }
    if (k === 'Node') this.o.node = v && v !== '<none>' ? v.split('/')[0]! : null;
    if (NODE_KEYS.has(k)) this.o.kind ??= 'node';
    else if (POD_KEYS.has(k)) this.o.kind ??= 'pod';
    return skip(n, line);
  }

  private context(): Record<string, string | null> {
    const { kind, name } = this.o;
    return {
      object: name && kind ? `${kind}/${name}` : name,
      pod: kind === 'pod' ? name : null,
      namespace: this.o.namespace,
      node: kind === 'node' ? name : this.o.node,
    };
  }

  private eventRecord(line: string): JournalEntry | null {
    if (this.section === 'events' && this.cols) {
      const cells = cutRow(line, this.cols);
      const r = cells && eventRow(cells, this.cols, this.context());
      if (r) return r;
    }
    const m = ROW.exec(line);
    if (!m) return null;
    return { k: 'event', type: m[1]!, reason: m[2]!, age: m[3]!, from: m[4]!, message: (m[5] ?? '').trim(), ...this.context() };
  }

  private condition(line: string): JournalEntry | null {
    let c: Array<string | undefined> | null = null;
    const cells = this.cols ? cutRow(line, this.cols) : null;
    if (cells && cells.length === 6 && /^(?:True|False|Unknown)$/.test(cells[1]!) && RFC1123Z_CELL.test(cells[3]!)) c = cells;
    else c = COND.exec(line)?.slice(1) ?? null;
    if (!c) return null;
    return { k: 'condition', condition: c[0]!, status: c[1]!, heartbeat: c[2]!, transition: c[3]!, reason: c[4] || null, message: c[5] || null, node: this.o.name };
  }

  private flushStatus(out: FramedRecord[]): void {
    const h = this.held!;
    const st = this.st;
    this.held = null;
    this.st = noStatus();
    // The node controller marks pods of a lost node `Reason: NodeLost`; their phase turns Unknown.
    if (st.reason === 'NodeLost' || st.status === 'Unknown') {
      const { name, namespace, node } = this.o;
      out.push({ line: h.line, raw: h.raw, record: { k: 'pod-status', pod: name, namespace, node, ...st } });
    } else out.push(skip(h.line, h.raw));
  }
}

const text = (v: JournalValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

function conditionEnvelope(r: JournalEntry): Envelope {
  const type = text(r.condition) ?? '';
  const status = text(r.status) ?? '';
  const reason = text(r.reason);
  const heartbeat = parseRfc1123z(text(r.heartbeat) ?? '');
  // Healthy is Ready=True and every other condition (pressure, NetworkUnavailable) False; Unknown never is.
  const healthy = status === (type === 'Ready' ? 'True' : 'False');
  return {
    time: parseRfc1123z(text(r.transition) ?? ''),
    host: text(r.node),
    // NodeStatusUnknown / NodeStatusNeverUpdated are written by the node lifecycle controller, the rest by the kubelet.
    ident: reason?.startsWith('NodeStatus') ? 'node-controller' : 'kubelet',
    pid: null,
    priority: healthy ? 6 : 4,
    unit: null,
    message: [type, status, reason, text(r.message)].filter((x) => x).join(' '),
    fields: {
      condition: type, status, ...(reason ? { reason } : {}),
      ...(heartbeat?.kind === 'abs' ? { last_heartbeat: new Date(heartbeat.us / 1000).toISOString() } : {}),
    },
    cursor: null,
  };
}

function podStatusEnvelope(r: JournalEntry): Envelope {
  const pod = text(r.pod) ?? '';
  const ns = text(r.namespace);
  const status = text(r.status);
  const reason = text(r.reason);
  const message = text(r.message);
  const head = [`pod ${ns ? `${ns}/` : ''}${pod}`, status, reason].filter((x) => x).join(' ');
  return {
    time: { kind: 'ago', us: 0 },
    host: text(r.node),
    ident: reason === 'NodeLost' ? 'node-controller' : 'kubectl',
    pid: null,
    priority: 4,
    unit: null,
    message: message ? `${head}: ${message}` : head,
    fields: {
      object: `pod/${pod}`, pod, ...(ns ? { namespace: ns } : {}), ...(status ? { status } : {}), ...(reason ? { reason } : {}),
      ...(text(r.node) ? { node: text(r.node) } : {}),
    },
    cursor: null,
  };
}

/** kubectl describe output (pods, nodes, any kind with an Events table), or bare event rows pasted from it. */
export const kubectlDescribe: EnvelopeParser = {
  id: 'kubectl-describe',
  framing: 'framed',
  framer: () => new DescribeFramer(),
  description: 'kubectl describe pod|node|… output, or its event rows pasted alone',
  note: 'describe gives ages, not times: events are dated back from when the output was collected (±1 unit of the age)',
  detect(sample) {
    const f = new DescribeFramer();
    let total = 0;
    sample.forEach((l, i) => {
      f.push(l, i + 1);
      if (l.trim() !== '') total++;
    });
    const strong = sample.some((l) => /^Name:\s/.test(l)) && sample.some((l) => DESCRIBE_KEY.test(l));
    return total ? Math.min(1, (f.known + (strong ? f.props : 0)) / total) : 0;
  },
  parse(record): Envelope | Marker | null {
    if (typeof record === 'string') return { marker: 'skip' };
    if (record.k === 'event') return eventRowEnvelope(record);
    if (record.k === 'condition') return conditionEnvelope(record);
    if (record.k === 'pod-status') return podStatusEnvelope(record);
    return null;
  },
};
