// The members of a bundle, one at a time and never unpacked to disk: a directory, a tar (plain,
// gzip, xz, zstd, bzip2), a zip, and archives nested in any of these. Member names are only
// ever shown and matched, never used to write, so `../x` and `/etc/x` are harmless.
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { bombReason, expansionGuard } from '../pipeline/bomb.js';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { peek } from '../pipeline/frame.js';
import { bytesStream, erroring, listDir, openFile } from './folder.js';

/** One file of a bundle. Its stream must be read or drained before the next member is asked for. */
export interface Member {
  /** Path inside the bundle, `/`-separated, without a leading `./` or `/` (nested archives: `a.tar.gz/x`). */
  name: string;
  size: number | null;
  mtimeUs: number | null;
  /** A symbolic link: its target as written; the stream is empty. */
  link: string | null;
  /** Compression already undone on `stream` (a nested `.gz` log is handed over plain). */
  compression: string | null;
  stream: Readable;
  /** The file on disk when the bundle is a directory (journalctl --file reads it in place). */
  diskPath: string | null;
}

/** A member read error that ends the archive (truncated, corrupt): what was read is kept. */
export class ArchiveError extends Error {}

/** Archives inside archives are opened up to this depth; deeper ones are read as files. */
const MAX_DEPTH = 4;
/** A zip inside an archive must be held in memory (its directory is at its end). */
const MAX_NESTED_ZIP = 256 * 1024 * 1024;
const HEAD = 1024;
const SMALL = 1024 * 1024;

type Kind = 'tar' | 'zip' | 'gzip' | 'xz' | 'zstd' | 'bzip2' | null;

/** What the first bytes say a stream is (by magic, never by name). */
export function archiveKind(head: Buffer): Kind {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return null;
}

const TOOLS: Record<string, string> = { xz: 'xz', zstd: 'zstd', bzip2: 'bzip2' };

// xz, zstd and bzip2 have no decoder in Node: the system's own tool decompresses, streaming.
function external(kind: string, src: Readable): Readable {
  const tool = TOOLS[kind]!;
  const child = spawn(tool, ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out = child.stdout;
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.on('error', (e) => out.destroy(new ArchiveError(`${tool} is needed to decompress ${kind} (${(e as NodeJS.ErrnoException).code ?? e.message}); install it or unpack the bundle first`)));
  child.on('close', (code) => {
    if (code) out.destroy(new ArchiveError(`${tool}: ${err.trim().split('\n')[0] ?? `exit ${code}`}`));
  });
  child.stdin.on('error', () => {});
  src.on('error', (e) => child.stdin.destroy(e));
  src.pipe(child.stdin);
  return out;
}

/** Undoes gzip/xz/zstd/bzip2 (by magic) and says what the plain bytes are. */
async function unwrap(src: Readable): Promise<{ head: Buffer; stream: Readable; compression: string | null; kind: Kind }> {
  let { head, stream } = await peek(src, HEAD);
  let compression: string | null = null;
  let kind = archiveKind(head);
  if (kind === 'gzip' || kind === 'xz' || kind === 'zstd' || kind === 'bzip2') {
    compression = kind;
    const inflated = kind === 'gzip' ? stream.pipe(createGunzip()) : external(kind, stream);
    if (kind === 'gzip') stream.on('error', (e) => inflated.destroy(e));
    const plain = expansionGuard(stream, inflated);
    ({ head, stream } = await peek(plain, HEAD));
    kind = archiveKind(head);
    if (kind !== 'tar' && kind !== 'zip') kind = null;
  }
  return { head, stream, compression, kind };
}

function clean(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}

function drain(s: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (s.readableEnded || s.destroyed) return resolve();
    s.on('end', resolve).on('close', resolve).on('error', () => resolve());
    s.resume();
  });
}

// A member handed out is wrapped so that whoever reads it may destroy it without breaking the
// archive's own stream; whatever they leave unread is drained before the next member.
async function* handOut(m: Omit<Member, 'stream'>, inner: Readable): AsyncGenerator<Member> {
  const outer = new PassThrough();
  // Readers see the error through their own listeners; a member nobody reads must not crash the run.
  outer.on('error', () => {});
  inner.on('error', (e) => outer.destroy(e));
  inner.pipe(outer);
  outer.on('close', () => inner.unpipe(outer));
  yield { ...m, stream: outer };
  inner.unpipe(outer);
  if (!outer.destroyed) outer.destroy();
  await drain(inner);
}

async function* fromStream(src: Readable, m: Omit<Member, 'stream' | 'compression' | 'link'>, depth: number): AsyncGenerator<Member> {
  let u;
  try {
    u = await unwrap(src);
  } catch (err) {
    throw new ArchiveError(`${m.name || 'bundle'}: ${(err as Error).message}`);
  }
  if (u.kind && depth < MAX_DEPTH) {
    const prefix = m.name ? `${m.name}/` : '';
    if (u.kind === 'tar') yield* tarMembers(u.stream, prefix, depth + 1);
    else yield* zipMembers(await buffered(u.stream, m.name), prefix, depth + 1);
    return;
  }
  yield* handOut({ ...m, link: null, compression: u.compression }, u.stream);
}

async function buffered(s: Readable, name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of s as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_NESTED_ZIP) {
      s.destroy();
      throw new ArchiveError(`${name}: a zip inside an archive larger than ${MAX_NESTED_ZIP >> 20} MiB is not read (unpack it and pass it on its own)`);
    }
    parts.push(c);
  }
  return Buffer.concat(parts);
}

