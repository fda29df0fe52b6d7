// The DSG plan workbook read back with exceljs: the sheet's totals (cached results of live formulas) equal the run's
// totals for every FY on the example council scenario, with the layout's formulas, formats, panes and provenance.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { centralDsgPlan, type DsgPlan } from '../../../models/projection/dsg-plan';
import { DSG_PLAN_LABELS, DSG_PLAN_NOTE, DSG_PLAN_SHEET, dsgPlanColumns, writeDsgPlanWorkbook } from '../../../models/io/dsg-plan-workbook';
import { prepareProjection } from '../../../models/projection/prepare';
import { Projector } from '../../../models/projection/project';
import { runOnce, type RunOutcome } from '../../../models/uncertainty/simulate';
import { scenarioOfDraw } from '../../../models/uncertainty/inputs';
import { loadRunInputs, loadScenarioFile } from '../../../cli/commands/run';

const PENNY = 0.005;
const provenance = { app: '0.1.0', rulebook: 'sha256:rb', data: 'sha256:data', seed: 2025, draws: 200 };

function exampleCouncil(): { plan: DsgPlan; outcome: RunOutcome } {
  const path = resolve('scenarios/example-council.scenario.json');
  const { scenario } = loadScenarioFile(path);
  const inputs = loadRunInputs(scenario!, path);
  const prep = prepareProjection({ scenario: scenario!, ...inputs });
  const plan = centralDsgPlan(prep, scenario!, scenario!.uncertainty.seed, provenance);
  const outcome = runOnce(prep, new Projector(prep), scenarioOfDraw(scenario!, scenario!.uncertainty.seed, 0));
  return { plan, outcome };
}

/** A cell's number: its cached result when it holds a formula. */
function numberIn(c: ExcelJS.Cell): number {
  const v = c.value as unknown;
  if (typeof v === 'number') return v;
  // A formula's cached result (exceljs's value getter leaves out a result of 0; `result` keeps it).
  if (v && typeof v === 'object' && 'formula' in v) return Number((c as unknown as { result: unknown }).result);
  throw new Error(`${c.address} holds no number: ${JSON.stringify(v)}`);
}

/** The first row whose column A starts with the label. */
function rowOf(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, 1).value;
    if (typeof v === 'string' && v.startsWith(label)) return r;
  }
  throw new Error(`No row "${label}"`);
}

