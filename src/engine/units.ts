// systemd prints most job results with the unit's *description* ("Dependency failed for Docker
// Application Container Engine."), and only some messages with its name. To follow one unit
// across both, description → name pairs are learnt from the logs themselves: journald's UNIT=
// field, Debian's combined "name - description" format, and the message systemd always prints
// right next to the described one (job_finish_and_invalidate: "Dependency failed for D." with
// "Job U/start failed with result 'dependency'."; "Failed to start D." with "U: Failed …").
import type { LogEvent } from '../event.js';
import type { UnitName } from '../store/store.js';
import { isUnitName } from '../../parsers/systemd.js';

// Descriptions shipped by the common packages, for logs where no pairing line survived.
const KNOWN: Record<string, string> = {
  'Docker Application Container Engine': 'docker.service',
  'containerd container runtime': 'containerd.service',
  'kubelet: The Kubernetes Node Agent': 'kubelet.service',
  'Kubernetes Kubelet': 'kubelet.service',
  'Kubernetes Kubelet Server': 'kubelet.service',
  'Kubernetes Kube-Proxy Server': 'kube-proxy.service',
  'Flanneld overlay address etcd agent': 'flanneld.service',
  'Container Runtime Interface for OCI (CRI-O)': 'crio.service',
};

// job_finish_and_invalidate() prints the status line ("Dependency failed for D."), then fails the
// dependents recursively, then prints "Job U/start failed with result '…'": the pairs nest, so a
// job line closes the most recent open status line of its kind (last in, first out).
const JOB_RESULT_OF: Record<string, string> = { dependency_failed: 'dependency', start_timeout: 'timeout' };
const EXIT_EVENTS = new Set(['process_exited', 'failed']);
const PAIR_WINDOW_US = 1e6;

/** Learns description → unit pairs from the systemd events of one input, in input order. */
export class UnitLearner {
  private open: LogEvent[] = [];
  private lastExit: LogEvent | null = null;
  private pendingStartFailed: LogEvent | null = null;
  private learnt: UnitName[] = [];
  private known = new Set<string>();

  /** Looks at one event; call for every event of the input in order. */
  see(ev: LogEvent): void {
    if (ev.source !== 'systemd' || !ev.fields || typeof ev.fields.event !== 'string' || ev.ts === null) return;
    const kind = ev.fields.event;
    const desc = typeof ev.fields.description === 'string' ? ev.fields.description : null;
    if (desc && ev.unit && isUnitName(ev.unit)) {
      this.add(ev.host, desc, ev.unit);
      return;
    }
    if (desc) {
      if (JOB_RESULT_OF[kind]) this.open.push(ev);
      else if (kind === 'start_failed') {
        // "Failed to start D." follows the unit's own "U: Main process exited …" (or precedes "U: Failed with result …").
        if (this.lastExit && near(this.lastExit, ev)) this.add(ev.host, desc, this.lastExit.unit!);
        else this.pendingStartFailed = ev;
      }
      return;
    }
    if (!ev.unit) return;
    if (kind === 'job_failed') {
      for (let i = this.open.length - 1; i >= 0; i--) {
        const d = this.open[i]!;
        if (!near(d, ev)) continue;
        if (JOB_RESULT_OF[d.fields!.event as string] !== ev.fields.job_result) continue;
        this.add(ev.host, d.fields!.description as string, ev.unit);
        this.open.splice(i, 1);
        break;
      }
      this.open = this.open.filter((d) => near(d, ev));
    } else if (EXIT_EVENTS.has(kind)) {
      this.lastExit = ev;
      const p = this.pendingStartFailed;
      if (p && near(p, ev)) this.add(ev.host, p.fields!.description as string, ev.unit);
      this.pendingStartFailed = null;
    }
  }

  /** Pairs learnt since the last call. */
  take(): UnitName[] {
    const out = this.learnt;
    this.learnt = [];
    return out;
  }

  private add(host: string | null, description: string, unit: string): void {
    const key = `${host ?? ''}\u0000${description}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    this.learnt.push({ host: host ?? '', description, unit });
  }
}

function near(a: LogEvent, b: LogEvent): boolean {
  return a.host === b.host && a.ts !== null && b.ts !== null && Math.abs(a.ts - b.ts) <= PAIR_WINDOW_US;
}

/** Resolves unit names for descriptions, from learnt pairs (per host) and the packages' known descriptions. */
export class UnitNames {
  private map = new Map<string, string>();

  constructor(pairs: readonly UnitName[]) {
    this.add(pairs);
  }

  /** Learns more pairs (a live stream learns as it reads); the first pair for a description stays. */
  add(pairs: readonly UnitName[]): void {
    for (const p of pairs) {
      const key = `${p.host}\u0000${p.description}`;
      if (!this.map.has(key)) this.map.set(key, p.unit);
    }
  }

  /** The unit name for a unit name or description seen on a host; the text itself when unknown. */
  resolve(host: string | null, text: string): string {
    if (isUnitName(text)) return text;
    return this.map.get(`${host ?? ''}\u0000${text}`) ?? KNOWN[text] ?? text;
  }
}
