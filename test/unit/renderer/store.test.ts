// The store's slices: navigation through command ids, job bookkeeping from host events, engine and data checks.
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandId } from '../../../models/contract/commands';
import type { Host, JobEvent } from '../../../models/contract/host';
import { fail, ok } from '../../../models/contract/result';
import { throwIfCancelled } from '../../../models/service/engine-service';
import { bindCommands, commandForKey, runCommand } from '../../../renderer/src/commands/registry';
import type { KeyInput } from '../../../renderer/src/commands/shortcuts';
import { createAppStore, startApp } from '../../../renderer/src/store';
import { FINISHED_JOBS_KEPT } from '../../../renderer/src/store/jobs';
import { jobPercent, selectAppLine, selectEngineLabel, selectRunningJobs } from '../../../renderer/src/store/selectors';
import { createServiceHost, gate } from './service-host';

const ctrl = (k: string): KeyInput => ({ key: k, code: /^\d$/.test(k) ? `Digit${k}` : `Key${k.toUpperCase()}`, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false });
const meta = (k: string): KeyInput => ({ ...ctrl(k), ctrlKey: false, metaKey: true });
const esc: KeyInput = { key: 'Escape', code: 'Escape', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };

function setUp(extraJobs = {}) {
  const sh = createServiceHost(extraJobs);
  const { store, dispose } = createAppStore(sh.host, 'other');
  return { ...sh, store, dispose, commands: bindCommands(store) };
}

describe('navigation slice through command ids', () => {
  it('opens on Data', () => {
    const { store } = setUp();
    expect(store.getState()).toMatchObject({ view: 'data', navigatedVia: 'start', navigationSeq: 0 });
  });

  it.each([
    ['view.data', 'data'],
    ['view.rulebook', 'rulebook'],
    ['view.scenarios', 'scenarios'],
    ['view.results', 'results'],
    ['view.compare', 'compare'],
  ] as const)('%s opens %s and records how', (id, view) => {
    const { store, commands } = setUp();
    store.getState().navigate(view === 'data' ? 'compare' : 'data', 'nav');
    expect(runCommand(commands, store, id, 'menu')).toBe(true);
    expect(store.getState()).toMatchObject({ view, navigatedVia: 'menu', navigationSeq: 2 });
  });

  it('counts a repeated navigation to the same view, so the view can take focus again', () => {
    const { store, commands } = setUp();
    runCommand(commands, store, 'view.results', 'shortcut');
    runCommand(commands, store, 'view.results', 'shortcut');
    expect(store.getState()).toMatchObject({ view: 'results', navigationSeq: 2 });
  });

  it('binds every command of the registry, with its label and shortcut from the contract', () => {
    const { commands } = setUp();
    expect([...commands.keys()]).toEqual(COMMANDS.map((c) => c.id));
    for (const c of COMMANDS) expect(commands.get(c.id)!.spec).toBe(c);
  });

  it.each(['file.open', 'file.save', 'file.saveAs', 'file.exportResults', 'edit.undo', 'edit.redo', 'run.start'] as CommandId[])(
    '%s is disabled until its capability lands, and does nothing',
    (id) => {
      const { store, commands } = setUp();
      const before = store.getState();
      expect(runCommand(commands, store, id, 'menu')).toBe(false);
      expect(store.getState()).toBe(before);
    },
  );

  it('help.about opens the About dialog', () => {
    const { store, commands } = setUp();
    expect(runCommand(commands, store, 'help.about', 'menu')).toBe(true);
    expect(store.getState().aboutOpen).toBe(true);
  });
});

describe('keyboard shortcuts resolve to enabled commands', () => {
  it('Ctrl+1…5 are the views on Linux and Windows; ⌘ is not', () => {
    const { store, commands } = setUp();
    const s = store.getState();
    expect(['1', '2', '3', '4', '5'].map((k) => commandForKey(commands, s, ctrl(k), 'other'))).toEqual([
      'view.data', 'view.rulebook', 'view.scenarios', 'view.results', 'view.compare',
    ]);
    expect(commandForKey(commands, s, meta('3'), 'other')).toBeNull();
  });

  it('⌘1…5 are the views on a Mac; Ctrl is not', () => {
    const { store, commands } = setUp();
    const s = store.getState();
    expect(commandForKey(commands, s, meta('4'), 'mac')).toBe('view.results');
    expect(commandForKey(commands, s, ctrl('4'), 'mac')).toBeNull();
  });

  it('a disabled command lets its key through (Ctrl+S does nothing yet)', () => {
    const { store, commands } = setUp();
    expect(commandForKey(commands, store.getState(), ctrl('s'), 'other')).toBeNull();
  });

  it('Escape cancels only while a job runs', async () => {
    const hold = gate();
    const { store, commands } = setUp({ slow: async () => hold.wait });
    expect(commandForKey(commands, store.getState(), esc, 'other')).toBeNull();
    const run = store.getState().runJob({ kind: 'slow', payload: null }, 'A slow job');
    await expect.poll(() => selectRunningJobs(store.getState()).length).toBe(1);
    expect(commandForKey(commands, store.getState(), esc, 'other')).toBe('run.cancel');
    hold.open();
    await run;
  });
});

