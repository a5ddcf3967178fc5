// Aligned text tables for terminals and pipes (query results, the findings overview).

function textCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = Buffer.isBuffer(v) ? `<${v.length} bytes>` : String(v);
  return s.replace(/\n/g, '\\n');
}

/** Aligned columns with a header and a rule under it. */
export function table(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>, maxWidth = 200): string {
  const cells = rows.map((r) => columns.map((c) => {
    const t = textCell(r[c]);
    return t.length > maxWidth ? `${t.slice(0, maxWidth - 1)}…` : t;
  }));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (vals: readonly string[]) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
}
