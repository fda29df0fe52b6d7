// `hntm run` end to end: the DESIGN §6 JSON contract field by field on the example council and (50 draws) on the
// England baseline; two workers give exactly the single-thread result; the workbook gains the years; validate and
// backtest from the command line.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../../cli/main';
import { validateScenarioFile } from '../../../cli/commands/run';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const SECTORS = ['maintained', 'independent', 'ap', 'other'];

/** Every field of the run JSON as DESIGN §6 writes it. */
function checkContract(j: Record<string, any>, expected: { scenario: string; years: string[]; seed: number; draws: number }): void {
  expect(Object.keys(j).sort()).toEqual(['funding', 'nonPlacement', 'plans', 'provenance', 'quantiles', 'scenario', 'spend', 'years']);
  expect(j.scenario).toBe(expected.scenario);
  expect(j.years).toEqual(expected.years);
  const H = expected.years.length;
  const series = (x: unknown) => {
    expect(Array.isArray(x)).toBe(true);
    expect((x as unknown[]).length).toBe(H);
    for (const v of x as unknown[]) expect(Number.isFinite(v)).toBe(true);
    return x as number[];
  };
  series(j.plans).forEach((p, i) => i > 0 && expect(p).toBeGreaterThan(0));
  expect(Object.keys(j.spend).sort()).toEqual(['current', 'scenario', 'tariff']);
  for (const basis of ['current', 'tariff', 'scenario']) {
    const b = j.spend[basis];
    expect(Object.keys(b).sort()).toEqual(['bySector', 'total']);
    expect(Object.keys(b.bySector).sort()).toEqual([...SECTORS].sort());
    const total = series(b.total);
    const by = SECTORS.map((s) => series(b.bySector[s]));
    // total[i] is exactly the sum of the four sectors (as printed).
    for (let i = 0; i < H; i++) expect(total[i]).toBe(by[0][i] + by[1][i] + by[2][i] + by[3][i]);
  }
  const np = series(j.nonPlacement);
  expect(Object.keys(j.funding).sort()).toEqual(['allocation', 'cumulative', 'inYear']);
  const alloc = series(j.funding.allocation), inYear = series(j.funding.inYear), cum = series(j.funding.cumulative);
  for (let i = 0; i < H; i++) {
    expect(inYear[i]).toBe(alloc[i] - j.spend.scenario.total[i] - np[i]);
    if (i > 0) expect(cum[i]).toBeCloseTo(cum[i - 1] + inYear[i], 3);
  }
  expect(Object.keys(j.quantiles)).toEqual(['scenario']);
  expect(Object.keys(j.quantiles.scenario).sort()).toEqual(['p10', 'p50', 'p90']);
  const p10 = series(j.quantiles.scenario.p10), p50 = series(j.quantiles.scenario.p50), p90 = series(j.quantiles.scenario.p90);
  for (let i = 0; i < H; i++) {
    expect(p10[i]).toBeLessThan(p90[i]);
    expect(p50[i]).toBeGreaterThanOrEqual(p10[i]);
    expect(p50[i]).toBeLessThanOrEqual(p90[i]);
  }
  expect(Object.keys(j.provenance).sort()).toEqual(['app', 'data', 'draws', 'rulebook', 'seed']);
  expect(j.provenance.app).toBe(version);
  expect(j.provenance.rulebook).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(j.provenance.data).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(j.provenance.seed).toBe(expected.seed);
  expect(j.provenance.draws).toBe(expected.draws);
}

const years5 = ['2025-26', '2026-27', '2027-28', '2028-29', '2029-30'];

