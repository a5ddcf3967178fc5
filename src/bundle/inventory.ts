// Pass one over a bundle: every member's name, size and time, a probe of its first bytes, and
// the full text of the small metadata files (hostname, date, timedatectl, uptime) the plan needs.
// Only the probe's summary is kept per member, so a bundle of 100,000 files stays small.
import type { Readable } from 'node:stream';
import { peek } from '../pipeline/frame.js';
import { ArchiveError, bundleMembers } from './archive.js';
import { POD_OBJECTS, POD_OBJECTS_MAX, podNodes } from './pods.js';
import { probeHead, type Probe } from './probe.js';

/** One member as pass one saw it. */
export interface Entry {
  name: string;
  size: number | null;
  mtimeUs: number | null;
  link: string | null;
  compression: string | null;
  probe: Probe | null;
  /** Text of a small metadata file (≤ 4 KiB), else null. */
  text: string | null;
  /** `namespace/pod` → node, when the member holds Pod objects (≤ 16 MiB), else null. */
  pods: Map<string, string> | null;
  /** Why the member could not be read in pass one. */
  error: string | null;
}

/** What pass one found. */
export interface Inventory {
  entries: Entry[];
  /** Why the archive ended early (truncated, corrupt), else null. */
  error: string | null;
}

const PROBE_BYTES = 64 * 1024;
const METADATA = /(?:^|\/)(?:hostname|date|date_--utc|timedatectl|uptime|timestamp|instance-id\.txt|last_reboot\.txt|timezone|kind-version\.txt)$/;

async function headOf(s: Readable, whole: boolean): Promise<Buffer> {
  const { head, stream } = await peek(s, PROBE_BYTES);
  if (!whole || head.length < PROBE_BYTES) {
    stream.destroy();
    return head;
  }
  const parts = [head];
  let n = head.length;
  for await (const c of stream as AsyncIterable<Buffer>) {
    parts.push(c);
    if ((n += c.length) > POD_OBJECTS_MAX) break;
  }
  stream.destroy();
  return Buffer.concat(parts);
}

/** Reads a bundle once, member by member. */
export async function inventory(root: string): Promise<Inventory> {
  const entries: Entry[] = [];
  try {
    for await (const m of bundleMembers(root)) {
      const e: Entry = { name: m.name, size: m.size, mtimeUs: m.mtimeUs, link: m.link, compression: m.compression, probe: null, text: null, pods: null, error: null };
      entries.push(e);
      if (m.link !== null) continue;
      try {
        const pods = POD_OBJECTS.test(m.name) && (m.size === null || m.size <= POD_OBJECTS_MAX);
        const head = await headOf(m.stream, pods);
        e.probe = probeHead(head.length > PROBE_BYTES ? head.subarray(0, PROBE_BYTES) : head, m.name);
        if (METADATA.test(m.name) && head.length <= 4096) e.text = head.toString('utf8');
        if (pods && head.length <= POD_OBJECTS_MAX) e.pods = podNodes([head.toString('utf8')]);
      } catch (err) {
        e.error = (err as Error).message;
      }
    }
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    return { entries, error: err.message };
  }
  return { entries, error: null };
}
