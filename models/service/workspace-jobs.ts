/**
 * Engine jobs the workspace views need beside the simulation's own (models/uncertainty/jobs.ts): loading a shipped
 * dataset into the worker, pricing summaries, explain traces, the results workbook as bytes, and Monte Carlo runs
 * whose per-draw totals stay in the worker so comparisons under common random numbers never ship draws to the UI.
 */
import ExcelJS from 'exceljs';
import type { JobContext, JobHandler } from './engine-service';
import type { PlacementTable, Column } from '../data/table';
import { buildTable, formatIssue } from '../data/table';
import { readCsvRecords } from '../io/csv';
import { loadRulebook, formatRuleIssue } from '../rules/load';
import type { Rulebook } from '../rules/rulebook';
import { DEFAULT_DATASET_SEED, ENGLAND_2025_SOURCE, EXAMPLE_COUNCIL, expandDefaultDataset } from '../data/default-dataset';
import { price, type Priced } from '../pricing/price';
import { aggregate, totals, type GroupBy, type PriceGroup, type PriceTotals } from '../pricing/aggregate';
import { explain, explainGroup, type GroupTrace, type PlacementTrace } from '../pricing/explain';
import { assumptionRows, buildPricingResults, rulebookHash, tableHash, type AssumptionRow, type YearlyResults } from '../io/results';
import { writeResultsWorkbook, STREAMING_THRESHOLD } from '../io/workbook';
import { fyStartDate } from '../projection/calendar';
import type { Scenario } from '../projection/scenario';
import { SECTOR_CODES } from '../vocab/sectors';
import { S251_LINES } from '../vocab/s251';
import { centralJob, readPayload, registerPlacementTable, simulateJob, tornadoJob, type SimulationPayload } from '../uncertainty/jobs';
import type { Metric } from '../uncertainty/sensitivity';
import { readAssetText } from './assets';
import { formatScenarioIssue, resolveScenario } from '../projection/scenario';
import { quantileSorted } from '../uncertainty/quantiles';
import { DRAW_METRICS, toRunJson, type DrawBatch, type SimulationResult } from '../uncertainty/simulate';

/** The shipped scenarios offered as baselines, in the order they are listed (files under scenarios/). */
export const SHIPPED_SCENARIOS: readonly string[] = [
  'england-baseline.scenario.json',
  'example-council.scenario.json',
  'england-tariff-phased.scenario.json',
  'england-reforms.scenario.json',
  'england-writeoff.scenario.json',
];

/** The shipped datasets a scenario can name by `data.dataset`, and the files they are built from. */
export const SHIPPED_DATASETS = {
  'england-2025': { source: ENGLAND_2025_SOURCE },
  'example-council': { source: EXAMPLE_COUNCIL.source },
} as const;
export type ShippedDatasetName = keyof typeof SHIPPED_DATASETS;

/** Where a scenario's data came from, in the words every export uses. */
export function datasetDescription(name: string | undefined): string {
  return name && name in SHIPPED_DATASETS ? SHIPPED_DATASETS[name as ShippedDatasetName].source : name ?? 'placement data';
}

/**
 * The asset path of a file a shipped scenario names (paths in scenarios are relative to scenarios/).
 * @example assetPathOf('rulebooks/illustrative-national-bands.rulebook.json') // 'scenarios/rulebooks/illustrative-national-bands.rulebook.json'
 */
