/**
 * Monte Carlo simulation of a scenario (DESIGN §4 "uncertainty"): run 0 is the central run, draws 1…N sample every
 * uncertain input from (seed, draw, path); only per-year totals of the reported aggregates are kept from each draw.
 * Any range of draws can run anywhere (two workers, two cores) and merge to exactly the single-thread result.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import { SECTOR_CODES, type SectorCode } from '../vocab/sectors';
import { SETTING_CODES, type SettingCode } from '../vocab/settings';
import { DSG_AGE_GROUPS, type DsgAgeGroupCode } from '../vocab/phases';
import type { Scenario } from '../projection/scenario';
import type { FlowRates } from '../projection/rates';
import { prepareProjection, type PreparedProjection } from '../projection/prepare';
import { Projector, assumptionsOf, type StepFlows } from '../projection/project';
import { fundingOf, overrideEndIndex } from '../projection/funding';
import { scenarioOfDraw, uncertainInputs, type UncertainInput } from './inputs';
import { summariseDraws, type YearlySummary } from './quantiles';
import { evaluateDraws, fastPathBlocker, fastPlan, nodeSums } from './fast';

const SECTORS = SECTOR_CODES.length;

/** The per-draw series kept (per-year totals only): width in multiples of the number of years. */
export const DRAW_METRICS = { plans: 1, current: SECTORS, tariff: SECTORS, scenario: SECTORS, nonPlacement: 1, allocation: 1, inYear: 1, cumulative: 1 } as const;
export type DrawMetric = keyof typeof DRAW_METRICS;

/** Yearly totals of draws `from` … `to − 1`, draw-major: values[m][(d − from) × width × H + …]. */
export interface DrawBatch {
  from: number;
  to: number;
  years: number;
  values: Record<DrawMetric, Float64Array>;
}

export interface Provenance {
  app: string;
  rulebook: string;
  data: string;
  seed: number;
  draws: number;
}

export interface SpendBasis {
  total: number[];
  bySector: Record<SectorCode, number[]>;
}

/** One run in full: totals, funding, and (for the central run) the detail behind them. */
export interface RunOutcome {
  plans: number[];
  spend: { current: SpendBasis; tariff: SpendBasis; scenario: SpendBasis };
  nonPlacement: number[];
  funding: { allocation: number[]; inYear: number[]; writeOff: number[]; cumulative: number[]; openingBalance: number };
  bySetting: Record<SettingCode, { plans: number[]; current: number[]; tariff: number[]; scenario: number[] }>;
  plansByAgeGroup: Record<DsgAgeGroupCode, number[]>;
  flows: StepFlows[];
}

export interface SimulationResult {
  scenario: string;
  years: string[];
  central: RunOutcome;
  /** Mean, p10, p50, p90 per year over draws 1…N: "plans", "inYear", "cumulative", "<basis>.total", "<basis>.<sector>", … */
  quantiles: Record<string, YearlySummary>;
  draws: number;
  seed: number;
  inputs: UncertainInput[];
  markers: { overrideEnds: string; overrideEndsIndex: number; writeOffPaidIn: string | null };
  cells: number;
  /** How the draws ran: "fast" (exact runs at a few joiner multipliers, interpolated) or "direct" (a run per draw). */
  method: DrawMethod;
  notes: string[];
  provenance: Provenance;
  /** Per-draw yearly totals (draws 1…N), kept for comparisons under common random numbers (left out of job results). */
  perDraw?: DrawBatch;
}

export type DrawMethod = 'fast' | 'direct';

export interface SimulationInputs {
  scenario: Scenario;
  table: PlacementTable;
  rulebook: Rulebook;
  rates: FlowRates;
  provenance: Omit<Provenance, 'seed' | 'draws'>;
}

export interface Cancel {
  readonly cancelled: boolean;
}

/**
 * Thrown when a run notices it was cancelled.
 * @example try { runDraws(prep, s, 7, 1, 1001, {cancel}) } catch (e) { if (e instanceof SimulationCancelled) … }
 */
export class SimulationCancelled extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('The run was cancelled.');
  }
}

