// The Data and Rulebook views' engine jobs, run through the engine service as the worker runs them (with the shipped
// files read from scenarios/): the default dataset, filters and summaries, preview and import of a messy workbook,
// the rejected-rows export, rulebook checks with positions, pricing and the template round trip.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { JobEvent } from '../../../models/contract/host';
import { createEngineService, type EngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { isAssetPath } from '../../../models/service/assets';
import type { DataLoaded, ImportDone, PreviewResult } from '../../../models/service/data-jobs';
import type { RulebookCheck, RulebookCosts, ShippedRulebook } from '../../../models/service/rulebook-jobs';
import { ACCEPTED_IDS, PLANTED, messyCouncilWorkbook } from '../../fixtures/messy-council-workbook';

const ROOT = resolve(import.meta.dirname, '../../..');

function serviceWithAssets(): { service: EngineService; run<T>(kind: string, payload: unknown): Promise<T> } {
  const waiting = new Map<string, (e: JobEvent) => void>();
  const service = createEngineService(ENGINE_JOBS, (e) => e.type !== 'progress' && waiting.get(e.jobId)?.(e), {
    assets: { read: async (path) => (isAssetPath(path) ? new Uint8Array(await readFile(resolve(ROOT, path))) : Promise.reject(new Error(`not shipped: ${path}`))) },
  });
  let n = 0;
  const run = <T,>(kind: string, payload: unknown) =>
    new Promise<T>((done, failed) => {
      const id = `job-${++n}`;
      waiting.set(id, (e) => (e.type === 'done' ? done(e.result as T) : failed(new Error(e.type === 'error' ? e.error.message : e.type))));
      const started = service.start(id, kind, payload);
      if (!started.ok) failed(new Error(started.error.message));
    });
  return { service, run };
}

const rulebookJson = async (file: string) => JSON.parse(await readFile(resolve(ROOT, 'scenarios/rulebooks', file), 'utf8')) as Record<string, unknown>;

describe('default dataset, filters and pages', () => {
  let s: ReturnType<typeof serviceWithAssets>;
  let loaded: DataLoaded;
  beforeAll(async () => {
    s = serviceWithAssets();
    loaded = await s.run<DataLoaded>('data.loadDefault', {});
  }, 60_000);

  it('loads 638,745 placements with their source, a note that costs are modelled, and sector totals that add up', () => {
    const { summary, options } = loaded;
    expect(summary.plans).toBe(638745);
    expect(summary.source).toBe('England, January 2025 (DfE, Open Government Licence v3.0)');
    expect(summary.note).toMatch(/modelled .*not real placements/);
    const sectors = Object.values(summary.bySector);
    expect(sectors.reduce((a, g) => a + g.plans, 0)).toBe(638745);
    expect(sectors.reduce((a, g) => a + g.cost, 0)).toBeCloseTo(summary.cost, 0);
    expect(options.la).toHaveLength(153);
    expect(options.la.find((o) => o.value === '202')?.label).toBe('202 Camden');
    expect(options.setting.find((o) => o.value === 'iss')).toEqual({ value: 'iss', label: 'Independent special school', plans: 29647 });
    expect(options.band).toEqual([]);
    expect(summary.bandSource).toEqual({ kind: 'none' });
  });

  it('pages the placements with the columns a user reads, the last rows included', () => {
    const page = s.service.tables.query({ table: 'placements.view', offset: 638740, limit: 10, columns: ['placement_id', 'la_code', 'la_name', 'setting_label', 'sector', 'annual_cost'] });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.data.totalRows).toBe(638745);
    expect(page.data.rows).toHaveLength(5);
    expect(page.data.rows[4][0]).toBe('943-02377');
    expect(typeof page.data.rows[0][2]).toBe('string');
    expect(typeof page.data.rows[0][5]).toBe('number');
  });

  it('filters in the engine: Independent special school is 29,647 plans, and the view table holds only those rows', async () => {
    const r = await s.run<DataLoaded>('data.summary', { filters: { setting: ['iss'] } });
    expect(r.summary.plans).toBe(29647);
    expect(r.summary.viewRows).toBe(29647);
    expect(r.summary.tableRows).toBe(638745);
    expect(r.summary.bySector.independent.plans).toBe(29647);
    expect(r.summary.bySector.maintained.plans).toBe(0);
    const page = s.service.tables.query({ table: 'placements.view', offset: 0, limit: 50, columns: ['setting'] });
    expect(page.ok && page.data.rows.every((row) => row[0] === 'iss')).toBe(true);
    expect(r.summary.generation).toBeGreaterThan(loaded.summary.generation);
  });

  it('combines filters (LA and sector) and searches providers by name or id', async () => {
    const camden = await s.run<DataLoaded>('data.summary', { filters: { la: ['202'], sector: ['independent'] } });
    expect(camden.summary.plans).toBeGreaterThan(0);
    expect(camden.summary.plans).toBe(camden.summary.bySector.independent.plans);
    const page = s.service.tables.query({ table: 'placements.view', offset: 0, limit: 5, columns: ['provider_id', 'provider_name'] });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    const name = String(page.data.rows[0][1]);
    const byProvider = await s.run<DataLoaded>('data.summary', { filters: { provider: name.toUpperCase() } });
    expect(byProvider.summary.plans).toBeGreaterThan(0);
    const none = await s.run<DataLoaded>('data.summary', { filters: { provider: 'no such provider anywhere' } });
    expect(none.summary.plans).toBe(0);
    const all = await s.run<DataLoaded>('data.summary', { filters: {} });
    expect(all.summary.plans).toBe(638745);
  });

  it('prices a rulebook against current costs on the same date, and hands its bands to the Data view', async () => {
    const costs = await s.run<RulebookCosts>('rulebook.price', { rulebook: await rulebookJson('illustrative-national-bands.rulebook.json'), date: '2027-04-01' });
    expect(costs.plans).toBe(638745);
    expect(costs.price).toBeGreaterThan(0);
    expect(costs.currentCosts).toBeGreaterThan(costs.today);
    expect(costs.byBand.map((b) => b.key)).toEqual(['B6', 'B5', 'B4', 'B3', 'B2', 'B1']);
    expect(costs.byBand.reduce((a, b) => a + b.plans, 0)).toBe(638745);
    const r = await s.run<DataLoaded>('data.summary', { filters: { band: ['B6'] } });
    expect(r.summary.bandSource).toEqual({ kind: 'rulebook', name: 'Illustrative national bands (six bands across settings)' });
    expect(r.summary.plans).toBe(costs.byBand[0].plans);
    expect(r.options.band.map((b) => b.value).sort()).toEqual(['B1', 'B2', 'B3', 'B4', 'B5', 'B6']);
    const page = s.service.tables.query({ table: 'placements.view', offset: 0, limit: 3, columns: ['band'] });
    expect(page.ok && page.data.rows.map((x) => x[0])).toEqual(['B6', 'B6', 'B6']);
  }, 60_000);

  it('a higher band price costs more in its year and after, not before', async () => {
    const rb = await rulebookJson('illustrative-national-bands.rulebook.json');
    const base = await s.run<RulebookCosts>('rulebook.price', { rulebook: rb, date: '2027-04-01' });
    const p = (rb.parameters as Record<string, { values: Array<{ from: string; value: Record<string, Record<string, number>>; source: string }> }>).base_price;
    const raised = structuredClone(p.values[0]);
    raised.from = '2027-04-01';
    raised.value.B3.iss += 5000;
    raised.source = 'test';
    p.values.push(raised);
    const after = await s.run<RulebookCosts>('rulebook.price', { rulebook: rb, date: '2027-04-01' });
    const before = await s.run<RulebookCosts>('rulebook.price', { rulebook: rb, date: '2026-04-01' });
    const unchanged = await s.run<RulebookCosts>('rulebook.price', { rulebook: await rulebookJson('illustrative-national-bands.rulebook.json'), date: '2026-04-01' });
    expect(after.price).toBeGreaterThan(base.price);
    expect(before.price).toBeCloseTo(unchanged.price, 2);
    expect(after.currentCosts).toBe(base.currentCosts);
  }, 60_000);
});

