// The workspace's engine jobs, run through the engine service as the worker runs them, on the example council.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { JobEvent } from '../../../models/contract/host';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { isAssetPath, type Assets } from '../../../models/service/assets';
import { cohortsOf, type DeltaQuantiles, type GroupExplanation, type PricingSummary, type ShippedScenarios, type WorkbookBytes } from '../../../models/service/workspace-jobs';
import type { PlacementTrace } from '../../../models/pricing/explain';
import type { SimulationResult } from '../../../models/uncertainty/simulate';
import { loadDataset } from '../../../cli/datasets';
import { readRulebook } from '../../../cli/sources';
import { price } from '../../../models/pricing/price';
import { totals } from '../../../models/pricing/aggregate';

const ROOT = resolve(import.meta.dirname, '../../..');
const assets: Assets = {
  read: async (path) => {
    if (!isAssetPath(path)) throw new Error(`not shipped: ${path}`);
    return new Uint8Array(await readFile(resolve(ROOT, path)));
  },
};

function engine() {
  const events: JobEvent[] = [];
  const waiters = new Map<string, (e: JobEvent) => void>();
  const service = createEngineService(ENGINE_JOBS, (e) => {
    events.push(e);
    if (e.type !== 'progress') waiters.get(e.jobId)?.(e);
  }, { assets });
  let n = 0;
  const run = async <T>(kind: string, payload: unknown): Promise<T> => {
    const jobId = `j${++n}`;
    const done = new Promise<JobEvent>((r) => waiters.set(jobId, r));
    const started = service.start(jobId, kind, payload);
    if (!started.ok) throw new Error(started.error.message);
    const e = await done;
    if (e.type === 'error') throw new Error(e.error.message);
    if (e.type !== 'done') throw new Error(`${kind} ${e.type}`);
    return e.result as T;
  };
  return { run, events };
}

const council = async (e: ReturnType<typeof engine>) => {
  const shipped = await e.run<ShippedScenarios>('scenario.shipped', null);
  return shipped.scenarios.find((s) => s.file === 'example-council.scenario.json')!.document as Record<string, unknown>;
};

describe('workspace jobs on the example council', () => {
  it('lists the shipped scenarios with the rulebooks they name', async () => {
    const e = engine();
    const shipped = await e.run<ShippedScenarios>('scenario.shipped', null);
    expect(shipped.scenarios.map((s) => s.file)).toContain('england-baseline.scenario.json');
    expect(Object.keys(shipped.rulebooks)).toEqual(['rulebooks/illustrative-national-bands.rulebook.json']);
  });

  it('runs the central run and the draws, keeping draws in the worker, and differences runs draw by draw', async () => {
    const e = engine();
    const scenario = await council(e);
    const central = await e.run<SimulationResult>('workspace.central', { scenario });
    expect(central.years).toEqual(['2025-26', '2026-27', '2027-28', '2028-29', '2029-30']);
    const base = await e.run<SimulationResult>('workspace.simulate', { scenario, draws: 40, runKey: 'a' });
    expect(base.perDraw).toBeUndefined();
    expect(base.central.spend.scenario.total).toEqual(central.central.spend.scenario.total);
    expect(e.events.some((x) => x.type === 'progress' && /draws/.test(x.message ?? ''))).toBe(true);
    const same = await e.run<DeltaQuantiles[]>('compare.deltas', { baseline: 'a', runs: ['a'] });
    expect(same[0].series['scenario.total'].p90.every((x) => x === 0)).toBe(true);
    // More joiners in every draw: every draw's difference is positive, so even p10 is above zero.
    const more = { schemaVersion: 1, name: 'More joiners', baseline: 'example-council.scenario.json', overrides: { 'demand.joiners.multiplier': { dist: 'interval80', low: 1.0, high: 1.2 } } };
    await e.run('workspace.simulate', { scenario: more, baselines: { 'example-council.scenario.json': scenario }, draws: 40, runKey: 'b' });
    const deltas = await e.run<DeltaQuantiles[]>('compare.deltas', { baseline: 'a', runs: ['b'] });
    expect(deltas[0].series['scenario.total'].p10.slice(1).every((x) => x > 0)).toBe(true);
    await expect(e.run('compare.deltas', { baseline: 'a', runs: ['gone'] })).rejects.toThrow(/run it again/);
  });

  it('summarises the pricing on the first day of the forecast, and explains a group and a placement', async () => {
    const e = engine();
    const scenario = await council(e);
    const summary = await e.run<PricingSummary>('pricing.summary', { scenario });
    expect(summary).toMatchObject({ date: '2025-04-01', financialYear: '2025-26' });
    expect(summary.totals.plans).toBe(3000);
    expect(summary.bands.reduce((s, b) => s + b.plans, 0)).toBe(3000);
    const iss = await e.run<GroupExplanation>('explain.group', { scenario, by: 'setting', key: 'iss' });
    expect(iss.group.plans).toBe(summary.settings.find((s) => s.key === 'iss')!.plans);
    expect(iss.parameters.find((p) => p.name === 'base_price')!.values.every((v) => v.keyValues.includes('iss'))).toBe(true);
    expect(iss.parameters.every((p) => p.values.every((v) => v.source.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(v.from)))).toBe(true);
    const all = await e.run<GroupExplanation>('explain.group', { scenario, by: 'all', key: 'all' });
    expect(all.group.plans).toBe(3000);
    expect(all.group.current).toBeCloseTo(summary.totals.current, 2);
    const trace = await e.run<PlacementTrace>('explain.placement', { scenario, placementId: iss.group.largestDifferences[0].placementId });
    expect(trace.band.tested.at(-1)!.matched).toBe(true);
    expect(trace.parameters.some((p) => p.name === 'base_price')).toBe(true);
  });

  it('writes the results workbook with the run’s years, which exceljs opens', async () => {
    const e = engine();
    const scenario = await council(e);
    const run = await e.run<SimulationResult>('workspace.simulate', { scenario, draws: 20, runKey: 'w' });
    const wb = await e.run<WorkbookBytes>('results.workbook', { scenario, result: run });
    expect(wb.cohorts).toBe(false);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(wb.bytes.buffer.slice(wb.bytes.byteOffset, wb.bytes.byteOffset + wb.bytes.byteLength) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'By year', 'By LA', 'By provider', 'Placements', 'Assumptions', 'Provenance']);
    expect(book.getWorksheet('Placements')!.rowCount).toBe(3001);
  });
});

describe('cohorts for a workbook written in the browser', () => {
  it('groups placements so counts and money totals are kept', () => {
    const table = loadDataset('example-council');
    const rb = readRulebook(resolve(ROOT, 'scenarios/rulebooks/illustrative-national-bands.rulebook.json')).rulebook!;
    const priced = price(table, rb, { date: '2025-04-01' });
    const { priced: grouped, cohorts } = cohortsOf(priced);
    expect(cohorts).toBeLessThan(table.rowCount);
    const a = totals(priced), b = totals(grouped);
    expect(b.plans).toBe(a.plans);
    expect(b.current).toBeCloseTo(a.current, 2);
    expect(b.price).toBeCloseTo(a.price, 2);
    expect(b.unpriced).toBe(a.unpriced);
  });
});
