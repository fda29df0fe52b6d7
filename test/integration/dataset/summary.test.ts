// `hntm summary` exactly as DESIGN §6 shows it: the default England dataset field by field, a placement file, the
// table format, and loading the shipped datasets from any working directory.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main';
import { loadDataset, DATASET_ATTRIBUTION } from '../../../cli/datasets';
import { numberColumn } from '../../../models/data/table';
import { SETTINGS } from '../../../models/vocab/settings';
import { LAS } from '../../../models/vocab/las';

const root = process.cwd();

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { log: (s) => out.push(s), error: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('hntm summary (default England dataset)', async () => {
  const r = await run('summary', '--format', 'json');
  const j = JSON.parse(r.stdout);

  it('is one JSON object with the §6 fields in order and the DfE attribution', () => {
    expect(r.code).toBe(0);
    expect(Object.keys(j)).toEqual(['source', 'plans', 'cost', 'bySetting', 'bySector', 'byLa', 'byNeed', 'byAge']);
    expect(j.source).toBe('England, January 2025 (DfE, Open Government Licence v3.0)');
    expect(DATASET_ATTRIBUTION).toBe(j.source);
  });

  it('plans are whole numbers; cost is pounds, unrounded (the sum of every placement\'s annual cost)', () => {
    expect(j.plans).toBe(638745);
    const cost = numberColumn(loadDataset('england-2025'), 'annual_cost').reduce((a, b) => a + b, 0);
    expect(j.cost).toBe(cost);
    expect(Number.isInteger(j.plans)).toBe(true);
    const groups = [...['bySetting', 'bySector', 'byLa', 'byNeed', 'byAge'].flatMap((k) => Object.values(j[k]) as Array<{ plans: number; cost: number }>)];
    for (const g of groups) {
      expect(Object.keys(g)).toEqual(['plans', 'cost']);
      expect(Number.isInteger(g.plans)).toBe(true);
      expect(typeof g.cost).toBe('number');
    }
  });

  it('bySetting: each setting\'s published England count (iss 29,647)', () => {
    expect(j.bySetting.iss.plans).toBe(29647);
    for (const s of SETTINGS) if (s.plansJan2025 !== null) expect(j.bySetting[s.code].plans, s.code).toBe(s.plansJan2025);
    expect(j.bySetting.iss.cost / j.bySetting.iss.plans).toBeGreaterThan(60000);
  });

  it('bySector: all four sectors, adding up to England', () => {
    expect(Object.keys(j.bySector)).toEqual(['maintained', 'independent', 'ap', 'other']);
    expect(Object.values(j.bySector as Record<string, { plans: number }>).reduce((a, g) => a + g.plans, 0)).toBe(638745);
    expect(j.bySector.independent.plans).toBe(29647 + 4381 + 9675 + 7174);
  });

  it('byLa: 153 three-digit keys with each LA\'s published total (Camden "202": 1,607)', () => {
    expect(Object.keys(j.byLa).length).toBe(153);
    expect(Object.keys(j.byLa).every((k) => /^\d{3}$/.test(k))).toBe(true);
    expect(j.byLa['202'].plans).toBe(1607);
    for (const la of LAS) expect(j.byLa[la.code].plans, la.name).toBe(la.plansJan2025);
  });

  it('byNeed: DfE\'s need counts (ASD 201,183); byAge: "0" … "25" (age 25: 371, "under 3" at age 2)', () => {
    expect(j.byNeed.ASD.plans).toBe(201183);
    expect(j.byNeed.SEMH.plans).toBe(132217);
    expect(Object.keys(j.byAge)).toEqual(Array.from({ length: 26 }, (_, a) => String(a)));
    expect(j.byAge['0']).toEqual({ plans: 0, cost: 0 });
    expect(j.byAge['25'].plans).toBe(371);
    expect(j.byAge['2'].plans).toBe(533);
  });

  it('the table format is readable: £ with separators, every grouping', async () => {
    const t = await run('summary');
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('England, January 2025 (DfE, Open Government Licence v3.0)');
    expect(t.stdout).toMatch(/638,745 plans, £[\d,]+ a year/);
    expect(t.stdout).toMatch(/Independent special school\s+29,647\s+4\.6%\s+£[\d,]+\s+£6\d,\d{3}/);
    for (const title of ['By sector', 'By setting', 'By primary need', 'By age', 'By local authority']) expect(t.stdout).toContain(title);
    expect(t.stdout).toMatch(/202 Camden\s+1,607/);
  });
});

describe('hntm summary FILE', () => {
  it('summarises a placement file: the example council', async () => {
    const r = await run('summary', join('scenarios', 'datasets', 'example-council.csv'), '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.source).toBe('example-council.csv');
    expect(j.plans).toBe(3000);
    expect(Object.keys(j.byLa)).toEqual(['999']);
    expect(j.byLa['999'].cost).toBe(j.cost);
  });

  it('says when rows were rejected (exit 1, summary of the accepted rows still printed)', async () => {
    const r = await run('summary', join('test', 'fixtures', 'bad-placements.csv'), '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/row\(s\) of .*bad-placements\.csv were rejected and are not in the summary: run `hntm validate/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('usage errors exit 2', async () => {
    expect((await run('summary', '--format', 'xml')).code).toBe(2);
    expect((await run('summary', 'a.csv', 'b.csv')).code).toBe(2);
  });
});

describe('shipped datasets load from any working directory', () => {
  it('loadDataset gives 638,745 and 3,000 placements', () => {
    expect(loadDataset('england-2025').rowCount).toBe(638745);
    expect(loadDataset('example-council').rowCount).toBe(3000);
  });

  it('`hntm summary` run from another directory finds the dataset', () => {
    const r = spawnSync(process.execPath, [join(root, 'cli', 'hntm.mjs'), 'summary', '--format', 'json'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).plans).toBe(638745);
  });
});
