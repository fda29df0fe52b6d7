/** Writes the DSG management plan workbook (sheet "High needs forecast") with exceljs: live SUM and balance formulas with cached results. */
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import type { DsgPlan, DsgPlanSeries } from '../projection/dsg-plan';
import { columnLetter } from './workbook-layout';

export const DSG_PLAN_SHEET = 'High needs forecast';
export const DSG_PLAN_NOTE = 'Laid out after the DfE DSG management plan template\'s high-needs forecast (no copy of the template was at hand: this layout is the specification).';

/** Labels in column A that tests and readers look for. */
export const DSG_PLAN_LABELS = {
  placementsTotal: 'Total placements',
  placementCosts: 'Placement costs (scenario)',
  nonPlacementTotal: 'Non-placement spend',
  totalSpend: 'Total high-needs spend',
  allocation: 'High-needs allocation',
  inYear: 'In-year balance',
  writeOff: 'Deficit write-off grant',
  broughtForward: 'DSG balance brought forward',
  cumulative: 'Cumulative DSG balance',
  override: 'Statutory override',
} as const;

const MONEY = '"£"#,##0;[Red]-"£"#,##0';
const COUNT = '#,##0';
const NAVY = 'FF1F3864';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } };
const BLOCK_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const TOP_RULE: Partial<ExcelJS.Borders> = { top: { style: 'thin', color: { argb: 'FF7F7F7F' } } };

export interface DsgPlanWorkbookOptions {
  /** When the workbook is written (default: now). */
  written?: Date;
}

/** A formula with its cached result; exceljs drops a falsy cached result, so it is put back. */
function setFormula(cell: Cell, formula: string, result: number): void {
  cell.value = { formula, result };
  if (!result) (cell as unknown as { _value: { model: { result?: number } } })._value.model.result = result;
}

/**
 * The columns of the forecast: A labels; plans, costs (scenario) and costs at today's costs, one column per FY each,
 * with a narrow spacer between the three groups.
 * @example dsgPlanColumns(5).scenario[0] // 8 (column H)
 */
export function dsgPlanColumns(H: number): { plans: number[]; scenario: number[]; current: number[] } {
  const range = (from: number) => Array.from({ length: H }, (_, i) => from + i);
  return { plans: range(2), scenario: range(H + 3), current: range(2 * H + 4) };
}

/**
 * Writes the DSG management plan workbook and returns its bytes (.xlsx): blocks per placement category with an age
 * group per row and a column per FY (numbers of plans, costs on the scenario basis and at today's costs), sub-totals
 * and totals as SUM formulas, then the non-placement, funding and balance lines as formulas, with provenance.
 * @example const bytes = await writeDsgPlanWorkbook(centralDsgPlan(prep, scenario, 7, provenance)); // save as plan.xlsx
 */
