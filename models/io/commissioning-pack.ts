/** Writes the commissioner's commissioning pack workbook (Summary, Providers, Placements, Bands, Cap saving by year) with exceljs from a CommissionerAnalysis. */
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import type { CapSavingYear, CommissionerAnalysis } from '../workbench/commissioner';

export const PACK_SHEETS = { summary: 'Summary', providers: 'Providers', placements: 'Placements', bands: 'Bands', capByYear: 'Cap saving by year' } as const;

/** Labels in the Summary sheet's column A. */
export const PACK_LABELS = {
  plans: 'Placements with a band price',
  providers: 'Providers',
  totalFees: 'Fees a year',
  atBandPrice: 'The same placements at band prices',
  premium: 'Fees above band prices',
  premiumPct: 'Fees above band prices (%)',
  cap: 'Cap: band price +',
  capSaving: 'Saving a year from the cap',
  outliers: 'Placements above the cap',
  unpriced: 'Placements without a band price (left out)',
  horizonSaving: 'Saving over the years',
} as const;

const MONEY = '"£"#,##0;[Red]-"£"#,##0';
const PERCENT = '0.0%';
const COUNT = '#,##0';
const RED = 'FFC00000';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } };
/** Data tables start under a title, a note and a blank row. */
const HEADER_ROW = 4;

export interface CommissioningPackOptions {
  /** The saving from the cap in each financial year (capSavingByYear), with the assumption behind it. */
  capByYear?: { years: CapSavingYear[]; total: number; note?: string };
  /** Where the placements came from (shown under the title). */
  data?: string;
  written?: Date;
}

type Kind = 'text' | 'money' | 'percent' | 'count';
interface Column {
  header: string;
  kind: Kind;
  width: number;
}
type Value = string | number | null | { formula: string; result: number | string };

const FORMAT: Record<Kind, string | undefined> = { text: undefined, money: MONEY, percent: PERCENT, count: COUNT };

function setValue(cell: Cell, v: Value): void {
  if (v === null) return;
  cell.value = v;
  // exceljs drops a falsy cached result: put it back so a zero shows before recalculation.
  if (typeof v === 'object' && !v.result) (cell as unknown as { _value: { model: { result?: number | string } } })._value.model.result = v.result;
}

/** Title, a note (red when it is the illustrative flag), a header row, rows, widths, frozen header and an autofilter. */
function table(ws: Worksheet, title: string, note: { text: string; red: boolean }, columns: Column[], rows: Value[][]): void {
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14, color: { argb: 'FF1F3864' } };
  ws.getCell(2, 1).value = note.text;
  ws.getCell(2, 1).font = note.red ? { bold: true, color: { argb: RED } } : { italic: true, color: { argb: 'FF595959' } };
  columns.forEach((c, k) => {
    ws.getColumn(k + 1).width = c.width;
    const h = ws.getCell(HEADER_ROW, k + 1);
    h.value = c.header;
    h.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    h.fill = HEADER_FILL;
    h.alignment = { vertical: 'middle', wrapText: true, horizontal: c.kind === 'text' ? 'left' : 'right', indent: c.kind === 'text' && k > 0 && columns[k - 1].kind !== 'text' ? 1 : 0 };
  });
  ws.getRow(HEADER_ROW).height = 30;
  rows.forEach((row, i) =>
    row.forEach((v, k) => {
      const cell = ws.getCell(HEADER_ROW + 1 + i, k + 1);
      setValue(cell, v);
      const fmt = FORMAT[columns[k].kind];
      if (fmt) cell.numFmt = fmt;
      // Text right after a figure gets an indent, so the two do not run together.
      else if (k > 0 && columns[k - 1].kind !== 'text') cell.alignment = { horizontal: 'left', indent: 1 };
    }),
  );
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW, topLeftCell: `B${HEADER_ROW + 1}` }];
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + Math.max(1, rows.length), column: columns.length } };
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

const OUTLIER_TEXT: Record<string, string> = { 'above-cap': 'above cap', 'above-p90': 'above band × need p90', both: 'above cap and p90' };

/**
 * Writes the commissioning pack and returns its bytes (.xlsx): Summary (totals, cap and saving as formulas over the
 * Placements sheet), Providers, Placements (furthest above band price first, with outlier flags), Bands (the fee
 * distribution per band) and Cap saving by year; the rulebook's illustrative flag in red wherever prices show.
 * @example
 * const a = analyseProviders(table, rulebook, {date: '2026-04-01', cap: 0.1});
 * const bytes = await writeCommissioningPack(a, {capByYear: capSavingByYear(table, rulebook, {cap: 0.1, years, feeGrowth: 0})});
 */
