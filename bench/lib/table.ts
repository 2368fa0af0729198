/** Plain-text tables for the terminal: left-aligned text, right-aligned numbers. */
export function formatTable(header: string[], rows: string[][], numeric: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatRate(n: number | undefined): string {
  if (n === undefined) return '';
  return Math.round(n).toLocaleString('en-US');
}

export function formatRatio(n: number | undefined): string {
  if (n === undefined) return '';
  return n >= 100 ? `${Math.round(n).toLocaleString('en-US')}×` : `${n.toFixed(1)}×`;
}
