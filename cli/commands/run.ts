/**
 * `hntm run SCENARIO [--draws N] [--seed S] [--format table|json] [--out results.xlsx] [--workers N]`: projects a
 * scenario's spend and DSG balance with ranges (DESIGN §6). Draws run in a pool of worker threads (two by default);
 * the result is the same as a single-thread run for the same seed. Also exports validateScenarioFile for validate.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { InputError, readData, readRulebook } from '../sources';
import { pounds, count, table as layout } from '../format';
import { loadDataset, DATASET_NAMES, type DatasetName } from '../datasets';
import { simulateInPool, nodeSumsInPool, defaultWorkers } from '../worker-pool';
import type { Command, Out } from './types';
import { formatScenarioIssue, resolveScenario, type Scenario, type ScenarioIssue } from '../../models/projection/scenario';
import { loadRates, type FlowRates } from '../../models/projection/rates';
import { prepareProjection, type PreparedProjection } from '../../models/projection/prepare';
import { Projector } from '../../models/projection/project';
import { fundingProblems } from '../../models/projection/funding';
import { formatRuleIssue } from '../../models/rules/load';
import type { Rulebook } from '../../models/rules/rulebook';
import type { PlacementTable } from '../../models/data/table';
import { generateSyntheticTable } from '../../models/data/synthetic';
import { rulebookHash, tableHash, buildPricingResults, type YearlyResults } from '../../models/io/results';
import { price } from '../../models/pricing/price';
import { ENGINE_VERSION } from '../../models/service/version';
import { assemble, runDraws, runOnce, toRunJson, type DrawBatch, type SimulationResult } from '../../models/uncertainty/simulate';
import { evaluateDraws, fastPathBlocker, fastPlan, nodeSums } from '../../models/uncertainty/fast';
import { scenarioOfDraw } from '../../models/uncertainty/inputs';
import { SECTOR_CODES, sectorInfo } from '../../models/vocab/sectors';

export const runCommand: Command = {
  name: 'run',
  usage: 'hntm run SCENARIO [--draws N] [--seed S] [--format table|json] [--out results.xlsx] [--dsg-plan plan.xlsx] [--workers N]',
  run: runRun,
};

/** A scenario file resolved through its baselines, or the problems that stop it. */
export function loadScenarioFile(path: string): { scenario: Scenario | null; issues: ScenarioIssue[]; chain: string[] } {
  const read = (p: string): { json: unknown; file: string } | { error: string } => {
    if (!existsSync(p)) return { error: `${p}: no such file.` };
    try {
      return { json: JSON.parse(readFileSync(p, 'utf8')), file: p };
    } catch (e) {
      return { error: `${basename(p)} is not valid JSON: ${(e as Error).message}` };
    }
  };
  const first = read(path);
  if ('error' in first) return { scenario: null, issues: [{ severity: 'error', file: basename(path), path: '(file)', message: first.error }], chain: [] };
  // A baseline names its rulebook, rates and data relative to itself: make those paths absolute as it is read, so
  // they still point at the same files from a diff saved anywhere.
  const anchored = (ref: string, from: string) => {
    const file = resolve(dirname(from), ref);
    const r = read(file);
    if ('error' in r) return r;
    return { json: anchorPaths(r.json, dirname(file)), file };
  };
  const r = resolveScenario(first.json, path, anchored);
  // Messages name files by their base name, as every other message does.
  return { ...r, issues: r.issues.map((i) => ({ ...i, file: basename(i.file) })) };
}

/** A scenario's (or a diff's overrides') file references made absolute against `dir`. */
function anchorPaths(json: unknown, dir: string): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const doc = { ...(json as Record<string, unknown>) };
  const abs = (v: unknown) => (typeof v === 'string' && v !== '' ? resolve(dir, v) : v);
  for (const k of ['rulebook', 'rates']) if (k in doc) doc[k] = abs(doc[k]);
  const data = doc.data as Record<string, unknown> | undefined;
  if (data && typeof data === 'object' && 'file' in data) doc.data = { ...data, file: abs(data.file) };
  const o = doc.overrides as Record<string, unknown> | undefined;
  if (o && typeof o === 'object') {
    const fixed: Record<string, unknown> = { ...o };
    for (const k of ['rulebook', 'rates', 'data.file']) if (k in fixed) fixed[k] = abs(fixed[k]);
    if (fixed.data && typeof fixed.data === 'object' && 'file' in (fixed.data as object)) fixed.data = { ...(fixed.data as object), file: abs((fixed.data as Record<string, unknown>).file) };
    doc.overrides = fixed;
  }
  return doc;
}

