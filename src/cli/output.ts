// Output written in 64 KB pieces: a timeline of 20,000 rows is 20,000 writes otherwise, and
// each write to a pipe costs a system call.

/** A writer that gathers text and writes it to `stream` in large pieces; call `flush` at the end. */
export function bufferedWriter(stream: NodeJS.WritableStream, size = 64 * 1024): { write(text: string): void; flush(): void } {
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (!parts.length) return;
    stream.write(parts.join(''));
    parts = [];
    length = 0;
  };
  return {
    write(text: string) {
      parts.push(text);
      length += text.length;
      if (length >= size) flush();
    },
    flush,
  };
}
