/**
 * Sensitivity (tornado) and goal seek (DESIGN §4): each uncertain input at its p10 and p90 with the others at their
 * medians, ranked by the swing in £; and the value of one input that makes one output hit a target, found by
 * bracketing then the Illinois variant of the secant method (bisection when a step would leave the bracket).
 */
import type { Scenario } from '../projection/scenario';
import type { PreparedProjection } from '../projection/prepare';
import { Projector } from '../projection/project';
import { fyStartYear } from '../projection/calendar';
import { runOnce, type RunOutcome } from './simulate';
import { resolveQuantities, uncertainInputs, valueAt, withValue } from './inputs';

/** The series an output is read from. */
export const METRIC_SERIES = ['plans', 'current', 'tariff', 'scenario', 'nonPlacement', 'allocation', 'inYear', 'cumulative'] as const;
export type MetricSeries = (typeof METRIC_SERIES)[number];

/** One output: a series in one reported year, or summed over all of them ("sum"). */
export interface Metric {
  series: MetricSeries;
  year: string;
}

/**
 * The value of a metric in a run.
 * @example metricOf(outcome, years, {series: 'inYear', year: '2028-29'}) // −2.4e9
 */
export function metricOf(o: RunOutcome, years: readonly string[], m: Metric): number {
  const s: number[] =
    m.series === 'plans' ? o.plans
    : m.series === 'current' || m.series === 'tariff' || m.series === 'scenario' ? o.spend[m.series].total
    : m.series === 'nonPlacement' ? o.nonPlacement
    : m.series === 'allocation' ? o.funding.allocation
    : m.series === 'inYear' ? o.funding.inYear
    : o.funding.cumulative;
  if (m.year === 'sum') return s.reduce((a, b) => a + b, 0);
  const i = years.indexOf(m.year);
  if (i < 0) throw new RangeError(`${m.year} is not one of the reported years (${years.join(', ')}).`);
  return s[i];
}

export interface TornadoBar {
  path: string;
  /** The input's p10 and p90. */
  inputP10: number;
  inputP90: number;
  /** The output with the input at its p10 and at its p90 (others at their medians). */
  atP10: number;
  atP90: number;
  /** |atP90 − atP10|, the bar's length. */
  swing: number;
}

export interface Tornado {
  metric: Metric;
  /** The output with every input at its median (run 0). */
  central: number;
  /** Longest bar first. */
  bars: TornadoBar[];
}

/**
 * The tornado of a scenario's uncertain inputs for one output.
 * @example tornado(prep, scenario, {series: 'scenario', year: '2029-30'}).bars[0].path // the input that matters most
 */
export function tornado(prep: PreparedProjection, scenario: Scenario, metric: Metric, projector: Projector = new Projector(prep)): Tornado {
  const inputs = uncertainInputs(scenario);
  const run = (s: Scenario) => metricOf(runOnce(prep, projector, s), prep.years, metric);
  const central = run(resolveQuantities(scenario, (u) => u.p50));
  const bars = inputs.map((input) => {
    const at = (q: 'p10' | 'p90') => run(resolveQuantities(scenario, (u) => (u.path === input.path ? u[q] : u.p50)));
    const atP10 = at('p10');
    const atP90 = at('p90');
    return { path: input.path, inputP10: input.p10, inputP90: input.p90, atP10, atP90, swing: Math.abs(atP90 - atP10) };
  });
  bars.sort((a, b) => b.swing - a.swing || (a.path < b.path ? -1 : 1));
  return { metric, central, bars };
}

export interface GoalSeekOptions {
  /** The input to vary (dotted path to a number or distribution in the scenario), e.g. "levers.tariff.scale". */
  path: string;
  metric: Metric;
  target: number;
  /** Where to start looking: the answer is expected between these values. */
  bracket: [number, number];
  /** Values the input may never take beyond (e.g. [0, Infinity] for a multiplier). */
  limits?: [number, number];
  /** How close to the target counts as hit, in the output's units (default: £1, or 0.01 plans). */
  tolerance?: number;
  maxIterations?: number;
}

export interface GoalSeekResult {
  found: boolean;
  /** The input's value (when found). */
  value: number | null;
  /** The output there. */
  achieved: number | null;
  /** Runs made, bracketing included. */
  iterations: number;
  /** Why there is no answer, in words (when not found). */
  reason: string | null;
  /** Every value tried and the output, in order. */
  trace: Array<{ value: number; output: number }>;
}

