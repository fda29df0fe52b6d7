/** Number formats shared by the Data and Rulebook views: £ with thousands separators, plans, percentages, FY labels. */

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const PENCE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PLAIN = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/**
 * Whole pounds with separators; a minus sign (not a hyphen) for negatives.
 * @example money(9739266671.4) // '£9,739,266,671'
 * @example money(-1200) // '−£1,200'
 */
export function money(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const r = Math.round(x);
  return `${r < 0 ? '−' : ''}£${WHOLE.format(Math.abs(r))}`;
}

/**
 * Pounds as recorded: pence shown only when there are any.
 * @example moneyExact(18250.5) // '£18,250.50'
 * @example moneyExact(63500) // '£63,500'
 */
export function moneyExact(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  const body = Number.isInteger(Math.round(abs * 100) / 100) ? WHOLE.format(abs) : PENCE.format(abs);
  return `${x < 0 ? '−' : ''}£${body}`;
}

/**
 * A signed change in pounds: '+£1,200' or '−£1,200'.
 * @example moneyChange(-324989043.66) // '−£324,989,044'
 */
export function moneyChange(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const r = Math.round(x);
  return r === 0 ? '£0' : `${r > 0 ? '+' : '−'}£${WHOLE.format(Math.abs(r))}`;
}

/** @example count(638745) // '638,745' */
export function count(x: number): string {
  return Number.isFinite(x) ? WHOLE.format(x) : '—';
}

/** @example percentChange(-0.0721) // '−7.2%' */
export function percentChange(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const v = Math.round(fraction * 1000) / 10;
  return v === 0 ? '0.0%' : `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
}

/** A number as typed in a parameter cell: no separators lost, up to six decimals. */
export function plainNumber(x: number): string {
  return PLAIN.format(x);
}

/**
 * Reads a number typed the way finance officers type them: "46,000", "£46,000.50", " 0.021 ". Null when it is not one.
 * @example readTypedNumber('£46,000') // 46000
 * @example readTypedNumber('12,34') // null (not a grouping of three)
 */
export function readTypedNumber(text: string): number | null {
  const t = text.trim().replace(/^£\s*/, '').replace(/\s/g, '');
  if (t === '') return null;
  if (!/^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(t)) return null;
  const n = Number(t.replace(/,/g, '').replace('−', '-'));
  return Number.isFinite(n) ? n : null;
}