export async function writeDsgPlanWorkbook(plan: DsgPlan, options: DsgPlanWorkbookOptions = {}): Promise<Uint8Array> {
  const written = options.written ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'High Needs Tariff Modeller';
  wb.created = written;
  wb.modified = written;
  const ws = wb.addWorksheet(DSG_PLAN_SHEET, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  layOut(ws, plan, written);
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function layOut(ws: Worksheet, plan: DsgPlan, written: Date): void {
  const H = plan.years.length;
  const cols = dsgPlanColumns(H);
  const last = cols.current[H - 1];
  ws.getColumn(1).width = 48;
  for (const c of cols.plans) ws.getColumn(c).width = 15;
  for (const c of [...cols.scenario, ...cols.current]) ws.getColumn(c).width = 15;
  ws.getColumn(H + 2).width = 2;
  ws.getColumn(2 * H + 3).width = 2;
  const yearLabel = (i: number) => (i === plan.overrideEndsIndex ? `${plan.years[i]} ◄` : plan.years[i]);

  // Title, provenance and the note on the layout.
  let r = 1;
  const text = (row: number, value: string, font: Partial<ExcelJS.Font>) => {
    const c = ws.getCell(row, 1);
    c.value = value;
    c.font = font;
  };
  text(r++, `DSG management plan: high-needs forecast — ${plan.scenario}`, { bold: true, size: 14, color: { argb: NAVY } });
  text(r++, `${plan.years[0]} to ${plan.years[H - 1]}, £ a year by financial year (April–March); numbers of EHC plans at the January census inside each year. Costs as the scenario prices placements, and at today's costs (indexed) beside them.`, { size: 11, color: { argb: 'FF404040' } });
  const p = plan.provenance;
  text(r++, p ? `Provenance: High Needs Tariff Modeller ${p.app}; rulebook ${p.rulebook}; data ${p.data}; seed ${p.seed}; ${p.draws.toLocaleString('en-GB')} draws (this sheet shows the central run). Written ${written.toISOString().slice(0, 19).replace('T', ' ')}.` : `Written by High Needs Tariff Modeller ${written.toISOString().slice(0, 19).replace('T', ' ')} (central run).`, { size: 10, color: { argb: 'FF595959' } });
  text(r++, DSG_PLAN_NOTE, { italic: true, color: { argb: 'FF595959' } });
  const overrideInside = plan.overrideEndsIndex >= 0 && plan.overrideEndsIndex < H;
  text(r++, overrideInside ? `◄ The statutory override ends after ${plan.overrideEnds}: cumulative deficits then fall on the council's own books.` : `The statutory override ends after ${plan.overrideEnds}.`, { bold: true, color: { argb: 'FFC00000' } });
  // The long lines wrap across the sheet's width rather than running off the printed page.
  for (let k = 2; k < r; k++) {
    ws.mergeCells(k, 1, k, last);
    ws.getCell(k, 1).alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(k).height = k === 3 ? 28 : 15;
  }
  r++;

  // Two header rows: the groups, then the years.
  const groupRow = ws.getRow(r), yearRow = ws.getRow(r + 1);
  const header = (cell: Cell, value: string, right = false) => {
    cell.value = value;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: right ? 'right' : 'left' };
  };
  for (let c = 1; c <= last; c++) {
    header(groupRow.getCell(c), '');
    header(yearRow.getCell(c), '');
  }
  header(groupRow.getCell(1), 'Placement category');
  header(yearRow.getCell(1), 'Age group');
  header(groupRow.getCell(cols.plans[0]), 'Number of EHC plans (January)');
  header(groupRow.getCell(cols.scenario[0]), 'High-needs costs: scenario (£)');
  header(groupRow.getCell(cols.current[0]), 'High-needs costs at today\'s costs (£)');
  for (let i = 0; i < H; i++) for (const g of [cols.plans, cols.scenario, cols.current]) header(yearRow.getCell(g[i]), yearLabel(i), true);
  const headerRow = r + 1;
  r += 2;

  const putSeries = (row: number, s: DsgPlanSeries, bold = false, fill?: ExcelJS.Fill) => {
    for (let i = 0; i < H; i++) {
      const set = (col: number, v: number, fmt: string) => {
        const c = ws.getCell(row, col);
        c.value = v;
        c.numFmt = fmt;
        if (bold) c.font = { bold: true };
        if (fill) c.fill = fill;
      };
      set(cols.plans[i], s.plans[i], COUNT);
      set(cols.scenario[i], s.scenario[i], MONEY);
      set(cols.current[i], s.current[i], MONEY);
    }
  };
  const sumRow = (row: number, label: string, formulaOf: (col: string) => string, s: DsgPlanSeries, fill: ExcelJS.Fill) => {
    const a = ws.getCell(row, 1);
    a.value = label;
    a.font = { bold: true };
    a.fill = fill;
    for (let c = 2; c <= last; c++) ws.getCell(row, c).fill = fill;
    for (let i = 0; i < H; i++) {
      const put = (col: number, v: number, fmt: string) => {
        const c = ws.getCell(row, col);
        setFormula(c, formulaOf(columnLetter(col)), v);
        c.numFmt = fmt;
        c.font = { bold: true };
        c.border = TOP_RULE;
      };
      put(cols.plans[i], s.plans[i], COUNT);
      put(cols.scenario[i], s.scenario[i], MONEY);
      put(cols.current[i], s.current[i], MONEY);
    }
  };

  // One block per category: its name, an age group per row, and its sub-total.
  const subtotalRows: number[] = [];
  for (const b of plan.blocks) {
    const name = ws.getCell(r, 1);
    name.value = b.label;
    name.font = { bold: true, color: { argb: NAVY } };
    for (let c = 1; c <= last; c++) ws.getCell(r, c).fill = BLOCK_FILL;
    r++;
    const first = r;
    for (const row of b.rows) {
      const a = ws.getCell(r, 1);
      a.value = row.label;
      a.alignment = { indent: 1 };
      putSeries(r, row);
      r++;
    }
    sumRow(r, `Total ${b.label}`, (col) => `SUM(${col}${first}:${col}${r - 1})`, b.total, BLOCK_FILL);
    subtotalRows.push(r);
    r += 2;
  }
  const totalRow = r;
  sumRow(r, DSG_PLAN_LABELS.placementsTotal, (col) => subtotalRows.map((x) => `${col}${x}`).join('+'), plan.placements, TOTAL_FILL);
  r += 3;

  // The high-needs block: spend, funding and balance, in the plans' columns (B onwards) under their own header.
  const fy = cols.plans;
  const lineHeader = ws.getRow(r);
  for (let c = 1; c <= H + 1; c++) header(lineHeader.getCell(c), '');
  header(lineHeader.getCell(1), 'High-needs block: spend, funding and balance (£)');
  for (let i = 0; i < H; i++) header(lineHeader.getCell(fy[i]), yearLabel(i), true);
  r++;
  const label = (row: number, value: string, opts: { bold?: boolean; indent?: number } = {}) => {
    const a = ws.getCell(row, 1);
    a.value = value;
    if (opts.bold) a.font = { bold: true };
    if (opts.indent) a.alignment = { indent: opts.indent };
  };
  const money = (row: number, i: number, v: number | { formula: string; result: number }, bold = false) => {
    const c = ws.getCell(row, fy[i]);
    if (typeof v === 'number') c.value = v;
    else setFormula(c, v.formula, v.result);
    c.numFmt = MONEY;
    if (bold) c.font = { bold: true };
  };
  const placementRow = r;
  label(r, DSG_PLAN_LABELS.placementCosts);
  for (let i = 0; i < H; i++) money(r, i, { formula: `${columnLetter(cols.scenario[i])}${totalRow}`, result: plan.placements.scenario[i] });
  r++;
  let nonPlacementRow: number;
  const nonPlacementResult: number[] = [];
  if (plan.nonPlacement.byLine.length) {
    const first = r;
    for (const l of plan.nonPlacement.byLine) {
      label(r, `${l.line} ${l.label}`, { indent: 1 });
      for (let i = 0; i < H; i++) money(r, i, l.values[i]);
      r++;
    }
    nonPlacementRow = r;
    label(r, DSG_PLAN_LABELS.nonPlacementTotal);
    for (let i = 0; i < H; i++) {
      nonPlacementResult[i] = plan.nonPlacement.byLine.reduce((s, l) => s + l.values[i], 0);
      money(r, i, { formula: `SUM(${columnLetter(fy[i])}${first}:${columnLetter(fy[i])}${r - 1})`, result: nonPlacementResult[i] });
    }
  } else {
    nonPlacementRow = r;
    label(r, DSG_PLAN_LABELS.nonPlacementTotal);
    for (let i = 0; i < H; i++) money(r, i, (nonPlacementResult[i] = plan.nonPlacement.total[i]));
  }
  r++;
  const col = (i: number) => columnLetter(fy[i]);
  label(r, DSG_PLAN_LABELS.totalSpend, { bold: true });
  for (let i = 0; i < H; i++) money(r, i, { formula: `${col(i)}${placementRow}+${col(i)}${nonPlacementRow}`, result: plan.placements.scenario[i] + nonPlacementResult[i] }, true);
  for (let i = 0; i < H; i++) ws.getCell(r, fy[i]).border = TOP_RULE;
  r += 2;
  const allocationRow = r;
  label(r, DSG_PLAN_LABELS.allocation);
  for (let i = 0; i < H; i++) money(r, i, plan.allocation[i]);
  r++;
  const inYearRow = r;
  const inYear = plan.allocation.map((a, i) => a - plan.placements.scenario[i] - nonPlacementResult[i]);
  label(r, `${DSG_PLAN_LABELS.inYear} (allocation − spend)`, { bold: true });
  for (let i = 0; i < H; i++) money(r, i, { formula: `${col(i)}${allocationRow}-${col(i)}${placementRow}-${col(i)}${nonPlacementRow}`, result: inYear[i] }, true);
  r++;
  let writeOffRow: number | null = null;
  if (plan.writeOff) {
    writeOffRow = r;
    label(r, DSG_PLAN_LABELS.writeOff);
    for (let i = 0; i < H; i++) money(r, i, plan.writeOff[i]);
    r++;
  }
  const forwardRow = r, cumulativeRow = r + 1;
  label(forwardRow, DSG_PLAN_LABELS.broughtForward);
  label(cumulativeRow, `${DSG_PLAN_LABELS.cumulative} (S251 1.9.3)`, { bold: true });
  let balance = plan.openingBalance;
  for (let i = 0; i < H; i++) {
    if (i === 0) money(forwardRow, 0, plan.openingBalance);
    else money(forwardRow, i, { formula: `${col(i - 1)}${cumulativeRow}`, result: balance });
    const next = balance + inYear[i] + (plan.writeOff ? plan.writeOff[i] : 0);
    money(cumulativeRow, i, { formula: `${col(i)}${forwardRow}+${col(i)}${inYearRow}${writeOffRow ? `+${col(i)}${writeOffRow}` : ''}`, result: next }, true);
    ws.getCell(cumulativeRow, fy[i]).border = TOP_RULE;
    balance = next;
  }
  r = cumulativeRow + 1;
  label(r, DSG_PLAN_LABELS.override);
  for (let i = 0; i < H; i++) {
    const c = ws.getCell(r, fy[i]);
    c.value = i < plan.overrideEndsIndex ? 'in force' : i === plan.overrideEndsIndex ? 'final year' : 'ended';
    c.alignment = { horizontal: 'right' };
    if (i >= plan.overrideEndsIndex) c.font = { bold: true, color: { argb: 'FFC00000' } };
  }
  r += 2;
  const notes = [
    'Numbers of plans are at the January census inside each financial year; a financial year\'s cost is 5/12 of the academic year ending in it plus 7/12 of the one starting in it.',
    'Placement categories follow DESIGN §2: each setting counts in one category (e.g. independent special schools, NMSS and independent mainstream in NMSS / independent; FE colleges, training providers and specialist post-16 institutions in Post-16 / FE).',
    'Sub-totals, totals and the balance lines are live formulas: change a figure and the sheet recalculates.',
  ];
  for (const n of notes) {
    const c = ws.getCell(r++, 1);
    c.value = n;
    c.font = { italic: true, color: { argb: 'FF595959' } };
  }
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRow, topLeftCell: `B${headerRow + 1}` }];
  ws.pageSetup.printArea = `A1:${columnLetter(last)}${r}`;
}
