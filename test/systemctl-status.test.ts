// `systemctl status` pastes: the framer cuts them into records, parse turns the Active line into an
// event, skips the other properties and reads the journal lines under them.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { envelopeById } from '../parsers/index.js';
import { StatusFramer, systemctlStatus } from '../parsers/systemctl-status.js';
import { systemctlStatusCases } from '../parsers/systemctl-status.cases.js';
import type { Envelope, FramedRecord, Marker } from '../parsers/types.js';
import { framedFrames } from '../src/pipeline/frame.js';

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

function records(text: string): FramedRecord[] {
  const f = new StatusFramer();
  const out: FramedRecord[] = [];
  lines(text).forEach((line, i) => out.push(...f.push(line, i + 1)));
  return [...out, ...f.end()];
}

const isMarker = (r: Envelope | Marker | null): r is Marker => r !== null && 'marker' in r;

function outcome(recs: readonly FramedRecord[]) {
  const results = recs.filter((r) => r.record !== '').map((r) => systemctlStatus.parse(r.record));
  return {
    events: results.filter((r): r is Envelope => r !== null && !isMarker(r)),
    skipped: results.filter(isMarker).length,
    unparsed: results.filter((r) => r === null).length,
  };
}

describe('systemctl status', () => {
  it('is registered as a framed format', () => {
    const p = envelopeById('systemctl-status');
    expect(p?.framing).toBe('framed');
    expect(p?.framer?.()).toBeInstanceOf(StatusFramer);
  });

  for (const c of systemctlStatusCases) {
    it(`reads ${c.name}`, () => {
      const got = outcome(records(c.input));
      expect(got.events).toHaveLength(c.events.length);
      got.events.forEach((e, i) => expect(e).toMatchObject(c.events[i]!));
      expect(got.unparsed).toBe(c.unparsed ?? 0);
    });

    it(`accounts for every line of ${c.name} once, in order`, () => {
      const recs = records(c.input);
      expect(recs.map((r) => r.line)).toEqual(lines(c.input).map((_, i) => i + 1));
    });
  }

  it('skips every property line but Active, and the tree lines under Drop-In and CGroup', () => {
    const got = outcome(records(systemctlStatusCases[0]!.input));
    // header, Loaded, Drop-In, its file, Docs, Process, Main PID, Tasks, CGroup, its process.
    expect(got.skipped).toBe(10);
  });

  it('dates the Active record by the line it is on', () => {
    const active = records(systemctlStatusCases[0]!.input).find((r) => typeof r.record !== 'string' && r.record.STATUS_LINE === 'active');
    expect(active?.line).toBe(5);
    expect(active?.raw).toBe('     Active: activating (auto-restart) (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC; 5s ago');
  });

  it('ends a unit at the next header even without a blank line between them', () => {
    const text = '● kubelet.service - kubelet\n   Loaded: loaded (/lib/systemd/system/kubelet.service; enabled)\n   Active: failed (Result: exit-code) since Tue 2024-01-02 03:04:05 UTC; 5s ago\n Main PID: 1 (code=exited, status=1/FAILURE)\n● containerd.service - containerd container runtime\n   Loaded: loaded (/lib/systemd/system/containerd.service; enabled)\n   Active: active (running) since Tue 2024-01-02 03:00:00 UTC; 4min ago\n Main PID: 2 (containerd)\n';
    const { events } = outcome(records(text));
    expect(events.map((e) => [e.unit, e.fields?.exit_status ?? null])).toEqual([['kubelet.service', '1/FAILURE'], ['containerd.service', null]]);
  });

  it('gives the same records through the pipeline framing, fed a few bytes at a time', async () => {
    const c = systemctlStatusCases[1]!;
    const bytes = Buffer.from(c.input);
    const src = Readable.from((function* () {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    })());
    const got: FramedRecord[] = [];
    for await (const batch of framedFrames(src, systemctlStatus.framer!())) got.push(...batch);
    expect(got).toEqual(records(c.input));
  });

  it('detects a paste by a unit header followed by its Loaded line, and nothing else', () => {
    for (const c of systemctlStatusCases) expect(systemctlStatus.detect(lines(c.input))).toBe(1);
    expect(systemctlStatus.detect(['Jan 02 03:04:05 node-1 systemd[1]: Started kubelet.service - kubelet: The Kubernetes Node Agent.'])).toBe(0);
    expect(systemctlStatus.detect(['kubelet.service - kubelet', 'is not a status block'])).toBe(0);
  });
});
