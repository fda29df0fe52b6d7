// The hntm command: price, explain and validate with their exit codes and message forms (DESIGN §6).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../../cli/main';

const rules = (f: string) => join('scenarios', 'rulebooks', `${f}.rulebook.json`);
const fixture = (f: string) => join('test', 'fixtures', f);

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('hntm price', () => {
  it('prices the ten hand-worked placements: totals as worked out in the unit test', async () => {
    const r = await run('price', '--rules', rules('illustrative-national-bands'), '--data', fixture('ten-placements.csv'), '--date', '2026-04-01', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.totals.plans).toBe(12);
    expect(j.totals.current).toBe(446500);
    expect(j.totals.price).toBeCloseTo(468002.611, 6);
    expect(j.rulebook).toMatchObject({ id: 'illustrative-national-bands', illustrative: true });
  });

  it('prints a readable table with £ and separators, grouped as asked', async () => {
    const r = await run('price', '--rules', rules('illustrative-national-bands'), '--data', fixture('ten-placements.csv'), '--date', '2026-04-01', '--by', 'band');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('illustrative values, not official');
    expect(r.stdout).toMatch(/Band 6 — profound and multiple\s+4\s+£250,000\s+£267,215\.5|Band 6 — profound and multiple\s+4\s+£250,000\s+£267,216/);
    expect(r.stdout).toMatch(/Total\s+12\s+£446,500\s+£468,003/);
  });

  it('writes CSV', async () => {
    const r = await run('price', '--rules', rules('current-costs'), '--data', fixture('ten-placements.csv'), '--by', 'la', '--format', 'csv');
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('la,label,plans,current_cost,price,difference,unpriced');
    expect(lines.find((l) => l.startsWith('202,'))).toBe('202,Camden,2,15000,15000,0,0');
  });

  it('prices a national-size synthetic table with each shipped rulebook', async () => {
    for (const rb of ['current-costs', 'illustrative-national-bands', 'iss-price-bands']) {
      const r = await run('price', '--rules', rules(rb), '--data', 'synthetic:640000:3', '--date', '2027-04-01', '--format', 'json');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.totals.plans).toBe(640000);
      expect(j.totals.unpriced).toBe(0);
      expect(j.totals.price).toBeGreaterThan(5e9);
    }
  }, 120_000);

  it.each([
    [['price', '--data', 'x.csv'], '--rules is required'],
    [['price', '--rules', 'r.json', '--data', 'd.csv', '--by', 'colour'], '--by must be one of la, setting, sector, band, need, provider, phase, s251, not "colour"'],
    [['price', '--rules', 'r.json', '--data', 'd.csv', '--date', '2026-02-30'], '--date must be a date written YYYY-MM-DD, not "2026-02-30"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['price', '--wat'], 'unknown option --wat'],
  ])('usage error %j exits 2 saying %s', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('hntm explain', () => {
  it('traces a placement to the same price', async () => {
    const r = await run('explain', '--rules', rules('illustrative-national-bands'), '--data', fixture('ten-placements.csv'), '--placement', 'P03', '--date', '2026-04-01', '--format', 'json');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.band.id).toBe('B4');
    expect(t.price).toBeCloseTo(57845.315, 6);
    const table = await run('explain', '--rules', rules('illustrative-national-bands'), '--data', fixture('ten-placements.csv'), '--placement', 'P03', '--date', '2026-04-01');
    expect(table.stdout).toContain('✔ B4:');
    expect(table.stdout).toContain('base_price [band=B4, setting=iss] = 55,000 £ per placement per year (from 2025-04-01)');
    expect(table.stdout).toContain('Price £57,845.31');
  });

  it('names a missing placement', async () => {
    const r = await run('explain', '--rules', rules('current-costs'), '--data', fixture('ten-placements.csv'), '--placement', 'NOPE');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no placement with id "NOPE" in ten-placements.csv');
  });
});

describe('hntm validate', () => {
  it('exits 0 on clean data and on each shipped rulebook', async () => {
    expect((await run('validate', fixture('ten-placements.csv'))).code).toBe(0);
    for (const rb of ['current-costs', 'illustrative-national-bands', 'iss-price-bands']) expect((await run('validate', rules(rb))).code).toBe(0);
  });

  it('exits 1 on rejected rows, naming file, row and column as a spreadsheet counts them', async () => {
    const r = await run('validate', fixture('bad-placements.csv'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad-placements.csv: row 2, column annual_cost: "x" means not available');
    expect(r.stdout).toMatch(/bad-placements\.csv: row 3, column setting: .*spaceship/);
    expect(r.stdout).toMatch(/bad-placements\.csv: row 4, column age: .*31/);
    // Row 5 is blank; B05 is on row 6 and is clean; B06 is on row 7.
    expect(r.stdout).toMatch(/bad-placements\.csv: row 7, column primary_need: .*XYZ/);
    expect(r.stdout).toContain('1 row(s) accepted, 4 rejected');
  });

  it('exits 1 on an invalid rulebook, naming the rule and position', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const doc = JSON.parse(readFileSync(rules('illustrative-national-bands'), 'utf8'));
    doc.bands.list[1].when = 'oneof(primary_need, "SLD", "MSI") and colour == 3';
    const path = join(mkdtempSync(join(tmpdir(), 'hntm-')), 'broken.rulebook.json');
    writeFileSync(path, JSON.stringify(doc));
    const r = await run('validate', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: broken\.rulebook\.json: bands\.list\[1\]\.when: .*"colour"/);
  });
});

describe('npx hntm', () => {
  it('runs from the package bin with no build step', () => {
    const r = spawnSync('npx', ['hntm', 'price', '--rules', rules('current-costs'), '--data', fixture('ten-placements.csv'), '--format', 'json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.current).toBe(446500);
  }, 60_000);
});

describe('hntm compare and hntm providers', () => {
  it('compares two options on the ten placements: counts add up and budget-neutral scale is found', async () => {
    const r = await run('compare', rules('illustrative-national-bands'), rules('current-costs'), '--data', fixture('ten-placements.csv'), '--date', '2026-04-01', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.options).toHaveLength(2);
    expect(j.options[0].counts).toEqual({ 'lose>5': 3, 'lose0-5': 0, 'gain0-5': 1, 'gain>5': 0 });
    expect(j.options[0].budgetNeutral.scale).toBeCloseTo(268500 / 290002.611, 6);
    const table = await run('compare', rules('illustrative-national-bands'), rules('current-costs'), '--data', fixture('ten-placements.csv'), '--date', '2026-04-01');
    expect(table.stdout).toContain('A council whose cost rises under an option loses');
    expect((await run('compare', rules('current-costs'), '--data', fixture('ten-placements.csv'))).code).toBe(2);
  });

  it('lists providers and the saving from a cap', async () => {
    const r = await run('providers', '--rules', rules('iss-price-bands'), '--data', 'synthetic:20000:2', '--cap', '15%', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.cap).toBe(0.15);
    expect(j.providers.length).toBeGreaterThan(50);
    // The saving is the sum over placements of what lies above band price + 15%.
    const sum = j.placements.reduce((s: number, p: { fee: number; bandPrice: number; plans: number }) => s + Math.max(0, p.fee - p.bandPrice * 1.15) * p.plans, 0);
    expect(j.capSaving).toBeCloseTo(sum, 2);
    const t = await run('providers', '--rules', rules('iss-price-bands'), '--data', 'synthetic:20000:2');
    expect(t.stdout).toContain('The ten placements furthest above band price');
    expect((await run('providers', '--rules', rules('iss-price-bands'), '--data', 'synthetic:100', '--cap', 'lots')).stderr).toContain('--cap must be a percentage');
  });
});

describe('hntm validate on scenarios', () => {
  it('accepts each shipped scenario and refuses a broken override with its path', async () => {
    for (const f of ['england-baseline', 'example-council', 'england-tariff-phased']) {
      const r = await run('validate', join('scenarios', `${f}.scenario.json`));
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toContain('a valid scenario');
    }
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const doc = JSON.parse(readFileSync(join('scenarios', 'england-baseline.scenario.json'), 'utf8'));
    doc.horizon.years = 42;
    const path = join(mkdtempSync(join(tmpdir(), 'hntm-')), 'broken.scenario.json');
    writeFileSync(path, JSON.stringify(doc));
    const r = await run('validate', path);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.scenario\.json.*horizon/);
  });
});

describe('DfE published statistics as data', () => {
  const dfe = join('..', 'shared', 'data', 'dfe-ehcp-2025');
  it('reads caseload.csv and sen_needs_all_plans.csv into cohort cells matching the published totals', async () => {
    // Camden (202) had 1,607 plans in January 2025 (ehcp_by_la_jan2024_jan2025.csv), 817 in mainstream incl. resourced.
    const r = await run('summary', `dfe:${dfe}:202`, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.plans).toBe(1607);
    expect(Object.keys(j.byLa)).toEqual(['202']);
    expect(j.bySetting.iss.plans).toBe(72);
    expect(j.cost).toBeGreaterThan(0);
  });
  it('names an LA that is not in the statistics', async () => {
    const r = await run('summary', `dfe:${dfe}:909`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"909" is not an LA in the January 2025 statistics');
  });
});
