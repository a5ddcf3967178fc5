// The files of a bundle folder: listed sorted, links never followed; each file handed out as a
// stream, a small one read in one call.
import { closeSync, createReadStream, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';

/** A stream that fails with `err` when read, and only then: one nobody reads (skipped by the plan) stays quiet. */
export function erroring(err: Error): Readable {
  return new Readable({
    read() {
      this.destroy(err);
    },
  });
}

/** Files of a directory, sorted, recursively; symlinks are listed, never followed. */
export function listDir(root: string): Array<{ name: string; path: string; size: number; mtimeUs: number; link: string | null; unreadable?: string }> {
  const out: Array<{ name: string; path: string; size: number; mtimeUs: number; link: string | null; unreadable?: string }> = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      // A folder the run may not open is listed, so the inventory says what was not read.
      if (dir !== root) out.push({ name: `${relative(root, dir).split('\\').join('/')}/`, path: dir, size: 0, mtimeUs: 0, link: null, unreadable: `unreadable folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      let l;
      try {
        l = lstatSync(p);
      } catch {
        continue;
      }
      const name = relative(root, p).split('\\').join('/');
      if (l.isDirectory()) walk(p);
      else if (l.isSymbolicLink()) {
        let link = '';
        try {
          link = readlinkSync(p);
        } catch {
          // unreadable link: listed with an empty target
        }
        out.push({ name, path: p, size: 0, mtimeUs: Math.round(l.mtimeMs * 1000), link });
      } else if (l.isFile()) out.push({ name, path: p, size: l.size, mtimeUs: Math.round(l.mtimeMs * 1000), link: null });
    }
  };
  walk(root);
  return out;
}

/** Files up to this size are read in one call: a stream costs four trips to the I/O threads and a 1 MB buffer each. */
export const SMALL_FILE = 256 * 1024;

/**
 * A bundle's file as a stream; a small one read at once (a folder of 100,000 tiny files spent
 * most of its time waiting on the I/O threads). An error reading it is the stream's error.
 */
export function openFile(path: string, size: number): Readable {
  if (size <= SMALL_FILE) {
    let fd = -1;
    try {
      fd = openSync(path, 'r');
      // A log that grew since it was listed is streamed after all.
      if (fstatSync(fd).size <= SMALL_FILE) {
        return bytesStream(readFileSync(fd));
      }
    } catch (err) {
      return erroring(err as Error);
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
  return createReadStream(path, { highWaterMark: 1 << 20 }) as unknown as Readable;
}

/** Bytes already in memory as a byte stream (cheaper than Readable.from, which iterates). */
export function bytesStream(bytes: Buffer): Readable {
  const s = new Readable({ read() {} });
  if (bytes.length) s.push(bytes);
  s.push(null);
  return s;
}
