// Small, hand-checkable inputs for projection tests: a minimal valid scenario, rates with every flow switched off
// unless a test turns it on, a three-band rulebook, and a table from plain rows.
import { buildTable, type PlacementTable } from '../../../models/data/table';
import { loadRulebook } from '../../../models/rules/load';
import type { Rulebook } from '../../../models/rules/rulebook';
import { validateScenario, type Scenario } from '../../../models/projection/scenario';
import { AGES, type FlowRates } from '../../../models/projection/rates';
import { prepareProjection, type PreparedProjection } from '../../../models/projection/prepare';
import { Projector, assumptionsOf } from '../../../models/projection/project';
import { scenarioOfDraw } from '../../../models/uncertainty/inputs';
import { runOnce, type RunOutcome } from '../../../models/uncertainty/simulate';
import { SETTING_CODES } from '../../../models/vocab/settings';

/** A scenario JSON with every lever off and no uncertainty; `patch` edits it before validation. */
export function scenarioJson(patch: (s: Record<string, any>) => void = () => {}): Record<string, any> {
  const s: Record<string, any> = {
    schemaVersion: 1,
    name: 'Test',
    description: 'test',
    data: { synthetic: { rows: 100, seed: 1 } },
    rulebook: 'test.rulebook.json',
    rates: 'test-rates.json',
    base: { census: '2025-01' },
    horizon: { firstYear: '2025-26', years: 3 },
    demand: {
      joiners: { multiplier: 1, source: 'test' },
      leavers: { multiplier: 1, source: 'test' },
      movers: { multiplier: 1, source: 'test' },
      netOtherChange: { rate: 0, source: 'test' },
      growthOverrides: [],
    },
    costs: { baseYear: '2025-26', uplift: [{ from: '2025-26', rate: 0, source: 'test' }], settingUplift: {} },
    levers: { tariff: { adoption: 'none', from: '2026-04-01', scale: 1, protection: 'none' }, capacity: [], apReform: null, issFeeCap: null },
    funding: {
      allocation: { amounts: { '2025-26': { value: 500000, source: 'test' } }, growth: 0, growthSource: 'test' },
      nonPlacement: { lines: { '1.2.5': { value: 10000, source: 'test' } }, uplift: 0, upliftSource: 'test' },
      openingBalance: { amount: -50000, asAt: '2025-03-31', source: 'test' },
      writeOff: { enabled: false, share: 0.9, accruedTo: '2025-26', paidIn: '2026-27', source: 'test' },
      overrideEnds: '2027-28',
    },
    uncertainty: { seed: 7, draws: 0 },
  };
  patch(s);
  return s;
}

export function scenarioOf(patch?: (s: Record<string, any>) => void): Scenario {
  const r = validateScenario(scenarioJson(patch), { file: 'test.scenario.json' });
  if (!r.scenario) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.scenario;
}

/** Rates with no joiners, leavers (except everyone at 25), movers or net other change. */
export function quietRates(patch: (r: FlowRates) => void = () => {}): FlowRates {
  const zeros = () => new Array<number>(AGES).fill(0);
  const leavers = zeros();
  leavers[AGES - 1] = 1;
  const r: FlowRates = {
    schemaVersion: 1,
    id: 'test-rates',
    description: 'test',
    attribution: 'test',
    flowYear: 2024,
    sameAgeShare: { value: 0.5, source: 'test' },
    joiners: { rateByAge: zeros(), source: 'test' },
    leavers: { rateByAge: leavers, source: 'test' },
    laFactors: { joiners: {}, leavers: {}, source: 'test' },
    joinerSettingMix: { settings: ['mainstream'], byAge: Array.from({ length: AGES }, () => [1]), source: 'test' },
    movers: { method: 'cohort', byAge: [], source: 'test' },
    netOtherChange: { rate: 0, byLa: {}, source: 'test' },
  };
  patch(r);
  return r;
}

/** Three bands: I for independent special schools (£45,000), S for maintained special (£20,000), M otherwise (£5,000). */
export function threeBandRulebook(uplift2026 = 0.1): Rulebook {
  const json = {
    schemaVersion: 1,
    id: 'three-bands',
    name: 'Three test bands',
    description: 'test',
    illustrative: true,
    parameters: {
      base_price: { label: 'Base price', unit: '£', keys: ['band'], values: [{ from: '2025-04-01', value: { I: 45000, S: 20000, M: 5000 }, source: 'test' }] },
      uplift: { label: 'Uplift', unit: 'rate', values: [{ from: '2025-04-01', value: 0, source: 'test' }, { from: '2026-04-01', value: uplift2026, source: 'test' }, { from: '2027-04-01', value: 0, source: 'test' }] },
    },
    indexation: { tariff_index: { label: 'Tariff index', baseYear: '2025-26', rate: 'uplift' } },
    bands: {
      method: 'rules',
      list: [
        { id: 'I', label: 'Independent', descriptor: '', when: 'setting == "iss"' },
        { id: 'S', label: 'Special', descriptor: '', when: 'setting == "special_maintained"' },
        { id: 'M', label: 'Mainstream', descriptor: '', when: 'true' },
      ],
    },
    tariff: { formula: 'base_price * index', indexation: 'tariff_index' },
    exceptions: [],
  };
  const r = loadRulebook(json, { file: 'three-bands.rulebook.json' });
  if (!r.rulebook) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.rulebook;
}

/** Rows → table: each group is [count, setting, age, cost] in LA 202, need ASD (one row per placement). */
export function tableOf(groups: Array<[number, string, number, number]>, la = '202', need = 'ASD'): PlacementTable {
  const rows: Array<Record<string, unknown>> = [];
  for (const [n, setting, age, cost] of groups) for (let k = 0; k < n; k++) rows.push({ placement_id: `P${rows.length + 1}`, la_code: la, setting, age, primary_need: need, annual_cost: cost });
  const { table, issues } = buildTable(rows, { file: 'test.csv' });
  if (issues.some((i) => i.severity === 'error')) throw new Error(issues.map((i) => i.message).join('\n'));
  return table;
}

/** Prepares and runs the central run with detail. */
export function centralRun(scenario: Scenario, table: PlacementTable, rates: FlowRates, rulebook: Rulebook = threeBandRulebook()): { prep: PreparedProjection; outcome: RunOutcome; cells: (setting: string, age: number) => number } {
  const prep = prepareProjection({ scenario, table, rulebook, rates }, { minShare: 0 });
  const projector = new Projector(prep);
  const resolved = scenarioOfDraw(scenario, scenario.uncertainty.seed, 0);
  const outcome = runOnce(prep, projector, resolved, { detail: true });
  const final = projector.run(assumptionsOf(prep, resolved), { detail: true }).detail?.finalCells as Float64Array;
  const cells = (setting: string, age: number) => {
    let s = 0;
    for (let c = 0; c < prep.cellCount; c++) if (prep.cellAge[c] === age && SETTING(prep.cellSetting[c]) === setting) s += final[c];
    return s;
  };
  return { prep, outcome, cells };
}

const SETTING = (k: number) => SETTING_CODES[k];
