// dmesg lines as util-linux prints them (EKS kernel/dmesg.current and dmesg.human.current, sos,
// kernel test robot reports for -x; seed 002's OOM kill).
import type { ParserCase } from './types.js';

const MSG = 'Memory cgroup out of memory: Killed process 8339 (python) total-vm:1048576kB, anon-rss:524288kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1100kB oom_score_adj:999';

/** `dmesg`, `-r` and `-x` cases. */
export const dmesgCases: ParserCase[] = [
  { name: 'first line of a boot', input: '[    0.000000] Linux version 5.10.0-26-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.197-1 (2023-09-29)', expect: { ident: 'kernel', host: null, priority: null, time: { kind: 'mono', us: 0, boot: null }, message: 'Linux version 5.10.0-26-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #1 SMP Debian 5.10.197-1 (2023-09-29)' } },
  { name: 'memory cgroup OOM kill', input: `[ 8339.123456] ${MSG}`, expect: { ident: 'kernel', message: MSG, time: { kind: 'mono', us: 8339123456 } } },
  { name: 'a subsystem line that looks like `host ident:`', input: '[    1.234567] usb 1-1: new high-speed USB device number 2 using xhci_hcd', expect: { host: null, ident: 'kernel', message: 'usb 1-1: new high-speed USB device number 2 using xhci_hcd' } },
  { name: 'a call trace line keeps its indentation', input: '[ 8339.123500]  dump_stack_lvl+0x48/0x70', expect: { message: ' dump_stack_lvl+0x48/0x70' } },
  { name: 'more than 99999 seconds of uptime', input: '[12345678.901234] IPv6: ADDRCONF(NETDEV_CHANGE): veth1234: link becomes ready', expect: { time: { us: 12345678901234 } } },
  { name: '-x names facility and level', input: 'kern  :err   : [ 1234.567890] blk_update_request: I/O error, dev sdb, sector 2048', expect: { priority: 3, fields: { facility: 'kern' }, message: 'blk_update_request: I/O error, dev sdb, sector 2048', time: { us: 1234567890 } } },
  { name: '-x of a line systemd wrote to /dev/kmsg', input: 'daemon:info  : [    3.123456] systemd[1]: Started Journal Service.', expect: { priority: 6, fields: { facility: 'daemon' }, message: 'systemd[1]: Started Journal Service.' } },
  { name: '-x warning', input: 'kern  :warn  : [    9.474983]  </TASK>', expect: { priority: 4, message: ' </TASK>' } },
  { name: '-r prints the syslog priority', input: '<3>[ 2345.678901] EXT4-fs error (device nvme0n1p1): ext4_find_entry:1463: inode #2: comm kubelet: reading directory lblock 0', expect: { priority: 3, fields: { facility: 'kern' } } },
  { name: '-r with a facility other than kern', input: '<30>[    3.000001] systemd[1]: Detected virtualization kvm.', expect: { priority: 6, fields: { facility: 'daemon' } } },
  { name: 'CONFIG_PRINTK_CALLER thread id becomes a field', input: '[  520.897104] [   T3919] usb 3-3: Product: USB 2.0 Hub', expect: { message: 'usb 3-3: Product: USB 2.0 Hub', fields: { caller: 'T3919' } } },
  { name: 'near miss: -x with an unknown level name', input: 'kern  :loud  : [    1.000000] x', expect: null },
  { name: 'near miss: dmesg -T line', input: '[Tue Jan  2 03:04:05 2024] Linux version 6.1.0', expect: null },
  { name: 'near miss: journalctl -o short-delta line', input: '[21415.222982 <    0.001000 >] node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE', expect: null },
];

/** `dmesg -T` cases. */
export const dmesgTCases: ParserCase[] = [
  { name: 'ctime stamp with a space-padded day', input: '[Tue Jan  2 03:04:05 2024] Linux version 6.1.0-17-cloud-amd64', expect: { ident: 'kernel', time: { kind: 'wall', year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5, micro: 0, offset: null }, message: 'Linux version 6.1.0-17-cloud-amd64' } },
  { name: 'OOM kill in dmesg.human.current', input: `[Thu Aug 17 17:29:27 2023] ${MSG}`, expect: { message: MSG, time: { year: 2023, month: 8, day: 17 } } },
  { name: '-T -x', input: 'kern  :info  : [Thu Aug 17 17:29:27 2023] memory: usage 208204kB, limit 204800kB, failcnt 7470', expect: { priority: 6, fields: { facility: 'kern' }, message: 'memory: usage 208204kB, limit 204800kB, failcnt 7470' } },
  { name: 'month name in the locale dmesg ran in (de)', input: '[Mi Dez 13 09:15:00 2023] eth0: Link is Down', expect: { time: { month: 12, day: 13 } } },
  { name: 'near miss: time since boot', input: '[    0.000000] Linux version 6.1.0', expect: null },
  { name: 'near miss: hour 24', input: '[Tue Jan  2 24:04:05 2024] x', expect: null },
];