describe('jobs slice bookkeeping', () => {
  const progress = (jobId: string, done: number, total: number, message?: string): JobEvent => ({ jobId, type: 'progress', done, total, ...(message ? { message } : {}) });

  it('records progress, then the result, and the job leaves the running list', () => {
    const { store } = setUp();
    const s = () => store.getState();
    s().trackJob('j1', 'engine.info', 'Checking the engine');
    expect(selectRunningJobs(s()).map((j) => j.jobId)).toEqual(['j1']);
    s().applyJobEvent(progress('j1', 3, 10, 'Pricing placements'));
    expect(s().jobs.j1).toMatchObject({ status: 'running', done: 3, total: 10, message: 'Pricing placements' });
    expect(jobPercent(s().jobs.j1)).toBe(30);
    s().applyJobEvent(progress('j1', 7, 10));
    expect(s().jobs.j1).toMatchObject({ done: 7, total: 10, message: 'Pricing placements' });
    s().applyJobEvent({ jobId: 'j1', type: 'done', result: { answer: 42 } });
    expect(s().jobs.j1).toMatchObject({ status: 'done', done: 10, total: 10, result: { answer: 42 } });
    expect(selectRunningJobs(s())).toEqual([]);
  });

  it('ignores a late progress event after the job finished', () => {
    const { store } = setUp();
    const s = () => store.getState();
    s().trackJob('j1', 'k', 'Job');
    s().applyJobEvent({ jobId: 'j1', type: 'cancelled' });
    s().applyJobEvent(progress('j1', 5, 10));
    expect(s().jobs.j1).toMatchObject({ status: 'cancelled', done: 0 });
  });

  it('keeps events that arrive before the startJob reply, and the reply does not undo them', () => {
    const { store } = setUp();
    const s = () => store.getState();
    s().applyJobEvent(progress('j9', 1, 4));
    s().applyJobEvent({ jobId: 'j9', type: 'error', error: { code: 'job-failed', message: 'Row 7 has no setting.' } });
    s().trackJob('j9', 'pricing.run', 'Pricing');
    expect(s().jobs.j9).toMatchObject({ kind: 'pricing.run', label: 'Pricing', status: 'error', done: 1, total: 4, error: { message: 'Row 7 has no setting.' } });
    expect(s().jobOrder).toEqual(['j9']);
  });

  it('has no percentage until a job says how much work there is', () => {
    const { store } = setUp();
    store.getState().trackJob('j1', 'k', 'Job');
    expect(jobPercent(store.getState().jobs.j1)).toBeNull();
  });

  it(`keeps the last ${FINISHED_JOBS_KEPT} finished jobs and every running one`, () => {
    const { store } = setUp();
    const s = () => store.getState();
    s().trackJob('running', 'k', 'Still running');
    for (let i = 0; i < FINISHED_JOBS_KEPT + 5; i++) {
      s().trackJob(`f${i}`, 'k', 'Finished');
      s().applyJobEvent({ jobId: `f${i}`, type: 'done', result: i });
    }
    expect(s().jobOrder).toHaveLength(FINISHED_JOBS_KEPT + 1);
    expect(s().jobOrder[0]).toBe('running');
    expect(s().jobOrder[1]).toBe('f5');
    expect(Object.keys(s().jobs).sort()).toEqual([...s().jobOrder].sort());
  });

  it('runJob resolves with the result of a real engine job, fed by host events', async () => {
    const { store } = setUp();
    const r = await store.getState().runJob({ kind: 'engine.info', payload: null }, 'Checking the engine');
    expect(r).toEqual(ok({ version: '0.1.0', formulaMode: 'compiled' }));
    expect(Object.values(store.getState().jobs)).toMatchObject([{ kind: 'engine.info', label: 'Checking the engine', status: 'done' }]);
  });

  it('runJob reports progress while running and a cancel as a cancelled Result', async () => {
    const hold = gate();
    const { store } = setUp({
      count: async (_p: unknown, ctx: { progress(d: number, t: number): void; cancel: { cancelled: boolean } }) => {
        ctx.progress(2, 8);
        await hold.wait;
        throwIfCancelled(ctx.cancel);
      },
    });
    const run = store.getState().runJob({ kind: 'count', payload: null }, 'Counting');
    await expect.poll(() => selectRunningJobs(store.getState())[0]?.done).toBe(2);
    expect(jobPercent(selectRunningJobs(store.getState())[0])).toBe(25);
    await store.getState().cancelRunningJobs();
    hold.open();
    const r = await run;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('cancelled');
    expect(selectRunningJobs(store.getState())).toEqual([]);
  });

  it('runJob turns a failing job, and an unknown one, into error Results', async () => {
    const { store } = setUp({ broken: () => { throw new Error('The tariff table has no row for band 3.'); } });
    const broken = await store.getState().runJob({ kind: 'broken', payload: null }, 'Pricing');
    expect(broken).toEqual(fail('job-failed', 'The tariff table has no row for band 3.'));
    const unknown = await store.getState().runJob({ kind: 'no.such.job', payload: null }, 'Nothing');
    expect(!unknown.ok && unknown.error.code).toBe('unknown-job');
  });

  it('hears job events started elsewhere, and stops listening once disposed', async () => {
    const { store, dispose, host } = setUp();
    await host.startJob({ kind: 'engine.info', payload: null });
    await expect.poll(() => store.getState().jobs['job-1']?.status).toBe('done');
    dispose();
    await host.startJob({ kind: 'engine.info', payload: null });
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getState().jobOrder).toEqual(['job-1']);
  });
});

