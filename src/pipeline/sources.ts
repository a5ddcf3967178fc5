// Inputs named on the command line: stdin, files, directories (recursively). Everything the user
// named is checked before anything is written, so a typo exits 2 with the store untouched.
import { createHash } from 'node:crypto';
import { accessSync, constants, createReadStream, lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KubesleuthError } from '../errors.js';
import { plainBytes } from './frame.js';
import type { InputPlace } from '../store/sink.js';
import type { TimeHints } from './context.js';

/** One input to read. */
export interface InputSpec {
  /** As shown and stored: the path, or `-` for stdin. */
  path: string;
  stdin: boolean;
  /** Named on the command line (an unreadable one is an error) rather than found in a directory (skipped with a note). */
  explicit: boolean;
  size: number | null;
  mtimeUs: number | null;
  /** A directory or archive: read as a bundle (inventory, plan, members). */
  bundle?: boolean;
  /** A member of a bundle: its bytes and what the bundle's plan says about it. */
  member?: MemberInput;
}

/** One member of a bundle handed to ingest. */
export interface MemberInput {
  stream: Readable;
  diskPath: string | null;
  compression: string | null;
  place: InputPlace;
  /** Component of lines that name none, from the file's path. */
  source: string | null;
  /** Envelope format the path settles, if any. */
  format: string | null;
  /** Fields every event of the member gets (pod, namespace, container). */
  fields: Record<string, string> | null;
  hints: TimeHints;
  /** Other names the node's lines use for its host (short name → FQDN), mapped to one. */
  hostAliases: ReadonlyMap<string, string> | null;
}

// Files a log folder holds that are not logs.
const NOT_LOGS = /(^|\/)(README[^/]*|[^/]*\.(md|markdown|rst|png|jpe?g|gif|svg|pdf|html?|css|js|py|sh))$/i;

// Whether a folder holds a log file anywhere below it; stops at the first (the bundle reader
// lists the folder itself, so 100,000 files are not walked a third time here).
function holdsLog(dir: string, top = true): boolean {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    // The folder named on the command line must be readable; one inside it is reported by the bundle's inventory.
    if (!top) return false;
    throw new KubesleuthError(`cannot read directory ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    const l = lstatSync(p);
    // Symlinked directories are not followed: bundles hold link loops.
    if (l.isDirectory()) {
      if (holdsLog(p, false)) return true;
    } else if ((l.isFile() || l.isSymbolicLink()) && !NOT_LOGS.test(p)) {
      try {
        if (statSync(p).isFile()) return true;
      } catch {
        // A dangling link in a bundle is not an error.
      }
    }
  }
  return false;
}

/** Expands the command line's inputs; no argument (or `-`) means stdin. Throws for a missing or unreadable path. */
export function expandInputs(args: readonly string[]): InputSpec[] {
  if (args.length === 0) return [{ path: '-', stdin: true, explicit: true, size: null, mtimeUs: null }];
  const out: InputSpec[] = [];
  let stdinSeen = false;
  for (const a of args) {
    if (a === '-') {
      if (!stdinSeen) out.push({ path: '-', stdin: true, explicit: true, size: null, mtimeUs: null });
      stdinSeen = true;
      continue;
    }
    let s;
    try {
      s = statSync(a);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new KubesleuthError(code === 'ENOENT' ? `no such file or directory: ${a}` : `cannot read ${a}: ${code ?? (err as Error).message}`);
    }
    if (s.isDirectory()) {
      if (!holdsLog(a)) throw new KubesleuthError(`no log files in directory ${a}`);
      // A directory is a bundle: its layout says which file is which node's and which daemon's.
      out.push({ path: a.replace(/\/+$/, '') || a, stdin: false, explicit: true, size: null, mtimeUs: Math.round(s.mtimeMs * 1000), bundle: true });
    } else {
      try {
        accessSync(a, constants.R_OK);
      } catch {
        throw new KubesleuthError(`cannot read ${a}: permission denied`);
      }
      out.push({ path: a, stdin: false, explicit: true, size: s.size, mtimeUs: Math.round(s.mtimeMs * 1000) });
    }
  }
  return out;
}

/** sha256 of a file's bytes (the input's identity in the store). */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Binary journal files start with this signature (JOURNAL_FILE_FORMAT.md). */
export const JOURNAL_MAGIC = Buffer.from('LPKSHHRH');

/** What a file looks like from its first bytes (decompressed): a journal file, binary junk, or text. */
export function classifyHead(head: Buffer): 'journal' | 'binary' | 'text' {
  if (head.subarray(0, 8).equals(JOURNAL_MAGIC)) return 'journal';
  const probe = head.subarray(0, 8192);
  if (!probe.length) return 'text';
  // Export format carries NULs inside length-prefixed binary fields, and a syslog cut by a crash
  // holds stray NULs: only a probe that is mostly control bytes or invalid UTF-8 is binary.
  if (/^[A-Z_][A-Z0-9_]*=/.test(probe.toString('latin1', 0, 64))) return 'text';
  // A log cut by a crash, or a tar member padded to its block, ends in a run of NULs: not binary.
  const text = probe.toString('utf8').replace(/\0+$/, '');
  if (!text.length) return 'binary';
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27 && c !== 12) || c === 0xfffd) odd++;
  }
  return odd / text.length > 0.3 ? 'binary' : 'text';
}

/** Checks the files named on the command line are logs before anything is written. */
export async function preflight(specs: readonly InputSpec[]): Promise<void> {
  for (const s of specs) {
    if (s.stdin || !s.explicit || s.bundle) continue;
    const raw = createReadStream(s.path);
    let head: Buffer | null = null;
    try {
      const p = await plainBytes(raw as unknown as Readable, 8192);
      head = p.head;
      p.stream.destroy();
    } catch {
      // A read error (a truncated .gz) is reported by the ingest, which keeps what it could read.
    } finally {
      raw.destroy();
    }
    if (head && classifyHead(head) === 'binary') throw new KubesleuthError(`${s.path}: binary file, not a log (${s.size} bytes)`);
  }
}
