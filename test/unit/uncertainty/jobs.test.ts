// The simulation runs as engine jobs (off the UI thread): 'simulate' reports draws done with an ETA and can be
// cancelled; 'central' reruns reuse the prepared cells; tornado and goalSeek answer through the same door.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import type { JobEvent } from '../../../models/contract/host';
import { generateSyntheticTable } from '../../../models/data/synthetic';
import { registerPlacementTable } from '../../../models/uncertainty/jobs';
import { scenarioJson } from '../projection/helpers';

const root = process.cwd();
const rulebook = JSON.parse(readFileSync(join(root, 'scenarios/rulebooks/illustrative-national-bands.rulebook.json'), 'utf8'));
const rates = JSON.parse(readFileSync(join(root, 'scenarios/derived/flows-2024.json'), 'utf8'));
registerPlacementTable('test-council', generateSyntheticTable({ rows: 2000, seed: 3, las: ['202'] }));
const scenario = scenarioJson((s) => {
  s.horizon.years = 3;
  s.funding.allocation.amounts['2025-26'].value = 40_000_000;
  s.demand.joiners.multiplier = { dist: 'interval80', low: 0.9, high: 1.1 };
  s.demand.leavers.multiplier = { dist: 'interval80', low: 0.9, high: 1.1 }; // forces a run per draw (the direct path)
});

function service() {
  const events: JobEvent[] = [];
  const svc = createEngineService(ENGINE_JOBS, (e) => events.push(e));
  const finished = (jobId: string) =>
    new Promise<JobEvent>((resolve) => {
      const poll = () => {
        const e = events.find((x) => x.jobId === jobId && x.type !== 'progress');
        if (e) resolve(e);
        else setTimeout(poll, 5);
      };
      poll();
    });
  return { svc, events, finished };
}

describe('simulation jobs', () => {
  it('simulate: reports draws done with an ETA and returns quantiles without raw draws', async () => {
    const { svc, events, finished } = service();
    expect(svc.start('j1', 'simulate', { scenario, rulebook, rates, tableName: 'test-council', draws: 30 }).ok).toBe(true);
    const done = await finished('j1');
    expect(done.type).toBe('done');
    const result = (done as { result: any }).result;
    expect(result.draws).toBe(30);
    expect(result.perDraw).toBeUndefined();
    expect(result.quantiles['scenario.total'].p10.length).toBe(3);
    const progress = events.filter((e) => e.jobId === 'j1' && e.type === 'progress') as Array<{ done: number; total: number; message?: string }>;
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[progress.length - 1]).toMatchObject({ done: 30, total: 30 });
    expect(progress[0].message).toMatch(/of 30 draws, about \d+ s left/);
  });

  it('simulate: a cancel stops the run between chunks of draws', async () => {
    const { svc, finished } = service();
    svc.start('j2', 'simulate', { scenario, rulebook, rates, tableName: 'test-council', draws: 5000 });
    await new Promise((r) => setTimeout(r, 30));
    expect(svc.cancel('j2').ok).toBe(true);
    expect((await finished('j2')).type).toBe('cancelled');
  });

  it('central: a rerun after a change gives the changed answer (the prepared cells are reused)', async () => {
    const { svc, finished } = service();
    svc.start('c1', 'central', { scenario, rulebook, rates, tableName: 'test-council' });
    const first = ((await finished('c1')) as { result: any }).result;
    const changed = { ...scenario, demand: { ...scenario.demand, joiners: { multiplier: 1.5, source: 't' } } };
    svc.start('c2', 'central', { scenario: changed, rulebook, rates, tableName: 'test-council' });
    const second = ((await finished('c2')) as { result: any }).result;
    expect(second.central.plans[2]).toBeGreaterThan(first.central.plans[2]);
    expect(second.cells).toBe(first.cells);
  });

  it('a scenario that cannot run fails with every problem named', async () => {
    const { svc, finished } = service();
    svc.start('bad', 'simulate', { scenario: { ...scenario, horizon: { firstYear: '2025-26', years: 0 } }, rulebook, rates, tableName: 'nowhere' });
    const e = await finished('bad');
    expect(e.type).toBe('error');
    const message = (e as { error: { message: string } }).error.message;
    expect(message).toMatch(/horizon.years/);
    expect(message).toMatch(/no placement table called "nowhere"/);
  });

  it('tornado and goalSeek answer through the same door', async () => {
    const { svc, finished } = service();
    svc.start('t', 'tornado', { scenario, rulebook, rates, tableName: 'test-council', metric: { series: 'scenario', year: '2027-28' } });
    const t = ((await finished('t')) as { result: any }).result;
    expect(t.bars.map((b: { path: string }) => b.path).sort()).toEqual(['demand.joiners.multiplier', 'demand.leavers.multiplier']);
    svc.start('g', 'goalSeek', { scenario, rulebook, rates, tableName: 'test-council', goal: { path: 'levers.tariff.scale', metric: { series: 'tariff', year: '2026-27' }, target: 1e6, bracket: [0, 1] } });
    const g = ((await finished('g')) as { result: any }).result;
    expect(typeof g.found).toBe('boolean');
    expect(g.iterations).toBeGreaterThan(0);
  });
});
