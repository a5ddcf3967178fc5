// Runs every parser's table of real lines, plus the edge cases every parser must survive.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVELOPES, PAYLOADS, detectEnvelope, envelopeById } from '../parsers/index.js';
import type { ParserCase } from '../parsers/types.js';
import { journalTextCases } from '../parsers/journal-text.cases.js';
import { klogCases, klogFileCases } from '../parsers/klog.cases.js';
import { logrusCases, logrusFileCases } from '../parsers/logrus.cases.js';
import { jsonPayloadCases } from '../parsers/json-payload.cases.js';
import { systemdCases } from '../parsers/systemd.cases.js';
import { kernelCases } from '../parsers/kernel.cases.js';
import { journalJsonCases } from '../parsers/journal-json.cases.js';
import { journalExportCases } from '../parsers/journal-export.cases.js';
import { rfc5424Cases } from '../parsers/rfc5424.cases.js';
import { ExportFramer } from '../parsers/journal-export.js';
// container, kernel and systemctl cases
import { criCases } from '../parsers/cri.cases.js';
import { dockerJsonCases } from '../parsers/docker-json.cases.js';
import { dmesgCases, dmesgTCases } from '../parsers/dmesg.cases.js';
import { timestampedCases } from '../parsers/timestamped.cases.js';
// kubectl cases
import { kubectlEventsCases } from '../parsers/kubectl-events.cases.js';

const envelopeCases: Record<string, ParserCase[]> = {
  ...journalTextCases,
  json: journalJsonCases,
  rfc5424: rfc5424Cases,
  klog: klogFileCases,
  logrus: logrusFileCases,
  cat: [{ name: 'anything is a message', input: 'whatever this is', expect: { message: 'whatever this is', time: null } }],
  // container, kernel and systemctl envelopes
  cri: criCases,
  'docker-json': dockerJsonCases,
  dmesg: dmesgCases,
  'dmesg-t': dmesgTCases,
  timestamped: timestampedCases,
  // kubectl envelopes
  'kubectl-events': kubectlEventsCases,
};
const payloadCases: Record<string, ParserCase[]> = { klog: klogCases, logrus: logrusCases, json: jsonPayloadCases, systemd: systemdCases, kernel: kernelCases };

const MiB = 1024 * 1024;
const EDGE: Array<[string, string]> = [
  ['an empty line', ''],
  ['invalid UTF-8, decoded', Buffer.from([0x4a, 0x61, 0x6e, 0x20, 0xff, 0xfe, 0x20, 0x30, 0x32]).toString('utf8')],
  ['a CR left by CRLF', 'Jan 02 03:04:05 node-1 kubelet[1]: hi\r'],
  ['NUL bytes', 'Jan 02 03:04:05 node\u0000-1 kubelet[1]: \u0000\u0000'],
  ['a 1 MiB line', `Jan 02 03:04:05 node-1 kubelet[1]: I0102 03:04:05.000000    1 x.go:1] "${'x'.repeat(MiB)}" k=v`],
  ['a 1 MiB line of brackets', `I0102 03:04:05.000000    1 x.go:1] "m" k=${'['.repeat(MiB)}`],
  ['only spaces', '      '],
];

