// Kubernetes Event objects as bundles hold them (formats.md §6.1): `kubectl get events -o json`
// (a List), cluster-info dump's EventList, must-gather's `namespaces/<ns>/core/events.yaml`
// (EventList YAML), one `kind: Event` document, or `---`-separated documents. core/v1 Events
// (legacy recorder: firstTimestamp/lastTimestamp/count) and events.k8s.io/v1 ones (eventTime,
// series, note, regarding, deprecated*) share one envelope.
import { parse as parseYaml } from 'yaml';
import type { Envelope, EnvelopeParser, FramedRecord, JournalEntry, Marker, RecordFramer } from './types.js';
import type { Fields } from '../src/event.js';
import { parseRfc3339 } from './stamps.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
// Counts: new-style events leave the legacy `count` at 0.
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

// The first of some metav1.Time / MicroTime texts that is a real time (they are null or "" when unset).
function firstTime(...texts: unknown[]): { us: number; text: string } | null {
  for (const t of texts) {
    const s = str(t) ? parseRfc3339(t as string) : null;
    if (s?.kind === 'abs') return { us: s.us, text: t as string };
  }
  return null;
}

/** An Event object (core/v1 or events.k8s.io/v1) into an envelope; skip for other objects; null when it is no object to read. */
function eventEnvelope(o: Obj): Envelope | Marker | null {
  const about = obj(o.involvedObject) ?? obj(o.regarding);
  // Items of a typed EventList (cluster-info dump) carry no kind: their fields tell.
  const isEvent = o.kind === 'Event' || (o.kind === undefined && about !== null && ('reason' in o || 'message' in o || 'note' in o));
  if (!isEvent) {
    // A List reaching parse whole was not split into items: count it as unread rather than skip it.
    return typeof o.kind === 'string' && !Array.isArray(o.items) ? { marker: 'skip' } : null;
  }
  const meta = obj(o.metadata);
  const source = obj(o.source) ?? obj(o.deprecatedSource);
  const series = obj(o.series);
  const last = firstTime(series?.lastObservedTime, o.lastTimestamp, o.deprecatedLastTimestamp, o.eventTime, o.firstTimestamp, o.deprecatedFirstTimestamp, meta?.creationTimestamp);
  const first = firstTime(o.firstTimestamp, o.deprecatedFirstTimestamp, o.eventTime) ?? last;
  const controller = str(o.reportingComponent) ?? str(o.reportingController);
  // The events.k8s.io recorder names its instance `<controller>-<hostname>` (client-go tools/events):
  // the host is what follows the controller's name.
  let instance = str(o.reportingInstance);
  if (instance && controller && instance.startsWith(`${controller}-`)) instance = instance.slice(controller.length + 1);
  const kind = str(about?.kind);
  const name = str(about?.name);
  const type = str(o.type);
  const fields: Fields = {};
  const put = (k: string, v: string | number | null) => {
    if (v !== null) fields[k] = v;
  };
  put('reason', str(o.reason));
  put('type', type);
  put('kind', kind);
  put('object', name);
  put('namespace', str(about?.namespace) ?? str(meta?.namespace));
  put('pod', kind === 'Pod' ? name : null);
  put('node', kind === 'Node' ? name : null);
  put('field_path', str(about?.fieldPath));
  put('count', count(series?.count) ?? count(o.count) ?? count(o.deprecatedCount));
  put('first_seen', first?.text ?? null);
  put('last_seen', last?.text ?? null);
  return {
    time: last ? { kind: 'abs', us: last.us } : null,
    host: str(source?.host) ?? instance ?? (kind === 'Node' ? name : null),
    ident: str(source?.component) ?? controller,
    pid: null,
    priority: type === 'Warning' ? 4 : type === 'Normal' ? 6 : null,
    unit: null,
    message: (str(o.message) ?? str(o.note) ?? '').trim(),
    fields,
    cursor: null,
  };
}

function objectOf(text: string): Obj | null {
  if (text.charCodeAt(0) !== 123 /* { */) return null;
  try {
    return obj(JSON.parse(text));
  } catch {
    return null;
  }
}