const seriesOf = (a: Float64Array) => Array.from(a);
function basis(bySector: Float64Array, H: number): SpendBasis {
  const by = {} as Record<SectorCode, number[]>;
  SECTOR_CODES.forEach((s, k) => (by[s] = Array.from(bySector.subarray(k * H, (k + 1) * H))));
  // total[i] is the sum of the four sectors exactly as printed (DESIGN §6), so add them in the printed order.
  const exact = Array.from({ length: H }, (_, i) => SECTOR_CODES.reduce((s, sec) => s + by[sec][i], 0));
  return { total: exact, bySector: by };
}

/**
 * Runs one resolved scenario (no distributions left) through the projection and the funding.
 * @example runOnce(prep, new Projector(prep), scenarioOfDraw(s, 7, 0), {detail: true}).plans
 */
export function runOnce(prep: PreparedProjection, projector: Projector, resolved: Scenario, options: { detail?: boolean } = {}): RunOutcome {
  const H = prep.years.length;
  const r = projector.run(assumptionsOf(prep, resolved), { detail: options.detail });
  const spend = { current: basis(r.current, H), tariff: basis(r.tariff, H), scenario: basis(r.scenario, H) };
  const f = fundingOf(resolved, prep.las, prep.years, Float64Array.from(spend.scenario.total));
  const bySetting = {} as RunOutcome['bySetting'];
  const plansByAgeGroup = {} as RunOutcome['plansByAgeGroup'];
  const d = r.detail;
  SETTING_CODES.forEach((s, k) => {
    const slice = (x: Float64Array | undefined) => (x ? Array.from(x.subarray(k * H, (k + 1) * H)) : []);
    bySetting[s] = { plans: slice(d?.plansBySetting), current: slice(d?.currentBySetting), tariff: slice(d?.tariffBySetting), scenario: slice(d?.scenarioBySetting) };
  });
  DSG_AGE_GROUPS.forEach((g, k) => (plansByAgeGroup[g.code] = d ? Array.from(d.plansByAgeGroup.subarray(k * H, (k + 1) * H)) : []));
  const opening = f.cumulative[0] - f.inYear[0] - f.writeOff[0];
  return {
    plans: seriesOf(r.plans),
    spend,
    nonPlacement: seriesOf(f.nonPlacement),
    funding: { allocation: seriesOf(f.allocation), inYear: seriesOf(f.inYear), writeOff: seriesOf(f.writeOff), cumulative: seriesOf(f.cumulative), openingBalance: opening },
    bySetting,
    plansByAgeGroup,
    flows: d?.flows ?? [],
  };
}

function emptyBatch(from: number, to: number, H: number): DrawBatch {
  const n = Math.max(0, to - from);
  const values = {} as Record<DrawMetric, Float64Array>;
  for (const [m, w] of Object.entries(DRAW_METRICS)) values[m as DrawMetric] = new Float64Array(n * w * H);
  return { from, to, years: H, values };
}

function store(batch: DrawBatch, d: number, o: RunOutcome): void {
  const H = batch.years;
  const k = d - batch.from;
  const put = (m: DrawMetric, series: number[][]) => {
    const w = DRAW_METRICS[m];
    const at = k * w * H;
    series.forEach((s, j) => batch.values[m].set(s, at + j * H));
  };
  put('plans', [o.plans]);
  for (const b of ['current', 'tariff', 'scenario'] as const) put(b, SECTOR_CODES.map((s) => o.spend[b].bySector[s]));
  put('nonPlacement', [o.nonPlacement]);
  put('allocation', [o.funding.allocation]);
  put('inYear', [o.funding.inYear]);
  put('cumulative', [o.funding.cumulative]);
}

/**
 * Runs draws `from` … `to − 1` (each ≥ 1) and keeps their yearly totals. Checks `cancel` between draws and reports
 * progress as draws done.
 * @example runDraws(prep, scenario, 7, 1, 501) // the first half of 1,000 draws
 */