/** The inputs a scenario names (data, rulebook, rates), loaded and checked; throws InputError listing problems. */
export function loadRunInputs(scenario: Scenario, scenarioPath: string): { table: PlacementTable; rulebook: Rulebook; rates: FlowRates; data: string } {
  const dir = dirname(scenarioPath);
  const problems: string[] = [];
  const rbPath = resolve(dir, scenario.rulebook);
  let rulebook: Rulebook | null = null;
  if (!existsSync(rbPath)) problems.push(`${basename(scenarioPath)}: rulebook: ${scenario.rulebook} does not exist.`);
  else {
    const r = readRulebook(rbPath);
    rulebook = r.rulebook;
    if (!rulebook) problems.push(...r.issues.filter((i) => i.severity === 'error').map(formatRuleIssue));
  }
  const ratesPath = resolve(dir, scenario.rates);
  let rates: FlowRates | null = null;
  if (!existsSync(ratesPath)) problems.push(`${basename(scenarioPath)}: rates: ${scenario.rates} does not exist.`);
  else {
    try {
      const r = loadRates(JSON.parse(readFileSync(ratesPath, 'utf8')), { file: basename(ratesPath) });
      rates = r.rates;
      problems.push(...r.issues.map((i) => `${i.file}: ${i.path}: ${i.message}`));
    } catch (e) {
      problems.push(`${basename(ratesPath)} is not valid JSON: ${(e as Error).message}`);
    }
  }
  let table: PlacementTable | null = null;
  let data = '';
  const d = scenario.data;
  if (d.dataset !== undefined) {
    if (!(DATASET_NAMES as readonly string[]).includes(d.dataset)) problems.push(`${basename(scenarioPath)}: data.dataset: "${d.dataset}" is not a shipped dataset (${DATASET_NAMES.join(', ')}).`);
    else {
      table = loadDataset(d.dataset as DatasetName);
      data = `dataset ${d.dataset}`;
    }
  } else if (d.synthetic !== undefined) {
    table = generateSyntheticTable({ rows: d.synthetic.rows, seed: d.synthetic.seed, ...(d.synthetic.las ? { las: d.synthetic.las } : {}) });
    data = `synthetic table of ${d.synthetic.rows.toLocaleString('en-GB')} placements (seed ${d.synthetic.seed})`;
  } else if (d.file !== undefined) {
    const loaded = readData(resolve(dir, d.file));
    if (loaded.rejected.length) problems.push(`${loaded.description}: ${loaded.rejected.length} row(s) rejected: run \`hntm validate ${d.file}\` to list them.`);
    table = loaded.table;
    data = loaded.description;
  }
  if (problems.length || !table || !rulebook || !rates) throw new InputError(`${basename(scenarioPath)} cannot run`, problems);
  return { table, rulebook, rates, data };
}

/**
 * Checks a scenario file: its format and overrides (through every baseline), the files it names, and whether its
 * funding covers the LAs in its data. For `hntm validate`.
 * @example validateScenarioFile('scenarios/england-baseline.scenario.json') // {ok: true, lines: ['england-baseline.scenario.json: a valid scenario …']}
 */
export function validateScenarioFile(path: string): { ok: boolean; lines: string[] } {
  const { scenario, issues, chain } = loadScenarioFile(path);
  const lines = issues.map((i) => `${i.severity}: ${formatScenarioIssue(i)}`);
  if (!scenario) {
    lines.push(`${basename(path)}: ${issues.filter((i) => i.severity === 'error').length} error(s): the scenario cannot be used.`);
    return { ok: false, lines };
  }
  try {
    const inputs = loadRunInputs(scenario, path);
    const las = [...new Set(Array.from(new Set((inputs.table.columns.la_code as { codes: Int32Array }).codes), (c) => (inputs.table.columns.la_code as { dictionary: string[] }).dictionary[c]))];
    const first = Number(scenario.horizon.firstYear.slice(0, 4));
    const years = Array.from({ length: scenario.horizon.years }, (_, i) => `${first + i}-${String((first + i + 1) % 100).padStart(2, '0')}`);
    const problems = fundingProblems(scenario, las, years);
    for (const p of problems) lines.push(`error: ${basename(path)}: ${p}`);
    if (problems.length) return { ok: false, lines };
  } catch (e) {
    if (e instanceof InputError) {
      lines.push(...e.lines.map((l) => `error: ${l}`), `${basename(path)}: ${e.message}.`);
      return { ok: false, lines };
    }
    throw e;
  }
  const via = chain.length > 1 ? ` (a diff over ${chain.slice(1).map((c) => basename(c)).join(' → ')})` : '';
  lines.push(`${basename(path)}: a valid scenario${via}: ${scenario.horizon.years} years from ${scenario.horizon.firstYear}, ${scenario.uncertainty.draws} draws.`);
  return { ok: true, lines };
}