export function assetPathOf(relative: string): string {
  const parts: string[] = [];
  for (const p of relative.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return `scenarios/${parts.join('/')}`;
}

/** The shipped scenarios and the rulebooks they name, for the Scenario view (documents as JSON). */
export interface ShippedScenarios {
  scenarios: Array<{ file: string; document: unknown }>;
  /** Rulebook documents by the path scenarios use ("rulebooks/….rulebook.json"). */
  rulebooks: Record<string, unknown>;
}

const jsonCache = new Map<string, unknown>();

async function readJson(context: JobContext, path: string): Promise<unknown> {
  if (!jsonCache.has(path)) jsonCache.set(path, JSON.parse(await readAssetText(context.assets, path)));
  return jsonCache.get(path);
}

/**
 * 'scenario.shipped': every shipped scenario and the rulebooks they name, read from the app's shipped files.
 * @example service.start('job-1', 'scenario.shipped', null) // {scenarios: [{file: 'england-baseline.scenario.json', document}], rulebooks}
 */
export const shippedScenariosJob: JobHandler = async (_raw, context): Promise<ShippedScenarios> => {
  const scenarios: ShippedScenarios['scenarios'] = [];
  const rulebooks: Record<string, unknown> = {};
  for (const file of SHIPPED_SCENARIOS) {
    const document = await readJson(context, `scenarios/${file}`);
    scenarios.push({ file, document });
    const ref = (document as { rulebook?: unknown }).rulebook;
    if (typeof ref === 'string' && !(ref in rulebooks)) rulebooks[ref] = await readJson(context, assetPathOf(ref));
  }
  return { scenarios, rulebooks };
};

/** What the workspace sends to run a scenario: the scenario and its baselines; files it names are read here. */
export interface WorkspaceRun {
  /** The scenario's JSON: whole, or a diff whose baselines are in `baselines`. */
  scenario: unknown;
  baselines?: Record<string, unknown>;
  /** The rulebook's JSON when the UI holds an edited one; else the file the scenario names is read. */
  rulebook?: unknown;
  /** A placement table already in this worker ('placements' from the Data view); else the scenario's dataset. */
  tableName?: string;
  draws?: number;
  seed?: number;
}

const tablesByName = new Map<string, PlacementTable>();
const loading = new Map<string, Promise<PlacementTable>>();

/** Builds a shipped dataset in this worker once and registers it for the simulation jobs under its own name. */
async function shippedTable(name: string, context: JobContext): Promise<PlacementTable> {
  const have = tablesByName.get(name);
  if (have) return have;
  if (!loading.has(name)) {
    loading.set(
      name,
      (async () => {
        let table: PlacementTable;
        if (name === 'england-2025') {
          context.progress(0, 1, 'Building the England dataset (638,745 placements)');
          const cells = await readAssetText(context.assets, 'scenarios/datasets/england-2025.cells.csv');
          const rb = loadRulebook(await readJson(context, 'scenarios/rulebooks/dataset-costs.rulebook.json'), { file: 'dataset-costs.rulebook.json' });
          if (!rb.rulebook) throw new Error(`The dataset cost rulebook cannot be used: ${rb.issues.map(formatRuleIssue).join('; ')}`);
          table = expandDefaultDataset(cells, rb.rulebook, DEFAULT_DATASET_SEED);
        } else if (name === 'example-council') {
          context.progress(0, 1, 'Reading the example council');
          const csv = readCsvRecords(await readAssetText(context.assets, 'scenarios/datasets/example-council.csv'));
          const built = buildTable(csv.rows.map((r) => r.values), { file: 'example-council.csv' });
          if (built.rejected.length > 0) throw new Error(`example-council.csv: ${built.rejected.length} row(s) rejected: ${built.issues.filter((i) => i.severity === 'error').slice(0, 3).map(formatIssue).join('; ')}`);
          table = built.table;
        } else throw new Error(`"${name}" is not a shipped dataset (${Object.keys(SHIPPED_DATASETS).join(', ')}).`);
        registerPlacementTable(name, table);
        tablesByName.set(name, table);
        return table;
      })().finally(() => loading.delete(name)),
    );
  }
  return loading.get(name) as Promise<PlacementTable>;
}

/**
 * Completes a workspace run into the simulation's payload: the rulebook and rates the scenario names (read from the
 * shipped files unless sent), and its placements (a shipped dataset, built here on first use).
 */
export async function completePayload(run: WorkspaceRun, context: JobContext): Promise<SimulationPayload> {
  const resolved = resolveScenario(run.scenario, 'scenario', (ref) => (run.baselines && ref in run.baselines ? { json: run.baselines[ref], file: ref } : { error: `the baseline "${ref}" was not sent with the run.` }));
  if (!resolved.scenario) throw new Error(`The scenario cannot run:\n${resolved.issues.filter((i) => i.severity === 'error').map(formatScenarioIssue).join('\n')}`);
  const s = resolved.scenario;
  const rulebook = run.rulebook ?? (await readJson(context, assetPathOf(s.rulebook)));
  const rates = await readJson(context, assetPathOf(s.rates));
  let tableName = run.tableName;
  if (tableName === undefined) {
    if (s.data.dataset === undefined) throw new Error('The scenario names no shipped dataset: load its placements in Data and run it on those.');
    await shippedTable(s.data.dataset, context);
    tableName = s.data.dataset;
  }
  return {
    scenario: run.scenario,
    ...(run.baselines ? { baselines: run.baselines } : {}),
    rulebook,
    rates,
    tableName,
    ...(run.draws !== undefined ? { draws: run.draws } : {}),
    ...(run.seed !== undefined ? { seed: run.seed } : {}),
  };
}

/** The pricing of the last few (table, rulebook, date) combinations: explain and summaries reuse it. */
const pricedCache: Array<{ key: string; priced: Priced }> = [];
const tableIds = new WeakMap<PlacementTable, number>();
let nextTableId = 1;

/** The date a run's figures are priced on for traces and the workbook: the first day of its first financial year. */
export function pricingDateOf(scenario: Scenario): string {
  return fyStartDate(scenario.horizon.firstYear);
}

function pricedFor(table: PlacementTable, rulebook: Rulebook, date: string): Priced {
  let id = tableIds.get(table);
  if (id === undefined) tableIds.set(table, (id = nextTableId++));
  const key = `${id}|${rulebookHash(rulebook)}|${date}`;
  const hit = pricedCache.find((c) => c.key === key);
  if (hit) return hit.priced;
  const priced = price(table, rulebook, { date, file: rulebook.id });
  pricedCache.unshift({ key, priced });
  // A national pricing holds ~20 arrays of 640k rows: keep only a couple.
  pricedCache.length = Math.min(pricedCache.length, 3);
  return priced;
}

async function pricedOfRun(run: WorkspaceRun, context: JobContext): Promise<{ priced: Priced; scenario: Scenario; rulebook: Rulebook; table: PlacementTable; date: string }> {
  const { scenario, rulebook, table } = readPayload(await completePayload(run, context));
  const date = pricingDateOf(scenario);
  return { priced: pricedFor(table, rulebook, date), scenario, rulebook, table, date };
}

/** What the Results view shows of the pricing at the start of the forecast: totals, by band and by setting. */
export interface PricingSummary {
  date: string;
  financialYear: string;
  rulebook: { id: string; name: string; illustrative: boolean; hash: string };
  data: string;
  totals: PriceTotals;
  bands: Array<PriceGroup & { descriptor: string }>;
  settings: PriceGroup[];
  sectors: PriceGroup[];
  issues: string[];
}

/**
 * 'pricing.summary': the scenario's placements priced on the first day of its first financial year.
 * @example service.start('job-2', 'pricing.summary', payload) // {totals: {plans: 638745, current: …}, bands: […]}
 */
export const pricingSummaryJob: JobHandler = async (raw, context): Promise<PricingSummary> => {
  const { priced, scenario, rulebook, date } = await pricedOfRun(raw as WorkspaceRun, context);
  const descriptors = new Map(rulebook.bands.list.map((b) => [b.id, b.descriptor ?? '']));
  return {
    date,
    financialYear: scenario.horizon.firstYear,
    rulebook: { id: rulebook.id, name: rulebook.name, illustrative: rulebook.illustrative, hash: rulebookHash(rulebook) },
    data: datasetDescription(scenario.data.dataset),
    totals: totals(priced),
    bands: aggregate(priced, 'band').map((g) => ({ ...g, descriptor: descriptors.get(g.key) ?? '' })),
    settings: aggregate(priced, 'setting'),
    sectors: aggregate(priced, 'sector'),
    issues: priced.issues.map(formatRuleIssue),
  };
};

/** A parameter behind a figure, with the values that matter for the group and where each came from. */
export interface ParameterBehind {
  name: string;
  label: string;
  unit: string;
  keys: readonly string[];
  /** Values in force on the pricing date, those keyed by the group first; at most 24. */
  values: Array<{ keyValues: readonly string[]; value: number; from: string; source: string }>;
  /** How many values in force were left out of `values`. */
  more: number;
}

export interface GroupExplanation {
  by: GroupBy | 'all';
  key: string;
  date: string;
  rulebook: { id: string; name: string; illustrative: boolean };
  formula: string;
  group: GroupTrace;
  exceptions: Array<{ id: string; label: string; when: string; action: string }>;
  parameters: ParameterBehind[];
  /** The scenario's cost uplifts (indexation of today's costs), each with its source. */
  uplift: Array<{ from: string; rate: unknown; source: string; setting?: string }>;
  data: string;
}

/** explainGroup over every row: the sectors' traces merged (band mix, exceptions and largest contributors summed). */
function explainAll(priced: Priced): GroupTrace {
  const parts = SECTOR_CODES.map((s) => {
    try {
      return explainGroup(priced, 'sector', s);
    } catch {
      return null;
    }
  }).filter((g): g is GroupTrace => g !== null);
  const sum = (f: (g: GroupTrace) => number) => parts.reduce((a, g) => a + f(g), 0);
  const mixOf = (list: Array<Array<{ key: string; plans: number }>>) => {
    const m = new Map<string, number>();
    for (const l of list) for (const x of l) m.set(x.key, (m.get(x.key) ?? 0) + x.plans);
    return m;
  };
  const bands = mixOf(parts.map((g) => g.bandMix.map((b) => ({ key: b.band, plans: b.plans }))));
  const exceptions = mixOf(parts.map((g) => g.exceptions.map((x) => ({ key: x.id, plans: x.plans }))));
  const largest = parts.flatMap((g) => g.largestDifferences).sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference)).slice(0, 10);
  return {
    key: 'all',
    label: 'All placements',
    plans: sum((g) => g.plans),
    current: sum((g) => g.current),
    price: sum((g) => g.price),
    difference: sum((g) => g.difference),
    unpriced: sum((g) => g.unpriced),
    by: 'sector',
    bandMix: priced.bandIds.filter((b) => bands.has(b)).map((band) => ({ band, plans: bands.get(band) as number })).concat(bands.has('(none)') ? [{ band: '(none)', plans: bands.get('(none)') as number }] : []),
    exceptions: [...exceptions].map(([id, plans]) => ({ id, plans })),
    protected: { capped: sum((g) => g.protected.capped), floored: sum((g) => g.protected.floored) },
    largestDifferences: largest,
  };
}

