// `kubectl cluster-info dump` container logs (formats.md §7.4; kubectl cmd/clusterinfo): `logs.txt`
// (or the stdout stream) holds blocks `==== START logs for container C of pod NS/P ====` … `==== END
// logs for container C of pod NS/P ====`, each the container's log without timestamps. The lines
// keep their own klog/logrus headers: the pipeline reads time and level from those payloads.
import { messageEnvelope } from './shared.js';
import type { Envelope, EnvelopeParser, FramedRecord, JournalValue, RecordFramer } from './types.js';

const START = /^==== START logs for container (\S+) of pod ([^\s/]+)\/(\S+) ====$/;
// kubectl writes the END marker right after the log bytes: a log without a final newline ends on its line.
const END = /==== END logs for container \S+ of pod [^\s/]+\/\S+ ====$/;
// What kubectl writes instead of a log it could not fetch (Create log request error: / Request log error:).
const FETCH_ERROR = /^(?:Create log request error|Request log error): /;

const skip = (line: number, raw: string): FramedRecord => ({ line, raw, record: raw });

/** Tags each line inside a START/END block with its container, pod and namespace; one record per physical line. */
class ClusterDumpFramer implements RecordFramer {
  private cur: { CONTAINER: string; POD: string; NAMESPACE: string } | null = null;

  push(line: string, lineNo: number): FramedRecord[] {
    const start = START.exec(line);
    if (start) {
      this.cur = { CONTAINER: start[1]!, NAMESPACE: start[2]!, POD: start[3]! };
      return [skip(lineNo, line)];
    }
    const end = line.includes('==== END logs for container ') ? END.exec(line) : null;
    const cur = this.cur;
    if (end) this.cur = null;
    const message = end ? line.slice(0, end.index) : line;
    // Outside a block (the JSON objects of a stdout dump), blank lines and fetch errors stay text.
    if (!cur || message === '' || (end && end.index === 0) || FETCH_ERROR.test(message)) return [skip(lineNo, line)];
    return [{ line: lineNo, raw: line, record: { MESSAGE: message, ...cur } }];
  }

  end(): FramedRecord[] {
    this.cur = null;
    return [];
  }
}

const text = (v: JournalValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The container logs of `kubectl cluster-info dump` (logs.txt, or its stdout with the logs blocks). */
export const clusterDumpLogs: EnvelopeParser = {
  id: 'cluster-dump-logs',
  framing: 'framed',
  framer: () => new ClusterDumpFramer(),
  description: 'kubectl cluster-info dump logs.txt: ==== START/END logs for container … blocks',
  note: 'cluster-info dump fetches logs without timestamps: times come from the klog/logrus headers inside the lines',
  detect(sample) {
    const lines = sample.filter((l) => l.trim() !== '');
    const first = lines.findIndex((l) => START.test(l));
    // Everything from the first START on belongs to the blocks; what precedes (a stdout dump's JSON) does not.
    return first < 0 ? 0 : (lines.length - first) / lines.length;
  },
  parse(record): Envelope | { marker: 'skip' } | null {
    if (typeof record === 'string') return FETCH_ERROR.test(record) ? null : { marker: 'skip' };
    const container = text(record.CONTAINER);
    return messageEnvelope(text(record.MESSAGE) ?? '', null, { pod: text(record.POD), namespace: text(record.NAMESPACE), container }, container);
  },
};
