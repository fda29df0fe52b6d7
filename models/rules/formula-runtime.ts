// Number semantics of the formula language: mathjs's own rules for numbers, so a formula gives the same answer here as in mathjs.
//
// Every evaluator (generated code, the no-eval fallback, explain traces, constant folding) calls these same functions,
// which is what makes the modes bit-identical. Where mathjs would return a complex number (sqrt(-1), log(-1),
// (-8)^(1/3)) we return NaN, as mathjs does with { predictable: true } for sqrt and log.

/** mathjs's default config.relTol: comparisons treat numbers this close (relatively) as equal. */
export const REL_TOL = 1e-12;
/** mathjs's default config.absTol: the same, near zero. */
export const ABS_TOL = 1e-15;

/**
 * mathjs `nearlyEqual` with the default tolerances: NaN equals nothing, infinities only themselves.
 * @example nearlyEqual(0.1 + 0.2, 0.3) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  if (a !== a || b !== b) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/** `a == b` as mathjs: nearly equal. @example equal(0.1 + 0.2, 0.3) // true */
export function equal(a: number, b: number): boolean {
  return nearlyEqual(a, b);
}
/** `a < b` as mathjs: smaller and not nearly equal. @example smaller(1, 1 + 1e-14) // false */
export function smaller(a: number, b: number): boolean {
  return a < b && !nearlyEqual(a, b);
}
/** `a <= b` as mathjs. @example smallerEq(1 + 1e-14, 1) // true */
export function smallerEq(a: number, b: number): boolean {
  return a <= b || nearlyEqual(a, b);
}
/** `a > b` as mathjs. @example larger(2, 1) // true */
export function larger(a: number, b: number): boolean {
  return a > b && !nearlyEqual(a, b);
}
/** `a >= b` as mathjs. @example largerEq(1, 1 + 1e-14) // true */
export function largerEq(a: number, b: number): boolean {
  return a >= b || nearlyEqual(a, b);
}

/** NaN test, used by isnan() and ismissing() on numbers. @example isNaNValue(NaN) // true */
export function isNaNValue(x: number): boolean {
  return x !== x;
}

// ---- round, ported from mathjs utils/number.js (splitNumber, roundDigits, toFixed) -------------------------------
// mathjs rounds the shortest decimal representation of a number, half away from zero, so round(1.005, 2) is 1.01
// (a naive Math.round(x * 100) / 100 gives 1). The exact port is slow (strings), so a fast path handles every value
// that is not within a hair of a rounding tie, and falls back to the port otherwise.

interface SplitNumber {
  sign: string;
  coefficients: number[];
  exponent: number;
}

function splitNumber(value: number): SplitNumber {
  const match = String(value).toLowerCase().match(/^(-?)(\d+\.?\d*)(e([+-]?\d+))?$/);
  if (!match) return { sign: '', coefficients: [0], exponent: 0 }; // unreachable for finite numbers
  const sign = match[1] ?? '';
  const digits = match[2] ?? '0';
  let exponent = parseFloat(match[4] ?? '0');
  const dot = digits.indexOf('.');
  exponent += dot !== -1 ? dot - 1 : digits.length - 1;
  let stripped = digits.replace('.', '');
  const leading = /^0*/.exec(stripped)?.[0].length ?? 0;
  exponent -= leading;
  stripped = stripped.slice(leading).replace(/0*$/, '');
  const coefficients: number[] = [];
  for (const ch of stripped) coefficients.push(ch.charCodeAt(0) - 48);
  if (coefficients.length === 0) {
    coefficients.push(0);
    exponent++;
  }
  return { sign, coefficients, exponent };
}

function roundDigits(split: SplitNumber, precision: number): SplitNumber {
  const rounded: SplitNumber = { sign: split.sign, coefficients: split.coefficients, exponent: split.exponent };
  const c = rounded.coefficients;
  while (precision <= 0) {
    c.unshift(0);
    rounded.exponent++;
    precision++;
  }
  if (c.length > precision) {
    const removed = c.splice(precision, c.length - precision);
    if ((removed[0] ?? 0) >= 5) {
      let i = precision - 1;
      c[i] = (c[i] ?? 0) + 1;
      while (c[i] === 10) {
        c.pop();
        if (i === 0) {
          c.unshift(0);
          rounded.exponent++;
          i++;
        }
        i--;
        c[i] = (c[i] ?? 0) + 1;
      }
    }
  }
  return rounded;
}

function toFixedString(value: number, precision: number): string {
  if (value !== value || !Number.isFinite(value)) return String(value);
  const splitValue = splitNumber(value);
  const rounded = roundDigits(splitValue, splitValue.exponent + 1 + precision);
  let c: Array<number | string> = rounded.coefficients;
  let p = rounded.exponent + 1;
  const pp = p + precision;
  if (c.length < pp) c = c.concat(new Array<number>(pp - c.length).fill(0));
  if (p < 0) {
    c = new Array<number>(-p + 1).fill(0).concat(c as number[]);
    p = 1;
  }
  if (p < c.length) c.splice(p, 0, p === 0 ? '0.' : '.');
  return rounded.sign + c.join('');
}

