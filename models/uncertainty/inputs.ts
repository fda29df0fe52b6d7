/**
 * The uncertain inputs of a scenario and their value in each run (STYLE "reproducible uncertainty"): one master seed;
 * draw d's value of the input at path p comes from createRng(seed).fork(d).fork(p), through the input's quantile
 * function. So a value depends only on (seed, draw, path): a baseline and a scenario share their draws (common
 * random numbers), any subset of draws can run in any worker, and run 0 is the central run (every input at p50).
 */
import { createRng } from './rng';
import { centralOf, isDistribution, openUniform, quantileOf, type Distribution } from './distributions';
import type { Scenario } from '../projection/scenario';
import { overridePath } from '../projection/scenario';

export interface UncertainInput {
  /** Dotted path in the scenario, e.g. "demand.joiners.multiplier" or "costs.uplift.1.rate". */
  path: string;
  dist: Distribution;
  p10: number;
  p50: number;
  p90: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every distribution in a scenario, in document order.
 * @example uncertainInputs(baseline).map((u) => u.path) // ['demand.joiners.multiplier', 'demand.netOtherChange.rate', …]
 */
export function uncertainInputs(scenario: Scenario): UncertainInput[] {
  const out: UncertainInput[] = [];
  const walk = (v: unknown, path: string[]) => {
    if (isObject(v) && typeof v.dist === 'string') {
      const dist = v as unknown as Distribution;
      out.push({ path: path.join('.'), dist, p10: quantileOf(dist, 0.1), p50: quantileOf(dist, 0.5), p90: quantileOf(dist, 0.9) });
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, String(i)]));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(scenario, []);
  return out;
}

/**
 * The value of one input in one run: run 0 takes the median; run d ≥ 1 a quantile drawn from (seed, d, path).
 * @example drawValue({dist: 'uniform', min: 0, max: 1}, 'x', 7, 0) // 0.5
 */
export function drawValue(dist: Distribution, path: string, seed: number, draw: number): number {
  if (draw === 0) return centralOf(dist);
  return quantileOf(dist, openUniform(createRng(seed).fork(draw).fork(path)));
}

/**
 * A copy of the scenario with every distribution replaced by a number: `valueOf(input)` decides which.
 * @example const central = resolveQuantities(s, (u) => u.p50);
 */
export function resolveQuantities(scenario: Scenario, valueOf: (input: UncertainInput) => number): Scenario {
  const copy = JSON.parse(JSON.stringify(scenario)) as Scenario;
  for (const input of uncertainInputs(scenario)) setAt(copy, input.path, valueOf(input));
  return copy;
}

/**
 * The scenario of run `draw` (0 = central), every distribution replaced by its value in that run.
 * @example scenarioOfDraw(s, 7, 0).demand.joiners.multiplier // 1 (the median)
 */
export function scenarioOfDraw(scenario: Scenario, seed: number, draw: number): Scenario {
  return resolveQuantities(scenario, (u) => drawValue(u.dist, u.path, seed, draw));
}

/**
 * A copy with one field set (dotted path; numeric keys index lists). Throws when the path does not exist: callers
 * (tornado, goal seek) name fields of the scenario they were given.
 * @example withValue(s, 'levers.tariff.scale', 0.95).levers.tariff.scale // 0.95
 */
export function withValue(scenario: Scenario, path: string, value: unknown): Scenario {
  const copy = JSON.parse(JSON.stringify(scenario)) as Scenario;
  setAt(copy, path, value);
  return copy;
}

/**
 * The value at a dotted path, or undefined.
 * @example valueAt(s, 'horizon.years') // 5
 */
export function valueAt(scenario: Scenario, path: string): unknown {
  let node: unknown = scenario;
  for (const k of overridePath(path)) {
    if (Array.isArray(node) && typeof k === 'number') node = node[k];
    else if (isObject(node) && typeof k === 'string') node = node[k];
    else return undefined;
  }
  return node;
}

function setAt(target: unknown, path: string, value: unknown): void {
  const keys = overridePath(path);
  let node: unknown = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    node = Array.isArray(node) && typeof k === 'number' ? node[k] : isObject(node) && typeof k === 'string' ? node[k] : undefined;
    if (node === undefined || node === null) throw new RangeError(`The scenario has no field "${path}".`);
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(node) && typeof last === 'number' && last < node.length) node[last] = value;
  else if (isObject(node) && typeof last === 'string' && last in node) node[last] = value;
  else throw new RangeError(`The scenario has no field "${path}".`);
}

export { isDistribution };