describe('hntm run', () => {
  it('the example council: the JSON contract field by field; no tariff adopted, so scenario = current', async () => {
    const r = await run('run', 'scenarios/example-council.scenario.json', '--draws', '60', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout);
    checkContract(j, { scenario: 'Example council', years: years5, seed: 2025, draws: 60 });
    expect(j.spend.scenario).toEqual(j.spend.current);
    expect(j.funding.allocation).toEqual([48e6, 48e6, 48e6, 48e6, 48e6]);
  });

  it('two workers give exactly the single-thread result for the same seed', async () => {
    const one = await run('run', 'scenarios/example-council.scenario.json', '--draws', '40', '--seed', '9', '--workers', '1', '--format', 'json');
    const two = await run('run', 'scenarios/example-council.scenario.json', '--draws', '40', '--seed', '9', '--workers', '2', '--format', 'json');
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).provenance.seed).toBe(9);
  });

  it('draws that need a run each (an uncertain leaver rate) split across two workers give the single-thread result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hntm-direct-'));
    try {
      const f = join(dir, 'leavers.scenario.json');
      writeFileSync(f, JSON.stringify({ schemaVersion: 1, name: 'Leavers uncertain', baseline: join(process.cwd(), 'scenarios/example-council.scenario.json'), overrides: { 'demand.leavers.multiplier': { dist: 'interval80', low: 0.85, high: 1.15 } } }));
      const one = await run('run', f, '--draws', '24', '--workers', '1', '--format', 'json');
      const two = await run('run', f, '--draws', '24', '--workers', '2', '--format', 'json');
      expect(one.code).toBe(0);
      expect(two.stdout).toBe(one.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the England baseline (50 draws): the JSON contract field by field, from 2025-26', async () => {
    const r = await run('run', 'scenarios/england-baseline.scenario.json', '--draws', '50', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    checkContract(j, { scenario: 'England baseline', years: years5, seed: 2025, draws: 50 });
    expect(j.funding.allocation[0]).toBe(11.9e9);
    expect(j.plans[0]).toBeGreaterThan(638745);
  }, 300_000);

  it('prints a table with £ and the override marker, and writes a workbook with the years', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hntm-run-'));
    try {
      const out = join(dir, 'results.xlsx');
      const r = await run('run', 'scenarios/example-council.scenario.json', '--draws', '20', '--out', out);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Cumulative DSG balance\s+−£[\d,]+/);
      expect(r.stdout).toContain('2027-28 ◄');
      expect(r.stdout).toMatch(/statutory override ends after 2027-28/);
      expect(existsSync(out)).toBe(true);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      const text = wb.worksheets.map((ws) => ws.getSheetValues().flat().join(' ')).join(' ');
      expect(text).toContain('2029-30');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a diff scenario runs through its baseline', async () => {
    const r = await run('run', 'scenarios/england-writeoff.scenario.json', '--draws', '0', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scenario).toBe('England: 90% of deficits to March 2026 written off');
  }, 300_000);

  it('refuses a bad flag or a bad scenario with exit codes 2 and 1', async () => {
    expect((await run('run', 'scenarios/example-council.scenario.json', '--draws', 'lots')).code).toBe(2);
    expect((await run('run')).code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'hntm-bad-'));
    try {
      const bad = join(dir, 'bad.scenario.json');
      writeFileSync(bad, JSON.stringify({ schemaVersion: 1, name: 'Bad', baseline: join(process.cwd(), 'scenarios/example-council.scenario.json'), overrides: { 'horizon.years': 99 } }));
      const r = await run('run', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/overrides\["horizon.years"\]: horizon.years: must be a whole number from 1 to 10/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('validating scenario files', () => {
  it('accepts the shipped scenarios and names the problems of a broken one', () => {
    expect(validateScenarioFile('scenarios/example-council.scenario.json')).toMatchObject({ ok: true });
    const v = validateScenarioFile('scenarios/england-reforms.scenario.json');
    expect(v.ok).toBe(true);
    expect(v.lines[v.lines.length - 1]).toMatch(/a diff over england-baseline.scenario.json/);
  }, 120_000);
});

describe('hntm backtest', () => {
  it('prints the national, setting and LA errors of both back-tests', async () => {
    const r = await run('backtest', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.oneYear.national.actual).toBe(638745);
    expect(j.oneYear.bySetting.length).toBe(14);
    expect(typeof j.oneYear.mapeLa).toBe('number');
    expect(j.threeYear.cumbria.key).toBe('909 (vs 942 + 943)');
    const t = await run('backtest');
    expect(t.stdout).toMatch(/Mean absolute percentage error across 153 LAs: \d+\.\d%/);
    expect(t.stdout).toMatch(/Cumbria 909 vs Cumberland 942 \+ Westmorland & Furness 943/);
  });
});
