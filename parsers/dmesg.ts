// The kernel ring buffer as util-linux `dmesg` prints it (EKS collector kernel/dmesg.current and
// dmesg.human.current, sos `dmesg`, pasted post-mortems): `[   12.345678] msg` since boot, or with
// `-T`/`--ctime` `[Tue Jan  2 03:04:05 2024] msg` in the local time of the machine that ran it.
// Either may carry the level: `-r` as `<3>` (facility × 8 + level), `-x` as `kern  :err   : `.
// journalctl -o short-monotonic has the same `[secs]` stamp but goes on with `host ident[pid]:`.
import type { Envelope, EnvelopeParser } from './types.js';
import type { Fields, Stamp } from '../src/event.js';
import { monthNumber } from '../src/time.js';
import { journalSigned } from './journal-text.js';

const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'res0', 'res1', 'res2', 'res3', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];
const LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7 };

// `<N>` of -r, or the `%-6s:%-6s: ` facility and level names of -x (util-linux dmesg.c print_record).
const LEVEL = '(?:<(\\d{1,3})>|([a-z0-9]+) *:([a-z]+) *: )?';
const MONO = new RegExp(`^${LEVEL}\\[ *(\\d+)\\.(\\d{1,9})\\](?: (.*))?$`, 's');
// ctime(3) layout `%a %b %e %H:%M:%S %Y`: the day is space-padded, names follow the locale.
const CTIME = new RegExp(`^${LEVEL}\\[\\S+ (\\S+) +(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4})\\](?: (.*))?$`, 's');
// Kernels built with CONFIG_PRINTK_CALLER print the thread or CPU after the time: `[   T3919] `.
const CALLER = /^\[ *([TC]\d+)\] /;

interface Level {
  priority: number | null;
  facility: string | null;
}

// The `<N>` or `-x` prefix; null when it names no real facility or level.
function levelOf(pri: string | undefined, facility: string | undefined, level: string | undefined): Level | null {
  if (pri !== undefined) {
    const n = Number(pri);
    return n > 191 ? null : { priority: n & 7, facility: FACILITIES[n >> 3] ?? null };
  }
  if (facility !== undefined) {
    const p = LEVELS[level!];
    return p === undefined || !FACILITIES.includes(facility) ? null : { priority: p, facility };
  }
  return { priority: null, facility: null };
}

function envelope(time: Stamp, lv: Level, text: string): Envelope {
  let message = text;
  const fields: Fields = {};
  if (lv.facility) fields.facility = lv.facility;
  const c = CALLER.exec(text);
  if (c) {
    fields.caller = c[1]!;
    message = text.slice(c[0].length);
  }
  return { time, host: null, ident: 'kernel', pid: null, priority: lv.priority, unit: null, message, fields: Object.keys(fields).length ? fields : null, cursor: null };
}

// Kernel records of several lines come out with the later lines indented.
const indented = (line: string) => line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9;

function share(sample: readonly string[], hit: (line: string) => boolean): number {
  let seen = 0;
  let hits = 0;
  for (const line of sample) {
    if (line === '' || indented(line)) continue;
    seen++;
    if (hit(line)) hits++;
  }
  return seen ? hits / seen : 0;
}

/** `dmesg`, `dmesg -r`, `dmesg -x`: time since boot, level when printed, ident `kernel`. */
export const dmesg: EnvelopeParser = {
  id: 'dmesg',
  framing: 'line',
  description: 'dmesg: `[   12.345678] msg` (also `<3>[…]` of -r and `kern  :err   : […]` of -x; time since boot)',
  note: 'dmesg carries time since boot only; absolute times need the boot time of the node (from the bundle) or a line that embeds one',
  // A bare `[secs] ` line signed `host ident[pid]:` is journalctl -o short-monotonic's, not ours.
  detect: (sample) => share(sample, (l) => {
    const m = MONO.exec(l);
    return !!m && (m[1] !== undefined || m[2] !== undefined || !journalSigned(m[6] ?? ''));
  }),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const m = MONO.exec(record);
    if (!m) return null;
    const lv = levelOf(m[1], m[2], m[3]);
    if (!lv) return null;
    const us = Number(m[4]) * 1e6 + Number(m[5]!.slice(0, 6).padEnd(6, '0'));
    return envelope({ kind: 'mono', us, boot: null }, lv, m[6] ?? '');
  },
  continues: indented,
};

/** `dmesg -T` / `--ctime`: wall time with year, no zone (the machine's local time), ident `kernel`. */
export const dmesgT: EnvelopeParser = {
  id: 'dmesg-t',
  framing: 'line',
  description: 'dmesg -T: `[Tue Jan  2 03:04:05 2024] msg` (local time of the machine that ran dmesg)',
  note: 'dmesg -T times are boot time plus time since boot: they drift after a suspend, and their zone is the one of the machine that ran dmesg',
  detect: (sample) => share(sample, (l) => CTIME.test(l)),
  parse(record): Envelope | null {
    if (typeof record !== 'string') return null;
    const m = CTIME.exec(record);
    if (!m) return null;
    const lv = levelOf(m[1], m[2], m[3]);
    const month = monthNumber(m[4]!);
    const [day, hour, minute, second] = [+m[5]!, +m[6]!, +m[7]!, +m[8]!];
    if (!lv || !month || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
    const time: Stamp = { kind: 'wall', year: +m[9]!, month, day, hour, minute, second, micro: 0, offset: null };
    return envelope(time, lv, m[10] ?? '');
  },
  continues: indented,
};
