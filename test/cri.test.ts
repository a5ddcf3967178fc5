// Lines cut apart on the way to the file are whole again after framing: CRI `P` chunks, docker
// json-file chunks of lines over 16 KiB, and journalctl lines a terminal wrapped.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { envelopeById } from '../parsers/index.js';
import { criCases } from '../parsers/cri.cases.js';
import { dockerJsonCases } from '../parsers/docker-json.cases.js';
import type { Envelope, EnvelopeParser } from '../parsers/types.js';
import { lineFrames } from '../src/pipeline/frame.js';

// The input as a stream of `step`-byte chunks, so lines also arrive split across reads.
function stream(text: string, step = 0): Readable {
  const bytes = Buffer.from(text);
  if (!step) return Readable.from([bytes]);
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += step) yield bytes.subarray(i, i + step);
  })());
}

async function read(id: string, text: string, step = 0): Promise<Array<{ line: number; env: Envelope }>> {
  const parser: EnvelopeParser = envelopeById(id)!;
  const out: Array<{ line: number; env: Envelope }> = [];
  for await (const batch of lineFrames(stream(text, step), parser.continues)) {
    for (const f of batch) {
      const env = parser.parse(f.record);
      if (env === null) throw new Error(`line ${f.line} did not parse: ${f.raw.slice(0, 80)}`);
      if ('marker' in env) continue;
      out.push({ line: f.line, env });
    }
  }
  return out;
}

const CRI = [
  '2024-01-02T03:04:05.1Z stderr F I0102 03:04:05.100000       1 server_others.go:72] "Using iptables proxy"',
  '2024-01-02T03:04:05.2Z stdout P {"level":"info","ts":"2024-01-02T03:04:05.200Z","caller":"ipamd/ipamd.go:512","msg":"Reconc',
  '2024-01-02T03:04:05.200000001Z stdout P iled ENI eni-0a1b2c3d4e5f67890 with ',
  '2024-01-02T03:04:05.200000002Z stdout F 14 IPs"}',
  '2024-01-02T03:04:05.3Z stderr F E0102 03:04:05.300000       1 proxier.go:1520] "Failed to execute iptables-restore" err="exit status 1"',
].join('\n') + '\n';

