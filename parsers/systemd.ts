// systemd (PID 1 and user managers) unit lifecycle messages, every wording from v219 to v256
// (formats.md §1.11, from src/core/{job,unit,service}.c per tag). Each recognised message becomes
// a normalised `event` field, so rules say `event: started` instead of matching four wordings.
import type { Payload, PayloadParser } from './types.js';
import type { Fields } from '../src/event.js';

const UNIT_SUFFIX = '(?:service|socket|mount|automount|timer|scope|slice|target|path|swap|device)';
const UNIT_NAME = new RegExp(`^[^\\s/]+\\.${UNIT_SUFFIX}$`);
const COMBINED = new RegExp(`^(\\S+\\.${UNIT_SUFFIX}) - (.+)$`);

/** Normalised lifecycle events, one per kind of PID-1 message. */
export type SystemdEvent =
  | 'starting' | 'started' | 'stopping' | 'stopped' | 'start_failed' | 'start_timeout' | 'dependency_failed'
  | 'job_failed' | 'process_exited' | 'failed' | 'restart_scheduled' | 'start_limit_hit' | 'succeeded'
  | 'resources' | 'oom_kill' | 'reloading' | 'reloaded';

interface Rule {
  re: RegExp;
  event: SystemdEvent;
  priority: number;
}

// `what` is the unit's status string: its description (upstream default), its name, or
// "name - description" (StatusUnitFormat=combined, Debian 12's default).
const DESCRIBED: Rule[] = [
  { re: /^Starting (?<what>.+?)\.\.\.$/, event: 'starting', priority: 6 },
  { re: /^Started (?<what>.+)\.$/, event: 'started', priority: 6 },
  { re: /^Stopping (?<what>.+?)\.\.\.$/, event: 'stopping', priority: 6 },
  { re: /^Stopped \(with error\) (?<what>.+)\.$/, event: 'stopped', priority: 3 },
  { re: /^Stopped (?<what>.+?)(?: with error)?\.$/, event: 'stopped', priority: 6 },
  { re: /^Failed to start (?<what>.+)\.$/, event: 'start_failed', priority: 3 },
  { re: /^Timed out starting (?<what>.+)\.$/, event: 'start_timeout', priority: 3 },
  { re: /^Dependency failed for (?<what>.+)\.$/, event: 'dependency_failed', priority: 4 },
  // Mount units speak of mounting (job_done_message_format for UNIT_MOUNT).
  { re: /^Mounting (?<what>.+?)\.\.\.$/, event: 'starting', priority: 6 },
  { re: /^Mounted (?<what>.+)\.$/, event: 'started', priority: 6 },
  { re: /^Failed to mount (?<what>.+)\.$/, event: 'start_failed', priority: 3 },
  { re: /^Unmounting (?<what>.+?)\.\.\.$/, event: 'stopping', priority: 6 },
  { re: /^Unmounted (?<what>.+)\.$/, event: 'stopped', priority: 6 },
  { re: /^Reloading (?<what>.+?)\.\.\.$/, event: 'reloading', priority: 6 },
  { re: /^Reloaded (?<what>.+)\.$/, event: 'reloaded', priority: 6 },
];

