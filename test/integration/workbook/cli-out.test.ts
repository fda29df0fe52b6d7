// `hntm price --out results.xlsx`: the workbook is written next to the usual output, its totals are the priced
// totals, and a wrong extension is a usage error.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../cli/main';
import { SHEETS } from '../../../models/io/workbook';

const rules = (f: string) => join('scenarios', 'rulebooks', `${f}.rulebook.json`);
const fixture = (f: string) => join('test', 'fixtures', f);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const made: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'hntm-out-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('hntm price --out', () => {
  it('writes the results workbook and keeps the JSON output clean', async () => {
    const dir = scratch();
    const path = join(dir, 'results.xlsx');
    const r = await run('price', '--rules', rules('illustrative-national-bands'), '--data', fixture('ten-placements.csv'), '--date', '2026-04-01', '--format', 'json', '--out', path);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(readdirSync(dir)).toEqual(['results.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.values(SHEETS));
    const summary = wb.getWorksheet(SHEETS.summary)!;
    let total: ExcelJS.Row | undefined;
    summary.eachRow((row) => {
      if (!total && row.getCell(1).value === 'total') total = row;
    });
    expect(total!.getCell(3).result).toBe(json.totals.plans);
    // The workbook sums placements rounded to pence: within half a penny per placement of the engine's total.
    expect(Math.abs((total!.getCell(6).result as number) - json.totals.price)).toBeLessThanOrEqual(10 * 0.005);
    expect(wb.getWorksheet(SHEETS.placements)!.rowCount).toBe(11);
  });

  it('says where it wrote in the table output', async () => {
    const dir = scratch();
    const r = await run('price', '--rules', rules('current-costs'), '--data', fixture('ten-placements.csv'), '--out', join(dir, 'r.xlsx'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*r\.xlsx: 10 placements, totals as live formulas/);
  });

  it('refuses an --out that is not an .xlsx workbook (exit 2) and writes nothing', async () => {
    const dir = scratch();
    const r = await run('price', '--rules', rules('current-costs'), '--data', fixture('ten-placements.csv'), '--out', join(dir, 'r.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out must name an .xlsx workbook');
    expect(existsSync(join(dir, 'r.csv'))).toBe(false);
  });
});