/** mathjs roundNumber(value, decimals): the exact, string-based port. */
function roundDecimalExact(value: number, decimals: number): number {
  return parseFloat(toFixedString(value, decimals));
}

const POW10: readonly number[] = Array.from({ length: 16 }, (_, k) => 10 ** k);
const TWO_POW_50 = 2 ** 50;
const TWO_POW_MINUS_48 = 2 ** -48;

/**
 * mathjs round(x, n) for numbers (n an integer 0–15), with its round-off correction: x is first rounded to 12
 * decimals when that is nearly equal to x, so round(2.4999999999999996) is 3.
 */
function roundMathjs(x: number, n: number): number {
  const p = POW10[n] ?? 1;
  // Fast path. y = |x|·10ⁿ is within ~2.5 ulp(y) of the shifted shortest decimal of x, and the 12-decimal
  // correction moves x by at most ~5e-13; if y's fraction is clearly away from one half, both the correction and
  // the decimal rounding land on the same integer k, and k / 10ⁿ is exactly what parseFloat(toFixed(…)) gives.
  if (n < 12 && x === x) {
    const a = Math.abs(x);
    const y = a * p;
    // below 1e-12 the correction can snap x to -0, which mathjs then prints as "0": leave those to the exact port
    if (y < TWO_POW_50 && a >= 1e-12) {
      const k = Math.floor(y);
      const f = y - k;
      if (Math.abs(f - 0.5) > y * TWO_POW_MINUS_48 + 2e-12 * p) {
        const r = (f > 0.5 ? k + 1 : k) / p;
        return x < 0 ? -r : r;
      }
    }
  }
  if (n >= 12) return roundDecimalExact(x, n);
  const xEpsilon = roundDecimalExact(x, 12);
  const xSelected = nearlyEqual(x, xEpsilon) ? xEpsilon : x;
  return roundDecimalExact(xSelected, n);
}

/**
 * round(x) and round(x, n) as mathjs, half away from zero on the decimal value; NaN when n is not an integer 0–15
 * (mathjs throws there; a formula must not stop a run).
 * @example round(2.5) // 3
 * @example round(-2.5) // -3
 * @example round(1.005, 2) // 1.01
 */
export function round(x: number, n = 0): number {
  if (!(n >= 0 && n <= 15 && n === Math.floor(n))) return NaN;
  return roundMathjs(x, n);
}

/**
 * floor as mathjs: a value within rounding error of an integer floors to that integer, so floor(0.58 * 100) is 58.
 * @example floor(0.58 * 100) // 58 (Math.floor gives 57)
 */
export function floor(x: number): number {
  const f = Math.floor(x);
  const r = roundMathjs(x, 0);
  if (f === r) return f;
  if (nearlyEqual(x, r) && !nearlyEqual(x, f)) return r;
  return f;
}

/**
 * ceil as mathjs, with the same correction as floor.
 * @example ceil(1.1 * 3 - 0.3) // 3 (Math.ceil gives 4)
 */
export function ceil(x: number): number {
  const c = Math.ceil(x);
  const r = roundMathjs(x, 0);
  if (c === r) return c;
  if (nearlyEqual(x, r) && !nearlyEqual(x, c)) return r;
  return c;
}

/**
 * mod(x, y) as mathjs: floored modulo (the sign of y), and mod(x, 0) is x.
 * @example mod(-1, 3) // 2
 */
export function mod(x: number, y: number): number {
  return y === 0 ? x : x - y * floor(x / y);
}

/**
 * One step of mathjs min(a, b, …): a NaN anywhere gives NaN; a nearly-equal later value does not replace the first.
 * @example minStep(minStep(3, 1), 2) // 1
 */
export function minStep(current: number, next: number): number {
  if (next !== next) return next;
  return smaller(next, current) ? next : current;
}

/** One step of mathjs max(a, b, …). @example maxStep(1, 3) // 3 */
export function maxStep(current: number, next: number): number {
  if (next !== next) return next;
  return larger(next, current) ? next : current;
}

/**
 * clamp(x, low, high) = min(max(x, low), high), with mathjs min/max semantics (NaN in, NaN out).
 * @example clamp(12, 0, 10) // 10
 */
export function clamp(x: number, low: number, high: number): number {
  return minStep(maxStep(x, low), high);
}

/** log(x, base) as mathjs: log(x) / log(base). @example logBase(8, 2) // 3 */
export function logBase(x: number, base: number): number {
  return Math.log(x) / Math.log(base);
}

/** The helpers that generated code may call, under fixed names (never user text). */
export const RUNTIME = {
  eq: equal,
  lt: smaller,
  le: smallerEq,
  gt: larger,
  ge: largerEq,
  isnan: isNaNValue,
  round,
  floor,
  ceil,
  mod,
  minStep,
  maxStep,
  clamp,
  logBase,
} as const;
export type Runtime = typeof RUNTIME;