// Messages that name the unit itself: `<unit>: …` (v229+, log_unit_*) or embedded (v219).
const NAMED: Rule[] = [
  { re: /^(?<unit>\S+): [Mm]ain process exited, code=(?<exit_code>\w+),? status=(?<exit_status>[^\s/]+)(?:\/(?<status_name>\S+))?/, event: 'process_exited', priority: 5 },
  { re: /^(?<unit>\S+): (?:[Cc]ontrol|Mount|Unmount|Remount|Swap) process exited, code=(?<exit_code>\w+),? status=(?<exit_status>[^\s/]+)(?:\/(?<status_name>\S+))?/, event: 'process_exited', priority: 5 },
  { re: /^(?<unit>\S+): Failed with result '(?<result>[^']+)'\.$/, event: 'failed', priority: 4 },
  { re: /^(?<unit>\S+): Unit entered failed state\.$/, event: 'failed', priority: 5 },
  { re: /^Unit (?<unit>\S+) entered failed state\.$/, event: 'failed', priority: 5 },
  { re: /^(?<unit>\S+) failed\.$/, event: 'failed', priority: 4 },
  { re: /^(?<unit>\S+): Scheduled restart job, restart counter is at (?<restart_counter>\d+)\.$/, event: 'restart_scheduled', priority: 6 },
  { re: /^(?<unit>\S+): Scheduled restart job\.$/, event: 'restart_scheduled', priority: 6 },
  { re: /^(?<unit>[^\s:]+):? (?:Service )?[Hh]old-?off time over, scheduling restart\.$/, event: 'restart_scheduled', priority: 6 },
  { re: /^(?<unit>\S+): Service (?:RestartSec=\S+|restart interval \S+) expired, scheduling restart\.$/, event: 'restart_scheduled', priority: 6 },
  { re: /^(?<unit>\S+): Start request repeated too quickly\.$/, event: 'start_limit_hit', priority: 3 },
  { re: /^[Ss]tart request repeated too quickly for (?<unit>\S+)$/, event: 'start_limit_hit', priority: 3 },
  { re: /^(?:(?<prefix>\S+): )?Job (?<unit>[^\s/]+)\/(?<job_type>[a-z-]+) failed with result '(?<job_result>[a-z-]+)'\.$/, event: 'job_failed', priority: 5 },
  { re: /^(?<unit>\S+): (?:Succeeded|Deactivated successfully)\.$/, event: 'succeeded', priority: 6 },
  { re: /^(?<unit>\S+): Consumed (?<resources>.+?)\.?$/, event: 'resources', priority: 6 },
  { re: /^(?<unit>\S+): A process of this unit has been killed by the OOM killer\.$/, event: 'oom_kill', priority: 4 },
];

/** True for a systemd unit name (`docker.service`, `var-lib-kubelet.mount`). */
export function isUnitName(text: string): boolean {
  return UNIT_NAME.test(text);
}

/** Splits a status string into unit name and description, whichever it holds. */
export function splitStatus(what: string): { unit: string | null; description: string | null } {
  if (UNIT_NAME.test(what)) return { unit: what, description: null };
  const c = COMBINED.exec(what);
  if (c) return { unit: c[1]!, description: c[2]! };
  return { unit: null, description: what };
}

const NAMED_HINTS = [': ', ' failed', 'entered', 'quickly', 'holdoff'];
const FIRST_CHARS = new Set(['S', 'F', 'D', 'T', 'R', 'U', 'M', 'J', 's']);

/** systemd manager messages: lifecycle `event`, the unit (or its description when only that is printed), results and exit codes. */
export const systemdPayload: PayloadParser = {
  id: 'systemd',
  sniff: (m) => m.length > 8,
  parse(message): Payload | null {
    if (FIRST_CHARS.has(message[0]!)) {
      for (const r of DESCRIBED) {
        const m = r.re.exec(message);
        if (!m) continue;
        const { unit, description } = splitStatus(m.groups!.what!);
        const fields: Fields = { event: r.event };
        if (description) fields.description = description;
        return { time: null, priority: r.priority, message, fields, unit };
      }
    }
    // Every named form holds one of these; ordinary chatter skips the regex list.
    if (!NAMED_HINTS.some((h) => message.includes(h))) return null;
    for (const r of NAMED) {
      const m = r.re.exec(message);
      if (!m) continue;
      const g = m.groups!;
      if (!isUnitName(g.unit!)) continue;
      const fields: Fields = { event: r.event };
      for (const k of ['exit_code', 'exit_status', 'status_name', 'result', 'restart_counter', 'job_type', 'job_result', 'resources'] as const) {
        const v = g[k];
        if (v !== undefined) fields[k] = k === 'restart_counter' ? Number(v) : v;
      }
      let priority = r.priority;
      if (r.event === 'process_exited' && (g.exit_status === '0' || g.status_name === 'SUCCESS')) priority = 7;
      return { time: null, priority, message, fields, unit: g.unit! };
    }
    return null;
  },
};