describe('importing a messy council workbook', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await messyCouncilWorkbook();
  });

  it('previews: the header under the title rows, the mapping, personal data, and the planted errors grouped by problem', async () => {
    const s = serviceWithAssets();
    const p = await s.run<PreviewResult>('data.preview', { name: 'messy.xlsx', bytes });
    expect(p.fatal).toBeNull();
    expect(p.sheets).toEqual(['Placements']);
    expect(p.header.row).toBe(4);
    expect(p.mapping.fields).toMatchObject({ placement_id: 'Child ref', setting: 'Placement type', annual_cost: 'Annual cost (£)' });
    expect(p.personalData.map((f) => [f.column, f.header, f.kind])).toEqual([
      ['B', 'UPN', 'upn'],
      ['C', 'Pupil name', 'name'],
    ]);
    expect(p.counts).toMatchObject({ accepted: 6, rejected: 5, blankRows: 1, totalRows: 1, aboveHeader: 2 });
    const errors = p.groups.filter((g) => g.severity === 'error');
    for (const planted of PLANTED) {
      const item = errors.flatMap((g) => g.items).find((i) => i.row === planted.row && i.column === planted.column);
      expect(item, `row ${planted.row}, ${planted.column}`).toBeDefined();
      expect(item!.message).toMatch(planted.says);
    }
    expect(errors.find((g) => g.column === 'Annual cost (£)')).toMatchObject({ title: 'A marker (x, z or c) where a value is needed', count: 2 });
    expect(p.sample.rows.map((r) => r[0])).toEqual([...ACCEPTED_IDS]);
    // The file's own rows, for the report's links: dropped columns are masked below the header, never shown.
    const sheet = s.service.tables.query({ table: 'import.sheet', offset: 3, limit: 2 });
    expect(sheet.ok).toBe(true);
    if (!sheet.ok) return;
    expect(sheet.data.rows[0].slice(0, 4)).toEqual([4, 'Child ref', 'UPN', 'Pupil name']);
    expect(sheet.data.rows[1].slice(0, 4)).toEqual([5, 'R001', '•••', '•••']);
  });

  it('keeps a flagged column the user unticked, and drops the one still ticked', async () => {
    const s = serviceWithAssets();
    await s.run<PreviewResult>('data.preview', { name: 'messy.xlsx', bytes });
    const p = await s.run<PreviewResult>('data.preview', { name: 'messy.xlsx', bytes, dropColumns: ['Pupil name'] });
    expect(p.header.columns.find((c) => c.header === 'UPN')?.dropped).toBe(false);
    expect(p.header.columns.find((c) => c.header === 'Pupil name')?.dropped).toBe(true);
    const done = await s.run<ImportDone>('data.import', { name: 'messy.xlsx', bytes, dropColumns: ['Pupil name'] });
    const rejected = s.service.tables.query({ table: 'rejected', offset: 0, limit: 1 });
    expect(done.committed).toBe(true);
    expect(rejected.ok && rejected.data.columns).toContain('UPN');
    expect(rejected.ok && rejected.data.columns).not.toContain('Pupil name');
  });

  it('imports the accepted rows as the placements, keeps the rejected ones, and exports them as a workbook with reasons', async () => {
    const s = serviceWithAssets();
    const done = await s.run<ImportDone>('data.import', { name: 'messy.xlsx', bytes, dropColumns: ['UPN', 'Pupil name'] });
    expect(done.committed).toBe(true);
    expect(done.loaded!.summary).toMatchObject({ plans: 6, origin: 'import', source: 'messy.xlsx [Placements]', rejectedRows: 5 });
    const page = s.service.tables.query({ table: 'placements', offset: 0, limit: 10, columns: ['placement_id'] });
    expect(page.ok && page.data.rows.map((r) => r[0])).toEqual([...ACCEPTED_IDS]);
    const out = await s.run<{ bytes: Uint8Array; name: string; rows: number }>('data.exportRejected', {});
    expect(out).toMatchObject({ name: 'messy-rejected-rows.xlsx', rows: 5 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.bytes as unknown as ArrayBuffer);
    const values: string[] = [];
    wb.worksheets[0].eachRow((row) => values.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')).join('|')));
    expect(values[0]).not.toMatch(/UPN|Pupil name/);
    expect(values.slice(1).map((v) => Number(v.split('|').pop()))).toEqual(PLANTED.map((p) => p.row));
  });

  it('does not replace the loaded data with a file it cannot read', async () => {
    const s = serviceWithAssets();
    await s.run<DataLoaded>('data.loadDefault', {});
    const done = await s.run<ImportDone>('data.import', { name: 'broken.xlsx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]) });
    expect(done.committed).toBe(false);
    expect(done.fatal).toMatch(/xlsx|zip|workbook/i);
    expect(s.service.tables.list().find((t) => t.name === 'placements')?.rows).toBe(638745);
  }, 60_000);
});

describe('rulebook jobs', () => {
  it('lists the shipped rulebooks', async () => {
    const list = await serviceWithAssets().run<ShippedRulebook[]>('rulebook.shipped', {});
    expect(list.map((r) => [r.file, r.illustrative])).toEqual([
      ['current-costs.rulebook.json', false],
      ['illustrative-national-bands.rulebook.json', true],
      ['iss-price-bands.rulebook.json', true],
    ]);
  });

  it('checks a broken band rule: the path, the plain words and the character', async () => {
    const rb = await rulebookJson('illustrative-national-bands.rulebook.json');
    const list = (rb.bands as { list: Array<{ when: string }> }).list;
    const broken = `${list[1].when} and foo > 3`;
    list[1].when = broken;
    const check = await serviceWithAssets().run<RulebookCheck>('rulebook.check', { rulebook: rb });
    expect(check.ok).toBe(false);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatchObject({ path: 'bands.list[1].when', position: broken.indexOf('foo') });
    expect(check.problems[0].message).toMatch(/^unknown name "foo"/);
    const good = await serviceWithAssets().run<RulebookCheck>('rulebook.check', { rulebook: await rulebookJson('iss-price-bands.rulebook.json') });
    expect(good).toEqual({ ok: true, problems: [] });
  });

  it('round-trips the Excel template', async () => {
    const s = serviceWithAssets();
    const rb = await rulebookJson('iss-price-bands.rulebook.json');
    const t = await s.run<{ bytes: Uint8Array; name: string }>('rulebook.toTemplate', { rulebook: rb });
    expect(t.name).toBe('iss-price-bands.xlsx');
    const back = await s.run<{ document: Record<string, unknown>; ok: boolean; issues: unknown[] }>('rulebook.fromTemplate', { bytes: t.bytes, name: t.name });
    expect(back.ok).toBe(true);
    expect(back.issues).toEqual([]);
    expect(back.document.parameters).toEqual(rb.parameters);
  });
});
