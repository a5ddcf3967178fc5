// The longest literal every match of a regex must contain, so the matcher can test
// `text.includes(literal)` before running the regex on the (common) lines that match no rule.

const CLASS_ESCAPES = new Set('dDwWsSbBkpPuxc0123456789nrtfv'.split(''));

/** A substring (≥ 3 chars) present in every match of the pattern, or null when none can be proven. */
export function requiredLiteral(pattern: string, flags = ''): string | null {
  if (flags.includes('i')) return null;
  const runs: string[] = [];
  const groupStarts: number[] = [];
  // Whether each open group holds an alternation: its literals are then not required.
  const groupAlts: boolean[] = [];
  let cur = '';
  const flush = () => {
    if (cur) runs.push(cur);
    cur = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '|') {
      // At the top an alternative may avoid any literal (requiredLiterals splits those); inside a
      // group only that group's literals are uncertain.
      if (!groupAlts.length) return null;
      groupAlts[groupAlts.length - 1] = true;
      flush();
      continue;
    }
    if (c === '\\') {
      const e = pattern[i + 1];
      i++;
      if (e === undefined || CLASS_ESCAPES.has(e)) {
        flush();
        continue;
      }
      cur += e;
      continue;
    }
    if (c === '[') {
      flush();
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      flush();
      groupStarts.push(runs.length);
      groupAlts.push(false);
      if (pattern[i + 1] === '?' && (pattern[i + 2] === '=' || pattern[i + 2] === '!' || (pattern[i + 2] === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')))) {
        // Lookarounds match no text of their own: skip to the closing parenthesis.
        let depth = 1;
        for (i++; i < pattern.length && depth > 0; i++) {
          if (pattern[i] === '\\') i++;
          else if (pattern[i] === '(') depth++;
          else if (pattern[i] === ')') depth--;
        }
        i--;
        groupStarts.pop();
        groupAlts.pop();
      } else if (pattern[i + 1] === '?') {
        // (?<name> or (?: — skip the group syntax itself.
        const close = pattern[i + 2] === '<' ? pattern.indexOf('>', i) : i + 2;
        i = close;
      }
      continue;
    }
    if (c === ')') {
      flush();
      const start = groupStarts.pop() ?? 0;
      const alt = groupAlts.pop() ?? false;
      const q = pattern[i + 1];
      if (alt || q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(pattern.slice(i + 1)))) runs.length = start;
      continue;
    }
    if (c === '?' || c === '*' || (c === '{' && /^\{0[,}]/.test(pattern.slice(i)))) {
      cur = cur.slice(0, -1);
      flush();
      if (c === '{') i = pattern.indexOf('}', i);
      continue;
    }
    if (c === '+' || c === '{') {
      flush();
      if (c === '{') i = pattern.indexOf('}', i);
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      flush();
      continue;
    }
    cur += c;
  }
  flush();
  let best = '';
  for (const r of runs) if (r.length > best.length) best = r;
  return best.length >= 3 ? best : null;
}

/** Top-level alternatives of a pattern (`a|b(c|d)` → `a`, `b(c|d)`). */
function alternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') for (i++; i < pattern.length && pattern[i] !== ']'; i++) { if (pattern[i] === '\\') i++; }
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(pattern.slice(from, i));
      from = i + 1;
    }
  }
  out.push(pattern.slice(from));
  return out;
}

/** One literal per top-level alternative, every match containing one of them; null when an alternative has none. */
export function requiredLiterals(pattern: string, flags = ''): string[] | null {
  const lits: string[] = [];
  for (const alt of alternatives(pattern)) {
    const l = requiredLiteral(alt, flags);
    if (l === null) return null;
    lits.push(l);
  }
  return [...new Set(lits)];
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A regex of many literals and, for each literal given, the gate literals it holds. */
export interface Gate {
  /** Global: `lastIndex` walks every occurrence, overlapping ones included. */
  re: RegExp;
  /** The literals the regex looks for (no one holds another). */
  kept: string[];
}

// A gate only needs part of each literal: leading spaces and punctuation are everywhere in log
// lines and would make the engine try the rest at every word, so they are left off.
function trimmed(l: string): string {
  const t = l.replace(/^[^\p{L}\p{N}]+/u, '');
  return t.length >= 3 ? t : l;
}

/** The gate literals a given literal holds: any of them occurring means it may occur. */
export function keysOf(gate: Gate, literal: string): string[] {
  const t = trimmed(literal);
  return gate.kept.filter((k) => t.includes(k));
}

/**
 * One regex that matches where any of the literals occurs, shaped as a trie (`Err(?:or|no)…`):
 * the engine then tries the distinct first characters rather than every literal at each position.
 * A literal that holds another is dropped: the shorter one already opens the gate.
 */
export function gateOf(literals: Iterable<string>): Gate | null {
  const all = [...new Set([...literals].map(trimmed))].filter(Boolean).sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const l of all) if (!kept.some((k) => l.includes(k))) kept.push(l);
  if (!kept.length) return null;
  const root: TrieNode = { end: false, next: new Map() };
  for (const l of kept) {
    let n = root;
    for (const c of l) {
      let m = n.next.get(c);
      if (!m) n.next.set(c, (m = { end: false, next: new Map() }));
      n = m;
    }
    n.end = true;
  }
  // No kept literal holds another, so each ends at a leaf: a match is exactly one of them.
  const emit = (n: TrieNode): string => {
    const alts: string[] = [];
    for (const [c, m] of n.next) {
      let run = esc(c);
      let k = m;
      while (!k.end && k.next.size === 1) {
        const [[c2, m2]] = [...k.next] as [[string, TrieNode]];
        run += esc(c2);
        k = m2;
      }
      alts.push(k.end ? run : run + emit(k));
    }
    return alts.length === 1 ? alts[0]! : `(?:${alts.join('|')})`;
  };
  return { re: new RegExp(emit(root), 'g'), kept };
}
