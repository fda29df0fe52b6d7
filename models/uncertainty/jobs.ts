/**
 * The simulation's engine jobs (models/service/jobs.ts lists them): a Monte Carlo run with progress (draws done, ETA)
 * and cancel, a fast central rerun that reuses the prepared cohort cells, a tornado and a goal seek. They run in
 * whatever worker hosts the engine service, never on the UI thread; only results and per-year totals come back.
 */
import type { JobContext, JobHandler } from '../service/engine-service';
import { JobCancelled } from '../service/engine-service';
import type { PlacementTable } from '../data/table';
import { loadRulebook, formatRuleIssue } from '../rules/load';
import { checkRulebookFormulas } from '../rules/check';
import type { Rulebook } from '../rules/rulebook';
import { canonicalJson, rulebookHash, tableHash } from '../io/results';
import { ENGINE_VERSION } from '../service/version';
import { formatScenarioIssue, resolveScenario, type Scenario } from '../projection/scenario';
import { loadRates, type FlowRates } from '../projection/rates';
import { prepareProjection, type PreparedProjection } from '../projection/prepare';
import { Projector } from '../projection/project';
import { fundingProblems } from '../projection/funding';
import { assemble, drawsOfAsync, runDraws, runDrawsAsync, runOnce, SimulationCancelled, type DrawBatch, type SimulationResult } from './simulate';
import { scenarioOfDraw } from './inputs';
import { goalSeek, tornado, type GoalSeekOptions, type Metric } from './sensitivity';

/** What every simulation job is given. */
export interface SimulationPayload {
  /** The scenario's JSON: whole, or a diff whose baselines are in `baselines` (by the reference the diff uses). */
  scenario: unknown;
  baselines?: Record<string, unknown>;
  /** The tariff rulebook's JSON and the derived rates' JSON the scenario names. */
  rulebook: unknown;
  rates: unknown;
  /** The placements: a table sent with the job, or one registered in this worker by name. */
  table?: PlacementTable;
  tableName?: string;
  draws?: number;
  seed?: number;
  /** Only these draws [from, to) (a worker of a pool): returns their per-year totals, nothing else. */
  range?: [number, number];
  /** Keep per-draw yearly totals in the result (for comparing runs under common random numbers). */
  keepDraws?: boolean;
}

const tables = new Map<string, PlacementTable>();

/**
 * Makes a placement table available to simulation jobs in this worker by name (an import job registers its table).
 * @example registerPlacementTable('placements', table); // then {tableName: 'placements'} in a payload
 */
export function registerPlacementTable(name: string, table: PlacementTable): void {
  tables.set(name, table);
}

/**
 * The scenario, rulebook, rates and table of a payload, checked; throws an Error listing every problem.
 * @example readPayload({scenario, rulebook, rates, tableName: 'placements'}).scenario.name
 */
export function readPayload(payload: SimulationPayload): { scenario: Scenario; rulebook: Rulebook; rates: FlowRates; table: PlacementTable } {
  const problems: string[] = [];
  const resolved = resolveScenario(payload.scenario, 'scenario', (ref) => (payload.baselines && ref in payload.baselines ? { json: payload.baselines[ref], file: ref } : { error: `the baseline "${ref}" was not sent with the run.` }));
  if (!resolved.scenario) problems.push(...resolved.issues.filter((i) => i.severity === 'error').map(formatScenarioIssue));
  const rb = loadRulebook(payload.rulebook, { file: 'rulebook' });
  if (!rb.rulebook) problems.push(...rb.issues.filter((i) => i.severity === 'error').map(formatRuleIssue));
  else problems.push(...checkRulebookFormulas(rb.rulebook, 'rulebook').filter((i) => i.severity === 'error').map(formatRuleIssue));
  const rates = loadRates(payload.rates, { file: 'rates' });
  if (!rates.rates) problems.push(...rates.issues.map((i) => `${i.file}: ${i.path}: ${i.message}`));
  const table = payload.table ?? (payload.tableName !== undefined ? tables.get(payload.tableName) : undefined);
  if (!table) problems.push(payload.tableName !== undefined ? `no placement table called "${payload.tableName}" is loaded.` : 'the run was sent no placements.');
  if (problems.length) throw new Error(`The scenario cannot run:\n${problems.join('\n')}`);
  return { scenario: resolved.scenario as Scenario, rulebook: rb.rulebook as Rulebook, rates: rates.rates as FlowRates, table: table as PlacementTable };
}

/** The prepared cells of the last scenario structure run in this worker: reruns after a change reuse them. */
let cache: { key: string; prep: PreparedProjection; projector: Projector; provenance: { app: string; rulebook: string; data: string } } | null = null;
const tableIds = new WeakMap<PlacementTable, number>();
let nextTableId = 1;