async function* tarMembers(src: Readable, prefix: string, depth: number): AsyncGenerator<Member> {
  const extract = tar.extract();
  src.on('error', (e) => extract.destroy(e));
  // The extractor fails every unread member once its input ends short, so its end is held back
  // until the reader stops making progress: only then is a missing tail an error.
  let progress = 0;
  let watchdog: NodeJS.Timeout | null = null;
  src.on('end', () => {
    let seen = -1;
    watchdog = setInterval(() => {
      if (seen === progress) {
        clearInterval(watchdog!);
        extract.end();
      }
      seen = progress;
    }, 20);
  });
  src.pipe(extract, { end: false });
  try {
    for await (const entry of extract) {
      progress++;

      const h = entry.header;
      const name = prefix + clean(h.name);
      const mtimeUs = h.mtime ? h.mtime.getTime() * 1000 : null;
      if (h.type === 'symlink' || h.type === 'link') {
        entry.resume();
        yield { name, size: 0, mtimeUs, link: h.linkname ?? '', compression: null, stream: Readable.from([]), diskPath: null };
        continue;
      }
      if (h.type !== 'file' && h.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      // A small member is taken whole at once: an error further on (a truncated archive, the next
      // member lying about its size) ends the extract and would discard its unread bytes.
      let body: Readable = entry as unknown as Readable;
      if ((h.size ?? 0) <= SMALL) {
        const parts: Buffer[] = [];
        for await (const c of entry as AsyncIterable<Buffer>) {
          parts.push(c);
          progress++;
        }
        body = bytesStream(Buffer.concat(parts));
      }
      yield* fromStream(body, { name, size: h.size ?? null, mtimeUs, diskPath: null }, depth);
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`${prefix ? prefix.slice(0, -1) : 'tar'}: ${(err as Error).message} (archive truncated or corrupt; members before it were read)`);
  } finally {
    if (watchdog) clearInterval(watchdog);
  }
}

async function* zipMembers(source: Buffer | string, prefix: string, depth: number): AsyncGenerator<Member> {
  let zip: yauzl.ZipFile;
  try {
    zip = typeof source === 'string' ? await yauzl.openPromise(source, { lazyEntries: true }) : await yauzl.fromBufferPromise(source, { lazyEntries: true });
  } catch (err) {
    throw new ArchiveError(`${prefix ? prefix.slice(0, -1) : 'zip'}: ${(err as Error).message} (zip unreadable)`);
  }
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const name = prefix + clean(entry.fileName);
      const bomb = bombReason(entry.uncompressedSize, entry.compressedSize);
      if (bomb) {
        yield { name, size: entry.uncompressedSize, mtimeUs: null, link: null, compression: null, stream: erroring(new Error(`${bomb}; not read`)), diskPath: null };
        continue;
      }
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (err) {
        // One bad member (unsupported compression, bad offset) does not end the zip.
        yield { name, size: entry.uncompressedSize, mtimeUs: null, link: null, compression: null, stream: erroring(err as Error), diskPath: null };
        continue;
      }
      yield* fromStream(stream, { name, size: entry.uncompressedSize, mtimeUs: entry.getLastModDate().getTime() * 1000, diskPath: null }, depth);
    }
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(`${prefix ? prefix.slice(0, -1) : 'zip'}: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}

/**
 * Members of a bundle (a directory or an archive file) in `order` (directories) or archive order,
 * descending into nested archives. Throws ArchiveError when an archive ends early; members
 * already handed out stay good.
 */
export async function* bundleMembers(root: string, order?: readonly string[]): AsyncGenerator<Member> {
  if (statSync(root).isDirectory()) {
    const files = new Map(listDir(root).map((f) => [f.name, f]));
    const names = order ? order.filter((n) => files.has(n)) : [...files.keys()];
    for (const n of names) {
      const f = files.get(n)!;
      if (f.link !== null) {
        yield { name: n, size: 0, mtimeUs: f.mtimeUs, link: f.link, compression: null, stream: Readable.from([]), diskPath: null };
        continue;
      }
      if (f.unreadable) {
        yield { name: n, size: 0, mtimeUs: 0, link: null, compression: null, stream: erroring(new Error(f.unreadable)), diskPath: null };
        continue;
      }
      const raw = openFile(f.path, f.size);
      let failure = '';
      const head = await peek(raw, HEAD).catch((err: NodeJS.ErrnoException) => ((failure = err.code ?? err.message), null));
      if (!head) {
        yield { name: n, size: f.size, mtimeUs: f.mtimeUs, link: null, compression: null, stream: erroring(new Error(`unreadable (${failure})`)), diskPath: f.path };
        continue;
      }
      if (archiveKind(head.head) === 'zip') {
        head.stream.destroy();
        yield* zipMembers(f.path, `${n}/`, 1);
      } else yield* fromStream(head.stream, { name: n, size: f.size, mtimeUs: f.mtimeUs, diskPath: f.path }, 0);
    }
    return;
  }
  const raw = createReadStream(root, { highWaterMark: 1 << 20 }) as unknown as Readable;
  const head = await peek(raw, HEAD);
  if (archiveKind(head.head) === 'zip') {
    head.stream.destroy();
    yield* zipMembers(root, '', 1);
    return;
  }
  yield* fromStream(head.stream, { name: '', size: null, mtimeUs: null, diskPath: null }, 0);
}

/** Whether a file is an archive (tar, compressed tar, zip) rather than a single (maybe gzipped) log. */
export async function isArchiveFile(path: string): Promise<boolean> {
  const raw = createReadStream(path) as unknown as Readable;
  try {
    const u = await unwrap(raw);
    u.stream.destroy();
    return u.kind !== null;
  } catch {
    return false;
  } finally {
    raw.destroy();
  }
}