export async function writeCommissioningPack(a: CommissionerAnalysis, options: CommissioningPackOptions = {}): Promise<Uint8Array> {
  const written = options.written ?? new Date();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'High Needs Tariff Modeller';
  wb.created = written;
  wb.modified = written;
  const summary = wb.addWorksheet(PACK_SHEETS.summary);
  const providers = wb.addWorksheet(PACK_SHEETS.providers);
  const placements = wb.addWorksheet(PACK_SHEETS.placements);
  const bands = wb.addWorksheet(PACK_SHEETS.bands);
  const byYear = wb.addWorksheet(PACK_SHEETS.capByYear);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const flag = a.rulebook.illustrative
    ? { text: `Illustrative band prices (${a.rulebook.name}), not official: premiums and savings show the method, not what any provider should be paid.`, red: true }
    : { text: `Band prices: ${a.rulebook.name}. Fees on ${a.date}, £ per placement per year.`, red: false };

  // Placements first: the Summary's formulas point at it. The cap sits on the Summary, so changing it recomputes
  // every cap line and saving.
  const capRef = `'${PACK_SHEETS.summary}'!$B$${capRow()}`;
  const first = HEADER_ROW + 1, lastRow = HEADER_ROW + Math.max(1, a.placements.length);
  const placementColumns: Column[] = [
    { header: 'Placement', kind: 'text', width: 13 }, { header: 'Provider', kind: 'text', width: 14 }, { header: 'Setting', kind: 'text', width: 10 },
    { header: 'Band', kind: 'text', width: 8 }, { header: 'Need', kind: 'text', width: 7 }, { header: 'Plans', kind: 'count', width: 7 },
    { header: 'Fee a year', kind: 'money', width: 13 }, { header: 'Band price', kind: 'money', width: 13 }, { header: 'Premium £', kind: 'money', width: 13 },
    { header: 'Premium %', kind: 'percent', width: 10 }, { header: 'Cap line (band price + cap)', kind: 'money', width: 14 }, { header: 'Cap saving a year', kind: 'money', width: 14 },
    { header: 'Outlier', kind: 'text', width: 20 },
  ];
  table(placements, 'Placements, furthest above band price first', flag, placementColumns, a.placements.map((p, i) => {
    const r = first + i;
    const capLine = p.bandPrice * (1 + a.cap);
    return [
      p.placementId, p.providerId ?? '(no provider)', p.setting, p.band, p.need, p.plans, p.fee, p.bandPrice,
      { formula: `G${r}-H${r}`, result: p.premium }, { formula: `IF(H${r}=0,0,I${r}/H${r})`, result: p.premiumPct },
      { formula: `H${r}*(1+${capRef})`, result: capLine }, { formula: `MAX(0,G${r}-K${r})*F${r}`, result: Math.max(0, p.fee - capLine) * p.plans },
      p.outlier ? OUTLIER_TEXT[p.outlier] : null,
    ];
  }));
  a.placements.forEach((p, i) => {
    if (p.outlier) placements.getCell(first + i, 13).font = { bold: true, color: { argb: RED } };
  });

  // Providers.
  table(providers, 'Independent providers by total fees', flag, [
    { header: 'Provider id', kind: 'text', width: 13 }, { header: 'Provider', kind: 'text', width: 26 }, { header: 'Settings', kind: 'text', width: 12 },
    { header: 'Plans', kind: 'count', width: 7 }, { header: 'Fees a year', kind: 'money', width: 14 }, { header: 'Mean fee', kind: 'money', width: 13 },
    { header: 'Lowest fee', kind: 'money', width: 13 }, { header: 'Highest fee', kind: 'money', width: 13 }, { header: 'Band mix (plans)', kind: 'text', width: 18 },
    { header: 'Mean band price', kind: 'money', width: 13 }, { header: 'Premium £', kind: 'money', width: 12 }, { header: 'Premium %', kind: 'percent', width: 10 },
    { header: 'Placements above cap', kind: 'count', width: 11 }, { header: 'Cap saving a year', kind: 'money', width: 14 },
  ], a.providers.map((p) => [
    p.providerId, p.providerName, p.settings.join(', '), p.plans, p.totalFees, p.meanFee, p.minFee, p.maxFee,
    p.bandMix.map((b) => `${b.band}: ${b.plans.toLocaleString('en-GB')}`).join(', '), p.meanBandPrice, p.premium, p.premiumPct, p.outliers, p.capSaving,
  ]));

  // Bands.
  table(bands, 'Fees in each band', flag, [
    { header: 'Band', kind: 'text', width: 8 }, { header: 'Label', kind: 'text', width: 20 }, { header: 'Plans', kind: 'count', width: 8 },
    { header: 'Band price (lowest)', kind: 'money', width: 13 }, { header: 'Band price (highest)', kind: 'money', width: 13 },
    { header: 'Fee p10', kind: 'money', width: 12 }, { header: 'Fee p25', kind: 'money', width: 12 }, { header: 'Median fee', kind: 'money', width: 12 },
    { header: 'Fee p75', kind: 'money', width: 12 }, { header: 'Fee p90', kind: 'money', width: 12 }, { header: 'Mean fee', kind: 'money', width: 12 },
    { header: 'Providers: mean fee (plans), lowest first', kind: 'text', width: 60 },
  ], a.byBand.map((b) => [
    b.band, b.label, b.plans, b.bandPrice.min, b.bandPrice.max, b.fees.p10, b.fees.p25, b.fees.p50, b.fees.p75, b.fees.p90, b.fees.mean,
    b.providers.map((p) => `${p.providerId} £${Math.round(p.meanFee).toLocaleString('en-GB')} (${p.plans.toLocaleString('en-GB')})`).join('; '),
  ]));

  // Cap saving by year.
  const years = options.capByYear?.years ?? [];
  table(byYear, `Saving from capping fees at band price + ${pct(a.cap)}, by financial year`,
    { text: options.capByYear ? options.capByYear.note ?? 'Today\'s placements; band prices follow the rulebook\'s indexation on each 1 April.' : 'Not computed for this pack.', red: false },
    [{ header: 'Financial year', kind: 'text', width: 14 }, { header: 'Fees', kind: 'money', width: 15 }, { header: 'Fees capped', kind: 'money', width: 15 }, { header: 'Saving', kind: 'money', width: 15 }],
    years.map((y, i) => [y.year, y.fees, y.capped, { formula: `B${HEADER_ROW + 1 + i}-C${HEADER_ROW + 1 + i}`, result: y.saving }]));
  let byYearTotalRow: number | null = null;
  if (years.length) {
    byYearTotalRow = HEADER_ROW + 1 + years.length;
    byYear.getCell(byYearTotalRow, 1).value = 'Total';
    const range = (c: string) => `${c}${HEADER_ROW + 1}:${c}${byYearTotalRow! - 1}`;
    const totals = [years.reduce((s, y) => s + y.fees, 0), years.reduce((s, y) => s + y.capped, 0), years.reduce((s, y) => s + y.fees - y.capped, 0)];
    ['B', 'C', 'D'].forEach((c, k) => {
      const cell = byYear.getCell(`${c}${byYearTotalRow}`);
      setValue(cell, { formula: `SUM(${range(c)})`, result: totals[k] });
      cell.numFmt = MONEY;
      cell.font = { bold: true };
      cell.border = { top: { style: 'thin' } };
    });
    byYear.getCell(byYearTotalRow, 1).font = { bold: true };
  }

  // Summary: formulas over the Placements sheet where they can be.
  const P = `'${PACK_SHEETS.placements}'!`;
  const col = (c: string) => `${P}$${c}$${first}:$${c}$${lastRow}`;
  const aboveCap = a.placements.reduce((s, p) => s + (p.fee > p.bandPrice * (1 + a.cap) ? p.plans : 0), 0);
  summary.getColumn(1).width = 44;
  summary.getColumn(2).width = 18;
  summary.getColumn(3).width = 60;
  const top: Array<[string, { text: string; red?: boolean; bold?: boolean; size?: number; italic?: boolean }]> = [
    ['A1', { text: `Commissioning pack: independent provider fees against band prices`, bold: true, size: 14 }],
    ['A2', { text: flag.text, red: flag.red, italic: !flag.red }],
    ['A3', { text: `Rulebook ${a.rulebook.name} (${a.rulebook.id}); fees on ${a.date}; settings ${a.settings.join(', ')}${options.data ? `; data ${options.data}` : ''}. Written ${written.toISOString().slice(0, 10)}.`, italic: true }],
  ];
  for (const [addr, t] of top) {
    const c = summary.getCell(addr);
    c.value = t.text;
    c.font = { bold: t.bold || t.red, size: t.size, italic: t.italic, color: { argb: t.red ? RED : t.bold ? 'FF1F3864' : 'FF595959' } };
  }
  const lines: Array<[string, Value, Kind, string]> = [
    [PACK_LABELS.plans, { formula: `SUM(${col('F')})`, result: a.plans }, 'count', 'Sum of Plans on Placements'],
    [PACK_LABELS.providers, a.providers.length, 'count', 'Rows on Providers'],
    [PACK_LABELS.totalFees, { formula: `SUMPRODUCT(${col('F')},${col('G')})`, result: a.totalFees }, 'money', 'Σ plans × fee'],
    [PACK_LABELS.atBandPrice, { formula: `SUMPRODUCT(${col('F')},${col('H')})`, result: a.totalAtBandPrice }, 'money', 'Σ plans × band price'],
    [PACK_LABELS.premium, { formula: `B${SUMMARY_FIRST + 2}-B${SUMMARY_FIRST + 3}`, result: a.totalFees - a.totalAtBandPrice }, 'money', ''],
    [PACK_LABELS.premiumPct, { formula: `IF(B${SUMMARY_FIRST + 3}=0,0,B${SUMMARY_FIRST + 4}/B${SUMMARY_FIRST + 3})`, result: a.totalAtBandPrice ? (a.totalFees - a.totalAtBandPrice) / a.totalAtBandPrice : 0 }, 'percent', ''],
    [PACK_LABELS.cap, a.cap, 'percent', 'Change it: every cap line and saving on Placements follows'],
    [PACK_LABELS.capSaving, { formula: `SUM(${col('L')})`, result: a.capSaving }, 'money', 'Sum of Cap saving a year on Placements'],
    [PACK_LABELS.outliers, { formula: `SUMPRODUCT((${col('G')}>${col('K')})*${col('F')})`, result: aboveCap }, 'count', 'Plans whose fee is above band price + cap'],
    [PACK_LABELS.unpriced, a.unpriced, 'count', 'Unbanded, or funded at cost by one of the rulebook\'s exceptions'],
  ];
  if (byYearTotalRow) lines.push([PACK_LABELS.horizonSaving, { formula: `'${PACK_SHEETS.capByYear}'!D${byYearTotalRow}`, result: options.capByYear!.total }, 'money', `${years[0].year} to ${years[years.length - 1].year}: see Cap saving by year`]);
  lines.forEach(([label, v, kind, note], k) => {
    const r = SUMMARY_FIRST + k;
    summary.getCell(r, 1).value = label;
    const cell = summary.getCell(r, 2);
    setValue(cell, v);
    const fmt = FORMAT[kind];
    if (fmt) cell.numFmt = fmt;
    if (label === PACK_LABELS.capSaving || label === PACK_LABELS.totalFees) {
      summary.getCell(r, 1).font = { bold: true };
      cell.font = { bold: true };
    }
    const n = summary.getCell(r, 3);
    n.value = note;
    n.font = { italic: true, color: { argb: 'FF595959' } };
    n.alignment = { indent: 1 };
  });
  const head = summary.getRow(SUMMARY_FIRST - 1);
  ['', 'Value', 'How'].forEach((h, k) => {
    const c = head.getCell(k + 1);
    c.value = k === 0 ? `Cap at band price + ${pct(a.cap)}` : h;
    c.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    c.fill = HEADER_FILL;
    c.alignment = { horizontal: k === 1 ? 'right' : 'left', indent: k === 2 ? 1 : 0 };
  });
  const ten = SUMMARY_FIRST + lines.length + 1;
  summary.getCell(ten, 1).value = `The ten placements furthest above band price are the first ten rows of Placements; Providers lists each provider's mean fee, range, band mix and premium.`;
  summary.getCell(ten, 1).font = { italic: true, color: { argb: 'FF595959' } };
  summary.views = [{ state: 'frozen', ySplit: SUMMARY_FIRST - 1, xSplit: 0 }];
  summary.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** The Summary's first figure row (a header bar sits above it). */
const SUMMARY_FIRST = 6;
/** The Summary row holding the cap (the seventh figure). */
function capRow(): number {
  return SUMMARY_FIRST + 6;
}
