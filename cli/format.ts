/** Terminal formatting: £ with thousands separators, aligned columns a finance officer can read. */

/** @example pounds(1234567.891) // '£1,234,568' ; pounds(-1200) // '−£1,200' */
export function pounds(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return '—';
  const s = Math.abs(x).toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return (x < 0 && Math.abs(x) >= 0.5 * 10 ** -decimals ? '−£' : '£') + s;
}

/** @example count(638745) // '638,745' */
export function count(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-GB') : '—';
}

/** @example percent(0.0523) // '+5.2%' */
export function percent(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)}%`;
}

/** Lays out rows under a header; numeric-looking columns are right-aligned. */
export function table(header: string[], rows: string[][], align?: Array<'left' | 'right'>): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const right = align ?? header.map((_, k) => k > 0);
  const line = (cells: string[]) => cells.map((c, k) => (right[k] ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
