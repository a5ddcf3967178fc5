// kubectl outputs in bundles: every framed format driven through the pipeline's framedFrames over
// real-shaped text, Event JSON through jsonItemsFrames, the shared cell grammars, detection on each
// format's own first lines, and one describe paste through `analyze` into the store.
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { detectEnvelope } from '../parsers/index.js';
import type { EnvelopeParser, ParserCase } from '../parsers/types.js';
import { framedFrames, jsonItemsFrames, sampleLines, type Frame } from '../src/pipeline/frame.js';
import { parseAgeCell, parseFrom, parseRfc1123z, type FramedCase } from '../parsers/kubectl-table.js';
import { ageCellCases, fromCases, rfc1123zCases } from '../parsers/kubectl-table.cases.js';
import { kubectlEvents, kubectlEventsYaml } from '../parsers/kubectl-events.js';
import { kubectlEventsCases, kubectlEventsYamlCases } from '../parsers/kubectl-events.cases.js';
import { kubectlDescribe } from '../parsers/kubectl-describe.js';
import { kubectlDescribeCases } from '../parsers/kubectl-describe.cases.js';
import { kubectlGet } from '../parsers/kubectl-get.js';
import { kubectlGetCases } from '../parsers/kubectl-get.cases.js';
import { clusterDumpLogs } from '../parsers/cluster-dump.js';
import { clusterDumpCases } from '../parsers/cluster-dump.cases.js';
import { journalTextCases } from '../parsers/journal-text.cases.js';
import { journalJsonCases } from '../parsers/journal-json.cases.js';
import { klogCases } from '../parsers/klog.cases.js';
import { logrusCases } from '../parsers/logrus.cases.js';
import { cli, tempDir } from './helpers.js';

async function framed(p: EnvelopeParser, text: string): Promise<Frame[]> {
  const out: Frame[] = [];
  for await (const batch of framedFrames(Readable.from([Buffer.from(text)]), p.framer!())) out.push(...batch);
  return out;
}

// What the pipeline does with frames (src/pipeline/parse.ts): blank strings skipped, markers dropped.
function envelopes(p: EnvelopeParser, frames: Frame[]) {
  return frames
    .filter((f) => typeof f.record !== 'string' || f.record.trim() !== '')
    .map((f) => p.parse(f.record))
    .filter((r) => r === null || !('marker' in r));
}

// Lines the pipeline counts for frames: a string record's lines, one per object record.
const counted = (frames: Frame[]) => frames.reduce((n, f) => n + (typeof f.record === 'string' ? f.raw.split('\n').length : 1), 0);
const physical = (text: string) => text.replace(/\n$/, '').split('\n').length;
const KUBECTL_IDS = new Set(['kubectl-events', 'kubectl-events-yaml', 'kubectl-describe', 'kubectl-get', 'cluster-dump-logs']);

const FRAMED: Array<[EnvelopeParser, FramedCase[]]> = [
  [kubectlDescribe, kubectlDescribeCases],
  [kubectlGet, kubectlGetCases],
  [clusterDumpLogs, clusterDumpCases],
  [kubectlEventsYaml, kubectlEventsYamlCases],
];

for (const [parser, cases] of FRAMED) {
  describe(`${parser.id} framing`, () => {
    for (const c of cases) {
      it(`reads ${c.name}`, async () => {
        const got = envelopes(parser, await framed(parser, c.input));
        expect(got).toHaveLength(c.expect.length);
        got.forEach((g, i) => (c.expect[i] === null ? expect(g).toBeNull() : expect(g).toMatchObject(c.expect[i]!)));
      });
    }

    it('counts every physical line of every case exactly once', async () => {
      for (const c of cases) expect(counted(await framed(parser, c.input)), c.name).toBe(physical(c.input));
    });

    it('wins detection on the first lines of each of its real cases', () => {
      for (const c of cases.filter((x) => x.expect.length)) expect(detectEnvelope(sampleLines(Buffer.from(c.input))).parser.id, c.name).toBe(parser.id);
    });

    it('gives the same records when the framer is fed line by line and ended', async () => {
      const c = cases[0]!;
      const f = parser.framer!();
      const direct = c.input.replace(/\n$/, '').split('\n').flatMap((l, i) => f.push(l, i + 1));
      direct.push(...f.end());
      expect(direct).toEqual(await framed(parser, c.input));
    });
  });
}

describe('line-per-record framers', () => {
  it('number describe, get and dump records 1, 2, 3 … with no line missing or repeated', async () => {
    for (const [parser, cases] of FRAMED.slice(0, 3)) {
      for (const c of cases) {
        const lines = (await framed(parser, c.input)).map((f) => f.line);
        expect(lines, `${parser.id}: ${c.name}`).toEqual(Array.from({ length: physical(c.input) }, (_, i) => i + 1));
      }
    }
  });
});

