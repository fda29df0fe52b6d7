/**
 * A chart's data as a table: exactly the series it shows, for the "Download CSV / XLSX" buttons and the table view.
 * Money is written in pounds rounded to pence (unformatted numbers, so Excel can add them up).
 */
import { SECTOR_SERIES, type BandRow, type CompareMetric, type CompareRow, type DsgSeries, type FanRow, type SectorRow, type SettingCostRow, type TornadoRow, type WaterfallStep } from './series';
import { COMPARE_METRIC_LABEL } from './series';

export type CellKind = 'text' | 'money' | 'count' | 'share' | 'number';
export type Cell = string | number | null;

export interface ExportTable {
  /** File name stem, e.g. "spend-by-sector". */
  name: string;
  /** The chart's title, written above the table in exports. */
  title: string;
  columns: string[];
  kinds: CellKind[];
  rows: Cell[][];
  /** Lines written under the table: sources, provenance. */
  notes: string[];
}

interface Column<R> {
  header: string;
  kind: CellKind;
  value: (r: R) => Cell;
}

/** Money to whole pence, as every export writes it. */
export const toPenceValue = (x: number): number => Math.round(x * 100) / 100;

function build<R>(name: string, title: string, rows: readonly R[], columns: ReadonlyArray<Column<R>>, notes: string[] = []): ExportTable {
  return {
    name,
    title,
    columns: columns.map((c) => c.header),
    kinds: columns.map((c) => c.kind),
    rows: rows.map((r) =>
      columns.map((c) => {
        const v = c.value(r);
        return typeof v === 'number' && !Number.isFinite(v) ? null : typeof v === 'number' && c.kind === 'money' ? toPenceValue(v) : v;
      }),
    ),
    notes,
  };
}

export function sectorTable(rows: readonly SectorRow[], title: string): ExportTable {
  return build('spend-by-sector', title, rows, [
    { header: 'Financial year', kind: 'text', value: (r) => r.year },
    ...SECTOR_SERIES.map((s): Column<SectorRow> => ({ header: `${s.label} (£)`, kind: 'money', value: (r) => r[s.key] })),
    { header: 'Total (£)', kind: 'money', value: (r) => r.total },
  ]);
}

export function fanTable(rows: readonly FanRow[], title: string, draws: number): ExportTable {
  return build('spend-range', title, rows, [
    { header: 'Financial year', kind: 'text', value: (r) => r.year },
    { header: 'Central run (£)', kind: 'money', value: (r) => r.central },
    { header: 'p10 (£)', kind: 'money', value: (r) => r.p10 },
    { header: 'p50 (£)', kind: 'money', value: (r) => r.p50 },
    { header: 'p90 (£)', kind: 'money', value: (r) => r.p90 },
  ], [`Percentiles over ${draws} draws; the central run has every uncertain input at its median.`]);
}

export function settingTable(rows: readonly SettingCostRow[], title: string, year: string): ExportTable {
  return build('cost-vs-tariff-by-setting', title, rows, [
    { header: 'Setting', kind: 'text', value: (r) => r.label },
    { header: `Plans (${year})`, kind: 'count', value: (r) => r.plans },
    { header: 'Today’s costs (£)', kind: 'money', value: (r) => r.current },
    { header: 'Full tariff (£)', kind: 'money', value: (r) => r.tariff },
    { header: 'Tariff − today (£)', kind: 'money', value: (r) => r.difference },
  ]);
}

export function bandTable(rows: readonly BandRow[], title: string, date: string): ExportTable {
  return build('plans-by-band', title, rows, [
    { header: 'Band', kind: 'text', value: (r) => r.band },
    { header: 'Label', kind: 'text', value: (r) => r.label },
    { header: 'Plans', kind: 'count', value: (r) => r.plans },
    { header: 'Share of plans', kind: 'share', value: (r) => r.share },
    { header: 'Today’s cost (£)', kind: 'money', value: (r) => r.current },
    { header: 'Price under the rulebook (£)', kind: 'money', value: (r) => r.price },
  ], [`Placements priced on ${date}.`]);
}

