// Monte Carlo on a small synthetic council with the shipped rates and rulebook: same seed → identical results;
// draws split across ranges merge to the single run exactly; a scenario identical to its baseline differs by exactly
// 0 in every draw (common random numbers); tornado ordering with known swings; goal seek with a known answer.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import { loadRulebook } from '../../../models/rules/load';
import { loadRates, type FlowRates } from '../../../models/projection/rates';
import { prepareProjection } from '../../../models/projection/prepare';
import { applyOverrides, type Scenario } from '../../../models/projection/scenario';
import { Projector } from '../../../models/projection/project';
import { assemble, mergeBatches, runDraws, runOnce, simulate, toRunJson } from '../../../models/uncertainty/simulate';
import { scenarioOfDraw } from '../../../models/uncertainty/inputs';
import { goalSeek, metricOf, tornado } from '../../../models/uncertainty/sensitivity';
import { scenarioOf } from '../projection/helpers';

const root = process.cwd();
const rulebook = loadRulebook(JSON.parse(readFileSync(join(root, 'scenarios/rulebooks/illustrative-national-bands.rulebook.json'), 'utf8')), { file: 'r' }).rulebook!;
const rates = loadRates(JSON.parse(readFileSync(join(root, 'scenarios/derived/flows-2024.json'), 'utf8')), { file: 'f' }).rates as FlowRates;
const table = generateSyntheticTable({ rows: 3000, seed: 5, las: ['202', '330'] });
const provenance = { app: 'test', rulebook: 'sha256:r', data: 'sha256:d' };
const uncertain = scenarioOf((s) => {
  s.horizon.years = 4;
  s.funding.allocation.amounts['2025-26'].value = 60_000_000;
  s.demand.joiners.multiplier = { dist: 'interval80', low: 0.9, high: 1.1 };
  s.demand.netOtherChange.rate = { dist: 'triangular', min: 0, mode: 0.015, max: 0.03 };
  s.costs.uplift.push({ from: '2026-27', rate: { dist: 'uniform', min: 0.01, max: 0.04 }, source: 't' });
  s.uncertainty = { seed: 42, draws: 40 };
});
const inputs = (scenario: Scenario) => ({ scenario, table, rulebook, rates, provenance });
const prep = prepareProjection(inputs(uncertain));

describe('reproducible Monte Carlo', () => {
  const a = simulate(inputs(uncertain), { prepared: prep, method: 'direct' });
  it('the same seed gives identical results; another seed does not', () => {
    const b = simulate(inputs(uncertain), { prepared: prepareProjection(inputs(uncertain)), method: 'direct' });
    expect(toRunJson(b)).toEqual(toRunJson(a));
    expect(b.perDraw?.values.scenario).toEqual(a.perDraw?.values.scenario);
    const fast1 = simulate(inputs(uncertain), { prepared: prep });
    const fast2 = simulate(inputs(uncertain), { prepared: prepareProjection(inputs(uncertain)) });
    expect(fast1.method).toBe('fast');
    expect(toRunJson(fast2)).toEqual(toRunJson(fast1));
    const c = simulate(inputs(uncertain), { prepared: prep, seed: 43 });
    expect(c.quantiles['scenario.total'].p90).not.toEqual(a.quantiles['scenario.total'].p90);
    expect(c.central.spend.scenario.total).toEqual(a.central.spend.scenario.total);
  });

  it('gives a range: p10 < p50 < p90 each year, and stamps provenance', () => {
    const q = a.quantiles['scenario.total'];
    for (let i = 0; i < 4; i++) {
      expect(q.p10[i]).toBeLessThan(q.p50[i]);
      expect(q.p50[i]).toBeLessThan(q.p90[i]);
    }
    expect(toRunJson(a).provenance).toEqual({ app: 'test', rulebook: 'sha256:r', data: 'sha256:d', seed: 42, draws: 40 });
  });

  it('draws run in ranges (as workers do) merge to exactly the single run', () => {
    const projector = new Projector(prep);
    const parts = [runDraws(prep, uncertain, 42, 1, 14, { projector }), runDraws(prep, uncertain, 42, 14, 29), runDraws(prep, uncertain, 42, 29, 41)];
    const merged = mergeBatches([parts[2], parts[0], parts[1]], 4, 1, 41);
    const central = runOnce(prep, projector, scenarioOfDraw(uncertain, 42, 0), { detail: true });
    const split = assemble(prep, uncertain, central, merged, provenance, 42);
    expect(toRunJson(split)).toEqual(toRunJson(a));
    expect(merged.values).toEqual(a.perDraw?.values);
  });

  it('the fast path gives every draw the direct path gives (exact algebra, to rounding)', () => {
    const fast = simulate(inputs(uncertain), { prepared: prep, method: 'fast' });
    expect(fast.method).toBe('fast');
    for (const m of ['scenario', 'current', 'tariff', 'plans', 'inYear', 'cumulative', 'allocation', 'nonPlacement'] as const) {
      const x = a.perDraw!.values[m], y = fast.perDraw!.values[m];
      for (let k = 0; k < x.length; k++) expect(Math.abs(y[k] - x[k])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x[k])));
    }
    expect(fast.central).toEqual(a.central);
  });

  it.each(['direct', 'fast'] as const)('a scenario identical to its baseline differs by exactly 0 in every draw (common random numbers, %s)', (method) => {
    const same = applyOverrides(uncertain, { name: 'Same as the baseline', 'demand.joiners.multiplier': { dist: 'interval80', low: 0.9, high: 1.1 } }, { file: 's.json' }).scenario as Scenario;
    const base = method === 'direct' ? a : simulate(inputs(uncertain), { prepared: prep, method });
    const b = simulate(inputs(same), { prepared: prepareProjection(inputs(same)), method });
    for (const m of ['scenario', 'current', 'tariff', 'plans', 'inYear', 'cumulative'] as const) {
      const x = base.perDraw!.values[m], y = b.perDraw!.values[m];
      expect(x.length).toBeGreaterThan(0);
      for (let k = 0; k < x.length; k++) expect(x[k] - y[k]).toBe(0);
    }
  });

  it('a reform shares the baseline\'s draws: the difference is the reform\'s effect, not noise', () => {
    const reform = applyOverrides(uncertain, { 'levers.tariff.adoption': 'all', 'levers.tariff.from': '2025-04-01' }, { file: 'r.json' }).scenario as Scenario;
    const b = simulate(inputs(reform), { prepared: prepareProjection(inputs(reform)) });
    // With every placement on tariff, the scenario basis is the tariff basis draw by draw, so reform − baseline in
    // each draw is exactly that draw's tariff − current.
    const x = a.perDraw!.values, y = b.perDraw!.values;
    for (let k = 0; k < x.scenario.length; k++) expect(y.scenario[k] - x.scenario[k]).toBeCloseTo(x.tariff[k] - x.current[k], 4);
  });
});