/** Simulates a loaded scenario: prepare, central run, draws in a worker pool (or this thread with workers = 1). */
export async function simulateScenario(
  scenario: Scenario,
  inputs: { table: PlacementTable; rulebook: Rulebook; rates: FlowRates },
  options: { draws: number; seed: number; workers: number; onProgress?: (done: number, total: number) => void; prepared?: PreparedProjection; method?: 'auto' | 'direct'; forcePool?: boolean; provenance?: { app: string; rulebook: string; data: string } },
): Promise<SimulationResult> {
  const prep = options.prepared ?? prepareProjection({ scenario, ...inputs });
  const problems = fundingProblems(scenario, prep.las, prep.years);
  if (problems.length) throw new InputError(`${scenario.name} cannot run`, problems);
  const provenance = options.provenance ?? { app: ENGINE_VERSION, rulebook: rulebookHash(inputs.rulebook), data: tableHash(inputs.table) };
  const projector = new Projector(prep);
  const central = runOnce(prep, projector, scenarioOfDraw(scenario, options.seed, 0), { detail: true });
  const fast = options.draws > 0 && options.method !== 'direct' && fastPathBlocker(prep, scenario) === null;
  // Workers pay for their start (about a second each loading the engine, plus a copy of the cells): use them when
  // the runs ahead are long, or when asked for explicitly.
  const runs = fast ? prep.steps + 1 : options.draws;
  const pool = options.workers > 1 && (options.forcePool || prep.cellCount * prep.steps * runs > POOL_WORK);
  let batch: DrawBatch;
  if (fast) {
    const plan = fastPlan(prep, scenario, options.seed, options.draws);
    const sums = pool && plan.nodes.length > 1 ? await nodeSumsInPool(prep, scenario, plan.nodes, { workers: options.workers }) : plan.nodes.map((j) => nodeSums(prep, projector, scenario, j));
    batch = evaluateDraws(prep, scenario, options.seed, 1, options.draws + 1, plan, sums);
  } else
    batch = pool
      ? await simulateInPool(prep, scenario, options.seed, options.draws, { workers: options.workers, onProgress: options.onProgress })
      : runDraws(prep, scenario, options.seed, 1, options.draws + 1, { projector, onProgress: options.onProgress });
  return assemble(prep, scenario, central, batch, provenance, options.seed, fast ? 'fast' : 'direct');
}

/** Cell-steps ahead above which the worker pool is worth starting (a few seconds of work in this thread). */
export const POOL_WORK = 3e8;

function wholeFlag(args: ReturnType<typeof parseArgs>, name: string, min: number, max: number): number | undefined {
  const v = stringFlag(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${v}"`);
  return Number(v);
}

async function runRun(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, { draws: 'value', seed: 'value', format: 'value', out: 'value', workers: 'value', 'dsg-plan': 'value' });
  if (args.positionals.length !== 1) throw new UsageError('run takes exactly one SCENARIO file');
  const path = args.positionals[0];
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const drawsFlag = wholeFlag(args, 'draws', 0, 100_000);
  const seedFlag = wholeFlag(args, 'seed', 0, Number.MAX_SAFE_INTEGER);
  const workersFlag = wholeFlag(args, 'workers', 1, 64);
  const outPath = stringFlag(args, 'out');
  if (outPath !== undefined && !/\.xlsx$/i.test(outPath)) throw new UsageError('--out must name an .xlsx file');
  const planPath = stringFlag(args, 'dsg-plan');
  if (planPath !== undefined && !/\.xlsx$/i.test(planPath)) throw new UsageError('--dsg-plan must name an .xlsx file');
  if (!existsSync(path)) throw new UsageError(`cannot read ${path}: no such file`);

  const { scenario, issues } = loadScenarioFile(path);
  if (!scenario) throw new InputError(`${basename(path)} is not a usable scenario`, issues.filter((i) => i.severity === 'error').map(formatScenarioIssue));
  const inputs = loadRunInputs(scenario, path);
  const draws = drawsFlag ?? scenario.uncertainty.draws;
  const seed = seedFlag ?? scenario.uncertainty.seed;
  const workers = workersFlag ?? defaultWorkers(draws);
  // --workers N asks for the pool even for a short run (and --workers 1 for none).
  const tty = Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  const started = Date.now();
  const onProgress = tty
    ? (done: number, total: number) => {
        const eta = done > 0 ? ((Date.now() - started) / done) * (total - done) / 1000 : 0;
        process.stderr.write(`\r${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} draws, about ${Math.ceil(eta)} s left   `);
      }
    : undefined;
  // The DSG plan needs the central run's setting × age detail: prepare once and share it with the simulation.
  const prepared = planPath !== undefined ? prepareProjection({ scenario, ...inputs }) : undefined;
  const result = await simulateScenario(scenario, inputs, { draws, seed, workers, onProgress, forcePool: workersFlag !== undefined, prepared });
  if (tty) process.stderr.write('\r\u001b[K');
  const json = toRunJson(result);

  if (outPath) {
    const { writeResultsWorkbook } = await import('../../models/io/workbook');
    const priced = price(inputs.table, inputs.rulebook, { date: `${scenario.horizon.firstYear.slice(0, 4)}-04-01` });
    const years: YearlyResults = { ...json, funding: { ...json.funding, writeOff: result.central.funding.writeOff } };
    const results = buildPricingResults(priced, { title: scenario.name, data: inputs.data, years, seed, draws, rulebookHash: json.provenance.rulebook, dataHash: json.provenance.data });
    writeFileSync(outPath, await writeResultsWorkbook(results));
  }
  if (planPath && prepared) {
    const { centralDsgPlan } = await import('../../models/projection/dsg-plan');
    const { writeDsgPlanWorkbook } = await import('../../models/io/dsg-plan-workbook');
    writeFileSync(planPath, await writeDsgPlanWorkbook(centralDsgPlan(prepared, scenario, seed, json.provenance)));
  }
  if (format === 'json') out.log(JSON.stringify(json));
  else {
    out.log(runTable(result, inputs.data, outPath));
    if (planPath) out.log(`DSG management plan written: ${planPath}`);
  }
  return 0;
}