/**
 * Finds the input value that makes the output hit the target. Other uncertain inputs sit at their medians.
 * @example
 * goalSeek(prep, scenario, {path: 'levers.tariff.scale', metric: {series: 'inYear', year: '2028-29'}, target: 0, bracket: [0.5, 1.5]})
 * // {found: true, value: 0.8734…, achieved: 0.4, iterations: 7, …}
 */
export function goalSeek(prep: PreparedProjection, scenario: Scenario, options: GoalSeekOptions, projector: Projector = new Projector(prep)): GoalSeekResult {
  if (valueAt(scenario, options.path) === undefined) return { found: false, value: null, achieved: null, iterations: 0, reason: `the scenario has no input "${options.path}".`, trace: [] };
  const central = resolveQuantities(scenario, (u) => u.p50);
  const tol = options.tolerance ?? (options.metric.series === 'plans' ? 0.01 : 1);
  const maxIterations = options.maxIterations ?? 60;
  const [minX, maxX] = options.limits ?? [-Infinity, Infinity];
  const trace: Array<{ value: number; output: number }> = [];
  const f = (x: number) => {
    const y = metricOf(runOnce(prep, projector, withValue(central, options.path, x)), prep.years, options.metric);
    trace.push({ value: x, output: y });
    return y - options.target;
  };
  const done = (x: number, fx: number): GoalSeekResult => ({ found: true, value: x, achieved: fx + options.target, iterations: trace.length, reason: null, trace });
  let [a, b] = options.bracket[0] <= options.bracket[1] ? options.bracket : [options.bracket[1], options.bracket[0]];
  a = Math.max(a, minX);
  b = Math.min(b, maxX);
  let fa = f(a);
  if (Math.abs(fa) <= tol) return done(a, fa);
  let fb = f(b);
  if (Math.abs(fb) <= tol) return done(b, fb);
  // Bracketing: widen on both sides until the output crosses the target or the limits are reached.
  for (let widen = 0; Math.sign(fa) === Math.sign(fb) && widen < 8; widen++) {
    const w = b - a || 1;
    const na = Math.max(minX, a - w), nb = Math.min(maxX, b + w);
    if (na === a && nb === b) break;
    if (na !== a) {
      a = na;
      fa = f(a);
      if (Math.abs(fa) <= tol) return done(a, fa);
    }
    if (nb !== b && Math.sign(fa) === Math.sign(fb)) {
      b = nb;
      fb = f(b);
      if (Math.abs(fb) <= tol) return done(b, fb);
    }
  }
  if (Math.sign(fa) === Math.sign(fb)) {
    const ys = trace.map((t) => t.output);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    return {
      found: false, value: null, achieved: null, iterations: trace.length, trace,
      reason: `no value of ${options.path} from ${a} to ${b} reaches ${options.target}: the output stays ${fa > 0 ? 'above' : 'below'} it, between ${lo} and ${hi}${options.limits ? ` (the input is limited to ${minX}–${maxX})` : ''}.`,
    };
  }
  // Illinois: a secant step that keeps the root bracketed, halving the stale end's value when one end sticks.
  let side = 0;
  while (trace.length < maxIterations) {
    let c = b - (fb * (b - a)) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = (a + b) / 2;
    const fc = f(c);
    if (Math.abs(fc) <= tol || Math.abs(b - a) <= 1e-12 * Math.max(1, Math.abs(c))) return done(c, fc);
    if (Math.sign(fc) === Math.sign(fb)) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  const last = trace[trace.length - 1];
  return { found: false, value: null, achieved: null, iterations: trace.length, trace, reason: `no value within ${tol} of the target after ${maxIterations} runs (closest: ${last.value} gives ${last.output}).` };
}

/**
 * The reported-year index of a metric's year, or −1 for "sum" (for callers that mark the year on a chart).
 * @example metricYearIndex(['2025-26', '2026-27'], {series: 'inYear', year: '2026-27'}) // 1
 */
export function metricYearIndex(years: readonly string[], m: Metric): number {
  return m.year === 'sum' ? -1 : fyStartYear(m.year) - fyStartYear(years[0]);
}