/** The parameters the tariff formula reads, with the values in force that concern the group. */
function parametersBehind(priced: Priced, by: GroupBy | 'all', key: string, group: GroupTrace): ParameterBehind[] {
  const rulebook = priced.rulebook;
  const used = new Set([...priced.compiled.tariff.fieldsUsed, ...priced.compiled.tariff.scalarsUsed]);
  if (rulebook.tariff.placeFunding) used.add(rulebook.tariff.placeFunding);
  for (const x of rulebook.exceptions) for (const name of Object.keys(rulebook.parameters)) if (new RegExp(`\\b${name}\\b`).test(x.when)) used.add(name);
  const rows = assumptionRows(rulebook, priced.date).filter((r) => r.status === 'in force' && used.has(r.name));
  const keyField: Record<string, string> = { setting: 'setting', band: 'band', la: 'la_code', need: 'primary_need', provider: 'provider_id' };
  const field = by === 'all' ? null : keyField[by] ?? null;
  const bandsInGroup = new Set(group.bandMix.filter((b) => b.plans > 0).map((b) => b.band));
  const byName = new Map<string, AssumptionRow[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  const out: ParameterBehind[] = [];
  for (const [name, list] of byName) {
    const first = list[0];
    // Rows keyed by the group's own field (its setting, its band) or by a band the group holds come first.
    const score = (r: AssumptionRow) => {
      let s = 0;
      r.keys.forEach((k, i) => {
        if (field && k === field && r.keyValues[i] === key) s += 2;
        if (k === 'band' && bandsInGroup.has(r.keyValues[i])) s += 1;
      });
      return s;
    };
    // Keep the rows that concern the group most closely (its own setting or band, else the bands it holds).
    const best = Math.max(0, ...list.map(score));
    const relevant = best > 0 ? list.filter((r) => score(r) === best) : list;
    const shown = relevant.slice(0, 24);
    out.push({
      name,
      label: first.label,
      unit: first.unit,
      keys: first.keys,
      values: shown.map((r) => ({ keyValues: r.keyValues, value: r.value, from: r.from, source: r.source })),
      more: list.length - shown.length,
    });
  }
  // Indices (tariff_index) are read through rates; the rate parameter is listed above with its dated sources.
  return out;
}

/**
 * 'explain.group': how the total of one group (a setting, sector, band or LA; or "all") is made on the pricing date.
 * @example service.start('job-3', 'explain.group', {...payload, by: 'setting', key: 'iss'})
 */
export const explainGroupJob: JobHandler = async (raw, context): Promise<GroupExplanation> => {
  const payload = raw as WorkspaceRun & { by: GroupBy | 'all'; key: string };
  const { priced, scenario, rulebook, date } = await pricedOfRun(payload, context);
  const group = payload.by === 'all' ? explainAll(priced) : explainGroup(priced, payload.by, payload.key);
  const uplift: GroupExplanation['uplift'] = scenario.costs.uplift.map((u) => ({ from: u.from, rate: u.rate, source: u.source }));
  for (const [setting, list] of Object.entries(scenario.costs.settingUplift)) for (const u of list ?? []) uplift.push({ from: u.from, rate: u.rate, source: u.source, setting });
  return {
    by: payload.by,
    key: payload.key,
    date,
    rulebook: { id: rulebook.id, name: rulebook.name, illustrative: rulebook.illustrative },
    formula: rulebook.tariff.formula,
    group,
    exceptions: rulebook.exceptions.map((x) => ({ id: x.id, label: x.label, when: x.when, action: x.action })),
    parameters: parametersBehind(priced, payload.by, payload.key, group),
    uplift,
    data: datasetDescription(scenario.data.dataset),
  };
};

/**
 * 'explain.placement': one placement's trace (band rules tested, parameters with dates and sources, the formula's steps).
 * @example service.start('job-4', 'explain.placement', {...payload, placementId: 'E0000123'})
 */
export const explainPlacementJob: JobHandler = async (raw, context): Promise<PlacementTrace> => {
  const payload = raw as WorkspaceRun & { placementId: string };
  const { priced } = await pricedOfRun(payload, context);
  return explain(priced, payload.placementId);
};

/** Whether exceljs's streaming writer is loaded here (Node, the Electron worker) rather than its browser build. */
function canStreamWorkbooks(): boolean {
  const s = (ExcelJS as unknown as { stream?: { xlsx?: { WorkbookWriter?: unknown } } }).stream;
  return typeof s?.xlsx?.WorkbookWriter === 'function';
}

/**
 * A priced table grouped into cohorts of placements alike in LA, setting, need, band, exception, S251 line and
 * protection, each carrying the cohort's count and average amounts. Used where every placement cannot be written
 * (a national table in a browser, whose workbook writer holds the whole workbook in memory).
 */
export function cohortsOf(priced: Priced): { priced: Priced; cohorts: number } {
  const t = priced.table;
  const cat = (name: string) => {
    const c = t.columns[name];
    return c && c.kind === 'category' ? c : null;
  };
  const la = cat('la_code'), setting = cat('setting'), need = cat('primary_need');
  if (!la || !setting || !need) throw new Error('The priced table lacks la_code, setting or primary_need.');
  const sector = priced.context.columns.sector as Int32Array;
  const index = new Map<string, number>();
  const rows: number[] = [];
  const of = new Int32Array(t.rowCount);
  for (let i = 0; i < t.rowCount; i++) {
    const key = `${la.codes[i]}|${setting.codes[i]}|${need.codes[i]}|${priced.band[i]}|${priced.exception[i]}|${priced.s251[i]}|${priced.protection[i]}|${Number.isNaN(priced.tariff[i]) ? 1 : 0}|${Number.isNaN(priced.price[i]) ? 1 : 0}`;
    let k = index.get(key);
    if (k === undefined) {
      k = rows.length;
      index.set(key, k);
      rows.push(i);
    }
    of[i] = k;
  }
  const n = rows.length;
  const weight = new Float64Array(n);
  const sums = { current: new Float64Array(n), tariff: new Float64Array(n), price: new Float64Array(n), placePart: new Float64Array(n), topUpPart: new Float64Array(n), previous: new Float64Array(n) };
  for (let i = 0; i < t.rowCount; i++) {
    const k = of[i];
    const w = priced.weight[i];
    weight[k] += w;
    for (const m of Object.keys(sums) as Array<keyof typeof sums>) sums[m][k] += (priced[m] as Float64Array)[i] * w;
  }
  for (const m of Object.keys(sums) as Array<keyof typeof sums>) for (let k = 0; k < n; k++) sums[m][k] = weight[k] > 0 ? sums[m][k] / weight[k] : sums[m][k];
  const pick = (src: Int32Array) => Int32Array.from(rows, (i) => src[i]);
  const catColumn = (c: { codes: Int32Array; dictionary: readonly string[] }): Column => ({ kind: 'category', codes: pick(c.codes), dictionary: [...c.dictionary] });
  const width = String(n).length;
  const table: PlacementTable = {
    rowCount: n,
    ids: rows.map((_, k) => `C${String(k + 1).padStart(width, '0')}`),
    columns: {
      la_code: catColumn(la),
      setting: catColumn(setting),
      primary_need: catColumn(need),
      age: { kind: 'number', values: new Float64Array(n).fill(NaN) },
      annual_cost: { kind: 'number', values: sums.current },
      count: { kind: 'number', values: weight },
    },
  };
  const sectorField = priced.context.fields.sector;
  const context = { ...priced.context, fields: { ...priced.context.fields, sector: sectorField }, columns: { ...priced.context.columns, sector: pick(sector) } };
  const cohortPriced: Priced = {
    ...priced,
    table,
    context,
    band: pick(priced.band),
    current: sums.current,
    tariff: Float64Array.from(rows, (i, k) => (Number.isNaN(priced.tariff[i]) ? NaN : sums.tariff[k])),
    price: Float64Array.from(rows, (i, k) => (Number.isNaN(priced.price[i]) ? NaN : sums.price[k])),
    placePart: sums.placePart,
    topUpPart: sums.topUpPart,
    previous: sums.previous,
    exception: pick(priced.exception),
    extraTopUp: new Float64Array(n),
    placeFunding: null,
    protection: Int8Array.from(rows, (i) => priced.protection[i]),
    s251: pick(priced.s251),
    weight,
  };
  return { priced: cohortPriced, cohorts: n };
}

export interface WorkbookPayload extends WorkspaceRun {
  /** The run as the UI received it (aggregates and quantiles): its years are written as `hntm run --out` writes them. */
  result: SimulationResult;
  title?: string;
}

/**
 * A run's yearly part of the workbook: the `hntm run --format json` object with the write-off grant, as the CLI's
 * --out writes it.
 * @example yearlyResultsOf(result).funding.writeOff // [0, 0, 0, 0, 0]
 */
export function yearlyResultsOf(result: SimulationResult): YearlyResults {
  const json = toRunJson(result);
  return { ...json, funding: { ...json.funding, writeOff: [...result.central.funding.writeOff] } };
}

export interface WorkbookBytes {
  bytes: Uint8Array;
  /** True when placements were grouped into cohorts (see cohortsOf). */
  cohorts: boolean;
  rows: number;
  /** The Summary sheet's "All placements" current cost, as the workbook carries it. */
  summaryCurrent: number;
}

/**
 * 'results.workbook': the results workbook of a run (Summary, By year with the run's years, By LA, By provider,
 * Placements, Assumptions, Provenance) as .xlsx bytes. Every placement is written where the writer can stream or the
 * table is small; otherwise placements are grouped into cohorts and the workbook says so.
 * @example service.start('job-5', 'results.workbook', {...payload, years: toRunJson(result)})
 */
export const resultsWorkbookJob: JobHandler = async (raw, context): Promise<WorkbookBytes> => {
  const payload = raw as WorkbookPayload;
  context.progress(0, 3, 'Pricing the placements');
  const { priced, scenario, rulebook, table } = await pricedOfRun(payload, context);
  const whole = table.rowCount < STREAMING_THRESHOLD || canStreamWorkbooks();
  const grouped = whole ? null : cohortsOf(priced);
  context.progress(1, 3, 'Laying out the workbook');
  const note = grouped
    ? [`This workbook was written in the browser, which cannot hold ${table.rowCount.toLocaleString('en-GB')} placement rows: the Placements sheet groups them into ${grouped.cohorts.toLocaleString('en-GB')} cohorts of placements alike in LA, setting, need, band, exception and S251 line, each with its count and average amounts, so totals agree with the engine's to within pennies per cohort. The desktop app and \`hntm run --out\` write every placement.`]
    : [];
  const results = buildPricingResults(grouped ? grouped.priced : priced, {
    title: payload.title ?? scenario.name,
    data: datasetDescription(scenario.data.dataset),
    years: yearlyResultsOf(payload.result),
    seed: payload.result.provenance.seed,
    draws: payload.result.provenance.draws,
    rulebookHash: rulebookHash(rulebook),
    dataHash: tableHash(table),
    issues: note,
  });
  context.progress(2, 3, 'Writing the workbook');
  const bytes = await writeResultsWorkbook(results, whole ? {} : { streaming: false, maxProviders: 0 });
  context.progress(3, 3);
  return { bytes, cohorts: grouped !== null, rows: results.placements.rowCount, summaryCurrent: results.totals.current };
};

/** Per-draw yearly totals of recent runs, kept here (never sent to the UI) for comparisons under common random numbers. */
const drawsByRun = new Map<string, { seed: number; batch: DrawBatch; years: string[] }>();
const DRAWS_KEPT = 8;

/**
 * 'workspace.simulate': the simulation's 'simulate' job, keeping the run's per-draw yearly totals in this worker under
 * `runKey` so 'compare.deltas' can difference two runs draw by draw. The result sent back has no draws.
 * @example service.start('job-6', 'workspace.simulate', {...payload, draws: 500, runKey: 'run-3'})
 */
export const workspaceSimulateJob: JobHandler = async (raw, context): Promise<SimulationResult> => {
  const payload = raw as WorkspaceRun & { runKey: string };
  const complete = await completePayload(payload, context);
  const result = (await simulateJob({ ...complete, keepDraws: true }, context)) as SimulationResult;
  if (result.perDraw) {
    drawsByRun.delete(payload.runKey);
    drawsByRun.set(payload.runKey, { seed: result.seed, batch: result.perDraw, years: result.years });
    while (drawsByRun.size > DRAWS_KEPT) drawsByRun.delete(drawsByRun.keys().next().value as string);
  }
  delete result.perDraw;
  return result;
};

/** The difference between two runs in each year: p10, p50 and p90 over draws of (run − baseline), draw by draw. */
export interface DeltaQuantiles {
  runKey: string;
  /** Series differenced: "<basis>.total" for spend, or "cumulative" / "inYear" for the DSG balance. */
  series: Record<string, { p10: number[]; p50: number[]; p90: number[] }>;
}

/** One draw's yearly totals of a metric (spend bases summed over sectors). */
function drawSeries(batch: DrawBatch, metric: string, d: number): Float64Array {
  const H = batch.years;
  const out = new Float64Array(H);
  if (metric === 'cumulative' || metric === 'inYear' || metric === 'plans') {
    out.set(batch.values[metric].subarray(d * H, (d + 1) * H));
    return out;
  }
  const basis = metric.replace('.total', '') as 'current' | 'tariff' | 'scenario';
  const w = DRAW_METRICS[basis];
  const v = batch.values[basis];
  for (let j = 0; j < w; j++) for (let i = 0; i < H; i++) out[i] += v[d * w * H + j * H + i];
  return out;
}

/**
 * 'compare.deltas': quantiles of (run − baseline) per year, draw by draw: because both used the same seed, draw d of
 * each saw the same uncertain inputs, so the spread left is the policy's, not the noise of sampling.
 * @example service.start('job-7', 'compare.deltas', {baseline: 'run-1', runs: ['run-2']})
 */
export const compareDeltasJob: JobHandler = (raw): DeltaQuantiles[] => {
  const payload = raw as { baseline: string; runs: string[] };
  const base = drawsByRun.get(payload.baseline);
  if (!base) throw new Error('The baseline run\'s draws are no longer held by the engine: run it again to compare.');
  return payload.runs.map((key) => {
    const run = drawsByRun.get(key);
    if (!run) throw new Error('A compared run\'s draws are no longer held by the engine: run it again to compare.');
    const n = base.batch.to - base.batch.from;
    if (run.seed !== base.seed || run.batch.to - run.batch.from !== n || run.years.join() !== base.years.join()) {
      throw new Error('Runs compared draw by draw must share the seed, the number of draws and the years.');
    }
    const series: DeltaQuantiles['series'] = {};
    for (const metric of ['scenario.total', 'tariff.total', 'current.total', 'cumulative', 'inYear']) {
      const H = base.batch.years;
      const cols = Array.from({ length: H }, () => new Float64Array(n));
      for (let d = 0; d < n; d++) {
        const a = drawSeries(base.batch, metric, d);
        const b = drawSeries(run.batch, metric, d);
        for (let i = 0; i < H; i++) cols[i][d] = b[i] - a[i];
      }
      const q = { p10: [] as number[], p50: [] as number[], p90: [] as number[] };
      for (const c of cols) {
        c.sort();
        q.p10.push(quantileSorted(c, 0.1));
        q.p50.push(quantileSorted(c, 0.5));
        q.p90.push(quantileSorted(c, 0.9));
      }
      series[metric] = q;
    }
    return { runKey: key, series };
  });
};

/**
 * 'workspace.central': run 0 alone (the simulation's 'central' job), what the Scenario view reruns after each edit.
 * @example service.start('job-8', 'workspace.central', {scenario, baselines})
 */
export const workspaceCentralJob: JobHandler = async (raw, context) => centralJob(await completePayload(raw as WorkspaceRun, context), context);

/**
 * 'workspace.tornado': each uncertain input at its p10 and p90 (the simulation's 'tornado' job) for one output.
 * @example service.start('job-9', 'workspace.tornado', {scenario, baselines, metric: {series: 'scenario', year: '2029-30'}})
 */
export const workspaceTornadoJob: JobHandler = async (raw, context) => {
  const run = raw as WorkspaceRun & { metric: Metric };
  return tornadoJob({ ...(await completePayload(run, context)), metric: run.metric }, context);
};

/** Where a run's DSG figures come from: every funding assumption with its source. */
export interface FundingExplanation {
  scenario: string;
  years: string[];
  allocation: { amounts: Array<{ year: string; value: number; source: string }>; growth: unknown; growthSource: string; byLa: boolean };
  nonPlacement: { lines: Array<{ line: string; label: string; value: number; source: string }>; uplift: unknown; upliftSource: string; byLa: boolean };
  openingBalance: { amount: number; asAt: string; source: string; byLa: boolean };
  writeOff: { enabled: boolean; share: unknown; accruedTo: string; paidIn: string; source: string };
  overrideEnds: string;
  formula: string;
}

/**
 * 'explain.funding': the funding side of a run (allocation, non-placement lines, opening balance, write-off, the end
 * of the statutory override), each with its source, and how the balance is worked out.
 * @example service.start('job-10', 'explain.funding', {scenario, baselines})
 */
export const explainFundingJob: JobHandler = async (raw, context): Promise<FundingExplanation> => {
  const { scenario: s } = readPayload(await completePayload(raw as WorkspaceRun, context));
  const first = Number(s.horizon.firstYear.slice(0, 4));
  const years = Array.from({ length: s.horizon.years }, (_, i) => `${first + i}-${String((first + i + 1) % 100).padStart(2, '0')}`);
  const f = s.funding;
  return {
    scenario: s.name,
    years,
    allocation: { amounts: Object.entries(f.allocation.amounts).sort(([a], [b]) => (a < b ? -1 : 1)).map(([year, a]) => ({ year, value: a.value, source: a.source })), growth: f.allocation.growth, growthSource: f.allocation.growthSource, byLa: f.allocation.byLa !== undefined },
    nonPlacement: {
      lines: Object.entries(f.nonPlacement.lines).map(([line, a]) => ({ line, label: S251_LINES.find((l) => l.code === line)?.label ?? line, value: a.value, source: a.source })),
      uplift: f.nonPlacement.uplift,
      upliftSource: f.nonPlacement.upliftSource,
      byLa: f.nonPlacement.byLa !== undefined,
    },
    openingBalance: { amount: f.openingBalance.amount, asAt: f.openingBalance.asAt, source: f.openingBalance.source, byLa: f.openingBalance.byLa !== undefined },
    writeOff: { enabled: f.writeOff.enabled, share: f.writeOff.share, accruedTo: f.writeOff.accruedTo, paidIn: f.writeOff.paidIn, source: f.writeOff.source },
    overrideEnds: f.overrideEnds,
    formula: 'In-year balance = allocation − placement spend in the scenario − non-placement spend; cumulative balance = last year’s + in-year (+ any write-off grant paid that year).',
  };
};

export const WORKSPACE_JOBS: Record<string, JobHandler> = {
  'scenario.shipped': shippedScenariosJob,
  'workspace.central': workspaceCentralJob,
  'workspace.tornado': workspaceTornadoJob,
  'pricing.summary': pricingSummaryJob,
  'explain.group': explainGroupJob,
  'explain.placement': explainPlacementJob,
  'results.workbook': resultsWorkbookJob,
  'workspace.simulate': workspaceSimulateJob,
  'compare.deltas': compareDeltasJob,
  'explain.funding': explainFundingJob,
};