describe('tornado', () => {
  it('ranks inputs by swing; each swing is what the input does alone', () => {
    // Inputs whose effect on the in-year balance of the last year is known exactly: allocation growth (3 years of
    // compounding on £60m) and the non-placement uplift (3 years on £10,000), with everything else fixed.
    const s = scenarioOf((x) => {
      x.horizon.years = 4;
      x.funding.allocation.amounts['2025-26'].value = 60_000_000;
      x.funding.allocation.growth = { dist: 'uniform', min: 0, max: 0.05 };
      x.funding.nonPlacement.uplift = { dist: 'uniform', min: 0, max: 0.1 };
      x.levers.tariff.scale = { dist: 'uniform', min: 0.9, max: 1.1 };
    });
    const p = prepareProjection(inputs(s));
    const t = tornado(p, s, { series: 'inYear', year: '2028-29' });
    expect(t.bars.map((b) => b.path)).toEqual(['funding.allocation.growth', 'funding.nonPlacement.uplift', 'levers.tariff.scale']);
    expect(t.bars[0].swing).toBeCloseTo(60_000_000 * (1.045 ** 3 - 1.005 ** 3), 3);
    expect(t.bars[1].swing).toBeCloseTo(10_000 * (1.09 ** 3 - 1.01 ** 3), 6);
    expect(t.bars[2].swing).toBe(0); // no tariff adopted: the scale does not touch the scenario basis
    expect(t.bars[0].atP10).toBeLessThan(t.central);
    expect(t.bars[0].atP90).toBeGreaterThan(t.central);
  });
});

describe('goal seek', () => {
  it('finds the tariff scale that makes tariff spend hit a target (linear: known answer)', () => {
    const s = scenarioOf((x) => (x.horizon.years = 2));
    const p = prepareProjection(inputs(s));
    const projector = new Projector(p);
    const atOne = metricOf(runOnce(p, projector, s), p.years, { series: 'tariff', year: '2026-27' });
    const target = 0.87 * atOne;
    const r = goalSeek(p, s, { path: 'levers.tariff.scale', metric: { series: 'tariff', year: '2026-27' }, target, bracket: [0.5, 1.5], tolerance: 0.01 });
    expect(r.found).toBe(true);
    // Tariff spend = scale × priced part + at-cost part, so the exact answer is (target − at-cost) / priced part.
    const atZero = metricOf(runOnce(p, projector, applyOverrides(s, { 'levers.tariff.scale': 0 }, { file: 'x' }).scenario!), p.years, { series: 'tariff', year: '2026-27' });
    expect(r.value).toBeCloseTo((target - atZero) / (atOne - atZero), 9);
    expect(Math.abs((r.achieved as number) - target)).toBeLessThanOrEqual(0.01);
    expect(r.iterations).toBeLessThan(10);
  });

  it('finds the joiner multiplier that makes the in-year balance 0 in the last year', () => {
    const s = scenarioOf((x) => ((x.horizon.years = 3), (x.funding.allocation.amounts['2025-26'].value = 45_000_000)));
    const p = prepareProjection(inputs(s));
    const r = goalSeek(p, s, { path: 'demand.joiners.multiplier', metric: { series: 'inYear', year: '2027-28' }, target: 0, bracket: [0.5, 1.5], limits: [0, 10] });
    expect(r.found).toBe(true);
    expect(Math.abs(r.achieved as number)).toBeLessThanOrEqual(1);
  });

  it('says why there is no answer when the output never reaches the target', () => {
    const s = scenarioOf((x) => (x.horizon.years = 1));
    const p = prepareProjection(inputs(s));
    const r = goalSeek(p, s, { path: 'demand.joiners.multiplier', metric: { series: 'plans', year: '2025-26' }, target: -5, bracket: [0.5, 1.5], limits: [0, 10] });
    expect(r.found).toBe(false);
    expect(r.reason).toMatch(/no value of demand.joiners.multiplier from 0 to 10 reaches -5/);
  });
});
