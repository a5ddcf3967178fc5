// A compressed input that expands without measure (a decompression bomb: a few kilobytes of
// gzip holding terabytes of zeros) is stopped once it has grown far past what logs compress to.
// What was read before stays; the reason goes into the input's notes.
import { Transform, type Readable } from 'node:stream';

/** Logs compress 5–50×; past this ratio a stream is taken for a bomb. */
export const MAX_RATIO = 200;
/** Below this many plain bytes nothing is stopped, whatever the ratio: small is harmless. */
export const MIN_BOMB_BYTES = 256 * 1024 * 1024;

/** Why `plain` bytes from `packed` compressed ones look like a bomb, or null when they do not. */
export function bombReason(plain: number, packed: number, minBytes = MIN_BOMB_BYTES): string | null {
  if (plain <= minBytes || plain <= MAX_RATIO * Math.max(packed, 1)) return null;
  return `${Math.round(plain / 1e6)} MB from ${Math.round(packed / 1e3)} kB of compressed data (over ${MAX_RATIO}×) looks like a decompression bomb`;
}

/** The plain side of `compressed`, failing with a clear error when it expands past MAX_RATIO. */
export function expansionGuard(compressed: Readable, plain: Readable, minBytes = MIN_BOMB_BYTES): Readable {
  let packed = 0;
  let out = 0;
  compressed.on('data', (c: Buffer) => (packed += c.length));
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      out += chunk.length;
      const bomb = bombReason(out, packed, minBytes);
      if (bomb) {
        cb(new Error(`decompression stopped: ${bomb}; unpack it yourself if it is a real log`));
        return;
      }
      cb(null, chunk);
    },
  });
  plain.on('error', (e) => guard.destroy(e));
  return plain.pipe(guard);
}
