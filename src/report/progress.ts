// A progress line on stderr while inputs are read: bytes and lines per second, and the share done
// with an ETA when the total size is known. Only on a terminal: pipes and CI logs get nothing.
import { formatDuration } from '../time.js';

/** What ingest reports as it reads. */
export interface ProgressSink {
  /** Bytes read from an input as stored on disk (compressed bytes for .gz). */
  bytes(n: number): void;
  /** Lines (records) read. */
  lines(n: number): void;
  /** The input now being read. */
  input(path: string): void;
}

/** Redraws at most this often: a progress line must cost nothing next to the work. */
export const REDRAW_MS = 200;

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;
const count = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : String(n));

/** Whether a progress line belongs on this stream: a terminal, not CI, not a dumb one. */
export function wantProgress(stream: NodeJS.WriteStream, quiet: boolean): boolean {
  return !quiet && !!stream.isTTY && !process.env.CI && process.env.TERM !== 'dumb';
}

/** The progress line of one run; `total` is the bytes of all inputs when known. */
export class Progress implements ProgressSink {
  private readBytes = 0;
  private readLines = 0;
  private path = '';
  private readonly started = Date.now();
  private timer: NodeJS.Timeout;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly total: number | null) {
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  bytes(n: number): void {
    this.readBytes += n;
  }

  lines(n: number): void {
    this.readLines += n;
  }

  input(path: string): void {
    this.path = path;
  }

  /** The line as it would be drawn now (also what tests look at). */
  line(now = Date.now()): string {
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const rate = `${count(Math.round(this.readLines / secs))} lines/s, ${mb(this.readBytes / secs)}/s`;
    const parts = [`reading ${this.path}`];
    if (this.total) {
      const share = Math.min(this.readBytes / this.total, 1);
      const left = share > 0 ? ((secs / share) * (1 - share)) * 1e6 : null;
      parts.push(`${mb(this.readBytes)} of ${mb(this.total)} (${Math.floor(share * 100)}%)`, `${count(this.readLines)} lines`, rate, left === null ? 'ETA ?' : `ETA ${formatDuration(left)}`);
    } else parts.push(`${mb(this.readBytes)}`, `${count(this.readLines)} lines`, rate);
    return parts.join('  ');
  }

  private draw(): void {
    const width = (this.stream.columns || 100) - 1;
    let text = this.line();
    // Long paths give way from the left: the end of a path says more than its start.
    if (text.length > width) {
      const cut = text.length - width + 1;
      text = `reading …${this.path.slice(Math.min(cut + 1, this.path.length))}${text.slice(8 + this.path.length)}`.slice(0, width);
    }
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Clears the line before the results are printed. */
  stop(): void {
    clearInterval(this.timer);
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}