/** What the cells depend on: data, rulebook, rates, base, horizon and which levers move placements where. */
function structureKey(s: Scenario, table: PlacementTable, rulebook: Rulebook, rates: FlowRates): string {
  let id = tableIds.get(table);
  if (id === undefined) tableIds.set(table, (id = nextTableId++));
  return canonicalJson({
    table: id,
    rulebook: rulebookHash(rulebook),
    rates: canonicalJson(rates).length + ':' + rates.id,
    base: s.base,
    horizon: s.horizon,
    capacity: s.levers.capacity.map((c) => ({ to: c.to, sources: Object.keys(c.sources).sort(), ages: c.ages ?? null })),
    apReform: s.levers.apReform !== null,
  });
}

/**
 * The prepared projection for a payload, from the cache when only numbers changed.
 * @example const {prep, scenario} = prepared(payload); // a second call with another joiner multiplier reuses prep
 */
export function prepared(payload: SimulationPayload): { scenario: Scenario; prep: PreparedProjection; projector: Projector; provenance: { app: string; rulebook: string; data: string } } {
  const { scenario, rulebook, rates, table } = readPayload(payload);
  const key = structureKey(scenario, table, rulebook, rates);
  if (!cache || cache.key !== key) {
    const prep = prepareProjection({ scenario, table, rulebook, rates });
    const problems = fundingProblems(scenario, prep.las, prep.years);
    if (problems.length) throw new Error(`The scenario cannot run:\n${problems.join('\n')}`);
    cache = { key, prep, projector: new Projector(prep), provenance: { app: ENGINE_VERSION, rulebook: rulebookHash(rulebook), data: tableHash(table) } };
  } else {
    const problems = fundingProblems(scenario, cache.prep.las, cache.prep.years);
    if (problems.length) throw new Error(`The scenario cannot run:\n${problems.join('\n')}`);
  }
  return { scenario, prep: cache.prep, projector: cache.projector, provenance: cache.provenance };
}

function progressOf(context: JobContext) {
  return (done: number, total: number, eta: number | null) => context.progress(done, total, `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} draws${eta === null ? '' : `, about ${Math.ceil(eta)} s left`}`);
}

/**
 * 'simulate': the central run and draws 1…N (or, with `range`, only those draws' totals for a pool to merge).
 * @example service.start('job-7', 'simulate', {scenario, rulebook, rates, tableName: 'placements', draws: 1000})
 */
export const simulateJob: JobHandler = async (raw, context): Promise<SimulationResult | DrawBatch> => {
  const payload = raw as SimulationPayload;
  const { scenario, prep, projector, provenance } = prepared(payload);
  const draws = payload.draws ?? scenario.uncertainty.draws;
  const seed = payload.seed ?? scenario.uncertainty.seed;
  try {
    if (payload.range) return await runDrawsAsync(prep, scenario, seed, payload.range[0], payload.range[1], { cancel: context.cancel, onProgress: progressOf(context) });
    const central = runOnce(prep, projector, scenarioOfDraw(scenario, seed, 0), { detail: true });
    const { batch, method } = await drawsOfAsync(prep, scenario, seed, draws, { cancel: context.cancel, onProgress: progressOf(context) });
    const result = assemble(prep, scenario, central, batch, provenance, seed, method);
    if (!payload.keepDraws) delete result.perDraw;
    return result;
  } catch (e) {
    if (e instanceof SimulationCancelled) throw new JobCancelled();
    throw e;
  }
};

/**
 * 'central': run 0 alone, with its detail: what the UI reruns on every edit (the cells are reused when the
 * structure is unchanged, so a change of a rate or a price costs one run).
 * @example service.start('job-8', 'central', {scenario, rulebook, rates, tableName: 'placements'})
 */
export const centralJob: JobHandler = (raw): SimulationResult => {
  const payload = raw as SimulationPayload;
  const { scenario, prep, projector, provenance } = prepared(payload);
  const seed = payload.seed ?? scenario.uncertainty.seed;
  const central = runOnce(prep, projector, scenarioOfDraw(scenario, seed, 0), { detail: true });
  const result = assemble(prep, scenario, central, runDraws(prep, scenario, seed, 1, 1), provenance, seed);
  delete result.perDraw;
  return result;
};

/**
 * 'tornado': payload + {metric}.
 * @example service.start('job-9', 'tornado', {...payload, metric: {series: 'scenario', year: '2029-30'}})
 */
export const tornadoJob: JobHandler = (raw) => {
  const payload = raw as SimulationPayload & { metric: Metric };
  const { scenario, prep, projector } = prepared(payload);
  return tornado(prep, scenario, payload.metric, projector);
};

/**
 * 'goalSeek': payload + {goal: GoalSeekOptions}.
 * @example service.start('job-10', 'goalSeek', {...payload, goal: {path: 'levers.tariff.scale', metric: {series: 'inYear', year: '2028-29'}, target: 0, bracket: [0.5, 1.5]}})
 */
export const goalSeekJob: JobHandler = (raw) => {
  const payload = raw as SimulationPayload & { goal: GoalSeekOptions };
  const { scenario, prep, projector } = prepared(payload);
  return goalSeek(prep, scenario, payload.goal, projector);
};

export const SIMULATION_JOBS: Record<string, JobHandler> = {
  simulate: simulateJob,
  central: centralJob,
  tornado: tornadoJob,
  goalSeek: goalSeekJob,
};
