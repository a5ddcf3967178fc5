// Journal Export Format (journalctl -o export, systemd-journal-remote's input):
//   text field   NAME=VALUE\n
//   binary field NAME\n <uint64 LE length> DATA \n     (DATA may hold \n, \n\n, NUL)
//   an empty line ends the entry.
// Never split on "\n\n": read field by field (docs/JOURNAL_EXPORT_FORMATS.md; formats.md §1.6).
import type { EnvelopeParser, JournalEntry } from './types.js';
import { fromJournalFields } from './journal-json.js';

const NAME = /^[A-Z0-9_]+$/;
const MAX_FIELD = 64 * 1024 * 1024;

/** One export entry (or an unreadable stretch) with where it starts and its text for provenance. */
export interface ExportRecord {
  entry: JournalEntry | null;
  line: number;
  raw: string;
}

/** Incremental, binary-safe reader of Journal Export Format: feed byte chunks, take whole entries. */
export class ExportFramer {
  private buf: Buffer = Buffer.alloc(0);
  private entry: Record<string, string | string[]> = {};
  private rawLines: string[] = [];
  private fieldCount = 0;
  private line = 1;
  private entryLine = 1;

  /** Adds bytes; returns the entries completed by them. */
  push(chunk: Buffer): ExportRecord[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: ExportRecord[] = [];
    let i = 0;
    const b = this.buf;
    for (;;) {
      const nl = b.indexOf(10, i);
      if (nl === -1) break;
      if (nl === i) {
        // Empty line: end of entry.
        this.line++;
        i = nl + 1;
        this.finish(out);
        continue;
      }
      const eq = b.indexOf(61 /* = */, i);
      if (eq !== -1 && eq < nl) {
        const name = b.toString('latin1', i, eq);
        const value = b.toString('utf8', eq + 1, nl);
        this.add(name, value, `${name}=${value}`);
        this.line++;
        i = nl + 1;
        continue;
      }
      const name = b.toString('latin1', i, nl);
      if (!NAME.test(name)) {
        // Not a field: keep it as an unreadable line of its own and resynchronise on the next one.
        this.flushBad(b.toString('utf8', i, nl), out);
        this.line++;
        i = nl + 1;
        continue;
      }
      if (b.length < nl + 9) break;
      const len = Number(b.readBigUInt64LE(nl + 1));
      if (len > MAX_FIELD) {
        this.flushBad(`${name} (binary field of ${len} bytes, larger than ${MAX_FIELD})`, out);
        this.line++;
        i = nl + 1;
        continue;
      }
      if (b.length < nl + 9 + len + 1) break;
      const value = b.toString('utf8', nl + 9, nl + 9 + len);
      this.add(name, value, `${name}=${value}`);
      // The name's newline, the ones inside length and data, and the terminating one.
      this.line += 2 + countNewlines(b, nl + 1, nl + 9 + len);
      i = nl + 9 + len + 1;
    }
    this.buf = i === b.length ? Buffer.alloc(0) : b.subarray(i);
    return out;
  }

  /** Ends the input: a last entry without its blank line still counts; leftover bytes are reported. */
  end(): ExportRecord[] {
    const out: ExportRecord[] = [];
    if (this.buf.length) {
      const text = this.buf.toString('utf8');
      const eq = text.indexOf('=');
      if (eq > 0 && NAME.test(text.slice(0, eq)) && !text.includes('\n')) this.add(text.slice(0, eq), text.slice(eq + 1), text);
      else this.flushBad(text.slice(0, 4096), out);
      this.buf = Buffer.alloc(0);
    }
    this.finish(out);
    return out;
  }

  private add(name: string, value: string, raw: string): void {
    if (this.fieldCount === 0) this.entryLine = this.line;
    const prev = this.entry[name];
    this.entry[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    this.rawLines.push(raw);
    this.fieldCount++;
  }

  private finish(out: ExportRecord[]): void {
    if (this.fieldCount === 0) return;
    out.push({ entry: this.entry, line: this.entryLine, raw: this.rawLines.join('\n') });
    this.entry = {};
    this.rawLines = [];
    this.fieldCount = 0;
  }

  private flushBad(text: string, out: ExportRecord[]): void {
    this.finish(out);
    out.push({ entry: null, line: this.line, raw: text });
  }
}

function countNewlines(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(10, from); i !== -1 && i < to; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** journalctl -o export: binary-safe entries separated by empty lines. */
export const journalExport: EnvelopeParser = {
  id: 'export',
  framing: 'export',
  description: 'journalctl -o export (Journal Export Format, binary-safe fields)',
  detect(sample) {
    const first = sample.find((l) => l !== '');
    if (!first) return 0;
    if (/^__(?:CURSOR|REALTIME_TIMESTAMP|SEQNUM)=/.test(first)) return 1;
    const lines = sample.filter((l) => l !== '');
    const fieldLike = lines.filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).length;
    return lines.some((l) => l.startsWith('MESSAGE=') || l === 'MESSAGE') ? fieldLike / lines.length : 0;
  },
  parse(record) {
    return typeof record === 'string' ? null : fromJournalFields(record);
  },
};
