// The results workbook with exceljs's browser build (what the Web Worker bundles): no streaming writer there, so
// it writes in memory, and the bytes open as the same workbook.
import { describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

vi.mock('exceljs', () => {
  const browserBuild = createRequire(import.meta.url)('exceljs/dist/exceljs.min.js') as Record<string, unknown>;
  return { default: browserBuild, ...browserBuild };
});

const { default: ExcelJS } = await import('exceljs');
const { writeResultsWorkbook, SHEETS } = await import('../../../models/io/workbook');
const { buildPricingResults } = await import('../../../models/io/results');
const { price } = await import('../../../models/pricing/price');
const { loadRulebook } = await import('../../../models/rules/load');
const { generateSyntheticTable } = await import('../../../models/data/synthetic');

describe('results workbook with the browser build of exceljs', () => {
  const file = 'illustrative-national-bands.rulebook.json';
  const rulebook = loadRulebook(JSON.parse(readFileSync(join(process.cwd(), 'scenarios', 'rulebooks', file), 'utf8')), { file }).rulebook!;
  const results = buildPricingResults(price(generateSyntheticTable({ rows: 300, seed: 2 }), rulebook, { date: '2025-04-01' }));

  it('has no streaming writer, writes in memory and says so if streaming is asked for', async () => {
    expect((ExcelJS as unknown as { stream?: unknown }).stream).toBeUndefined();
    const bytes = await writeResultsWorkbook(results, { written: new Date('2026-11-23T10:00:00Z') });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    expect(wb.getWorksheet(SHEETS.placements)!.rowCount).toBe(301);
    await expect(writeResultsWorkbook(results, { streaming: true })).rejects.toThrow(/streaming workbook writer needs exceljs's Node build/);
  });
});
