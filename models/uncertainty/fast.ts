/**
 * The fast path for Monte Carlo draws, exact by algebra. Each yearly step is linear in the census, with the joiner
 * multiplier j entering once per step and the net other change g as a factor (1 + g) on the whole step. So the census
 * k years on is (1 + g)^k × (a polynomial in j of degree ≤ k), and every cost is a fixed price × census sum. Running
 * the projection exactly at T + 1 Chebyshev points of j (with g = 0) therefore determines every draw's census sums
 * exactly — by barycentric interpolation — and prices (uplifts, tariff scale) and funding apply per draw on top.
 * When a scenario's uncertainty reaches further (leaver or mover multipliers, growth overrides, lever sizes, a price
 * path cell by cell), the direct path (a full projection per draw) runs instead.
 */
import type { PreparedProjection } from '../projection/prepare';
import type { Scenario } from '../projection/scenario';
import { Projector, assumptionsOf, basesFromSums, plansIndex, sumIndex, sumsLength } from '../projection/project';
import { SETTING_CODES } from '../vocab/settings';
import { SECTOR_CODES } from '../vocab/sectors';
import { fundingOf } from '../projection/funding';
import { fyStartYear } from '../projection/calendar';
import { drawValue, resolveQuantities, scenarioOfDraw, uncertainInputs, withValue } from './inputs';
import { DRAW_METRICS, type DrawBatch } from './simulate';
import { SimulationCancelled, type Cancel } from './simulate';

const S = SETTING_CODES.length;
const SECTORS = SECTOR_CODES.length;
const JOINERS = 'demand.joiners.multiplier';
const NET_OTHER = 'demand.netOtherChange.rate';

/** Which uncertain inputs the fast path can carry: the two count inputs above, and anything priced or funded after. */
function carried(path: string): boolean {
  return path === JOINERS || path === NET_OTHER || path.startsWith('costs.') || path === 'levers.tariff.scale' || path.startsWith('funding.');
}

export interface FastPlan {
  /** The joiner multipliers the exact runs are made at (one when j is fixed). */
  nodes: number[];
  /** Barycentric weights of the nodes. */
  weights: number[];
}

/**
 * Whether a scenario's draws can take the fast path, and why not when they cannot.
 * @example fastPathBlocker(prep, baseline) // null: eligible
 */
export function fastPathBlocker(prep: PreparedProjection, scenario: Scenario): string | null {
  const blocked = uncertainInputs(scenario).filter((u) => !carried(u.path)).map((u) => u.path);
  if (blocked.length) return `uncertain ${blocked.join(', ')} change how placements flow`;
  const t = scenario.levers.tariff;
  if (t.adoption === 'phased' || (t.adoption === 'all' && t.protection !== 'none' && (t.protection !== 'rulebook' || prep.rulebookProtection !== null))) return 'the tariff is adopted along a price path, cell by cell';
  const last = fyStartYear(prep.years[prep.years.length - 1]);
  if (scenario.levers.issFeeCap && fyStartYear(scenario.levers.issFeeCap.from) <= last) return 'the ISS fee cap prices fee by fee';
  if (scenario.levers.capacity.length) return 'new capacity moves a number of places, not a share';
  return null;
}

/**
 * The joiner multipliers to run exactly: T + 1 Chebyshev points (second kind) spanning every draw's value, T the
 * number of steps (the census sums' highest degree in j).
 * @example fastPlan(prep, scenario, 7, 1000).nodes.length // 6 for five steps
 */
export function fastPlan(prep: PreparedProjection, scenario: Scenario, seed: number, draws: number): FastPlan {
  const input = uncertainInputs(scenario).find((u) => u.path === JOINERS);
  if (!input) return { nodes: [resolveQuantities(scenario, (u) => u.p50).demand.joiners.multiplier as number], weights: [1] };
  let lo = Infinity, hi = -Infinity;
  for (let d = 0; d <= draws; d++) {
    const v = drawValue(input.dist, input.path, seed, d);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) return { nodes: [lo], weights: [1] };
  const n = prep.steps;
  const nodes: number[] = [], weights: number[] = [];
  for (let k = 0; k <= n; k++) {
    nodes.push((lo + hi) / 2 + ((hi - lo) / 2) * Math.cos((Math.PI * k) / n));
    weights.push((k % 2 === 0 ? 1 : -1) * (k === 0 || k === n ? 0.5 : 1));
  }
  return { nodes, weights };
}