describe('the DSG management plan workbook', async () => {
  const { plan, outcome } = exampleCouncil();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeDsgPlanWorkbook(plan, { written: new Date('2026-03-01T12:00:00Z') })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(DSG_PLAN_SHEET)!;
  const H = plan.years.length;
  const cols = dsgPlanColumns(H);

  it('has a title with the scenario name, provenance and the note on the layout', () => {
    expect(ws.getCell('A1').value).toBe('DSG management plan: high-needs forecast — Example council');
    const top = [2, 3, 4, 5].map((r) => String(ws.getCell(r, 1).value));
    expect(top.some((t) => t.includes('rulebook sha256:rb') && t.includes('data sha256:data') && t.includes('seed 2025') && t.includes('200 draws') && t.includes('0.1.0'))).toBe(true);
    expect(top).toContain(DSG_PLAN_NOTE);
    expect(top.some((t) => t.includes('statutory override ends after 2027-28'))).toBe(true);
  });

  it('totals equal the run\'s totals for every FY (cached results)', () => {
    const total = rowOf(ws, DSG_PLAN_LABELS.placementsTotal);
    const inYear = rowOf(ws, DSG_PLAN_LABELS.inYear), cumulative = rowOf(ws, DSG_PLAN_LABELS.cumulative), nonPlacement = rowOf(ws, DSG_PLAN_LABELS.nonPlacementTotal), allocation = rowOf(ws, DSG_PLAN_LABELS.allocation), spend = rowOf(ws, DSG_PLAN_LABELS.totalSpend);
    for (let i = 0; i < H; i++) {
      expect(Math.abs(numberIn(ws.getCell(total, cols.plans[i])) - outcome.plans[i])).toBeLessThan(1e-6);
      expect(Math.abs(numberIn(ws.getCell(total, cols.scenario[i])) - outcome.spend.scenario.total[i])).toBeLessThan(PENNY);
      expect(Math.abs(numberIn(ws.getCell(total, cols.current[i])) - outcome.spend.current.total[i])).toBeLessThan(PENNY);
      expect(Math.abs(numberIn(ws.getCell(nonPlacement, cols.plans[i])) - outcome.nonPlacement[i])).toBeLessThan(PENNY);
      expect(numberIn(ws.getCell(allocation, cols.plans[i]))).toBe(outcome.funding.allocation[i]);
      expect(Math.abs(numberIn(ws.getCell(spend, cols.plans[i])) - (outcome.spend.scenario.total[i] + outcome.nonPlacement[i]))).toBeLessThan(PENNY);
      expect(Math.abs(numberIn(ws.getCell(inYear, cols.plans[i])) - outcome.funding.inYear[i])).toBeLessThan(PENNY);
      expect(Math.abs(numberIn(ws.getCell(cumulative, cols.plans[i])) - outcome.funding.cumulative[i])).toBeLessThan(PENNY);
    }
  });

  it('each category\'s sub-total is a SUM over its age-group rows, and the total adds the sub-totals', () => {
    const sub = rowOf(ws, 'Total Mainstream');
    expect(ws.getCell(sub - 5, 1).value).toBe('Under 5');
    expect((ws.getCell(sub, 2).value as { formula: string }).formula).toBe(`SUM(B${sub - 5}:B${sub - 1})`);
    const total = rowOf(ws, DSG_PLAN_LABELS.placementsTotal);
    const f = (ws.getCell(total, cols.scenario[0]).value as { formula: string }).formula;
    expect(f.split('+')).toHaveLength(7);
    // Each sub-total's cached result is the sum of its rows' values.
    for (const b of plan.blocks) {
      const r = rowOf(ws, `Total ${b.label}`);
      for (let i = 0; i < H; i++) {
        let s = 0;
        for (let k = 1; k <= 5; k++) s += numberIn(ws.getCell(r - k, cols.scenario[i]));
        expect(numberIn(ws.getCell(r, cols.scenario[i]))).toBeCloseTo(s, 6);
      }
    }
  });

  it('computes the in-year balance as allocation − spend and the cumulative balance as a running formula', () => {
    const inYear = rowOf(ws, DSG_PLAN_LABELS.inYear), cumulative = rowOf(ws, DSG_PLAN_LABELS.cumulative), forward = rowOf(ws, DSG_PLAN_LABELS.broughtForward);
    const allocation = rowOf(ws, DSG_PLAN_LABELS.allocation), placements = rowOf(ws, DSG_PLAN_LABELS.placementCosts), nonPlacement = rowOf(ws, DSG_PLAN_LABELS.nonPlacementTotal);
    expect((ws.getCell(inYear, 3).value as { formula: string }).formula).toBe(`C${allocation}-C${placements}-C${nonPlacement}`);
    expect((ws.getCell(forward, 3).value as { formula: string }).formula).toBe(`B${cumulative}`);
    expect((ws.getCell(cumulative, 3).value as { formula: string }).formula).toBe(`C${forward}+C${inYear}`);
    expect(numberIn(ws.getCell(forward, 2))).toBe(outcome.funding.openingBalance);
  });

  it('marks the end of the statutory override, formats £ and counts, and freezes the headers and labels', () => {
    const row = rowOf(ws, DSG_PLAN_LABELS.override);
    expect(plan.years.map((_, i) => ws.getCell(row, cols.plans[i]).value)).toEqual(['in force', 'in force', 'final year', 'ended', 'ended']);
    const total = rowOf(ws, DSG_PLAN_LABELS.placementsTotal);
    expect(ws.getCell(total, cols.scenario[0]).numFmt).toContain('£');
    expect(ws.getCell(total, cols.plans[0]).numFmt).toBe('#,##0');
    const view = ws.views[0] as { state: string; xSplit: number; ySplit: number };
    expect(view).toMatchObject({ state: 'frozen', xSplit: 1 });
    expect(ws.getCell(view.ySplit, cols.plans[2]).value).toBe('2027-28 ◄');
  });
});
