// `hntm run SCENARIO --dsg-plan plan.xlsx` end to end on the example council: the plan workbook's totals equal the
// run JSON's totals for every FY, as cached by the writer and as LibreOffice recalculates them (to the penny).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../cli/main';
import { DSG_PLAN_LABELS, DSG_PLAN_SHEET, dsgPlanColumns } from '../../../models/io/dsg-plan-workbook';
import { openRecalcSession } from '../workbook/libreoffice';
import { numberIn, rowOf } from './helpers';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Checks the plan sheet against the run JSON for every FY. */
async function checkAgainstRun(file: string, j: Record<string, any>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(DSG_PLAN_SHEET)!;
  const H = j.years.length;
  const cols = dsgPlanColumns(H);
  const total = rowOf(ws, DSG_PLAN_LABELS.placementsTotal), inYear = rowOf(ws, DSG_PLAN_LABELS.inYear), cumulative = rowOf(ws, DSG_PLAN_LABELS.cumulative), np = rowOf(ws, DSG_PLAN_LABELS.nonPlacementTotal);
  for (let i = 0; i < H; i++) {
    expect(Math.abs(numberIn(ws.getCell(total, cols.plans[i])) - j.plans[i])).toBeLessThan(1e-6);
    expect(Math.abs(numberIn(ws.getCell(total, cols.scenario[i])) - j.spend.scenario.total[i])).toBeLessThan(0.005);
    expect(Math.abs(numberIn(ws.getCell(total, cols.current[i])) - j.spend.current.total[i])).toBeLessThan(0.005);
    expect(Math.abs(numberIn(ws.getCell(np, cols.plans[i])) - j.nonPlacement[i])).toBeLessThan(0.005);
    expect(Math.abs(numberIn(ws.getCell(inYear, cols.plans[i])) - j.funding.inYear[i])).toBeLessThan(0.005);
    expect(Math.abs(numberIn(ws.getCell(cumulative, cols.plans[i])) - j.funding.cumulative[i])).toBeLessThan(0.005);
  }
}

describe('hntm run --dsg-plan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hntm-dsg-'));
  const file = join(dir, 'plan.xlsx');
  let json: Record<string, any>;

  it('writes the plan beside the normal output, its totals equal to the run\'s for every FY', async () => {
    const r = await run('run', 'scenarios/example-council.scenario.json', '--draws', '10', '--format', 'json', '--dsg-plan', file);
    expect(r.code).toBe(0);
    json = JSON.parse(r.stdout);
    expect(json.scenario).toBe('Example council');
    await checkAgainstRun(file, json);
  });

  it('agrees to the penny once LibreOffice recalculates every formula', async () => {
    const lo = openRecalcSession();
    try {
      await checkAgainstRun(await lo.recalculate(file), json);
    } finally {
      lo.remove();
    }
  });

  it('refuses a --dsg-plan that is not .xlsx', async () => {
    const r = await run('run', 'scenarios/example-council.scenario.json', '--dsg-plan', join(dir, 'plan.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dsg-plan must name an .xlsx file');
    rmSync(dir, { recursive: true, force: true });
  });
});