describe('envelope parsers', () => {
  for (const [id, cases] of Object.entries(envelopeCases)) {
    const parser = envelopeById(id)!;
    describe(id, () => {
      it('is registered under its id', () => expect(parser?.id).toBe(id));
      for (const c of cases) {
        it(`${c.expect === null ? 'rejects' : 'reads'} ${c.name}`, () => {
          const r = parser.parse(c.input);
          if (c.expect === null) expect(r).toBeNull();
          else expect(r).toMatchObject(c.expect);
        });
      }
    });
  }

  it('every registered envelope has a table of cases', () => {
    // Framed formats (tables, describe blocks, YAML lists) are covered by their own framer tests.
    const covered = new Set([...Object.keys(envelopeCases), 'export', 'json-pretty', 'systemctl-status', 'kubectl-events-yaml', 'kubectl-describe', 'kubectl-get', 'cluster-dump-logs' /* framed ids */]);
    expect(ENVELOPES.map((p) => p.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const p of ENVELOPES) {
    it(`${p.id} survives every edge case without throwing`, () => {
      for (const [, line] of EDGE) expect(() => p.parse(line)).not.toThrow();
      expect(p.detect([])).toBeGreaterThanOrEqual(0);
      expect(p.detect(EDGE.map((e) => e[1]))).toBeLessThanOrEqual(1);
    });
  }
});

describe('payload parsers', () => {
  for (const [id, cases] of Object.entries(payloadCases)) {
    const parser = PAYLOADS[id]!;
    describe(id, () => {
      for (const c of cases) {
        it(`${c.expect === null ? 'rejects' : 'reads'} ${c.name}`, () => {
          const r = parser.sniff(c.input) ? parser.parse(c.input, null) : null;
          // Fields written as JSON text are compared as the object they stand for.
          if (r?.fieldsJson) r.fields = JSON.parse(r.fieldsJson);
          if (c.expect === null) expect(r).toBeNull();
          else expect(r).toMatchObject(c.expect);
        });
      }
    });
  }

  for (const [id, p] of Object.entries(PAYLOADS)) {
    it(`${id} survives every edge case without throwing`, () => {
      for (const [, line] of EDGE) expect(() => (p.sniff(line) ? p.parse(line, null) : null)).not.toThrow();
    });
  }

  it('keeps the text of a 1 MiB structured klog message whole', () => {
    const r = PAYLOADS.klog!.parse(EDGE[4]![1].slice(EDGE[4]![1].indexOf('I0102')), null);
    expect(r?.message.length).toBe(MiB);
    expect(JSON.parse(r!.fieldsJson!)).toEqual({ k: 'v' });
  });
});

describe('journal export framing', () => {
  const entries = (input: Buffer, step = 0) => {
    const f = new ExportFramer();
    const out = [];
    if (step) for (let i = 0; i < input.length; i += step) out.push(...f.push(input.subarray(i, i + step)));
    else out.push(...f.push(input));
    return [...out, ...f.end()].map((r) => r.entry);
  };
  for (const c of journalExportCases) {
    it(`reads ${c.name}`, () => {
      const got = entries(c.input);
      expect(got).toHaveLength(c.expect.length);
      got.forEach((e, i) => (c.expect[i] === null ? expect(e).toBeNull() : expect(e).toMatchObject(c.expect[i]!)));
    });
    it(`reads ${c.name} the same when fed one byte at a time`, () => {
      expect(entries(c.input, 1)).toEqual(entries(c.input));
    });
  }

  it('numbers entries by the line they start on, counting newlines inside binary fields', () => {
    const c = journalExportCases[1]!;
    const f = new ExportFramer();
    const recs = [...f.push(Buffer.concat([c.input, Buffer.from('MESSAGE=next\n\n')])), ...f.end()];
    expect(recs.map((r) => r.line)).toEqual([1, 8]);
  });
});

describe('format detection', () => {
  const detect = (lines: string[]) => detectEnvelope(lines).parser.id;
  it('tells every journalctl text mode apart', () => {
    for (const [id, cases] of Object.entries(journalTextCases)) {
      const good = cases.filter((c) => c.expect !== null && !('marker' in (c.expect ?? {}))).map((c) => c.input);
      expect(detect(good)).toBe(id);
    }
  });
  it('picks json, klog, logrus and falls back to cat', () => {
    expect(detect([journalJsonCases[0]!.input])).toBe('json');
    expect(detect([klogCases[0]!.input, klogCases[1]!.input])).toBe('klog');
    expect(detect([logrusCases[0]!.input])).toBe('logrus');
    expect(detect(['hello world', 'nothing to see'])).toBe('cat');
  });
  it('recognises export and json-pretty by their first lines', () => {
    expect(detect(['__CURSOR=s=1', '__REALTIME_TIMESTAMP=1', 'MESSAGE=x', ''])).toBe('export');
    expect(detect(['{', '\t"__CURSOR" : "s=1",', '\t"MESSAGE" : "x"', '}'])).toBe('json-pretty');
  });
  it('ignores headers and boot separators when scoring', () => {
    expect(detect(['-- Logs begin at Tue 2024-01-02 03:04:05 UTC, end at Tue 2024-01-02 05:00:00 UTC. --', 'Jan 02 03:04:05 node-1 kubelet[1]: x', '-- Reboot --', 'Jan 02 03:04:06 node-1 kubelet[1]: y'])).toBe('short');
  });
});

describe('the parser folder', () => {
  it('has a cases file beside every format file', () => {
    const files = readdirSync(new URL('../parsers/', import.meta.url)).filter((f) => f.endsWith('.ts'));
    const helpers = new Set(['types.ts', 'index.ts', 'kv.ts', 'stamps.ts', 'sources.ts', 'cat.ts', 'shared.ts']);
    const formats = files.filter((f) => !f.endsWith('.cases.ts') && !helpers.has(f));
    expect(formats.filter((f) => !files.includes(f.replace(/\.ts$/, '.cases.ts')))).toEqual([]);
  });
});
