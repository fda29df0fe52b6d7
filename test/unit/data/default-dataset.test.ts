// The default England dataset: every published margin exact (checked against the DfE files parsed independently of
// the readers), realistic costs and providers, determinism, and the cohort table and cost rulebook built with it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSharedCsv } from './shared-data';
import { expandCells, expandDefaultDataset, cohortTableFromCells, cohortTableFromStatistics, DEFAULT_DATASET_SEED, EXAMPLE_COUNCIL } from '../../../models/data/default-dataset';
import { readCaseload, readNeeds } from '../../../models/io/dfe';
import { SHARED_DATA } from './shared-data';
import { parseCells, formatCells, FIT_GROUPS, type CellRow } from '../../../models/data/default-dataset-fit';
import { datasetCostsRulebook, costModelFromRulebook } from '../../../models/data/default-dataset-costs';
import { DATASET_FILES } from '../../../models/data/default-dataset-build';
import { loadRulebook, formatRuleIssue } from '../../../models/rules/load';
import { categoryColumn, numberColumn, optionalCategoryColumn, buildTable, type PlacementTable } from '../../../models/data/table';
import { readCsvRecords } from '../../../models/io/csv';
import { SETTINGS, settingOf } from '../../../models/vocab/settings';
import { LAS } from '../../../models/vocab/las';
import { NEEDS } from '../../../models/vocab/needs';

const root = process.cwd();
const cellsText = readFileSync(join(root, DATASET_FILES.cells), 'utf8');
const costsJson = JSON.parse(readFileSync(join(root, DATASET_FILES.costs), 'utf8'));
const costs = loadRulebook(costsJson, { file: 'dataset-costs.rulebook.json' }).rulebook!;
const table = expandDefaultDataset(cellsText, costs, DEFAULT_DATASET_SEED);

// ---- DfE's figures, read straight from the shared files (not through models/io/dfe.ts) ----
const caseload = readSharedCsv('dfe-ehcp-2025/caseload.csv').records.filter((r) => r.time_period === '202425');
const needsFile = readSharedCsv('dfe-ehcp-2025/sen_needs_all_plans.csv').records;
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NaN);
const laTotals = caseload.filter((r) => r.geographic_level === 'Local authority' && r.breakdown_topic === 'All EHC plans');
const laAges = caseload.filter((r) => r.geographic_level === 'Local authority' && r.breakdown_topic === 'Child or young persons age');
const dfeSettings = SETTINGS.filter((s) => s.dfeColumns.length > 0);
const ageOf = (label: string) => (label === 'under 3' ? 2 : Number(label.replace('age ', '')));
const NEED_COLUMNS = NEEDS.filter((n) => n.dfeColumn).map((n) => [n.code, n.dfeColumn as string] as const);
const TOTAL_LABELS = new Set(['Mainstream - total', 'Special - total', 'FE - total', 'AP/PRU - total', 'Educated elsewhere - total']);

/** Adds up a table's plans by a key built from each row. */
function tally(t: PlacementTable, key: (i: number) => string): Map<string, number> {
  const count = numberColumn(t, 'count');
  const out = new Map<string, number>();
  for (let i = 0; i < t.rowCount; i++) {
    const k = key(i);
    out.set(k, (out.get(k) ?? 0) + count[i]);
  }
  return out;
}
const la = categoryColumn(table, 'la_code');
const setting = categoryColumn(table, 'setting');
const need = categoryColumn(table, 'primary_need');
const gov = categoryColumn(table, 'governance');
const age = numberColumn(table, 'age');
const cost = numberColumn(table, 'annual_cost');
const L = (i: number) => la.dictionary[la.codes[i]];
const S = (i: number) => setting.dictionary[setting.codes[i]];
const Nd = (i: number) => need.dictionary[need.codes[i]];
const Gv = (i: number) => (gov.codes[i] < 0 ? '' : gov.dictionary[gov.codes[i]]);