describe('kubectl-events as JSON (json-items framing)', () => {
  const events = kubectlEventsCases.slice(0, 5).map((c) => JSON.parse(c.input) as Record<string, unknown>);
  // kubectl's JSON printer indents by 4 spaces and sorts keys: items comes before kind and metadata.
  const list = JSON.stringify({ apiVersion: 'v1', items: events, kind: 'List', metadata: { resourceVersion: '' } }, null, 4) + '\n';

  async function items(text: string): Promise<Frame[]> {
    const head = Buffer.from(text);
    const out: Frame[] = [];
    for await (const batch of jsonItemsFrames(Readable.from([head]), head)) out.push(...batch);
    return out;
  }

  it('detects a kubectl get events -o json List on its first lines', () => {
    expect(detectEnvelope(sampleLines(Buffer.from(list))).parser.id).toBe('kubectl-events');
  });

  it('reads each item of the List as one Event, in order', async () => {
    const frames = await items(list);
    expect(frames.map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
    const got = frames.map((f) => kubectlEvents.parse(f.record));
    expect(got.map((e) => (e && 'fields' in e ? e.fields?.reason : e))).toEqual(['BackOff', 'Scheduled', 'OOMKilling', 'NodeNotReady', 'BackOff']);
    expect(got[0]).toMatchObject({ host: 'node-1', ident: 'kubelet', time: { kind: 'abs', us: Date.parse('2024-01-02T03:04:05Z') * 1000 } });
  });

  it('reads a document holding a single Event', async () => {
    const one = JSON.stringify(events[2], null, 4) + '\n';
    expect(detectEnvelope(sampleLines(Buffer.from(one))).parser.id).toBe('kubectl-events');
    const frames = await items(one);
    expect(frames).toHaveLength(1);
    expect(kubectlEvents.parse(frames[0]!.record)).toMatchObject({ ident: 'kernel-monitor', fields: { reason: 'OOMKilling', node: 'gke-prod-a-default-pool-6ab3d8ec-0h28' } });
  });

  it('reads a typed EventList (cluster-info dump) whose items carry no kind', async () => {
    const typed = JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '73200' }, items: events.map(({ kind: _k, apiVersion: _a, ...rest }) => rest) }, null, 4);
    const got = (await items(typed)).map((f) => kubectlEvents.parse(f.record));
    expect(got.every((e) => e !== null && 'message' in e)).toBe(true);
    expect(got).toHaveLength(5);
  });

  it('detects one Event per line (jq -c .items[]) by its share of event lines', () => {
    const lines = events.map((e) => JSON.stringify(e));
    expect(detectEnvelope(lines).parser.id).toBe('kubectl-events');
    expect(kubectlEvents.detect([...lines, 'not json'])).toBeCloseTo(5 / 6);
  });
});

describe('kubectl cell grammars', () => {
  const table: Array<[string, ParserCase[], (s: string) => unknown]> = [
    ['age cells', ageCellCases, parseAgeCell],
    ['event sources', fromCases, parseFrom],
    ['RFC1123Z times', rfc1123zCases, parseRfc1123z],
  ];
  for (const [what, cases, fn] of table) {
    for (const c of cases) {
      it(`${c.expect === null ? 'rejects' : 'reads'} ${what}: ${c.name}`, () => {
        if (c.expect === null) expect(fn(c.input)).toBeNull();
        else expect(fn(c.input)).toMatchObject(c.expect);
      });
    }
  }
});

describe('detection of kubectl formats against the others', () => {
  const detect = (lines: string[]) => detectEnvelope(lines).parser.id;

  it('claims none of the journalctl, journal JSON, klog or logrus inputs', () => {
    for (const cases of Object.values(journalTextCases)) {
      const good = cases.filter((c) => c.expect !== null).map((c) => c.input);
      expect(KUBECTL_IDS.has(detect(good))).toBe(false);
    }
    expect(KUBECTL_IDS.has(detect(journalJsonCases.map((c) => c.input)))).toBe(false);
    expect(detect(klogCases.filter((c) => c.expect !== null).map((c) => c.input.split('\n')[0]!))).toBe('klog');
    expect(KUBECTL_IDS.has(detect(logrusCases.filter((c) => c.expect !== null).map((c) => c.input)))).toBe(false);
  });

  it('tells describe, get, YAML events and dump logs apart', () => {
    const first = (cases: FramedCase[]) => sampleLines(Buffer.from(cases[0]!.input));
    expect(kubectlGet.detect(first(kubectlDescribeCases))).toBe(0);
    expect(kubectlDescribe.detect(first(kubectlGetCases))).toBe(0);
    expect(kubectlDescribe.detect(first(kubectlEventsYamlCases))).toBe(0);
    expect(clusterDumpLogs.detect(first(kubectlDescribeCases))).toBe(0);
    expect(kubectlEventsYaml.detect(first(kubectlDescribeCases))).toBe(0);
  });

  it('does not read a key/value file with a Name: line as describe output', () => {
    const lines = ['Name: backup-job', 'Schedule: daily', 'Owner: ops', 'Retention: 7d', 'Target: s3://bucket/path', 'Compression: zstd'];
    expect(kubectlDescribe.detect(lines)).toBe(0);
  });
});

describe('through analyze', () => {
  it('stores seed 002 rows as kubelet and kernel-monitor events dated back from --collected-at', async () => {
    const db = join(tempDir(), 'k.db');
    const text = kubectlDescribeCases.find((c) => c.name.startsWith('seed 002 rows pasted'))!.input + kubectlDescribeCases.find((c) => c.name.startsWith('seed 002 single'))!.input;
    const r = await cli(['analyze', '-q', '--db', db, '--collected-at', '2017-12-01T01:14:00Z'], text);
    expect(r.code, r.stderr).toBe(0);
    const q = await cli(['query', '--db', db, '--json', "SELECT ts, host, source, severity FROM events WHERE message LIKE 'Back-off%' OR message LIKE 'Memory cgroup%' ORDER BY line"]);
    expect(JSON.parse(q.stdout)).toEqual([
      { ts: '2017-12-01T01:07:00.000Z', host: 'gke-prod-a-default-pool-6ab3d8ec-jsv7', source: 'kubelet', severity: 'warning' },
      { ts: '2017-12-01T00:16:00.000Z', host: 'gke-prod-a-default-pool-6ab3d8ec-0h28', source: 'kernel-monitor', severity: 'warning' },
    ]);
    const inputs = await cli(['query', '--db', db, '--json', 'SELECT format, lines, unparsed FROM inputs']);
    expect(JSON.parse(inputs.stdout)).toEqual([{ format: 'kubectl-describe', lines: 7, unparsed: 0 }]);
  });
});
