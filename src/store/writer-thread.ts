// The writer thread: owns a store connection while inputs are read, runs operations in order.
import { parentPort, workerData } from 'node:worker_threads';
import { SinkOps } from './sink.js';
import { openStore } from './store.js';

const store = openStore((workerData as { path: string }).path);
const ops = new SinkOps(store);
parentPort!.on('message', (m: { id: number; op: string; args: unknown[] }) => {
  try {
    const result = ops.apply(m.op, m.args);
    if (m.op === 'close') store.close();
    parentPort!.postMessage({ id: m.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message.split('\n')[0] });
  }
});