describe('app and data slices', () => {
  it('start-up asks the host for app info, the engine formula mode and the loaded tables', async () => {
    const { store } = setUp();
    expect(selectEngineLabel(store.getState())).toBe('Engine: checking…');
    await startApp(store);
    const s = store.getState();
    expect(selectAppLine(s, 'High Needs Tariff Modeller')).toBe('High Needs Tariff Modeller 0.1.0 · Browser');
    // In Node the engine may generate code; in the browser's worker the CSP makes it 'interpreted'.
    expect(selectEngineLabel(s)).toBe('Engine: compiled formulas');
    expect(s.tables).toEqual({ state: 'ready', tables: [] });
  });

  it('takes the platform from the host, so a Mac gets ⌘ shortcuts', async () => {
    const sh = createServiceHost({}, { shell: 'electron', platform: 'darwin' });
    const { store } = createAppStore(sh.host, 'other');
    await store.getState().loadAppInfo();
    expect(store.getState().platform).toBe('mac');
    expect(selectAppLine(store.getState(), 'X')).toBe('High Needs Tariff Modeller 0.1.0 · Desktop');
  });

  it('lists tables the engine holds', async () => {
    const { store, service } = setUp();
    service.tables.set('placements', { rowCount: 3, columns: ['setting', 'annual_cost'], cell: () => 1 });
    await store.getState().refreshTables();
    expect(store.getState().tables).toEqual({ state: 'ready', tables: [{ name: 'placements', rows: 3, columns: ['setting', 'annual_cost'] }] });
  });

  it('reports an engine that answers in an unexpected form, or not at all, as not available', async () => {
    const odd = setUp({ 'engine.info': () => ({ mode: 'fast' }) });
    await odd.store.getState().checkEngine();
    expect(odd.store.getState().engine).toEqual({ state: 'failed', message: 'The engine answered in an unexpected form.' });
    expect(selectEngineLabel(odd.store.getState())).toBe('Engine: not available');

    const sh = createServiceHost();
    const down: Host = { ...sh.host, startJob: async () => fail('unavailable', 'The engine stopped working.'), listTables: async () => fail('unavailable', 'The engine stopped working.') };
    const { store } = createAppStore(down, 'other');
    await startApp(store);
    expect(store.getState().engine).toEqual({ state: 'failed', message: 'The engine stopped working.' });
    expect(store.getState().tables).toEqual({ state: 'failed', message: 'The engine stopped working.' });
  });
});
