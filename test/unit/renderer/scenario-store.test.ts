// The scenario, results, compare and explain slices against the real engine service (in-process, with the shipped
// files), and the commands they bind: captured edits and undo, the central rerun, runs with progress and cancel,
// exports through the host, comparisons under common random numbers, explain traces.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Host, JobEvent, SaveFileOptions } from '../../../models/contract/host';
import { ok } from '../../../models/contract/result';
import { createEngineService, throwIfCancelled, type JobHandler } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { isAssetPath } from '../../../models/service/assets';
import { createAppStore, type AppStore } from '../../../renderer/src/store';
import { bindCommands, runCommand } from '../../../renderer/src/commands/registry';
import { CENTRAL_DELAY_MS, selectResolvedDraft } from '../../../renderer/src/store/scenario';
import { selectActiveRun, selectFinishedRuns, selectRunProgress, selectRunningRun, runLabel } from '../../../renderer/src/store/results';
import { selectComparison } from '../../../renderer/src/store/compare';
import { basePrice } from '../../../renderer/src/views/scenario/model';

const ROOT = resolve(import.meta.dirname, '../../..');

function setUp(extraJobs: Record<string, JobHandler> = {}) {
  const listeners = new Set<(e: JobEvent) => void>();
  const service = createEngineService({ ...ENGINE_JOBS, ...extraJobs }, (e) => listeners.forEach((l) => l(e)), {
    assets: { read: async (p) => (isAssetPath(p) ? new Uint8Array(await readFile(resolve(ROOT, p))) : Promise.reject(new Error(p))) },
  });
  let n = 0;
  const saved: Array<{ options: SaveFileOptions; bytes: Uint8Array }> = [];
  const host: Host = {
    appInfo: async () => ok({ name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'browser', platform: 'Linux' }),
    openFile: async () => ok(null),
    saveFile: async (options, bytes) => {
      saved.push({ options, bytes });
      return ok({ name: options.defaultName, size: bytes.byteLength });
    },
    startJob: async (r) => service.start(`job-${++n}`, r.kind, r.payload),
    cancelJob: async (id) => service.cancel(id),
    onJobEvent: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    listTables: async () => ok(service.tables.list()),
    queryRows: async (q) => service.tables.query(q),
  };
  const { store, dispose } = createAppStore(host, 'other');
  return { store, dispose, saved, commands: bindCommands(store) };
}

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

async function withCatalog(extra: Record<string, JobHandler> = {}, baseline = 'example-council.scenario.json') {
  const env = setUp(extra);
  disposers.push(env.dispose);
  await env.store.getState().loadScenarioCatalog();
  env.store.getState().chooseBaseline(baseline);
  return env;
}

const until = async (store: AppStore, pred: () => boolean, ms = 60_000) => {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for the store');
    await new Promise((r) => setTimeout(r, 20));
  }
  void store;
};