// A pretty-printed document's event keys (kubectl sorts keys: involvedObject comes early in each item).
const JSON_EVENT_KEY = /^\s*"(?:involvedObject|regarding)"\s*:\s*\{|^\s*"kind"\s*:\s*"Event(?:List)?"/;
const JSON_EVENT_LINE = /^\{.*"(?:involvedObject|regarding)"\s*:\s*\{/;

/** `kubectl get events -o json` (List), an EventList, one Event, or one Event per line (`jq -c '.items[]'`). */
export const kubectlEvents: EnvelopeParser = {
  id: 'kubectl-events',
  framing: 'json-items',
  description: 'Kubernetes Events as JSON: kubectl get events -o json, cluster-info dump events.json, one Event',
  note: 'event times are the API server\'s (lastTimestamp / series.lastObservedTime), not the node\'s clock',
  detect(sample) {
    const lines = sample.filter((l) => l.trim() !== '');
    if (!lines.length) return 0;
    if (lines[0]!.trim() === '{') return lines.some((l) => JSON_EVENT_KEY.test(l)) ? 1 : 0;
    return lines.filter((l) => JSON_EVENT_LINE.test(l)).length / lines.length;
  },
  parse(record) {
    const o = typeof record === 'string' ? objectOf(record) : obj(record);
    return o ? eventEnvelope(o) : null;
  },
};

const skip = (line: number, raw: string): FramedRecord => ({ line, raw, record: raw });
// A document that is no List and runs longer than any one Event can is not held whole.
const MAX_DOC_LINES = 20_000;

/**
 * Streams YAML Event documents: a List/EventList is cut at its top-level `- ` items (indented
 * or not), so only one item is in memory; a document without `items:` is held and read whole.
 * Each item becomes one object record (raw = its text) plus one string record for the rest of
 * its lines, so every physical line is counted once.
 */
class EventsYamlFramer implements RecordFramer {
  private doc: { line: number; lines: string[] } | null = null;
  private listed = false;
  private inItems = false;
  private indent = -1;
  private item: { line: number; lines: string[] } | null = null;

  push(line: string, lineNo: number): FramedRecord[] {
    const out: FramedRecord[] = [];
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) {
      this.close(out);
      out.push(skip(lineNo, line));
      return out;
    }
    // A document that is a bare sequence (`- kind: Event` at the top) is read as a List's items.
    if (!this.inItems && !this.listed && !this.doc && /^-(?: |$)/.test(line)) {
      this.listed = this.inItems = true;
      this.indent = -1;
    }
    if (this.inItems) {
      const ind = line.length - line.trimStart().length;
      const dash = line[ind] === '-' && (line.length === ind + 1 || line[ind + 1] === ' ');
      if (line.trim() === '') {
        if (this.item) this.item.lines.push(line);
        else out.push(skip(lineNo, line));
        return out;
      }
      if (dash && this.indent < 0) this.indent = ind;
      if (dash && ind === this.indent) {
        this.closeItem(out);
        this.item = { line: lineNo, lines: [line] };
        return out;
      }
      if (this.item && ind > this.indent) {
        this.item.lines.push(line);
        return out;
      }
      // A key back at the top (`kind: List`, `metadata:`) ends the list.
      this.closeItem(out);
      this.inItems = false;
    }
    if (/^items:\s*(?:\[\s*\]\s*)?$/.test(line)) {
      // The held header lines were a List's: structure, not an event.
      for (const [i, l] of (this.doc?.lines ?? []).entries()) out.push(skip(this.doc!.line + i, l));
      this.doc = null;
      this.listed = true;
      this.inItems = !line.includes('[');
      this.indent = -1;
      out.push(skip(lineNo, line));
      return out;
    }
    if (this.listed) {
      out.push(skip(lineNo, line));
      return out;
    }
    this.doc ??= { line: lineNo, lines: [] };
    this.doc.lines.push(line);
    if (this.doc.lines.length > MAX_DOC_LINES) {
      this.doc.lines.forEach((l, i) => out.push(skip(this.doc!.line + i, l)));
      this.doc = null;
      this.listed = true;
    }
    return out;
  }

  end(): FramedRecord[] {
    const out: FramedRecord[] = [];
    this.close(out);
    return out;
  }

  // Ends the current document: its last item, or the document held whole.
  private close(out: FramedRecord[]): void {
    this.closeItem(out);
    const d = this.doc;
    this.doc = null;
    this.listed = this.inItems = false;
    if (!d) return;
    if (d.lines.every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) d.lines.forEach((l, i) => out.push(skip(d.line + i, l)));
    else out.push(...objectRecords(d.line, d.lines, 0));
  }

  private closeItem(out: FramedRecord[]): void {
    if (this.item) out.push(...objectRecords(this.item.line, this.item.lines, this.indent));
    this.item = null;
  }
}

// One YAML node's lines into its object record and a string record for the lines after the first.
function objectRecords(line: number, lines: string[], dedent: number): FramedRecord[] {
  const text = dedent > 0 ? lines.map((l) => l.slice(Math.min(dedent, l.length - l.trimStart().length))).join('\n') : lines.join('\n');
  let value: unknown;
  try {
    value = parseYaml(text, { logLevel: 'error' });
  } catch (err) {
    value = { yaml_error: (err as Error).message.split('\n')[0] };
  }
  if (Array.isArray(value)) value = value[0];
  const record = (obj(value) ?? { yaml_error: 'not a mapping' }) as unknown as JournalEntry;
  const out: FramedRecord[] = [{ line, raw: lines.join('\n'), record }];
  if (lines.length > 1) {
    const rest = lines.slice(1).join('\n');
    out.push({ line: line + 1, raw: rest, record: rest });
  }
  return out;
}

const YAML_EVENT_KEY = /^\s*(?:- )?(?:kind: Event(?:List)?|involvedObject:|regarding:)\s*$/;
const YAML_START = /^(?:---|apiVersion:|items:|kind:|- |#)/;

/** Events as YAML: must-gather `events.yaml` (EventList), `kubectl get events -o yaml`, `---`-separated Events. */
export const kubectlEventsYaml: EnvelopeParser = {
  id: 'kubectl-events-yaml',
  framing: 'framed',
  framer: () => new EventsYamlFramer(),
  description: 'Kubernetes Events as YAML: must-gather events.yaml, kubectl get events -o yaml',
  note: kubectlEvents.note!,
  detect(sample) {
    const first = sample.find((l) => l.trim() !== '');
    if (!first || !YAML_START.test(first)) return 0;
    return sample.some((l) => YAML_EVENT_KEY.test(l)) ? 1 : 0;
  },
  parse(record) {
    // String records are a document's structure (`items:`, `kind: List`) or an item's other lines.
    if (typeof record === 'string') return { marker: 'skip' };
    return eventEnvelope(record as unknown as Obj);
  },
};