export function dsgTable(s: DsgSeries, title: string): ExportTable {
  return build('dsg-balance', title, s.rows, [
    { header: 'Financial year', kind: 'text', value: (r) => r.year },
    { header: 'In-year balance (£)', kind: 'money', value: (r) => r.inYear },
    { header: 'Cumulative balance (£)', kind: 'money', value: (r) => r.cumulative },
    { header: 'Cumulative p10 (£)', kind: 'money', value: (r) => r.p10 },
    { header: 'Cumulative p90 (£)', kind: 'money', value: (r) => r.p90 },
  ], [`Opening balance £${toPenceValue(s.openingBalance)}. Negative = deficit. The statutory override ends after ${s.overrideEnds}.`]);
}

export function waterfallTable(steps: readonly WaterfallStep[], title: string): ExportTable {
  return build('spend-waterfall', title, steps, [
    { header: 'Step', kind: 'text', value: (r) => r.label },
    { header: 'Change or total (£)', kind: 'money', value: (r) => r.value },
    { header: 'Running total (£)', kind: 'money', value: (r) => r.to },
    { header: 'What it measures', kind: 'text', value: (r) => r.note },
  ]);
}

export function tornadoTable(rows: readonly TornadoRow[], title: string, output: string): ExportTable {
  return build('tornado', title, rows, [
    { header: 'Input', kind: 'text', value: (r) => r.label },
    { header: 'Input at p10', kind: 'number', value: (r) => r.inputP10 },
    { header: 'Input at p90', kind: 'number', value: (r) => r.inputP90 },
    { header: `${output} with the input at p10 (£)`, kind: 'money', value: (r) => r.atP10 },
    { header: `${output} with the input at p90 (£)`, kind: 'money', value: (r) => r.atP90 },
    { header: 'Swing (£)', kind: 'money', value: (r) => r.swing },
  ], ['Each input at its 10th and 90th percentile, every other input at its median.']);
}

export function compareTable(rows: readonly CompareRow[], title: string, baselineName: string, names: readonly string[], metric: CompareMetric): ExportTable {
  const what = COMPARE_METRIC_LABEL[metric];
  return build('compare', title, rows, [
    { header: 'Financial year', kind: 'text', value: (r) => r.year },
    { header: `${baselineName}: ${what} (£)`, kind: 'money', value: (r) => r.baseline },
    ...names.flatMap((n, k): Array<Column<CompareRow>> => [
      { header: `${n}: ${what} (£)`, kind: 'money', value: (r) => r.values[k] },
      { header: `${n} − baseline (£)`, kind: 'money', value: (r) => r.deltas[k] },
    ]),
  ], ['Central runs. Runs compared share their random draws (common random numbers), so differences are not sampling noise.']);
}

function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return /[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * RFC 4180 CSV with a byte-order mark (so Excel reads £ and en dashes as UTF-8), the title first, notes last.
 * @example toCsv(table).split('\r\n')[1] // 'Financial year,Maintained (state-funded) (£),…'
 */
export function toCsv(t: ExportTable): string {
  const lines = [csvCell(t.title), t.columns.map(csvCell).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))];
  for (const n of t.notes) lines.push(csvCell(n));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const NUMBER_FORMATS: Record<CellKind, string | undefined> = {
  text: undefined,
  money: '"£"#,##0.00;[Red]-"£"#,##0.00',
  count: '#,##0',
  share: '0.0%',
  number: '#,##0.####',
};

/**
 * The table as an .xlsx workbook (one sheet, title, header, £ formats, frozen header), via exceljs loaded on demand.
 * @example const bytes = await toXlsx(table);
 */
export async function toXlsx(t: ExportTable): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'High Needs Tariff Modeller';
  const ws = wb.addWorksheet(t.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([t.title]).font = { bold: true, size: 13 };
  const header = ws.addRow(t.columns);
  header.font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  t.kinds.forEach((k, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(48, Math.max(12, t.columns[i].length + 2));
    const fmt = NUMBER_FORMATS[k];
    if (fmt) for (let r = 3; r <= t.rows.length + 2; r++) ws.getCell(r, i + 1).numFmt = fmt;
  });
  for (const n of t.notes) ws.addRow([n]).font = { italic: true };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
