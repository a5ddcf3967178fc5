// Where ingest sends what it read. The parsing thread never waits on SQLite: a writer thread
// owns the store connection while inputs are read (two cores, two halves of the work), with at
// most a few batches in flight. The direct sink does the same work in-process; both go through
// Store's one write path, and a test holds their stores equal.
import { Worker } from 'node:worker_threads';
import { fieldsText, type LogEvent } from '../event.js';
import { KubesleuthError } from '../errors.js';
import type { InputContext } from '../pipeline/context.js';
import type { InputRow, SignalHit, Store, UnitName } from './store.js';

/** Numeric columns of one event row in a batch: line, ts_us, pid, priority, parsed, message_at, message_len (NaN = NULL). */
export const NUMS = 7;
/** Text columns of one event row in a batch: host, source, ident, unit, message_text, fields, cursor, raw. */
export const TEXTS = 8;

/**
 * A batch as two typed arrays and one string: cheap to hand to the writer thread (the arrays are
 * transferred, the string copied once) and cheap to bind from. Hits are flat (row, rule, signal,
 * captures JSON).
 */
export interface Batch {
  n: number;
  nums: Float64Array;
  text: string;
  lens: Int32Array;
  hits: unknown[];
  units: UnitName[];
}

const ASCII = /^[\x00-\x7f]*$/;

// Where `message` sits in `raw`, in the characters SQLite's substr() counts, or null.
function sliceOf(raw: string, message: string): number {
  if (message.length === 0 || message.length > raw.length) return -1;
  const at = raw.endsWith(message) ? raw.length - message.length : raw.indexOf(message);
  // JS counts UTF-16 units, SQLite counts characters: only ASCII prefixes agree for sure.
  return at >= 0 && ASCII.test(raw.slice(0, at)) ? at : -1;
}

/** Packs events and their signal hits for Store.insertRows (and for postMessage). */
export function encodeBatch(events: readonly LogEvent[], hits: ReadonlyArray<SignalHit[] | null>, units: UnitName[]): Batch {
  const n = events.length;
  const nums = new Float64Array(n * NUMS);
  const lens = new Int32Array(n * TEXTS);
  const parts: string[] = [];
  const flatHits: unknown[] = [];
  const put = (k: number, v: string | null) => {
    if (v === null) lens[k] = -1;
    else {
      lens[k] = v.length;
      parts.push(v);
    }
  };
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const at = sliceOf(e.raw, e.message);
    const b = i * NUMS;
    nums[b] = e.line;
    nums[b + 1] = e.ts ?? NaN;
    nums[b + 2] = e.pid ?? NaN;
    nums[b + 3] = e.priority ?? NaN;
    nums[b + 4] = e.parsed ? 1 : 0;
    nums[b + 5] = at >= 0 ? at + 1 : NaN;
    nums[b + 6] = at >= 0 ? e.message.length : NaN;
    const t = i * TEXTS;
    put(t, e.host);
    put(t + 1, e.source);
    put(t + 2, e.ident);
    put(t + 3, e.unit);
    put(t + 4, at >= 0 ? null : e.message);
    put(t + 5, fieldsText(e));
    put(t + 6, e.cursor);
    put(t + 7, e.raw);
    const h = hits[i];
    if (h) for (const x of h) flatHits.push(i, x.rule, x.signal, x.captures ? JSON.stringify(x.captures) : null);
  }
  return { n, nums, text: parts.join(''), lens, hits: flatHits, units };
}

/** Where a bundle member came from, as the inventory shows it. */
export interface InputPlace {
  bundle: string;
  member: string;
  collector: string;
  kind: string;
  host: string | null;
  hostReason: string | null;
}

/** What an input row starts with. */
export interface InputStart {
  runId: number;
  path: string;
  place: InputPlace | null;
  sha256: string;
  bytes: number | null;
  compression: string | null;
  format: string;
  formatReason: string;
}

/** What an input row ends with: counts, time basis, notes (a plain copy of the context). */
export type InputFinish = Pick<InputContext, 'stats' | 'time' | 'notes' | 'formatReason'> & { format: string; host: string | null; rulesHash: string; sha256: string };

/** The store operations ingest needs, in order. Only the questions wait for the store. */
export interface EventSink {
  hasInputOfSize(bytes: number): Promise<boolean>;
  findComplete(sha256: string): Promise<InputRow | undefined>;
  /** Starts an input; returns the handle its writes and completion name (no wait: ids are the store's). */
  startInput(s: InputStart): number;
  /** Records a bundle member that was not read. */
  skipInput(runId: number, path: string, bytes: number | null, place: InputPlace, reason: string): void;
  write(input: number, batch: Batch): Promise<void>;
  /**
   * Completes the input, or drops it when a complete input has the same bytes, and then calls
   * `onDuplicate` (no later than close() resolves). Resolves once the sink has room for more, not
   * when the input is done: with tiny files, waiting for that left both threads idle half the time.
   */
  finishInput(input: number, f: InputFinish, onDuplicate: () => void): Promise<void>;
  /** Waits for every write; a writer thread also closes its connection. */
  close(): Promise<void>;
}

/** Runs sink operations on a store, in order (shared by both sinks, so they cannot drift apart). */
export class SinkOps {
  // Sink handles to the input ids the store gave.
  private readonly ids = new Map<number, number>();
  constructor(private readonly store: Store) {}

