// Go-style `key=value` tails as klog (InfoS/ErrorS) and logrus write them.
// klog ≥ v2.100 renders non-string values as JSON (`pods=["a","b"]`), older klog as %+v
// (`pods=[a b]`), so values may hold spaces inside brackets: a tiny tokenizer that tracks
// quotes and bracket depth, not a regex (formats.md §3.2, §4.1).
import type { FieldValue, Fields } from '../src/event.js';

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Reads a Go double-quoted string starting at `start` (which must be `"`); returns the text and the index after the closing quote, or null. */
export function readQuoted(s: string, start: number): { value: string; end: number } | null {
  let out = '';
  let i = start + 1;
  let chunk = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 34 /* " */) return { value: out + s.slice(chunk, i), end: i + 1 };
    if (c === 92 /* \ */) {
      out += s.slice(chunk, i);
      const e = s[i + 1];
      if (e === undefined) return null;
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + len);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
        if (Number.isNaN(code) || code > 0x10ffff) { out += s.slice(i, i + 2); i += 2; }
        else { out += String.fromCodePoint(code); i += 2 + len; }
      } else {
        out += ESCAPES[e] ?? e;
        i += 2;
      }
      chunk = i;
      continue;
    }
    i++;
  }
  return null;
}

function readBracketed(s: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      const q = readQuoted(s, i);
      if (!q) return s.length;
      i = q.end;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

function bracketValue(text: string): FieldValue {
  // JSON when klog wrote JSON; the %+v form (`[a b]`, `map[k:v]`) stays text.
  try {
    return JSON.parse(text) as FieldValue;
  } catch {
    return text;
  }
}

/** Parses ` k=v k2="quoted" k3=[json] k4=<\n\tblock\n >` from `start`; keys must not contain spaces. Unparseable rest stays in `rest`. */
export function parseKeyValues(s: string, start = 0, into: Fields = {}): { fields: Fields; count: number; rest: string } {
  let i = start;
  let count = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const eq = s.indexOf('=', i);
    if (eq <= i) break;
    const key = s.slice(i, eq);
    if (/[\s"]/.test(key)) break;
    let j = eq + 1;
    let value: FieldValue;
    const c = s[j];
    if (c === '"') {
      const q = readQuoted(s, j);
      if (!q) break;
      value = q.value;
      j = q.end;
    } else if (c === '<' && s[j + 1] === '\n') {
      // klog v2.40+ multi-line block: value lines start with TAB, terminator is " >".
      const endIdx = s.indexOf('\n >', j);
      const stop = endIdx === -1 ? n : endIdx;
      value = s.slice(j + 2, stop).split('\n').map((l) => (l.startsWith('\t') ? l.slice(1) : l)).join('\n');
      j = endIdx === -1 ? n : endIdx + 3;
    } else if (c === '[' || c === '{') {
      const end = readBracketed(s, j);
      value = bracketValue(s.slice(j, end));
      j = end;
    } else {
      let k = j;
      while (k < n && s.charCodeAt(k) !== 32 && s.charCodeAt(k) !== 9) k++;
      value = s.slice(j, k);
      j = k;
    }
    into[key] = value;
    count++;
    i = j;
  }
  return { fields: into, count, rest: i < n ? s.slice(i) : '' };
}