describe('scenario slice', () => {
  it('opens the England baseline as a load: nothing to undo, nothing unsaved', async () => {
    const env = setUp();
    disposers.push(env.dispose);
    await env.store.getState().loadScenarioCatalog();
    const s = env.store.getState();
    expect(s.scenarioDraft).toEqual({ name: 'England baseline', baseline: 'england-baseline.scenario.json', overrides: {}, prices: [] });
    expect(s.undoPast).toEqual([]);
    expect(s.projectDirty).toBe(false);
    expect(s.scenarioDraws).toBe(500);
  });

  it('captures an edit for undo, names the new scenario and keeps it in the project as a diff', async () => {
    const { store, commands } = await withCatalog();
    store.getState().editScenario('Change joiners (new plans)', (d) => ({ ...d, overrides: { ...d.overrides, 'demand.joiners.multiplier': 1.2 } }));
    let s = store.getState();
    expect(s.scenarioDraft?.name).toBe('Example council (edited)');
    expect(selectResolvedDraft(s)?.scenario?.demand.joiners.multiplier).toBe(1.2);
    expect(s.projectDirty).toBe(true);
    expect(s.project.scenarios).toEqual([{ name: 'example-council-edited.scenario.json', document: { schemaVersion: 1, name: 'Example council (edited)', baseline: 'example-council.scenario.json', overrides: { 'demand.joiners.multiplier': 1.2 } } }]);
    expect(runCommand(commands, store, 'edit.undo', 'shortcut')).toBe(true);
    s = store.getState();
    expect(s.scenarioDraft?.overrides).toEqual({});
    expect(s.project.scenarios).toEqual([]);
    expect(runCommand(commands, store, 'edit.redo', 'shortcut')).toBe(true);
    expect(store.getState().scenarioDraft?.overrides).toEqual({ 'demand.joiners.multiplier': 1.2 });
  });

  it('keeps a price edit in the scenario’s own copy of the rulebook in the project', async () => {
    const { store } = await withCatalog();
    store.getState().editScenario('Set band B4 price', (d) => ({ ...d, name: 'Option', prices: [{ band: 'B4', setting: 'iss', value: 56_000 }] }));
    const s = store.getState();
    expect(s.project.scenarios.map((d) => d.name)).toEqual(['option.scenario.json']);
    expect(s.project.rulebooks.map((d) => d.name)).toContain('option.rulebook.json');
    const rb = s.project.rulebooks.find((d) => d.name === 'option.rulebook.json')!.document;
    expect(basePrice(rb, 'B4', 'iss', '2025-04-01')).toBe(56_000);
  });

  it('reruns the central result shortly after an edit while the Scenarios view is open', async () => {
    const { store } = await withCatalog();
    store.getState().navigate('scenarios', 'nav');
    await until(store, () => store.getState().scenarioCentral.state === 'ready');
    const first = store.getState().scenarioCentral.result!.central.spend.scenario.total;
    store.getState().editScenario('Change joiners (new plans)', (d) => ({ ...d, overrides: { 'demand.joiners.multiplier': 1.5 } }));
    expect(store.getState().scenarioCentral.state).toBe('ready');
    await new Promise((r) => setTimeout(r, CENTRAL_DELAY_MS + 20));
    await until(store, () => store.getState().scenarioCentral.state === 'ready');
    const second = store.getState().scenarioCentral.result!.central.spend.scenario.total;
    expect(second[4]).toBeGreaterThan(first[4]);
  });
});