export function runDraws(prep: PreparedProjection, scenario: Scenario, seed: number, from: number, to: number, options: { cancel?: Cancel; onProgress?: (done: number, total: number) => void; projector?: Projector } = {}): DrawBatch {
  if (from < 1) throw new RangeError('Draws are numbered from 1 (run 0 is the central run).');
  const projector = options.projector ?? new Projector(prep);
  const batch = emptyBatch(from, to, prep.years.length);
  for (let d = from; d < to; d++) {
    if (options.cancel?.cancelled) throw new SimulationCancelled();
    store(batch, d, runOnce(prep, projector, scenarioOfDraw(scenario, seed, d)));
    options.onProgress?.(d - from + 1, to - from);
  }
  return batch;
}

/**
 * Lets a message through (a cancel) between chunks of draws, where the host has a timer; else a microtask.
 * @example await yieldToEvents();
 */
export function yieldToEvents(): Promise<void> {
  const timer = (globalThis as { setTimeout?: (f: () => void, ms: number) => unknown }).setTimeout;
  return new Promise((resolve) => (timer ? timer(resolve, 0) : Promise.resolve().then(resolve)));
}

/**
 * runDraws in chunks, yielding to the event loop between them so a cancel can arrive, with draws done and an ETA.
 * @example await runDrawsAsync(prep, s, 7, 1, 1001, {onProgress: (done, total, eta) => …, cancel: token})
 */
export async function runDrawsAsync(
  prep: PreparedProjection,
  scenario: Scenario,
  seed: number,
  from: number,
  to: number,
  options: { cancel?: Cancel; onProgress?: (done: number, total: number, etaSeconds: number | null) => void; now?: () => number; chunk?: number } = {},
): Promise<DrawBatch> {
  const projector = new Projector(prep);
  const now = options.now ?? (() => Date.now());
  const started = now();
  const chunk = options.chunk ?? 10;
  const parts: DrawBatch[] = [];
  for (let d = from; d < to; d += chunk) {
    if (options.cancel?.cancelled) throw new SimulationCancelled();
    parts.push(runDraws(prep, scenario, seed, d, Math.min(to, d + chunk), { cancel: options.cancel, projector }));
    const done = Math.min(to, d + chunk) - from;
    const elapsed = (now() - started) / 1000;
    options.onProgress?.(done, to - from, done > 0 ? (elapsed / done) * (to - from - done) : null);
    await yieldToEvents();
  }
  return mergeBatches(parts, prep.years.length, from, to);
}

/**
 * Joins batches of consecutive draws in draw order (from any number of workers) into one.
 * @example mergeBatches([firstHalf, secondHalf], 5, 1, 1001)
 */
export function mergeBatches(batches: readonly DrawBatch[], years: number, from: number, to: number): DrawBatch {
  const out = emptyBatch(from, to, years);
  const sorted = [...batches].sort((a, b) => a.from - b.from);
  let expect = from;
  for (const b of sorted) {
    if (b.from !== expect) throw new Error(`Draw batches leave a gap or overlap at draw ${expect}.`);
    for (const m of Object.keys(DRAW_METRICS) as DrawMetric[]) out.values[m].set(b.values[m], (b.from - from) * DRAW_METRICS[m] * years);
    expect = b.to;
  }
  if (expect !== to) throw new Error(`Draw batches end at ${expect}, not ${to}.`);
  return out;
}

/**
 * Quantiles of every kept series.
 * @example quantilesOf(batch)['scenario.total'].p90
 */
export function quantilesOf(batch: DrawBatch): Record<string, YearlySummary> {
  const H = batch.years;
  const n = batch.to - batch.from;
  const out: Record<string, YearlySummary> = {};
  const one = (name: string, v: Float64Array) => (out[name] = summariseDraws(v, n, H));
  one('plans', batch.values.plans);
  for (const b of ['current', 'tariff', 'scenario'] as const) {
    const v = batch.values[b];
    const total = new Float64Array(n * H);
    SECTOR_CODES.forEach((s, k) => {
      const part = new Float64Array(n * H);
      for (let d = 0; d < n; d++)
        for (let i = 0; i < H; i++) {
          const x = v[d * SECTORS * H + k * H + i];
          part[d * H + i] = x;
          total[d * H + i] += x;
        }
      one(`${b}.${s}`, part);
    });
    one(`${b}.total`, total);
  }
  for (const m of ['nonPlacement', 'allocation', 'inYear', 'cumulative'] as const) one(m, batch.values[m]);
  return out;
}