/** The run as a finance officer reads it: £ with separators, one column per financial year. */
export function runTable(r: SimulationResult, data: string, outPath?: string): string {
  const c = r.central;
  const m = (xs: readonly number[]) => xs.map((x) => pounds(x));
  const lines: string[] = [];
  lines.push(`${r.scenario}: ${r.years[0]} to ${r.years[r.years.length - 1]}. Data: ${data}. £ a year; plans at the January census in each year.`);
  lines.push('');
  const overrideCol = r.markers.overrideEndsIndex;
  const head = ['', ...r.years.map((y, i) => (i === overrideCol ? `${y} ◄` : y))];
  const rows: string[][] = [['EHC plans', ...c.plans.map((x) => count(x))]];
  for (const basis of ['current', 'tariff', 'scenario'] as const) {
    const name = basis === 'current' ? 'Spend at today\'s costs' : basis === 'tariff' ? 'Spend at full tariff' : 'Spend in the scenario';
    rows.push([name, ...m(c.spend[basis].total)]);
    for (const s of SECTOR_CODES) rows.push([`  ${sectorInfo(s).label}`, ...m(c.spend[basis].bySector[s])]);
  }
  rows.push(['Non-placement spend', ...m(c.nonPlacement)]);
  rows.push(['High-needs allocation', ...m(c.funding.allocation)]);
  rows.push(['In-year balance', ...m(c.funding.inYear)]);
  if (c.funding.writeOff.some((x) => x !== 0)) rows.push(['Deficit write-off grant', ...m(c.funding.writeOff)]);
  rows.push(['Cumulative DSG balance', ...m(c.funding.cumulative)]);
  if (r.draws > 0) {
    const q = r.quantiles['scenario.total'];
    rows.push([`Scenario spend p10 (${r.draws} draws)`, ...m(q.p10)], ['Scenario spend p50', ...m(q.p50)], ['Scenario spend p90', ...m(q.p90)]);
    const cq = r.quantiles.cumulative;
    rows.push(['Cumulative balance p10', ...m(cq.p10)], ['Cumulative balance p90', ...m(cq.p90)]);
  }
  lines.push(layout(head, rows));
  lines.push('');
  if (overrideCol >= 0 && overrideCol < r.years.length) lines.push(`◄ The statutory override ends after ${r.markers.overrideEnds}: deficits then fall on councils' books.`);
  else lines.push(`The statutory override ends after ${r.markers.overrideEnds}.`);
  if (r.inputs.length) {
    lines.push('Uncertain inputs (p10 – p90):');
    for (const u of r.inputs) lines.push(`  ${u.path}: ${fmt(u.p10)} – ${fmt(u.p90)}`);
  }
  for (const n of r.notes) lines.push(`Note: ${n}`);
  lines.push(`Provenance: app ${r.provenance.app}; rulebook ${r.provenance.rulebook}; data ${r.provenance.data}; seed ${r.provenance.seed}; ${r.provenance.draws} draws; ${r.cells.toLocaleString('en-GB')} cohort cells.`);
  if (outPath) lines.push(`Workbook written: ${outPath}`);
  return lines.join('\n');
}

const fmt = (x: number) => (Math.abs(x) >= 1000 ? x.toLocaleString('en-GB', { maximumFractionDigits: 0 }) : Number(x.toPrecision(4)).toString());

export { formatRuleIssue };
