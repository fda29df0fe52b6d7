// The renderer's project slice end to end on real files: edit, autosave, save, close, reopen, crash and recover,
// with the real main-process ProjectService behind the host. Also which file commands the registry enables.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindCommands, runCommand } from '../../../renderer/src/commands/registry';
import { createAppStore, startApp, type AppStore } from '../../../renderer/src/store';
import { reportShellState } from '../../../renderer/src/store/project';
import { decodeProject } from '../../../models/project/format';
import { emptyProject, type ProjectDocument } from '../../../models/project/types';
import { EXPECTED, FIXTURE_DIR } from '../../fixtures/project/make-fixtures';
import { createServiceHost } from '../renderer/service-host';
import { createProjectHost } from './project-host';

let root: string;
let userData: string;
let docs: string;
const disposers: Array<() => void> = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hntm-project-store-'));
  userData = join(root, 'user-data');
  docs = join(root, 'Documents');
  mkdirSync(userData);
  mkdirSync(docs);
});
afterEach(() => {
  for (const d of disposers.splice(0)) d();
  rmSync(root, { recursive: true, force: true });
});

async function session(id: string, options: { confirm?: boolean; purge?: boolean } = {}) {
  const ph = await createProjectHost(userData, docs, id, { purge: options.purge });
  const { store, dispose } = createAppStore(ph.host, 'other', { autosaveDelayMs: 20, confirmDiscard: () => options.confirm ?? false });
  disposers.push(dispose);
  // As the app does (App.tsx): the shell hears dirty/clean, and a clean project has no recovery file.
  const commands = bindCommands(store);
  const stopReporting = reportShellState(store, ph.host, (s, id) => commands.get(id)!.enabled(s), [...commands.keys()]);
  disposers.push(stopReporting);
  /** A crash: the session's timers and reports stop at once (a dead process writes nothing more). */
  const crash = () => {
    dispose();
    stopReporting();
  };
  return { ...ph, store, crash };
}

const addScenario = (store: AppStore, name: string) =>
  store.getState().editProject((p: ProjectDocument) => ({ ...p, scenarios: [...p.scenarios, { name, document: { schemaVersion: 1, growth: 0.02 } }] }));
const recoveryFiles = () => (existsSync(join(userData, 'recovery')) ? readdirSync(join(userData, 'recovery')).filter((f) => f.endsWith('.hntm')) : []);

describe('save, close, reopen', () => {
  it('an edit marks the project unsaved; Save writes it and marks it saved; reopening in a new session gives it back', async () => {
    const a = await session('a');
    a.store.getState().editProject(() => EXPECTED);
    expect(a.store.getState().projectDirty).toBe(true);
    a.next.save = join(docs, 'Example.hntm');
    expect(await a.store.getState().saveProject()).toBe(true);
    expect(a.store.getState()).toMatchObject({ projectDirty: false, projectPath: join(docs, 'Example.hntm'), project: EXPECTED });

    const b = await session('b');
    expect(await b.store.getState().openProject(join(docs, 'Example.hntm'))).toBe(true);
    expect(b.store.getState()).toMatchObject({ project: EXPECTED, projectDirty: false, projectPath: join(docs, 'Example.hntm') });
  });

  it('edits made while a save is being written keep the project unsaved', async () => {
    const a = await session('a');
    a.store.getState().editProject(() => EXPECTED);
    a.next.save = join(docs, 'x.hntm');
    const saving = a.store.getState().saveProject();
    addScenario(a.store, 'typed during the save');
    await saving;
    expect(a.store.getState().projectDirty).toBe(true);
    expect(a.store.getState().projectPath).toBe(join(docs, 'x.hntm'));
    expect(a.store.getState().project.scenarios.at(-1)!.name).toBe('typed during the save');
  });

  it('a refused open (newer version) leaves the open project alone and says why', async () => {
    const a = await session('a', { confirm: true });
    a.store.getState().editProject(() => EXPECTED);
    copyFileSync(join(FIXTURE_DIR, 'v3-future.hntm'), join(docs, 'future.hntm'));
    a.next.open = join(docs, 'future.hntm');
    expect(await a.store.getState().openProject()).toBe(false);
    expect(a.store.getState()).toMatchObject({ project: EXPECTED, projectDirty: true, projectNotice: { kind: 'error', text: expect.stringContaining('saved by High Needs Tariff Modeller 2.0.0') } });
  });

  it('a project from an older format opens with a notice that it was brought up to date', async () => {
    const a = await session('a');
    copyFileSync(join(FIXTURE_DIR, 'v1-example.hntm'), join(docs, 'old.hntm'));
    a.next.open = join(docs, 'old.hntm');
    expect(await a.store.getState().openProject()).toBe(true);
    expect(a.store.getState()).toMatchObject({ project: EXPECTED, projectDirty: false, projectNotice: { kind: 'info', text: expect.stringContaining('format 1') } });
  });

  it('unsaved changes are not thrown away without a yes (New, Open)', async () => {
    const a = await session('a', { confirm: false });
    a.store.getState().editProject(() => EXPECTED);
    expect(await a.store.getState().newProject()).toBe(false);
    expect(a.store.getState().project).toEqual(EXPECTED);
    const b = await session('b', { confirm: true });
    b.store.getState().editProject(() => EXPECTED);
    expect(await b.store.getState().newProject()).toBe(true);
    expect(b.store.getState()).toMatchObject({ project: emptyProject(), projectDirty: false, projectPath: null });
  });
});