describe('exact margins (DfE January 2025)', () => {
  it('638,745 plans in England, one row per placement', () => {
    expect(table.rowCount).toBe(638745);
    expect(numberColumn(table, 'count').every((c) => c === 1)).toBe(true);
    expect(new Set(table.ids).size).toBe(638745);
  });

  it('each setting\'s England count is the DESIGN §2 figure', () => {
    const bySetting = tally(table, S);
    for (const s of dfeSettings) expect(bySetting.get(s.code), s.code).toBe(s.plansJan2025);
    expect(bySetting.has('ap_independent')).toBe(false);
  });

  it('each LA\'s total is its published total (153 LAs)', () => {
    const byLa = tally(table, L);
    expect(byLa.size).toBe(153);
    for (const r of laTotals) expect(byLa.get(r.old_la_code), r.la_name).toBe(num(r.ehcplans));
    for (const x of LAS) expect(byLa.get(x.code), x.name).toBe(x.plansJan2025);
  });

  it('LA × setting: 151 LAs from caseload.csv, Cambridgeshire and North East Lincolnshire from sen_needs_all_plans.csv', () => {
    const got = tally(table, (i) => `${L(i)}|${S(i)}`);
    let checked = 0;
    for (const r of laTotals) {
      if (r.old_la_code === '873' || r.old_la_code === '812') continue;
      for (const s of dfeSettings) {
        const want = s.dfeColumns.reduce((a, c) => a + num(r[c]), 0);
        expect(got.get(`${r.old_la_code}|${s.code}`) ?? 0, `${r.la_name} ${s.code}`).toBe(want);
        checked++;
      }
    }
    expect(checked).toBe(151 * 14);
    for (const code of ['873', '812']) {
      const want = new Map<string, number>();
      for (const r of needsFile) {
        if (r.old_la_code !== code || r.breakdown_topic !== 'Type of placement' || TOTAL_LABELS.has(r.breakdown)) continue;
        const s = settingOf(r.breakdown)!;
        want.set(s, (want.get(s) ?? 0) + num(r.ehc_plans));
      }
      for (const s of dfeSettings) expect(got.get(`${code}|${s.code}`) ?? 0, `${code} ${s.code}`).toBe(want.get(s.code) ?? 0);
    }
    expect(got.get('873|unknown')).toBe(8007);
    expect(got.get('812|unknown')).toBe(1672);
    expect(got.get('812|iss')).toBe(19);
  });

  it('LA × age for all 153 LAs ("under 3" at age 2)', () => {
    const got = tally(table, (i) => `${L(i)}|${age[i]}`);
    let sum = 0;
    for (const r of laAges) {
      expect(got.get(`${r.old_la_code}|${ageOf(r.breakdown)}`), `${r.la_name} ${r.breakdown}`).toBe(num(r.ehcplans));
      sum += num(r.ehcplans);
    }
    expect(sum).toBe(638745); // every plan is in a published LA × age cell, so no other cell can hold one
    expect([...got.keys()].every((k) => Number(k.split('|')[1]) >= 2)).toBe(true);
  });

  it('England setting × need is sen_needs_all_plans.csv\'s "Type of placement" table', () => {
    const got = tally(table, (i) => `${S(i)}|${Nd(i)}`);
    const want = new Map<string, number>();
    for (const r of needsFile) {
      if (r.geographic_level !== 'National' || r.breakdown_topic !== 'Type of placement' || TOTAL_LABELS.has(r.breakdown)) continue;
      const s = settingOf(r.breakdown)!;
      for (const [code, column] of NEED_COLUMNS) want.set(`${s}|${code}`, (want.get(`${s}|${code}`) ?? 0) + num(r[column]));
    }
    for (const [k, v] of want) expect(got.get(k) ?? 0, k).toBe(v);
    expect(got.get('iss|ASD')).toBe(11254);
    expect(tally(table, Nd).get('ASD')).toBe(201183);
    expect(tally(table, Nd).has('DS')).toBe(false);
  });

  it('finer published margins hold too: LA × setting × governance × age (151 LAs) and × need (152 LAs; Surrey by residual)', () => {
    const byAge = tally(table, (i) => `${L(i)}|${S(i)}|${Gv(i)}|${age[i]}`);
    for (const r of laAges) {
      if (r.old_la_code === '873' || r.old_la_code === '812') continue;
      for (const g of FIT_GROUPS) {
        const want = g.columns.reduce((a, c) => a + num(r[c]), 0);
        expect(byAge.get(`${r.old_la_code}|${g.setting}|${g.governance ?? ''}|${ageOf(r.breakdown)}`) ?? 0, `${r.la_name} ${g.setting} ${r.breakdown}`).toBe(want);
      }
    }
    const byNeed = tally(table, (i) => `${L(i)}|${S(i)}|${Gv(i)}|${Nd(i)}`);
    const groupOf = new Map(FIT_GROUPS.flatMap((g) => g.labels.map((l) => [l, g] as const)));
    const surreyResidual = new Map<string, number>();
    for (const r of needsFile) {
      if (r.breakdown_topic !== 'Type of placement' || TOTAL_LABELS.has(r.breakdown)) continue;
      const g = groupOf.get(r.breakdown)!;
      for (const [code, column] of NEED_COLUMNS) {
        const key = `${g.setting}|${g.governance ?? ''}|${code}`;
        if (r.geographic_level === 'National') surreyResidual.set(key, (surreyResidual.get(key) ?? 0) + num(r[column]));
        if (r.geographic_level !== 'Local authority' || r.old_la_code === '936') continue;
        surreyResidual.set(key, (surreyResidual.get(key) ?? 0) - num(r[column]));
      }
    }
    const wantLa = new Map<string, number>();
    for (const r of needsFile) {
      if (r.geographic_level !== 'Local authority' || r.breakdown_topic !== 'Type of placement' || TOTAL_LABELS.has(r.breakdown) || r.old_la_code === '936') continue;
      const g = groupOf.get(r.breakdown)!;
      for (const [code, column] of NEED_COLUMNS) {
        const key = `${r.old_la_code}|${g.setting}|${g.governance ?? ''}|${code}`;
        wantLa.set(key, (wantLa.get(key) ?? 0) + num(r[column]));
      }
    }
    for (const [k, v] of wantLa) expect(byNeed.get(k) ?? 0, k).toBe(v);
    for (const [k, v] of surreyResidual) {
      expect(v, `Surrey residual ${k}`).toBeGreaterThanOrEqual(0);
      expect(byNeed.get(`936|${k}`) ?? 0, `Surrey ${k}`).toBe(v);
    }
  });

  it('the cells file says how Surrey, Cambridgeshire and North East Lincolnshire were filled, and that "under 3" is age 2', () => {
    const notes = cellsText.split('\n').filter((l) => l.startsWith('# '));
    expect(notes[0]).toMatch(/^# England, January 2025 \(DfE, Open Government Licence v3\.0\)/);
    expect(notes.some((n) => /Surrey \(936\): DfE suppresses its need breakdowns/.test(n))).toBe(true);
    expect(notes.some((n) => /Cambridgeshire \(873\)/.test(n))).toBe(true);
    expect(notes.some((n) => /North East Lincolnshire \(812\)/.test(n))).toBe(true);
    expect(notes.some((n) => /"under 3" is counted at age 2/.test(n))).toBe(true);
    expect(notes.some((n) => new RegExp(`seed ${DEFAULT_DATASET_SEED}`).test(n))).toBe(true);
  });
});

/** Costs of one setting's rows, sorted. */
function costsOf(code: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (S(i) === code) out.push(cost[i]);
  return out.sort((a, b) => a - b);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const quantile = (xs: number[], p: number) => xs[Math.floor(p * (xs.length - 1))];

describe('realism', () => {
  const iss = costsOf('iss');

  it('ISS: mean fee £60–68k (cited £63–64k), p10 and p90 far apart (day to residential)', () => {
    expect(mean(iss)).toBeGreaterThan(60000);
    expect(mean(iss)).toBeLessThan(68000);
    expect(quantile(iss, 0.9) / quantile(iss, 0.1)).toBeGreaterThan(2);
    expect(quantile(iss, 0.1)).toBeGreaterThan(25000);
    expect(quantile(iss, 0.99)).toBeGreaterThan(130000);
  });

  it('ISS: a residential share, some 38-week and some 52-week placements', () => {
    const res = numberColumn(table, 'residential');
    let r38 = 0;
    let r52 = 0;
    let n = 0;
    for (let i = 0; i < table.rowCount; i++) {
      if (S(i) !== 'iss') continue;
      n++;
      if (res[i] === 38) r38++;
      if (res[i] === 52) r52++;
    }
    expect(r38 / n).toBeGreaterThan(0.05);
    expect(r38 / n).toBeLessThan(0.15);
    expect(r52 / n).toBeGreaterThan(0.03);
    expect(r52 / n).toBeLessThan(0.1);
  });

  it('ISS providers: hundreds of schools, a few large groups holding 15–35% of placements', () => {
    const provider = categoryColumn(table, 'provider_id');
    const bySchool = new Map<string, number>();
    const byGroup = new Map<string, number>();
    let n = 0;
    for (let i = 0; i < table.rowCount; i++) {
      if (S(i) !== 'iss') continue;
      n++;
      const id = provider.dictionary[provider.codes[i]];
      bySchool.set(id, (bySchool.get(id) ?? 0) + 1);
      const g = /^iss-(g\d+)-/.exec(id)?.[1];
      if (g) byGroup.set(g, (byGroup.get(g) ?? 0) + 1);
    }
    expect(bySchool.size).toBeGreaterThan(300);
    expect(bySchool.size).toBeLessThan(1500);
    expect(byGroup.size).toBeGreaterThanOrEqual(3);
    expect(byGroup.size).toBeLessThanOrEqual(10);
    const groupShare = [...byGroup.values()].reduce((a, b) => a + b, 0) / n;
    expect(groupShare).toBeGreaterThan(0.15);
    expect(groupShare).toBeLessThan(0.35);
    expect(Math.max(...byGroup.values()) / n).toBeGreaterThan(0.05);
    // Many small schools: the median school outside the groups has few placements.
    const small = [...bySchool].filter(([id]) => !/^iss-g/.test(id)).map(([, v]) => v).sort((a, b) => a - b);
    expect(quantile(small, 0.5)).toBeLessThan(30);
  });

  it('state special ≈ £26k (incl. £10k place), SPI ≈ £36k top-up, AP £10k place + £10.7–16k top-up', () => {
    expect(mean(costsOf('special_maintained'))).toBeGreaterThan(24000);
    expect(mean(costsOf('special_maintained'))).toBeLessThan(28000);
    expect(mean(costsOf('special_academy'))).toBeGreaterThan(24000);
    expect(mean(costsOf('special_academy'))).toBeLessThan(28000);
    expect(mean(costsOf('spi'))).toBeGreaterThan(33000);
    expect(mean(costsOf('spi'))).toBeLessThan(39000);
    const place = numberColumn(table, 'place_funding');
    const top = numberColumn(table, 'top_up');
    for (let i = 0; i < table.rowCount; i += 97) {
      expect(place[i] + top[i]).toBe(cost[i]);
      if (S(i) === 'ap' || S(i).startsWith('special_')) expect(place[i]).toBe(10000);
      if (S(i) === 'iss') expect(place[i]).toBe(0);
    }
    const ap = costsOf('ap');
    expect(mean(ap)).toBeGreaterThan(20700);
    expect(mean(ap)).toBeLessThan(26000);
  });

  it('mainstream top-ups are local band values (Devon £1,600 / £3,100 / £4,500) or a plus package above them', () => {
    const ms = costsOf('mainstream');
    const bands = new Map<number, number>();
    for (const c of ms) bands.set(c, (bands.get(c) ?? 0) + 1);
    for (const v of [1600, 3100, 4500]) expect(bands.get(v)! / ms.length).toBeGreaterThan(0.15);
    expect(ms.filter((c) => c !== 1600 && c !== 3100 && c !== 4500).length / ms.length).toBeLessThan(0.2);
  });

  it('England costs about £9–11bn a year in placements (high-needs block £10.7bn in 2024-25, with non-placement spend on top)', () => {
    const total = cost.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(9e9);
    expect(total).toBeLessThan(11e9);
  });

  it('state-funded settings carry their governance; local settings use the LA\'s own providers', () => {
    const provider = categoryColumn(table, 'provider_id');
    for (let i = 0; i < table.rowCount; i += 101) {
      const s = S(i);
      if (s === 'mainstream' || s === 'resourced' || s === 'ap') expect(['la_maintained', 'academy']).toContain(Gv(i));
      if (s === 'special_academy') expect(Gv(i)).toBe('academy');
      if (s === 'iss') expect(Gv(i)).toBe('');
      if (s === 'mainstream') expect(provider.dictionary[provider.codes[i]]).toContain(`-${L(i)}-`);
      if (s === 'elsewhere' || s === 'unknown') expect(provider.codes[i]).toBe(-1);
    }
  });
});

describe('determinism', () => {
  it('the same seed gives the same table; another seed other costs but the same cells', () => {
    // Compared element by element: a deep equality of 640k-element arrays is slow to report.
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);
    const again = expandDefaultDataset(cellsText, costs, DEFAULT_DATASET_SEED);
    expect(same(numberColumn(again, 'annual_cost'), cost)).toBe(true);
    expect(same(categoryColumn(again, 'provider_id').codes, categoryColumn(table, 'provider_id').codes)).toBe(true);
    expect(again.ids.every((id, i) => id === table.ids[i])).toBe(true);
    const other = expandDefaultDataset(cellsText, costs, DEFAULT_DATASET_SEED + 1);
    expect(same(numberColumn(other, 'annual_cost'), cost)).toBe(false);
    expect(same(categoryColumn(other, 'setting').codes, setting.codes)).toBe(true);
  });

  it('an LA expanded alone gets the same placements as in the national table (one random stream per LA × setting)', () => {
    const cells = parseCells(cellsText).filter((c) => c.la === '202');
    const camden = expandCells(cells, costModelFromRulebook(costs), DEFAULT_DATASET_SEED);
    const first = table.ids.indexOf('202-00001');
    expect(camden.rowCount).toBe(1607);
    expect(Array.from(numberColumn(camden, 'annual_cost'))).toEqual(Array.from(cost.subarray(first, first + 1607)));
    const p = optionalCategoryColumn(camden, 'provider_id')!;
    const q = categoryColumn(table, 'provider_id');
    for (let i = 0; i < 1607; i += 7) expect(p.codes[i] < 0 ? null : p.dictionary[p.codes[i]]).toBe(q.codes[first + i] < 0 ? null : q.dictionary[q.codes[first + i]]);
  });

  it('the cells file round-trips through parseCells and formatCells', () => {
    const notes = cellsText.split('\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2));
    expect(formatCells(parseCells(cellsText), notes)).toBe(cellsText);
  });
});

describe('cohort table', () => {
  it('one row per cell with a count: the same plans as the placements, priced at expected unit costs', () => {
    const cells: CellRow[] = parseCells(cellsText);
    const cohort = cohortTableFromCells(cells, costs);
    const count = numberColumn(cohort, 'count');
    expect(count.reduce((a, b) => a + b, 0)).toBe(638745);
    expect(cohort.rowCount).toBeLessThan(200000);
    const c = numberColumn(cohort, 'annual_cost');
    let expected = 0;
    for (let i = 0; i < cohort.rowCount; i++) expected += c[i] * count[i];
    const actual = cost.reduce((a, b) => a + b, 0);
    expect(Math.abs(expected - actual) / actual).toBeLessThan(0.01);
  });
});

describe('cohortTableFromStatistics (a council with no placement-level file)', () => {
  const statistics = {
    caseload: readCaseload(readFileSync(join(SHARED_DATA, 'dfe-ehcp-2025', 'caseload.csv'), 'utf8')),
    needs: readNeeds(readFileSync(join(SHARED_DATA, 'dfe-ehcp-2025', 'sen_needs_all_plans.csv'), 'utf8')),
  };

  it('Camden from the DfE files: its published total, settings and ages, the same cells as the default dataset', () => {
    const cohort = cohortTableFromStatistics(statistics, costs, { las: ['202'] });
    const count = numberColumn(cohort, 'count');
    expect(count.reduce((a, b) => a + b, 0)).toBe(1607);
    const sc = categoryColumn(cohort, 'setting');
    const bySetting = tally(cohort, (i) => sc.dictionary[sc.codes[i]]);
    const camden = tally(table, (i) => (L(i) === '202' ? S(i) : '-'));
    for (const [k, v] of bySetting) expect(camden.get(k), k).toBe(v);
    const fromCells = cohortTableFromCells(parseCells(cellsText).filter((c) => c.la === '202'), costs);
    expect(Array.from(numberColumn(fromCells, 'count'))).toEqual(Array.from(count));
    expect(Array.from(numberColumn(fromCells, 'annual_cost'))).toEqual(Array.from(numberColumn(cohort, 'annual_cost')));
  });

  it('unit costs come from the rulebook by setting and phase: AP £10k place + £10,700 (primary) or £16,000 (secondary) top-up', () => {
    const cohort = cohortTableFromStatistics(statistics, costs, { las: ['330'] });
    const sc = categoryColumn(cohort, 'setting');
    const nd = categoryColumn(cohort, 'primary_need');
    const a = numberColumn(cohort, 'age');
    const c = numberColumn(cohort, 'annual_cost');
    const place = numberColumn(cohort, 'place_funding');
    for (let i = 0; i < cohort.rowCount; i++) {
      if (sc.dictionary[sc.codes[i]] !== 'ap') continue;
      expect(place[i]).toBe(10000);
      // Need factors move cost between needs around the phase mean (normalised over England's AP need mix).
      const top = c[i] - place[i];
      if (a[i] >= 5 && a[i] <= 10) expect(top / 10700).toBeGreaterThan(0.75);
      if (a[i] >= 11 && a[i] <= 15) expect(top / 16000).toBeGreaterThan(0.75);
      if (nd.dictionary[nd.codes[i]] === 'PMLD') expect(top).toBeGreaterThan(a[i] <= 10 ? 10700 : 16000);
    }
    expect(() => cohortTableFromStatistics(statistics, costs, { las: ['909'] })).toThrow(/"909" is not an LA/);
  });
});

describe('cost rulebook', () => {
  it('is exactly what datasetCostsRulebook() builds from the cited figures, loads cleanly and cites a source for every value', () => {
    expect(costsJson).toEqual(JSON.parse(JSON.stringify(datasetCostsRulebook())));
    const { rulebook, issues } = loadRulebook(costsJson, { file: 'dataset-costs.rulebook.json' });
    expect(issues.map(formatRuleIssue)).toEqual([]);
    for (const p of Object.values(rulebook!.parameters)) for (const v of p.values) expect(v.source.length).toBeGreaterThan(20);
    expect(costsJson.parameters.top_up_day.values[0].source).toContain('£63,000');
    expect(costsJson.parameters.top_up_standard.values[0].value.spi['*']).toBe(36000);
    expect(costsJson.parameters.top_up_standard.values[0].value.ap).toMatchObject({ primary: 10700, secondary: 16000 });
  });

  it('an edited rulebook changes the costs: ISS day fees +10% raise the ISS mean', () => {
    const edited = JSON.parse(JSON.stringify(costsJson));
    edited.parameters.top_up_day.values[0].value.iss['*'] *= 1.1;
    const rb = loadRulebook(edited, { file: 'edited' }).rulebook!;
    const cells = parseCells(cellsText).filter((c) => c.setting === 'iss' && c.la < '300');
    const before = mean(Array.from(numberColumn(expandCells(cells, costModelFromRulebook(costs), 1), 'annual_cost')));
    const after = mean(Array.from(numberColumn(expandCells(cells, costModelFromRulebook(rb), 1), 'annual_cost')));
    expect(after / before).toBeGreaterThan(1.06);
  });

  it('a rulebook missing a parameter gets a clear error', () => {
    const broken = JSON.parse(JSON.stringify(costsJson));
    delete broken.parameters.cv_day;
    expect(() => costModelFromRulebook(loadRulebook(broken, { file: 'b' }).rulebook!)).toThrow(/no parameter "cv_day"/);
    const unbalanced = JSON.parse(JSON.stringify(costsJson));
    unbalanced.parameters.share_day.values[0].value.iss = 0.5;
    expect(() => costModelFromRulebook(loadRulebook(unbalanced, { file: 'u' }).rulebook!)).toThrow(/cost branches of iss .* add up to 0\.65, not 1/);
  });
});

describe('example council', () => {
  const csv = readCsvRecords(readFileSync(join(root, DATASET_FILES.exampleCouncil), 'utf8'));
  const built = buildTable(csv.rows.map((r) => r.values), { file: 'example-council.csv' });
  const t = built.table;

  it('la_code 999, 3,000 placements, every row accepted', () => {
    expect(csv.problems).toEqual([]);
    expect(built.rejected).toEqual([]);
    expect(t.rowCount).toBe(EXAMPLE_COUNCIL.total);
    expect(categoryColumn(t, 'la_code').dictionary).toEqual(['999']);
    expect(new Set(t.ids).size).toBe(3000);
  });

  it('shaped like Hillingdon, scaled: its setting shares within a point of Hillingdon\'s', () => {
    const based = tally(table, (i) => (L(i) === EXAMPLE_COUNCIL.basedOn ? S(i) : '-'));
    const basedTotal = LAS.find((x) => x.code === EXAMPLE_COUNCIL.basedOn)!.plansJan2025;
    const sc = categoryColumn(t, 'setting');
    const ex = tally(t, (i) => sc.dictionary[sc.codes[i]]);
    for (const [s, v] of based) if (s !== '-') expect(Math.abs((ex.get(s) ?? 0) / 3000 - v / basedTotal), s).toBeLessThan(0.01);
    const ages = numberColumn(t, 'age');
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...ages)).toBeLessThanOrEqual(25);
  });

  it('has ISS placements with residential ones, providers and costs', () => {
    const sc = categoryColumn(t, 'setting');
    const res = numberColumn(t, 'residential');
    const c = numberColumn(t, 'annual_cost');
    const issRows = [...Array(t.rowCount).keys()].filter((i) => sc.dictionary[sc.codes[i]] === 'iss');
    expect(issRows.length).toBeGreaterThan(50);
    expect(issRows.some((i) => res[i] === 38 || res[i] === 52)).toBe(true);
    expect(mean(issRows.map((i) => c[i]))).toBeGreaterThan(45000);
    expect(categoryColumn(t, 'provider_id').dictionary.length).toBeGreaterThan(50);
  });
});