describe('CRI partial lines', () => {
  it('joins P chunks up to the F into one message dated by the first chunk', async () => {
    const got = await read('cri', CRI);
    expect(got.map((g) => g.line)).toEqual([1, 2, 5]);
    expect(JSON.parse(got[1]!.env.message)).toMatchObject({ msg: 'Reconciled ENI eni-0a1b2c3d4e5f67890 with 14 IPs' });
    expect(got[1]!.env.time).toEqual({ kind: 'abs', us: 1704164645200000 });
    expect(got[1]!.env.fields).toEqual({ stream: 'stdout' });
  });

  it('joins the same way when the lines arrive split across reads', async () => {
    expect(await read('cri', CRI, 7)).toEqual(await read('cri', CRI));
  });

  it('gives back a 40 KiB line that containerd cut at 16 KiB', async () => {
    const long = Array.from({ length: 40 * 1024 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const chunks = [long.slice(0, 16384), long.slice(16384, 32768), long.slice(32768)];
    const text = chunks.map((c, i) => `2024-01-02T03:04:05.${i + 1}Z stdout ${i < 2 ? 'P' : 'F'} ${c}`).join('\n') + '\n';
    const got = await read('cri', text);
    expect(got).toHaveLength(1);
    expect(got[0]!.env.message).toBe(long);
  });

  it('keeps a stderr line out of a stdout message cut around it (the stdout message stays in two parts)', async () => {
    const text = '2024-01-02T03:04:05.1Z stdout P first half, \n2024-01-02T03:04:05.2Z stderr F W0102 03:04:05.200000       1 warnings.go:70] unrelated\n2024-01-02T03:04:05.3Z stdout F second half\n';
    const got = await read('cri', text);
    expect(got.map((g) => [g.env.message, g.env.fields])).toEqual([
      ['first half, ', { stream: 'stdout', partial: true }],
      ['W0102 03:04:05.200000       1 warnings.go:70] unrelated', { stream: 'stderr' }],
      ['second half', { stream: 'stdout' }],
    ]);
  });

  it('does not join an F line to the line after it', async () => {
    const got = await read('cri', '2024-01-02T03:04:05.1Z stdout F one\n2024-01-02T03:04:05.2Z stdout F two\n');
    expect(got.map((g) => g.env.message)).toEqual(['one', 'two']);
  });
});

const docker = (log: string, stream = 'stdout', t = '2024-01-02T03:04:05.123456789Z') => JSON.stringify({ log, stream, time: t });

// Every pair of lines drawn from the cases, the inputs above and a few strangers.
function pairs(lines: readonly string[]): Array<[string, string]> {
  const all = [...new Set(lines)];
  return all.flatMap((prev) => all.map((line): [string, string] => [line, prev]));
}
const STRANGERS = ['hello world', '', 'Jan 02 03:04:05 node-1 kubelet[1]: x', '2024-01-02T03:04:05.1Z stdout  P double space', '2024-01-02T03:04:05.123456789Z hello from kubectl logs --timestamps', 'xxxx-01-02Txx:04:05.1Z stdout P not a stamp'];

describe('the cheap continuation checks', () => {
  // The CRI regex of formats.md §5.2, as the simple version of cri.continues.
  const SPEC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([PF])(?::\S*)?(?: (.*))?$/s;
  it('cri.continues agrees with the spec regex on both lines', () => {
    const lines = [...criCases.flatMap((c) => c.input.split('\n')), ...CRI.split('\n'), ...STRANGERS];
    const cri = envelopeById('cri')!;
    let joined = 0;
    for (const [line, prev] of pairs(lines)) {
      const p = SPEC.exec(prev);
      const simple = p?.[3] === 'P' && SPEC.exec(line)?.[2] === p[2];
      expect(cri.continues!(line, prev), `${prev.slice(0, 60)} → ${line.slice(0, 60)}`).toBe(simple);
      if (simple) joined++;
    }
    expect(joined).toBeGreaterThan(20);
  });

  it('docker-json.continues agrees with JSON.parse of both lines', () => {
    const parse = (l: string): { log?: unknown; stream?: unknown } | null => {
      try {
        const o = JSON.parse(l) as unknown;
        return o && typeof o === 'object' && !Array.isArray(o) ? o : null;
      } catch {
        return null;
      }
    };
    const lines = [...dockerJsonCases.flatMap((c) => c.input.split('\n')), docker('dir C:\\n'), docker('a\\\\\n'), docker(''), docker('half', 'stderr'), ...STRANGERS];
    const dj = envelopeById('docker-json')!;
    let joined = 0;
    for (const [line, prev] of pairs(lines)) {
      const p = parse(prev);
      const l = parse(line);
      const simple = typeof p?.log === 'string' && p.log !== '' && !p.log.endsWith('\n') && typeof l?.log === 'string' && (l.stream ?? null) === (p.stream ?? null);
      expect(dj.continues!(line, prev), `${prev.slice(0, 60)} → ${line.slice(0, 60)}`).toBe(simple);
      if (simple) joined++;
    }
    expect(joined).toBeGreaterThan(10);
  });
});

describe('docker json-file partial messages', () => {
  it('joins chunks without a newline up to the one that ends in one', async () => {
    const big = 'z'.repeat(16 * 1024);
    const text = [docker('starting\n'), docker(big, 'stdout', '2024-01-02T03:04:05.2Z'), docker(big), docker('end\n'), docker('next\n')].join('\n') + '\n';
    const got = await read('docker-json', text, 4096);
    expect(got.map((g) => g.line)).toEqual([1, 2, 5]);
    expect(got[1]!.env.message).toBe(`${big}${big}end`);
    expect(got[1]!.env.time).toEqual({ kind: 'abs', us: 1704164645200000 });
  });

  it('reads a chunk ending in a backslash and an n as a chunk, not as a line', async () => {
    const text = [docker('dir C:\\n'), docker('ew\n'), docker('done\n')].join('\n') + '\n';
    const got = await read('docker-json', text);
    expect(got.map((g) => g.env.message)).toEqual(['dir C:\\new', 'done']);
  });

  it('keeps a stderr line out of a stdout message cut around it', async () => {
    const text = [docker('half'), docker('oops\n', 'stderr'), docker('rest\n')].join('\n') + '\n';
    const got = await read('docker-json', text);
    expect(got.map((g) => g.env.message)).toEqual(['half', 'oops', 'rest']);
  });
});

describe('journalctl lines a terminal wrapped', () => {
  const MSG = 'E0102 03:04:05.125000    4242 pod_workers.go:1298] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff: \\"back-off 5m0s restarting failed container=app pod=web-0_default(1234)\\"" pod="default/web-0"';
  const LONG = `Jan 02 03:04:05 node-1 kubelet[4242]: ${MSG}`;
  // A whole entry that happens to be exactly as wide as a terminal, followed by an entry.
  const EXACT = 'Jan 02 03:04:06 node-1 kubelet[4242]: I0102 03:04:06.000000    4242 x.go:1] ok'.padEnd(80, '.');

  it('joins the cut pieces without a newline, keeps indented lines, leaves catalog lines alone', async () => {
    expect(EXACT).toHaveLength(80);
    const text = [
      LONG.slice(0, 80), LONG.slice(80, 160), LONG.slice(160),
      'Jan 02 03:04:05 node-1 dockerd[1237]: panic: runtime error: invalid memory address or nil pointer dereference',
      '                                      [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c1]',
      EXACT,
      '-- Subject: Unit kubelet.service has failed',
      '-- Defined-By: systemd',
      '--',
      'Jan 02 03:04:07 node-1 systemd[1]: kubelet.service: Main process exited, code=exited, status=1/FAILURE',
    ].join('\n') + '\n';
    const got = await read('short', text);
    expect(got.map((g) => [g.line, g.env.ident, g.env.message])).toEqual([
      [1, 'kubelet', MSG],
      [4, 'dockerd', 'panic: runtime error: invalid memory address or nil pointer dereference\n                                      [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x55d0c1]'],
      [6, 'kubelet', EXACT.slice(38)],
      [10, 'systemd', 'kubelet.service: Main process exited, code=exited, status=1/FAILURE'],
    ]);
  });

  it('does not join a -x catalog paragraph to an entry that happens to fill a line', async () => {
    const short = envelopeById('short')!;
    expect(short.continues!('-- Subject: Unit kubelet.service has failed', EXACT)).toBe(false);
    expect(short.continues!('░░ Subject: A start job for unit kubelet.service has failed', EXACT)).toBe(false);
    expect(short.continues!('--', EXACT)).toBe(false);
    expect(short.continues!('', EXACT)).toBe(false);
    expect(short.continues!('rest of the line', EXACT)).toBe(true);
    expect(short.continues!('rest of the line', `${EXACT}y`)).toBe(false);
  });
});
