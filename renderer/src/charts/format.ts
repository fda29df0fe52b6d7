/** Number formats every view and chart shares: £ with separators, £m with one decimal, £bn where apt, counts and rates. */

const GROUPED_0 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const GROUPED_1 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const GROUPED_2 = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A minus sign, not a hyphen, so negative amounts read as such (and screen readers say "minus"). */
const MINUS = '−';

function signed(x: number, body: (abs: number) => string): string {
  if (!Number.isFinite(x)) return '–';
  // -0.04 rounds to "0.0": no minus on a figure that shows as zero.
  const text = body(Math.abs(x));
  return x < 0 && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
}

/**
 * Pounds in millions with one decimal and separators: how finance officers read high-needs budgets.
 * @example moneyM(10_309_034_771.9) // '£10,309.0m'
 * @example moneyM(-3_600_000_000) // '−£3,600.0m'
 */
export function moneyM(pounds: number): string {
  return signed(pounds, (a) => `£${GROUPED_1.format(a / 1e6)}m`);
}

/**
 * Pounds in billions with one decimal, for national totals on chart axes and titles.
 * @example moneyBn(17_221_660_273) // '£17.2bn'
 */
export function moneyBn(pounds: number): string {
  return signed(pounds, (a) => `£${GROUPED_1.format(a / 1e9)}bn`);
}

/**
 * £bn from £1bn up (national figures), else £m: the apt unit for a figure read on its own.
 * @example money(17_221_660_273) // '£17.2bn'
 * @example money(48_250_000) // '£48.3m'
 */
export function money(pounds: number): string {
  return Math.abs(pounds) >= 1e9 ? moneyBn(pounds) : moneyM(pounds);
}

/**
 * Whole pounds with separators, for placements and parameters.
 * @example pounds(63_500) // '£63,500'
 */
export function pounds(x: number): string {
  return signed(x, (a) => `£${GROUPED_0.format(a)}`);
}

/**
 * Pounds and pence, for traces where pennies matter.
 * @example pence(1234.5) // '£1,234.50'
 */
export function pence(x: number): string {
  return signed(x, (a) => `£${GROUPED_2.format(a)}`);
}

/**
 * A change with its sign: "+£12.3m", "−£4.0m".
 * @example signedMoneyM(12_300_000) // '+£12.3m'
 */
export function signedMoneyM(x: number): string {
  const t = moneyM(x);
  return x > 0 && /[1-9]/.test(t) ? `+${t}` : t;
}

/** @example signedMoney(1.2e9) // '+£1.2bn' */
export function signedMoney(x: number): string {
  const t = money(x);
  return x > 0 && /[1-9]/.test(t) ? `+${t}` : t;
}

/**
 * A whole count with separators (plans are fractional in a projection; people are counted whole).
 * @example count(711_320.25) // '711,320'
 */
export function count(x: number): string {
  return signed(x, (a) => GROUPED_0.format(a));
}

/**
 * A fraction as a percentage.
 * @example percent(0.0211, 2) // '2.11%'
 */
export function percent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '–';
  const f = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return signed(fraction, (a) => `${f.format(a * 100)}%`);
}

/**
 * An axis tick for money: the unit follows the largest value on the axis, so ticks line up.
 * @example moneyTick(1.5e10)(5e9) // '£5bn'
 */
export function moneyTick(maxAbs: number): (value: number) => string {
  if (maxAbs >= 1e9) return (v) => signed(v, (a) => `£${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(a / 1e9)}bn`);
  // Below £100m ticks can fall between whole millions (£3.5m): keep a decimal there.
  if (maxAbs >= 1e8) return (v) => signed(v, (a) => `£${GROUPED_0.format(a / 1e6)}m`);
  if (maxAbs >= 1e6) return (v) => signed(v, (a) => `£${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(a / 1e6)}m`);
  return (v) => signed(v, (a) => `£${GROUPED_0.format(a)}`);
}

/**
 * A plain value of an assumption in its unit.
 * @example formatUnit(0.0211, 'rate') // '2.11% a year'
 */
export function formatUnit(value: number, unit: 'rate' | 'share' | 'multiplier' | 'pounds' | 'count' | 'months'): string {
  switch (unit) {
    case 'rate':
      return `${percent(value, 2)} a year`;
    case 'share':
      return percent(value, 1);
    case 'multiplier':
      return `× ${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 }).format(value)}`;
    case 'pounds':
      return Math.abs(value) >= 1e6 ? moneyM(value) : pounds(value);
    case 'count':
      return count(value);
    case 'months':
      return `${value} months`;
  }
}
