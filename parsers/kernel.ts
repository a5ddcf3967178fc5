// Kernel ring-buffer messages as journald, syslog and dmesg carry them: an optional `<N>` priority,
// an optional `[seconds.micros]` since boot, then the text. The OOM killer's wordings (global and
// memory-cgroup, pre- and post-4.19 kernels) become fields so rules can name the victim.
import type { Payload, PayloadParser } from './types.js';
import type { Fields, Stamp } from '../src/event.js';

const PREFIX = /^(?:<(\d)>)?(?:\[\s*(\d+)\.(\d{1,9})\] ?)?/;

interface KernelRule {
  re: RegExp;
  event: string;
  priority: number;
}

const RULES: KernelRule[] = [
  // 4.19+: "Out of memory: Killed process 1234 (java) total-vm:…"; older: "Kill process 1234 (java) score 900 or sacrifice child".
  { re: /^(?<scope>Memory cgroup out of memory|Out of memory(?: \(oom_kill_allocating_task\))?): Kill(?:ed)? process (?<victim_pid>\d+) \((?<process>[^)]*)\)(?: score (?<score>\d+))?/, event: 'oom_kill', priority: 3 },
  { re: /^oom-kill:constraint=(?<constraint>[^,]+),.*?(?:oom_memcg=(?<memcg>[^,]*),)?.*?task_memcg=(?<task_memcg>[^,]*),task=(?<process>[^,]+),pid=(?<victim_pid>\d+)/, event: 'oom_kill_detail', priority: 6 },
  { re: /^(?<process>.+?) invoked oom-killer: /, event: 'oom_invoked', priority: 4 },
  { re: /^INFO: task (?<process>.+?):(?<victim_pid>\d+) blocked for more than (?<seconds>\d+) seconds\./, event: 'hung_task', priority: 3 },
  { re: /^(?:blk_update_request|print_req_error): (?:I\/O|critical \w+) error, dev (?<device>\w+)/, event: 'io_error', priority: 3 },
  { re: /^EXT4-fs (?:error|warning) \(device (?<device>[^)]+)\)/, event: 'fs_error', priority: 3 },
  { re: /^(?:EXT4-fs \(|XFS \()(?<device>[^)]+)\).*(?:[Rr]emounting filesystem read-only|read-only)/, event: 'fs_readonly', priority: 2 },
];

/** Kernel text: `<N>` priority, `[secs]` since boot, and OOM/hung-task/I-O facts as fields. */
export const kernelPayload: PayloadParser = {
  id: 'kernel',
  sniff: () => true,
  parse(message): Payload | null {
    const p = PREFIX.exec(message)!;
    const text = p[0] ? message.slice(p[0].length) : message;
    const time: Stamp | null = p[2] !== undefined ? { kind: 'mono', us: Number(p[2]) * 1e6 + Number(p[3]!.slice(0, 6).padEnd(6, '0')), boot: null } : null;
    let priority: number | null = p[1] !== undefined ? Number(p[1]) : null;
    let fields: Fields | null = null;
    for (const r of RULES) {
      const m = r.re.exec(text);
      if (!m) continue;
      fields = { event: r.event };
      for (const [k, v] of Object.entries(m.groups ?? {})) {
        if (v !== undefined) fields[k] = k === 'victim_pid' || k === 'score' || k === 'seconds' ? Number(v) : v;
      }
      if (priority === null) priority = r.priority;
      break;
    }
    if (!fields && !time && priority === null) return null;
    return { time, priority, message: text, fields };
  },
};