/**
 * One exact run at joiner multiplier j with no net other change, recording the census sums.
 * @example nodeSums(prep, projector, scenario, 1.05)
 */
export function nodeSums(prep: PreparedProjection, projector: Projector, scenario: Scenario, j: number): Float64Array {
  const central = resolveQuantities(scenario, (u) => u.p50);
  const at = withValue(withValue(central, JOINERS, j), NET_OTHER, 0);
  const sums = new Float64Array(sumsLength(prep.years.length));
  projector.run(assumptionsOf(prep, at), { sums });
  return sums;
}

/** Barycentric interpolation of every recorded sum at j (exact for polynomials of degree ≤ nodes − 1). */
function interpolate(plan: FastPlan, sums: readonly Float64Array[], j: number, out: Float64Array): void {
  const n = plan.nodes.length;
  if (n === 1) {
    out.set(sums[0]);
    return;
  }
  for (let k = 0; k < n; k++)
    if (j === plan.nodes[k]) {
      out.set(sums[k]);
      return;
    }
  const f = new Float64Array(n);
  let den = 0;
  for (let k = 0; k < n; k++) {
    f[k] = plan.weights[k] / (j - plan.nodes[k]);
    den += f[k];
  }
  out.fill(0);
  for (let k = 0; k < n; k++) {
    const w = f[k] / den;
    const s = sums[k];
    for (let m = 0; m < out.length; m++) out[m] += w * s[m];
  }
}

/**
 * Draws `from` … `to − 1` from the exact runs: each draw's census sums by interpolation at its j, scaled by
 * (1 + g)^k, priced with its uplifts and tariff scale, then funded.
 * @example evaluateDraws(prep, scenario, 7, 1, 1001, plan, sums)
 */
export function evaluateDraws(prep: PreparedProjection, scenario: Scenario, seed: number, from: number, to: number, plan: FastPlan, sums: readonly Float64Array[], options: { cancel?: Cancel } = {}): DrawBatch {
  const H = prep.years.length;
  const n = Math.max(0, to - from);
  const values = {} as DrawBatch['values'];
  for (const [m, w] of Object.entries(DRAW_METRICS)) values[m as keyof typeof DRAW_METRICS] = new Float64Array(n * w * H);
  const at = new Float64Array(sumsLength(H));
  const accCur = new Float64Array(2 * S), accAtc = new Float64Array(2 * S), accTar = new Float64Array(2 * S);
  for (let d = from; d < to; d++) {
    if (options.cancel?.cancelled) throw new SimulationCancelled();
    const resolved = scenarioOfDraw(scenario, seed, d);
    const a = assumptionsOf(prep, resolved);
    interpolate(plan, sums, a.joinerMultiplier, at);
    const g = 1 + a.netOtherChange;
    const layers = a.adoption.mode === 'new' ? 2 : 1;
    const k0 = d - from;
    const scenarioTotal = new Float64Array(H);
    for (let i = 0; i < H; i++) {
      const k = prep.offset + i + 1;
      const before = Math.pow(g, k - 1) * (5 / 12), after = Math.pow(g, k) * (7 / 12);
      for (let l = 0; l < 2; l++)
        for (let s = 0; s < S; s++) {
          const o = sumIndex(i, l, s, 0);
          accCur[l * S + s] = before * at[o] + after * at[o + 1];
          accAtc[l * S + s] = before * at[o + 2] + after * at[o + 3];
          accTar[l * S + s] = before * at[o + 4] + after * at[o + 5];
        }
      const bases = basesFromSums(a, i, H, layers, accCur, accAtc, accTar);
      values.plans[k0 * H + i] = Math.pow(g, k) * at[plansIndex(i, H)];
      for (let s = 0; s < S; s++) {
        const sec = prep.settingSector[s];
        values.current[(k0 * SECTORS + sec) * H + i] += bases.current[s];
        values.tariff[(k0 * SECTORS + sec) * H + i] += bases.tariff[s];
        values.scenario[(k0 * SECTORS + sec) * H + i] += bases.scenario[s];
      }
      for (let sec = 0; sec < SECTORS; sec++) scenarioTotal[i] += values.scenario[(k0 * SECTORS + sec) * H + i];
    }
    const f = fundingOf(resolved, prep.las, prep.years, scenarioTotal);
    values.nonPlacement.set(f.nonPlacement, k0 * H);
    values.allocation.set(f.allocation, k0 * H);
    values.inYear.set(f.inYear, k0 * H);
    values.cumulative.set(f.cumulative, k0 * H);
  }
  return { from, to, years: H, values };
}