/**
 * Puts a simulation's parts together: the central run, the draws' quantiles, markers and provenance.
 * @example assemble(prep, scenario, central, batch, provenance)
 */
export function assemble(prep: PreparedProjection, scenario: Scenario, central: RunOutcome, batch: DrawBatch, provenance: Omit<Provenance, 'seed' | 'draws'>, seed: number, method: DrawMethod = 'direct'): SimulationResult {
  const draws = batch.to - batch.from;
  const blocker = method === 'direct' && draws > 0 ? fastPathBlocker(prep, scenario) : null;
  return {
    scenario: scenario.name,
    years: prep.years,
    central,
    quantiles: quantilesOf(batch),
    draws,
    seed,
    inputs: uncertainInputs(scenario),
    markers: { overrideEnds: scenario.funding.overrideEnds, overrideEndsIndex: overrideEndIndex(scenario.funding.overrideEnds, prep.years), writeOffPaidIn: scenario.funding.writeOff.enabled ? scenario.funding.writeOff.paidIn : null },
    cells: prep.cellCount,
    method,
    notes: blocker ? [...prep.notes, `Each draw ran the whole projection: ${blocker}.`] : prep.notes,
    provenance: { ...provenance, seed, draws },
    perDraw: batch,
  };
}

/**
 * Runs draws 1…N by the fast path where the scenario allows it (else directly): exact runs at a few joiner
 * multipliers, then every draw by interpolation. `method` forces one way (tests compare them).
 * @example const {batch, method} = drawsOf(prep, scenario, 7, 1000);
 */
export function drawsOf(prep: PreparedProjection, scenario: Scenario, seed: number, draws: number, options: { method?: 'auto' | DrawMethod; projector?: Projector; cancel?: Cancel; onProgress?: (done: number, total: number) => void } = {}): { batch: DrawBatch; method: DrawMethod } {
  const method = options.method ?? 'auto';
  const projector = options.projector ?? new Projector(prep);
  if (draws > 0 && (method === 'fast' || (method === 'auto' && fastPathBlocker(prep, scenario) === null))) {
    const plan = fastPlan(prep, scenario, seed, draws);
    const sums = plan.nodes.map((j, k) => {
      if (options.cancel?.cancelled) throw new SimulationCancelled();
      const s = nodeSums(prep, projector, scenario, j);
      options.onProgress?.(Math.floor(((k + 1) / plan.nodes.length) * draws * 0.9), draws);
      return s;
    });
    const batch = evaluateDraws(prep, scenario, seed, 1, draws + 1, plan, sums, { cancel: options.cancel });
    options.onProgress?.(draws, draws);
    return { batch, method: 'fast' };
  }
  return { batch: runDraws(prep, scenario, seed, 1, draws + 1, { cancel: options.cancel, onProgress: options.onProgress, projector }), method: 'direct' };
}

/**
 * drawsOf for a worker that must stay responsive: yields to the event loop between exact runs and between chunks of
 * draws (so a cancel can arrive) and reports draws done with an ETA.
 * @example await drawsOfAsync(prep, scenario, 7, 1000, {cancel: token, onProgress: (done, total, eta) => …})
 */
