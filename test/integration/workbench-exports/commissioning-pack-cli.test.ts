// `hntm providers --out pack.xlsx` end to end on the hand-worked example (test/unit/workbench/commissioner.test.ts):
// the pack's cap saving is 26,000 as cached and as LibreOffice recalculates the Summary's formulas over Placements.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../cli/main';
import { PACK_LABELS, PACK_SHEETS } from '../../../models/io/commissioning-pack';
import { openRecalcSession } from '../workbook/libreoffice';
import { numberIn, rowOf } from './helpers';

const rulebook = {
  schemaVersion: 1, id: 'two-bands', name: 'Two bands', description: 'test', illustrative: true,
  parameters: { base_price: { label: 'Band price', unit: '£', keys: ['band'], values: [{ from: '2025-04-01', value: { A: 50000, B: 40000 }, source: 'test' }] } },
  indexation: {},
  bands: { method: 'rules', list: [{ id: 'A', label: 'Band A', descriptor: '', when: 'primary_need == "ASD"' }, { id: 'B', label: 'Band B', descriptor: '', when: 'true' }] },
  tariff: { formula: 'base_price' },
  exceptions: [],
};
const csv = ['placement_id,la_code,setting,age,primary_need,annual_cost,provider_id,provider_name',
  'a1,330,iss,12,ASD,60000,PA,Provider PA', 'a2,330,iss,12,ASD,48000,PA,Provider PA', 'a3,330,iss,12,MLD,50000,PA,Provider PA',
  'b1,330,iss,12,ASD,70000,PB,Provider PB', 'b2,330,iss,12,MLD,41000,PB,Provider PB', 'm1,330,mainstream,12,MLD,3000,PM,Provider PM'].join('\n');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function capSaving(file: string): Promise<{ saving: number; placements: number; pa: unknown[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const s = wb.getWorksheet(PACK_SHEETS.summary)!;
  const p = wb.getWorksheet(PACK_SHEETS.providers)!;
  return { saving: numberIn(s.getCell(rowOf(s, PACK_LABELS.capSaving), 2)), placements: numberIn(s.getCell(rowOf(s, PACK_LABELS.plans), 2)), pa: [p.getCell('A5').value, p.getCell('D5').value, p.getCell('E5').value] };
}

describe('hntm providers --out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hntm-pack-'));
  writeFileSync(join(dir, 'two.rulebook.json'), JSON.stringify(rulebook));
  writeFileSync(join(dir, 'providers.csv'), csv);
  const file = join(dir, 'pack.xlsx');

  it('writes the commissioning pack: cap saving 26,000 and the providers as worked by hand', async () => {
    const r = await run('providers', '--rules', join(dir, 'two.rulebook.json'), '--data', join(dir, 'providers.csv'), '--date', '2025-04-01', '--cap', '10%', '--out', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Commissioning pack written: ${file}`);
    const got = await capSaving(file);
    expect(got.saving).toBeCloseTo(26000, 6);
    expect(got.placements).toBe(5);
    expect(got.pa).toEqual(['PA', 3, 158000]);
  });

  it('LibreOffice recalculates the same saving from the Placements sheet', async () => {
    const lo = openRecalcSession();
    try {
      const got = await capSaving(await lo.recalculate(file));
      expect(got.saving).toBeCloseTo(26000, 2);
      expect(got.placements).toBe(5);
    } finally {
      lo.remove();
    }
  });

  it('refuses an --out that is not .xlsx', async () => {
    const r = await run('providers', '--rules', join(dir, 'two.rulebook.json'), '--data', join(dir, 'providers.csv'), '--out', join(dir, 'pack.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out must name an .xlsx file');
    rmSync(dir, { recursive: true, force: true });
  });
});