describe('results slice: runs in the worker', () => {
  it('runs the Monte Carlo, keeps only aggregates and quantiles, then prices and works out the tornado', async () => {
    const { store } = await withCatalog();
    store.getState().setScenarioDraws(40);
    const id = await store.getState().runScenario();
    expect(id).not.toBeNull();
    const run = selectActiveRun(store.getState())!;
    expect(run).toMatchObject({ status: 'done', draws: 40, seed: 2025, name: 'Example council' });
    expect(run.result).not.toHaveProperty('perDraw');
    expect(run.result!.quantiles['scenario.total'].p10[4]).toBeLessThan(run.result!.quantiles['scenario.total'].p90[4]);
    expect(runLabel(run)).toMatch(/^Example council · 40 draws · seed 2025 · \d\d:\d\d$/);
    await until(store, () => selectActiveRun(store.getState())!.pricing.state === 'ready' && selectActiveRun(store.getState())!.tornado.state === 'ready');
    const done = selectActiveRun(store.getState())!;
    expect(done.pricing.state === 'ready' && done.pricing.data.totals.plans).toBe(3000);
    expect(done.tornado.state === 'ready' && done.tornado.data.bars.length).toBe(3);
  });

  it('shows progress (draws done, time left) and cancels through the Cancel command', async () => {
    let release = (): void => {};
    const hold = new Promise<void>((r) => (release = r));
    const { store, commands } = await withCatalog({
      'workspace.simulate': async (_p, ctx) => {
        ctx.progress(120, 500, '120 of 500 draws, about 9 s left');
        await hold;
        throwIfCancelled(ctx.cancel);
        return null;
      },
    });
    const pending = store.getState().runScenario();
    await until(store, () => selectRunProgress(store.getState(), selectRunningRun(store.getState()))?.done === 120);
    expect(selectRunProgress(store.getState(), selectRunningRun(store.getState()))).toEqual({ done: 120, total: 500, percent: 24, message: '120 of 500 draws, about 9 s left' });
    expect(commands.get('run.start')!.enabled(store.getState())).toBe(false);
    expect(runCommand(commands, store, 'run.cancel', 'shortcut')).toBe(true);
    release();
    expect(await pending).toBeNull();
    const [only] = Object.values(store.getState().runs);
    expect(only.status).toBe('cancelled');
    expect(selectFinishedRuns(store.getState())).toEqual([]);
  });

  it('exports the full results workbook through the host, named after the scenario', async () => {
    const { store, commands, saved } = await withCatalog();
    expect(commands.get('file.exportResults')!.enabled(store.getState())).toBe(false);
    store.getState().setScenarioDraws(20);
    await store.getState().runScenario();
    expect(runCommand(commands, store, 'file.exportResults', 'menu')).toBe(true);
    await until(store, () => store.getState().resultsExport.state === 'done', 120_000);
    expect(saved[0].options.defaultName).toBe('Example council results.xlsx');
    expect(saved[0].bytes.byteLength).toBeGreaterThan(10_000);
    expect(store.getState().resultsExport.message).toMatch(/^Saved Example council results\.xlsx: Summary, By year/);
  });
});

describe('compare and explain slices', () => {
  it('compares runs that share their draws, draw by draw, and explains a group and a placement', async () => {
    const { store } = await withCatalog();
    store.getState().setScenarioDraws(30);
    const a = await store.getState().runScenario();
    store.getState().editScenario('Set band B4 price', (d) => ({ ...d, name: 'Option', prices: [{ band: 'B4', setting: 'iss', value: 60_000 }] }));
    const b = await store.getState().runScenario();
    const c = selectComparison(store.getState());
    expect(c.baseline?.id).toBe(a);
    expect(c.runs.map((r) => r.id)).toEqual([b]);
    expect(c.sharedDraws).toBe(true);
    await store.getState().loadCompareDeltas();
    const deltas = store.getState().compareDeltas;
    expect(deltas.state).toBe('ready');
    // Only the tariff basis moves with a band price when no tariff is adopted: the scenario basis differs by 0 in every draw.
    expect(deltas.data![0].series['scenario.total'].p90.every((x) => x === 0)).toBe(true);
    expect(deltas.data![0].series['tariff.total'].p10.every((x) => x > 0)).toBe(true);

    await store.getState().openExplain({ kind: 'group', runId: b!, by: 'setting', key: 'iss', title: 'ISS' });
    const g = store.getState().explainState;
    expect(g.state).toBe('ready');
    expect(g.data?.kind === 'group' && g.data.trace.parameters.find((p) => p.name === 'base_price')!.values.some((v) => v.keyValues.join() === 'B4,iss' && v.value === 60_000)).toBe(true);
    const id = g.data?.kind === 'group' ? g.data.trace.group.largestDifferences[0].placementId : '';
    await store.getState().openExplain({ kind: 'placement', runId: b!, placementId: id, title: id }, { keepTrail: true });
    expect(store.getState().explainState.data?.kind).toBe('placement');
    expect(store.getState().explainTrail).toHaveLength(1);
    store.getState().explainBack();
    expect(store.getState().explainTarget).toMatchObject({ kind: 'group', key: 'iss' });
    store.getState().closeExplain();
    expect(store.getState().explainTarget).toBeNull();
    vi.useRealTimers();
  });
});
