// The one event shape every parser produces and every rule sees.

/** A timestamp exactly as a line wrote it: absolute, wall clock (maybe without year or zone), or since boot. */
export type Stamp =
  | { kind: 'abs'; us: number }
  | {
      kind: 'wall';
      year: number | null;
      month: number;
      day: number;
      hour: number;
      minute: number;
      second: number;
      micro: number;
      /** Minutes east of UTC, null when the line does not say. */
      offset: number | null;
      /** Zone abbreviation as written (short-full: `UTC`, `CET`, `-03`), resolved by the clock. */
      zone?: string;
    }
  | { kind: 'mono'; us: number; boot: string | null }
  /** This long before the input was collected (kubectl ages: `42m`, `7m (x163 over 42m)`); the clock resolves it. */
  | { kind: 'ago'; us: number };

/** Field values as journald and payload key/values give them. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [k: string]: FieldValue };
/** Key/value fields of an event (journald fields, klog/logrus key=values, systemd facts). */
export type Fields = Record<string, FieldValue>;

/** What one input record parses into, before the clock gives it a UTC time. */
export interface ParsedRecord {
  /** Envelope time (journal/syslog prefix), if any. */
  time: Stamp | null;
  /** Payload time (klog header, logrus time=), if any. */
  payloadTime: Stamp | null;
  host: string | null;
  /** Normalised component: kubelet, dockerd, containerd, systemd, kernel, or the identifier as written. */
  source: string;
  /** Syslog identifier as written (`docker`, `kubenswrapper`), null for bare files. */
  ident: string | null;
  unit: string | null;
  pid: number | null;
  /** Syslog priority 0 (emerg) … 7 (debug); null when nothing says. */
  priority: number | null;
  message: string;
  fields: Fields | null;
  /** The fields as JSON text, when a parser wrote them as text (klog, logrus); read with fieldsOf(). */
  fieldsJson: string | null;
  cursor: string | null;
  /** 1-based number of the first physical line (or record) in the input. */
  line: number;
  raw: string;
  parsed: boolean;
}

/** A stored event: a parsed record with its UTC time resolved (µs since the epoch, null when unknowable). */
export interface LogEvent extends ParsedRecord {
  ts: number | null;
}

/** The fields of a record, parsing its JSON text once on first use (most lines never need it). */
export function fieldsOf(rec: ParsedRecord): Fields | null {
  if (rec.fields === null && rec.fieldsJson !== null) rec.fields = JSON.parse(rec.fieldsJson) as Fields;
  return rec.fields;
}

/** The fields of a record as JSON text (serialised once and kept), or null when it has none. */
export function fieldsText(rec: ParsedRecord): string | null {
  if (rec.fieldsJson !== null) return rec.fieldsJson;
  if (rec.fields) for (const _ in rec.fields) return (rec.fieldsJson = JSON.stringify(rec.fields));
  return null;
}

/** Maps a level word from any daemon (logrus, klog, slog, syslog) to a syslog priority, or null. */
export function priorityOf(level: string): number | null {
  switch (level.toLowerCase()) {
    case 'emerg': case 'emergency': case 'panic': return 0;
    case 'alert': return 1;
    case 'crit': case 'critical': case 'fatal': case 'f': return 2;
    case 'err': case 'error': case 'e': return 3;
    case 'warn': case 'warning': case 'w': return 4;
    case 'notice': return 5;
    case 'info': case 'i': return 6;
    case 'debug': case 'trace': case 'd': return 7;
    default: return null;
  }
}
