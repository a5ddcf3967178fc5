// Framing: every line reaches the parser whatever the consumer's pace, and a read error still
// hands over the lines before it.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { lineFrames, plainBytes } from '../src/pipeline/frame.js';

function source(lines: number, chunk = 4096): Readable {
  const text = Buffer.from(Array.from({ length: lines }, (_, i) => `Jan 02 03:04:05 node-1 kubelet[1]: line ${i}`).join('\n') + '\n');
  return Readable.from((function* () {
    for (let i = 0; i < text.length; i += chunk) yield text.subarray(i, i + chunk);
  })());
}

describe('line framing', () => {
  it('delivers every line to a consumer that is slow while the stream keeps pushing', async () => {
    let n = 0;
    let batches = 0;
    for await (const frames of lineFrames(source(60_000))) {
      n += frames.length;
      // Alternate waits on timers and on the event loop, as a busy writer thread would make us.
      if (++batches % 3 === 0) await sleep(1);
      else await new Promise((r) => setImmediate(r));
    }
    expect(n).toBe(60_000);
  });

  it('numbers lines from 1 and joins indented continuation lines to their record', async () => {
    const text = 'Jan 02 03:04:05 node-1 kubelet[1]: first\n   continued\nJan 02 03:04:06 node-1 kubelet[1]: second\n';
    const frames = [];
    for await (const f of lineFrames(Readable.from([Buffer.from(text)]), (l) => l.startsWith(' '))) frames.push(...f);
    expect(frames.map((f) => [f.line, f.raw])).toEqual([[1, 'Jan 02 03:04:05 node-1 kubelet[1]: first\n   continued'], [3, 'Jan 02 03:04:06 node-1 kubelet[1]: second']]);
  });

  it('hands over the lines read before a truncated gzip stream fails, then the error', async () => {
    const gz = gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n')));
    const { stream } = await plainBytes(Readable.from([gz.subarray(0, gz.length - 40)]));
    let n = 0;
    await expect((async () => {
      for await (const frames of lineFrames(stream)) n += frames.length;
    })()).rejects.toThrow(/unexpected end of file/);
    expect(n).toBeGreaterThan(4000);
  });
});
