// Kernel lines: OOM killer wordings across kernels, hung tasks, I/O errors (formats.md §6.2, seed 002).
import type { ParserCase } from './types.js';

/** Payload cases. */
export const kernelCases: ParserCase[] = [
  { name: 'seed 002 memory cgroup OOM (pre-4.19)', input: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child', expect: { priority: 3, fields: { event: 'oom_kill', victim_pid: 8339, process: 'python', score: 1576, scope: 'Memory cgroup out of memory' } } },
  { name: '4.19+ global OOM', input: 'Out of memory: Killed process 1234 (java) total-vm:8388608kB, anon-rss:4194304kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:9000kB oom_score_adj:999', expect: { fields: { event: 'oom_kill', victim_pid: 1234, process: 'java' } } },
  { name: 'oom-kill constraint line', input: 'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=abc,mems_allowed=0,oom_memcg=/kubepods/burstable/pod8861c2f4,task_memcg=/kubepods/burstable/pod8861c2f4/0ab1,task=python,pid=8339,uid=1000', expect: { fields: { event: 'oom_kill_detail', process: 'python', victim_pid: 8339, task_memcg: '/kubepods/burstable/pod8861c2f4/0ab1' } } },
  { name: 'dmesg time prefix', input: '[ 1234.567890] python invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), order=0, oom_score_adj=999', expect: { time: { kind: 'mono', us: 1234567890 }, fields: { event: 'oom_invoked', process: 'python' } } },
  { name: 'hung task', input: 'INFO: task dockerd:1237 blocked for more than 120 seconds.', expect: { fields: { event: 'hung_task', process: 'dockerd', victim_pid: 1237, seconds: 120 } } },
  { name: 'priority prefix', input: '<3>blk_update_request: I/O error, dev sda, sector 123456', expect: { priority: 3, fields: { event: 'io_error', device: 'sda' } } },
  { name: 'ordinary kernel line', input: 'IPv6: ADDRCONF(NETDEV_CHANGE): veth1234: link becomes ready', expect: null },
];
