// `systemctl status UNIT…` as support bundles and post-mortems paste it: per unit a header
// (`● kubelet.service - kubelet: The Kubernetes Node Agent`), indented properties, a blank line and
// the unit's last journal lines in `short` mode (systemctl.c print_status_info; formats.md §1.4).
// The bullet is `●` up to v249, then `○` inactive, `×` failed, `↻` reloading, `*`/`x` outside
// UTF-8; v219 printed none for inactive units. The `Active:` line is the unit's state at collection
// time and the one property worth an event; the others are skipped, the journal lines parsed.
import type { Envelope, EnvelopeParser, FramedRecord, JournalEntry, Marker, RecordFramer } from './types.js';
import type { Fields } from '../src/event.js';
import { fullTimestamp, journalTextParsers } from './journal-text.js';

const UNIT = '[^\\s/]+\\.(?:service|socket|mount|automount|timer|scope|slice|target|path|swap|device)';
const HEADER = new RegExp(`^(?:[●○×↻*x] )?(${UNIT})(?: - (.*))?$`);
const PROPERTY = /^ *([A-Z][A-Za-z -]*?): (.*)$/;
// `activating (auto-restart) (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC; 5s ago`
const ACTIVE = /^(\S+)(?: \((?!Result: )([^)]*)\))?(?: \(Result: ([^)]*)\))?(?: since (.+?))?(?:; (.+) ago)?$/;
// `Main PID: 1234 (code=exited, status=1/FAILURE)`, `Process: 99 ExecStartPre=… (code=killed, signal=KILL)`
const EXITED = /^(\d+) .*?\(code=(\w+), (?:status|signal)=([^)]+)\)$/;
const ANSI = /\x1b\[[0-9;]*m/g;
// What systemctl adds around the journal lines (show_journal, the ellipsis hint, daemon-reload nag).
const NOTE = /^(?:Notice|Warning|Hint): /;

const str = (v: JournalEntry[string] | undefined): string | null => (typeof v === 'string' ? v : null);

/** Cuts `systemctl status` output into the `Active:` record of each unit, skipped properties and journal lines. */
export class StatusFramer implements RecordFramer {
  private unit: string | null = null;
  private description: string | null = null;
  private inProperties = false;
  // One unit's property lines, held until the block ends so `Main PID:` can complete `Active:`.
  private block: FramedRecord[] = [];
  private active: JournalEntry | null = null;
  private exit: { pid: string; code: string; status: string; main: boolean } | null = null;

  /** Takes one physical line; returns the records it completes. */
  push(line: string, lineNo: number): FramedRecord[] {
    const text = line.includes('\x1b') ? line.replace(ANSI, '') : line;
    const h = HEADER.exec(text);
    if (h) {
      const out = this.flush();
      this.unit = h[1]!;
      this.description = h[2] ?? null;
      this.inProperties = true;
      this.block.push({ line: lineNo, raw: line, record: { STATUS_LINE: 'unit', UNIT: this.unit, DESCRIPTION: this.description } });
      return out;
    }
    if (!this.inProperties) return [{ line: lineNo, raw: line, record: text }];
    if (text.trim() === '') {
      // The blank line between the properties and the journal lines ends the block.
      this.inProperties = false;
      return [...this.flush(), { line: lineNo, raw: line, record: '' }];
    }
    const p = PROPERTY.exec(text);
    const name = p?.[1] ?? null;
    if (name === 'Active') {
      const a = ACTIVE.exec(p![2]!.trim());
      if (a) {
        this.active = {
          STATUS_LINE: 'active', UNIT: this.unit, DESCRIPTION: this.description, ACTIVE: a[1]!, SUB: a[2] ?? null, RESULT: a[3] ?? null, SINCE: a[4] ?? null,
        };
        this.block.push({ line: lineNo, raw: line, record: this.active });
        return [];
      }
    } else if (name === 'Main PID' || name === 'Process') {
      const e = EXITED.exec(p![2]!);
      // The main process's exit wins; else the last control process (ExecStartPre…) that failed.
      if (e && (name === 'Main PID' || (!this.exit?.main && e[3] !== '0/SUCCESS'))) this.exit = { pid: e[1]!, code: e[2]!, status: e[3]!, main: name === 'Main PID' };
    }
    this.block.push({ line: lineNo, raw: line, record: { STATUS_LINE: 'property', UNIT: this.unit, PROPERTY: name } });
    return [];
  }

  /** Returns the records of the last unit's properties. */
  end(): FramedRecord[] {
    return this.flush();
  }

  private flush(): FramedRecord[] {
    if (this.active && this.exit) {
      this.active.EXIT_PID = this.exit.pid;
      this.active.EXIT_CODE = this.exit.code;
      this.active.EXIT_STATUS = this.exit.status;
    }
    const out = this.block;
    this.block = [];
    this.active = null;
    this.exit = null;
    return out;
  }
}

function activeEnvelope(e: JournalEntry): Envelope | null {
  const unit = str(e.UNIT);
  const state = str(e.ACTIVE);
  if (!unit || !state) return null;
  const sub = str(e.SUB);
  const result = str(e.RESULT);
  const since = str(e.SINCE);
  const fields: Fields = { active_state: state };
  if (sub !== null) fields.sub_state = sub;
  if (result !== null) fields.result = result;
  for (const [k, f] of [['EXIT_PID', 'exit_pid'], ['EXIT_CODE', 'exit_code'], ['EXIT_STATUS', 'exit_status']] as const) {
    const v = str(e[k]);
    if (v !== null) fields[f] = k === 'EXIT_PID' ? Number(v) : v;
  }
  // The relative `; 5s ago` is left out: it only means something next to the collection time.
  const message = `${unit}: ${state}${sub !== null ? ` (${sub})` : ''}${result !== null ? ` (Result: ${result})` : ''}${since !== null ? ` since ${since}` : ''}`;
  return {
    time: since !== null ? fullTimestamp(since) : null,
    host: null,
    ident: 'systemd',
    pid: null,
    // A failed unit is an error; a unit that stopped with a bad result and is restarting, a warning.
    priority: state === 'failed' ? 3 : result !== null && result !== 'success' ? 4 : 6,
    unit,
    message,
    fields,
    cursor: null,
  };
}

/** `systemctl status` output: one event per unit's `Active:` line, its journal lines as `short` entries. */
export const systemctlStatus: EnvelopeParser = {
  id: 'systemctl-status',
  framing: 'framed',
  framer: () => new StatusFramer(),
  description: 'systemctl status: `● kubelet.service - …`, `Active: failed (Result: exit-code) since …`, then journal lines',
  note: 'systemctl status shows the state at collection time and only the last journal lines of each unit',
  // A unit header followed within three lines by its `Loaded:` property.
  detect(sample) {
    for (let i = 0; i < sample.length; i++) {
      if (!HEADER.test(sample[i]!.replace(ANSI, ''))) continue;
      for (let j = i + 1; j <= i + 3 && j < sample.length; j++) if (/^ +Loaded: /.test(sample[j]!)) return 1;
    }
    return 0;
  },
  parse(record): Envelope | Marker | null {
    if (typeof record !== 'string') return record.STATUS_LINE === 'active' ? activeEnvelope(record) : { marker: 'skip' };
    if (NOTE.test(record)) return { marker: 'skip' };
    // Journal lines are `short` unless systemctl was given `-o`: the first mode that reads the line.
    for (const p of journalTextParsers) {
      const r = p.parse(record);
      if (r) return r;
    }
    return null;
  },
};
