// Go-style `key=value` tails as klog (InfoS/ErrorS) and logrus write them, turned straight into
// the JSON text the store keeps (no object in between: most values are JSON already).
// klog ≥ v2.100 renders non-string values as JSON (`pods=["a","b"]`), older klog as %+v
// (`pods=[a b]`), so values may hold spaces inside brackets: a tiny tokenizer that tracks
// quotes and bracket depth, not a regex (formats.md §3.2, §4.1).

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

// End of a quoted string (index after the closing quote) and whether it holds escapes; -1 if open.
function scanQuoted(s: string, start: number): { end: number; escaped: boolean } {
  let escaped = false;
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) return { end: i + 1, escaped };
    if (c === 92) {
      escaped = true;
      i++;
    }
  }
  return { end: -1, escaped };
}

function readBracketed(s: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const q = scanQuoted(s, i);
      if (q.end < 0) return s.length;
      i = q.end;
      continue;
    }
    if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return s.length;
}

// JSON text of a bracketed value: itself when klog wrote JSON, else the %+v text as a string.
function bracketJson(text: string): string {
  const c = text.charCodeAt(1);
  // `["`, `[{`, `[[`, `[]`, `{"`, `{}`, `[1` — the shapes JSON arrays and objects start with.
  if (c === 34 || c === 123 || c === 91 || c === 93 || c === 125 || (c >= 48 && c <= 57) || c === 45) {
    try {
      JSON.parse(text);
      return text;
    } catch {
      // %+v that happens to start like JSON.
    }
  }
  return JSON.stringify(text);
}

// JSON string of plain text: quoted as is when nothing in it needs escaping (the common case).
function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c > 126) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** What a key/value tail parses into: its JSON text, the picked keys' values, and any text left over. */
export interface KeyValues {
  json: string | null;
  picked: Record<string, string>;
  count: number;
  rest: string;
}

/**
 * Parses ` k=v k2="quoted" k3=[json] k4=<\n\tblock\n >` from `start` into JSON text. Keys in `pick`
 * are returned as plain text instead (logrus' time, level, msg). Text that does not parse is
 * kept in `rest` (and as `unparsed_tail` in the JSON).
 */
export function keyValues(s: string, start = 0, pick: readonly string[] = []): KeyValues {
  let out = '';
  const picked: Record<string, string> = {};
  let i = start;
  let count = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    const eq = s.indexOf('=', i);
    if (eq <= i) break;
    let bad = false;
    for (let k = i; k < eq; k++) {
      const c = s.charCodeAt(k);
      if (c === 32 || c === 9 || c === 10 || c === 34) {
        bad = true;
        break;
      }
    }
    if (bad) break;
    const key = s.slice(i, eq);
    const wanted = pick.length > 0 && pick.includes(key);
    let j = eq + 1;
    let json: string;
    const c = s.charCodeAt(j);
    if (c === 34) {
      const q = scanQuoted(s, j);
      if (q.end < 0) break;
      if (wanted || q.escaped) {
        // Go escapes (\x, \U, \a…) are not all JSON: decode, then encode as JSON.
        const v = readQuoted(s, j)!.value;
        if (wanted) picked[key] = v;
        json = JSON.stringify(v);
      } else json = s.slice(j, q.end);
      j = q.end;
    } else if (c === 60 /* < */ && s.charCodeAt(j + 1) === 10) {
      // klog v2.40+ multi-line block: value lines start with TAB, terminator is " >".
      const endIdx = s.indexOf('\n >', j);
      const stop = endIdx === -1 ? n : endIdx;
      const v = s.slice(j + 2, stop).split('\n').map((l) => (l.startsWith('\t') ? l.slice(1) : l)).join('\n');
      if (wanted) picked[key] = v;
      json = JSON.stringify(v);
      j = endIdx === -1 ? n : endIdx + 3;
    } else if (c === 91 || c === 123) {
      const end = readBracketed(s, j);
      const text = s.slice(j, end);
      if (wanted) picked[key] = text;
      json = bracketJson(text);
      j = end;
    } else {
      let k = j;
      while (k < n && s.charCodeAt(k) !== 32 && s.charCodeAt(k) !== 9) k++;
      const v = s.slice(j, k);
      if (wanted) picked[key] = v;
      json = wanted ? '' : jsonString(v);
      j = k;
    }
    if (!wanted) out += `${out ? ',' : '{'}${jsonString(key)}:${json}`;
    count++;
    i = j;
  }
  const rest = i < n ? s.slice(i) : '';
  if (rest) out += `${out ? ',' : '{'}"unparsed_tail":${JSON.stringify(rest)}`;
  return { json: out ? `${out}}` : null, picked, count, rest };
}