describe('autosave and recovery after a crash', () => {
  it('autosaves unsaved edits after a pause; the next session offers them and Recover restores the exact state, unsaved', async () => {
    const crashed = await session('crashed');
    crashed.store.getState().editProject(() => EXPECTED);
    crashed.next.save = join(docs, 'Barnet.hntm');
    await crashed.store.getState().saveProject();
    addScenario(crashed.store, 'Unsaved idea');
    addScenario(crashed.store, 'Another unsaved idea');
    const unsaved = crashed.store.getState().project;
    // Wait for the autosave of the last edit (an earlier one may have fired while the save was being written).
    await vi.waitFor(() => {
      const decoded = decodeProject(new Uint8Array(readFileSync(crashed.service.recovery.ownFile)), 'r.hntm');
      expect(decoded.ok && decoded.project.scenarios.length).toBe(unsaved.scenarios.length);
    });
    // The crash: the session just stops. Nothing is saved or cleared, and nothing more is written.
    crashed.crash();
    await new Promise((r) => setTimeout(r, 100)); // let a write already under way land, as the OS would

    const next = await session('next');
    await startApp(next.store);
    expect(next.store.getState().recoveryOffer).toMatchObject({ projectName: EXPECTED.name, path: join(docs, 'Barnet.hntm') });
    await next.store.getState().resolveRecovery('recover');
    expect(next.store.getState()).toMatchObject({ recoveryOffer: null, project: unsaved, projectDirty: true, projectPath: join(docs, 'Barnet.hntm') });
    // The recovered work is unsaved, so it autosaves again; let that write land before saving. (A save that races
    // an autosave already under way can leave a recovery file behind: see the session note.)
    await vi.waitFor(() => expect(recoveryFiles().length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 500));
    // Saving the recovered work goes to its own file, and afterwards there is nothing left to recover.
    expect(await next.store.getState().saveProject()).toBe(true);
    await next.host.reportState!({ dirty: false, running: false, projectName: 'x', path: null });
    const third = await session('third');
    await startApp(third.store);
    expect(third.store.getState().recoveryOffer).toBeNull();
  });

  it('Discard deletes the offered work; a postponed offer comes back next time', async () => {
    const a = await session('a');
    a.store.getState().editProject(() => EXPECTED);
    await vi.waitFor(() => expect(recoveryFiles()).toHaveLength(1));
    const b = await session('b');
    await startApp(b.store);
    b.store.getState().postponeRecovery();
    expect(b.store.getState().recoveryOffer).toBeNull();
    const c = await session('c');
    await startApp(c.store);
    expect(c.store.getState().recoveryOffer).not.toBeNull();
    await c.store.getState().resolveRecovery('discard');
    expect(recoveryFiles()).toEqual([]);
    expect(c.store.getState().project).toEqual(emptyProject());
  });

  it('a save cancels a pending autosave, so a saved project leaves no recovery file behind', async () => {
    const ph = await createProjectHost(userData, docs, 's');
    const { store, dispose } = createAppStore(ph.host, 'other', { autosaveDelayMs: 200 });
    disposers.push(dispose);
    disposers.push(reportShellState(store, ph.host, () => true, []));
    store.getState().editProject(() => EXPECTED);
    ph.next.save = join(docs, 'quick.hntm');
    await store.getState().saveProject();
    await new Promise((r) => setTimeout(r, 300));
    expect(recoveryFiles()).toEqual([]);
  });
});

describe('the file commands and the state reported to the shell', () => {
  it('Save is enabled only with unsaved edits; the menu state follows, with every command', async () => {
    const a = await session('a');
    const commands = bindCommands(a.store);
    expect(a.reports.at(-1)).toMatchObject({ dirty: false, running: false, projectName: 'Untitled project', path: null, enabled: { 'file.save': false, 'file.saveAs': true, 'file.open': true, 'file.new': true } });
    a.store.getState().editProject(() => EXPECTED);
    expect(a.reports.at(-1)).toMatchObject({ dirty: true, projectName: EXPECTED.name, enabled: { 'file.save': true } });
    a.next.save = join(docs, 'Example.hntm');
    expect(runCommand(commands, a.store, 'file.save', 'menu')).toBe(true);
    await vi.waitFor(() => expect(a.reports.at(-1)).toMatchObject({ dirty: false, path: join(docs, 'Example.hntm'), enabled: { 'file.save': false } }));
  });

  it('a double-clicked file arrives through onOpenPath and opens', async () => {
    const a = await session('a');
    a.store.getState().editProject(() => EXPECTED);
    a.next.save = join(docs, 'Example.hntm');
    await a.store.getState().saveProject();
    const b = await session('b');
    const stop = b.host.onOpenPath!((path) => void b.store.getState().openProject(path));
    disposers.push(stop);
    b.openPath(join(docs, 'Example.hntm'));
    await vi.waitFor(() => expect(b.store.getState().projectPath).toBe(join(docs, 'Example.hntm')));
  });

  it('without project support in the host (the test host), file commands stay disabled; purge needs a host that keeps backups', async () => {
    const { store, dispose } = createAppStore(createServiceHost().host, 'other');
    disposers.push(dispose);
    const commands = bindCommands(store);
    for (const id of ['file.open', 'file.save', 'file.saveAs', 'help.purgeBackups'] as const) expect(commands.get(id)!.enabled(store.getState()), id).toBe(false);
    expect(commands.get('file.new')!.enabled(store.getState())).toBe(true);
    const withPurge = await session('p', { purge: true });
    expect(bindCommands(withPurge.store).get('help.purgeBackups')!.enabled(withPurge.store.getState())).toBe(true);
    await withPurge.store.getState().purgeBackups();
    expect(withPurge.store.getState().projectNotice).toEqual({ kind: 'info', text: 'Deleted 0 backup and recovery files.' });
  });
});
