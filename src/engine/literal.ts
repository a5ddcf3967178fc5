// The longest literal every match of a regex must contain, so the matcher can test
// `text.includes(literal)` before running the regex on the (common) lines that match no rule.

const CLASS_ESCAPES = new Set('dDwWsSbBkpPuxc0123456789nrtfv'.split(''));

/** A substring (≥ 3 chars) present in every match of the pattern, or null when none can be proven. */
export function requiredLiteral(pattern: string, flags = ''): string | null {
  if (flags.includes('i')) return null;
  const runs: string[] = [];
  const groupStarts: number[] = [];
  let cur = '';
  const flush = () => {
    if (cur) runs.push(cur);
    cur = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '|') return null; // an alternative may avoid any literal
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
      const q = pattern[i + 1];
      if (q === '?' || q === '*' || (q === '{' && /^\{0[,}]/.test(pattern.slice(i + 1)))) runs.length = start;
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