  /** Runs one operation; returns its result. */
  apply(op: string, args: unknown[]): unknown {
    const store = this.store;
    switch (op) {
      case 'hasInputOfSize': return store.hasInputOfSize(args[0] as number);
      case 'findComplete': return store.findComplete(args[0] as string);
      case 'startInput':
        this.ids.set(args[0] as number, store.createInput(args[1] as InputStart));
        return null;
      case 'skipInput': {
        const [runId, path, bytes, place, reason] = args as [number, string, number | null, InputPlace, string];
        store.skipInput(runId, path, bytes, place, reason);
        store.commitIfDue();
        return null;
      }
      case 'write':
        store.insertRows(this.id(args[0] as number), args[1] as Batch);
        return null;
      case 'finishInput': {
        const id = this.id(args[0] as number);
        this.ids.delete(args[0] as number);
        const f = args[1] as InputFinish;
        const duplicate = !!store.findComplete(f.sha256);
        if (duplicate) store.dropInput(id);
        else store.finishInput(id, f);
        store.commitIfDue();
        return duplicate;
      }
      case 'close':
        store.commit();
        return null;
      default:
        throw new Error(`unknown store operation ${op}`);
    }
  }

  private id(handle: number): number {
    const id = this.ids.get(handle);
    if (id === undefined) throw new Error(`no input ${handle} was started`);
    return id;
  }
}

/** The store in this thread. */
export function directSink(store: Store): EventSink {
  const ops = new SinkOps(store);
  let handles = 0;
  const call = <T>(op: string, ...args: unknown[]) => ops.apply(op, args) as T;
  return {
    hasInputOfSize: async (b) => call('hasInputOfSize', b),
    findComplete: async (s) => call('findComplete', s),
    startInput(s) {
      const h = handles++;
      call('startInput', h, s);
      return h;
    },
    skipInput: (...a) => void call('skipInput', ...a),
    write: async (h, b) => void call('write', h, b),
    async finishInput(h, f, onDuplicate) {
      if (call<boolean>('finishInput', h, f)) onDuplicate();
    },
    close: async () => void call('close'),
  };
}

/** Operations (batches, input starts and ends) in flight to the writer thread before `write` waits: bounds memory whatever the input. */
export const MAX_IN_FLIGHT = 16;
/** Text in flight (characters) before `write` waits: sixteen batches of 8 KB lines would be 256 MB. */
export const MAX_IN_FLIGHT_CHARS = 32 * 1024 * 1024;

/** A writer thread owning a connection to the store at `path`. */
export function threadSink(path: string): EventSink {
  const worker = new Worker(new URL('./writer-thread.js', import.meta.url), { workerData: { path } });
  let next = 0;
  let failure: Error | null = null;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let inFlight = 0;
  let chars = 0;
  let wake: (() => void) | null = null;
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) {
      failure ??= new KubesleuthError(`cannot write the store: ${m.error}`);
      w?.reject(failure);
    } else w?.resolve(m.result);
  });
  worker.on('error', (err) => {
    failure ??= new KubesleuthError(`the store writer stopped: ${err.message}`);
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
    wake?.();
  });
  const call = <T>(op: string, ...args: unknown[]): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const b = op === 'write' ? (args[1] as Batch) : null;
      worker.postMessage({ id, op, args }, b ? [b.nums.buffer as ArrayBuffer, b.lens.buffer as ArrayBuffer] : []);
    });
  };
  // Operations nobody waits for count as in flight, so the next write waits for them too. A
  // failure is kept in `failure` and surfaces on the next call.
  const post = <T>(op: string, size: number, ...args: unknown[]): Promise<T | undefined> => {
    inFlight++;
    chars += size;
    return call<T>(op, ...args).catch(() => undefined).finally(() => {
      inFlight--;
      chars -= size;
      wake?.();
      wake = null;
    });
  };
  // Waits until `size` more characters fit in flight; throws the writer's failure.
  const room = async (size: number) => {
    while ((inFlight >= MAX_IN_FLIGHT || (inFlight > 0 && chars + size > MAX_IN_FLIGHT_CHARS)) && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  let handles = 0;
  return {
    hasInputOfSize: (b) => call('hasInputOfSize', b),
    findComplete: (s) => call('findComplete', s),
    startInput(s) {
      const h = handles++;
      void post('startInput', 0, h, s);
      return h;
    },
    skipInput: (...a) => void post('skipInput', 0, ...a),
    async write(h, b) {
      await room(b.text.length);
      void post('write', b.text.length, h, b);
    },
    async finishInput(h, f, onDuplicate) {
      // Replies come in order, so this runs before close() resolves.
      void post<boolean>('finishInput', 0, h, f).then((duplicate) => {
        if (duplicate) onDuplicate();
      });
      // A run of empty files writes nothing: their starts and ends wait here instead.
      await room(0);
    },
    async close() {
      try {
        await call('close');
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** The sink analyze uses: a writer thread on the store's file when running from the built files, else `store` itself. */
export function openSink(store: Store, path: string): EventSink {
  const threaded = import.meta.url.endsWith('.js') && process.env.KUBESLEUTH_THREADS !== '0' && path !== ':memory:';
  return threaded ? threadSink(path) : directSink(store);
}