export async function drawsOfAsync(
  prep: PreparedProjection,
  scenario: Scenario,
  seed: number,
  draws: number,
  options: { cancel?: Cancel; onProgress?: (done: number, total: number, etaSeconds: number | null) => void; now?: () => number } = {},
): Promise<{ batch: DrawBatch; method: DrawMethod }> {
  if (draws === 0 || fastPathBlocker(prep, scenario) !== null) return { batch: await runDrawsAsync(prep, scenario, seed, 1, draws + 1, options), method: 'direct' };
  const now = options.now ?? (() => Date.now());
  const started = now();
  const projector = new Projector(prep);
  const plan = fastPlan(prep, scenario, seed, draws);
  const sums: Float64Array[] = [];
  // The exact runs are nearly all the work: report them as the share of draws they stand for.
  for (let k = 0; k < plan.nodes.length; k++) {
    if (options.cancel?.cancelled) throw new SimulationCancelled();
    sums.push(nodeSums(prep, projector, scenario, plan.nodes[k]));
    const done = Math.floor(((k + 1) / plan.nodes.length) * draws * 0.95);
    const elapsed = (now() - started) / 1000;
    options.onProgress?.(done, draws, done > 0 ? (elapsed / done) * (draws - done) : null);
    await yieldToEvents();
  }
  const parts: DrawBatch[] = [];
  for (let d = 1; d <= draws; d += 250) {
    if (options.cancel?.cancelled) throw new SimulationCancelled();
    parts.push(evaluateDraws(prep, scenario, seed, d, Math.min(draws + 1, d + 250), plan, sums, { cancel: options.cancel }));
    await yieldToEvents();
  }
  options.onProgress?.(draws, draws, 0);
  return { batch: mergeBatches(parts, prep.years.length, 1, draws + 1), method: 'fast' };
}

/**
 * Simulates a scenario in this thread: prepare (or reuse `prepared`), the central run, then draws 1…N.
 * @example const r = simulate(inputs, {draws: 200, seed: 7}); r.quantiles['scenario.total'].p90
 */
export function simulate(inputs: SimulationInputs, options: { draws?: number; seed?: number; prepared?: PreparedProjection; cancel?: Cancel; onProgress?: (done: number, total: number) => void; method?: 'auto' | DrawMethod } = {}): SimulationResult {
  const scenario = inputs.scenario;
  const draws = options.draws ?? scenario.uncertainty.draws;
  const seed = options.seed ?? scenario.uncertainty.seed;
  const prep = options.prepared ?? prepareProjection(inputs);
  const projector = new Projector(prep);
  const central = runOnce(prep, projector, scenarioOfDraw(scenario, seed, 0), { detail: true });
  const { batch, method } = drawsOf(prep, scenario, seed, draws, { method: options.method, projector, cancel: options.cancel, onProgress: options.onProgress });
  return assemble(prep, scenario, central, batch, inputs.provenance, seed, method);
}

/** The `hntm run --format json` object (DESIGN §6), field for field. */
export interface RunJson {
  scenario: string;
  years: string[];
  plans: number[];
  spend: { current: SpendBasis; tariff: SpendBasis; scenario: SpendBasis };
  nonPlacement: number[];
  funding: { allocation: number[]; inYear: number[]; cumulative: number[] };
  quantiles: { scenario: { p10: number[]; p50: number[]; p90: number[] } };
  provenance: Provenance;
}

/**
 * The public run JSON (DESIGN §6): the central run's spend on three bases, non-placement spend, funding, the
 * scenario basis's p10/p50/p90 over the draws, and provenance. Nothing else, so scripts can rely on its shape.
 * @example JSON.stringify(toRunJson(simulate(inputs)))
 */
export function toRunJson(r: SimulationResult): RunJson {
  const q = r.quantiles['scenario.total'];
  const c = r.central;
  return {
    scenario: r.scenario,
    years: [...r.years],
    plans: [...c.plans],
    spend: c.spend,
    nonPlacement: [...c.nonPlacement],
    funding: { allocation: [...c.funding.allocation], inYear: [...c.funding.inYear], cumulative: [...c.funding.cumulative] },
    quantiles: { scenario: r.draws > 0 ? { p10: q.p10, p50: q.p50, p90: q.p90 } : { p10: [...c.spend.scenario.total], p50: [...c.spend.scenario.total], p90: [...c.spend.scenario.total] } },
    provenance: { app: r.provenance.app, rulebook: r.provenance.rulebook, data: r.provenance.data, seed: r.provenance.seed, draws: r.provenance.draws },
  };
}
