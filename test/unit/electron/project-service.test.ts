// Projects on real files in temporary folders: save, reopen, backups, path checks, newer versions refused and left
// byte-for-byte alone, and recovery after a simulated crash ("restart" = a new service over the same user-data folder).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { nodeAtomicWriteOps, type FileDialogs } from '../../../electron/files';
import { nodeSha256, ProjectService } from '../../../electron/project-service';
import { decodeProject } from '../../../models/project/format';
import { emptyProject, type ProjectDocument } from '../../../models/project/types';
import { EXPECTED, FIXTURE_DIR } from '../../fixtures/project/make-fixtures';

let root: string;
let userData: string;
let docs: string;
let now: Date;
let sessions = 0;

/** A dialog that answers what the test sets next, and records what it was asked. */
function fakeDialogs() {
  const next = { open: null as string | null, save: null as string | null };
  const asked: Array<{ kind: 'open' | 'save'; options: unknown }> = [];
  const dialogs: FileDialogs = {
    showOpenDialog: async (options) => (asked.push({ kind: 'open', options }), next.open ? { canceled: false, filePaths: [next.open] } : { canceled: true, filePaths: [] }),
    showSaveDialog: async (options) => (asked.push({ kind: 'save', options }), next.save ? { canceled: false, filePath: next.save } : { canceled: true, filePath: '' }),
  };
  return { dialogs, next, asked };
}

async function startService(options: Partial<ConstructorParameters<typeof ProjectService>[0]> = {}) {
  const d = fakeDialogs();
  const service = new ProjectService({ userData, appVersion: '0.1.0', sessionId: `session-${++sessions}`, dialogs: d.dialogs, defaultFolder: () => docs, clock: () => now, keepBackups: 3, ...options });
  await service.init();
  return { service, ...d };
}

const edited = (p: ProjectDocument, n: number): ProjectDocument => ({ ...p, scenarios: [...p.scenarios, { name: `Edit ${n}`, document: { schemaVersion: 1, growth: n / 100 } }] });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hntm-projects-'));
  userData = join(root, 'user-data');
  docs = join(root, 'Documents');
  mkdirSync(userData);
  mkdirSync(docs);
  now = new Date('2026-11-22T10:00:00.000Z');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('save and open', () => {
  it('a first save asks where (suggesting the project name in Documents), adds .hntm, writes the file and a backup', async () => {
    const { service, next, asked } = await startService();
    next.save = join(docs, 'Barnet');
    const r = await service.save({ project: { ...EXPECTED, created: null, name: 'Barnet 2026' }, path: null });
    expect(r).toMatchObject({ ok: true, data: { path: join(docs, 'Barnet.hntm'), fileName: 'Barnet.hntm', savedAt: now.toISOString() } });
    expect(asked[0]).toEqual({ kind: 'save', options: expect.objectContaining({ defaultPath: join(docs, 'Barnet 2026.hntm'), filters: [{ name: 'High Needs Tariff Modeller project', extensions: ['hntm'] }] }) });
    const bytes = new Uint8Array(readFileSync(join(docs, 'Barnet.hntm')));
    expect(decodeProject(bytes, 'Barnet.hntm')).toMatchObject({ ok: true, project: { ...EXPECTED, name: 'Barnet 2026', created: now.toISOString() } });
    const backups = await service.backups.list(join(docs, 'Barnet.hntm'));
    expect(backups).toHaveLength(1);
    expect(new Uint8Array(readFileSync(backups[0]))).toEqual(bytes);
    expect(service.recent.list().map((e) => e.path)).toEqual([join(docs, 'Barnet.hntm')]);
  });

  it('Save to the current file needs no dialog; the last 3 saves are kept as backups, the oldest dropped', async () => {
    const { service, next, asked } = await startService();
    next.save = join(docs, 'plan.hntm');
    let project = EXPECTED;
    await service.save({ project, path: null });
    for (let i = 1; i <= 4; i++) {
      now = new Date(now.getTime() + 60_000);
      project = edited(project, i);
      expect(await service.save({ project, path: join(docs, 'plan.hntm') })).toMatchObject({ ok: true });
    }
    expect(asked).toHaveLength(1);
    const kept = await service.backups.list(join(docs, 'plan.hntm'));
    expect(kept).toHaveLength(3);
    const scenarioCounts = kept.map((k) => {
      const d = decodeProject(new Uint8Array(readFileSync(k)), 'b.hntm');
      return d.ok ? d.project.scenarios.length : -1;
    });
    expect(scenarioCounts).toEqual([6, 5, 4]);
  });

  it('opens what it saved, exactly, through the dialog; cancelling answers null', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'a.hntm');
    const saved = await service.save({ project: EXPECTED, path: null });
    next.open = join(docs, 'a.hntm');
    const opened = await service.open({});
    expect(opened).toEqual({ ok: true, data: { path: join(docs, 'a.hntm'), fileName: 'a.hntm', project: saved.ok && saved.data!.project, migratedFrom: null, warnings: [] } });
    next.open = null;
    expect(await service.open(undefined)).toEqual({ ok: true, data: null });
  });

  it('a failed write leaves the previous file as it was, says so, and adds no backup', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'a.hntm');
    await service.save({ project: EXPECTED, path: null });
    const before = readFileSync(join(docs, 'a.hntm'));
    const failing = { ...nodeAtomicWriteOps, rename: async () => Promise.reject(new Error('disk unplugged')) };
    const again = await startService({ ops: failing });
    again.next.open = join(docs, 'a.hntm');
    await again.service.open({});
    const r = await again.service.save({ project: edited(EXPECTED, 1), path: join(docs, 'a.hntm') });
    expect(r).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringContaining('The previous version of the file is unchanged') } });
    expect(readFileSync(join(docs, 'a.hntm'))).toEqual(before);
    expect(readdirSync(docs)).toEqual(['a.hntm']);
    expect(await again.service.backups.list(join(docs, 'a.hntm'))).toHaveLength(1);
  });

  it('opening a file that was deleted answers not-found and takes it off Recent files', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'gone.hntm');
    await service.save({ project: EXPECTED, path: null });
    rmSync(join(docs, 'gone.hntm'));
    expect(await service.open({ path: join(docs, 'gone.hntm') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(service.recent.list()).toEqual([]);
  });

  it('warns when referenced data has changed or gone since it was chosen', async () => {
    const data = join(docs, 'placements.csv');
    writeFileSync(data, 'placement_id,cost\nP1,100\n');
    const project: ProjectDocument = { ...EXPECTED, data: { kind: 'reference', sourceName: 'placements.csv', path: data, sha256: nodeSha256(readFileSync(data)), droppedColumns: [] } };
    const { service, next } = await startService();
    next.save = join(docs, 'ref.hntm');
    await service.save({ project, path: null });
    expect(await service.open({ path: join(docs, 'ref.hntm') })).toMatchObject({ ok: true, data: { warnings: [] } });
    writeFileSync(data, 'placement_id,cost\nP1,999\n');
    expect(await service.open({ path: join(docs, 'ref.hntm') })).toMatchObject({ ok: true, data: { warnings: [expect.stringContaining('has changed')] } });
    rmSync(data);
    expect(await service.open({ path: join(docs, 'ref.hntm') })).toMatchObject({ ok: true, data: { warnings: [expect.stringContaining('is not at')] } });
  });
});

describe('paths the renderer names are checked', () => {
  it('refuses to open or save a path never chosen in this session, and touches nothing', async () => {
    const { service } = await startService();
    const elsewhere = join(root, 'not-chosen.hntm');
    writeFileSync(elsewhere, 'precious');
    for (const path of [elsewhere, '/etc/passwd', join(docs, 'new.hntm')]) {
      expect(await service.open({ path })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
      expect(await service.save({ project: EXPECTED, path })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    }
    expect(readFileSync(elsewhere, 'utf8')).toBe('precious');
    expect(existsSync(join(docs, 'new.hntm'))).toBe(false);
  });

  it.each([
    ['a relative path', 'a.hntm'],
    ['a NUL byte', `${'/tmp'}/a\u0000.hntm`],
    ['a number', 42],
    ['an object', { path: '/a.hntm' }],
  ])('refuses %s as invalid-argument', async (_name, path) => {
    const { service } = await startService();
    expect(await service.open({ path })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('a path with .. that resolves to a chosen file is the chosen file; one that leaves it is not', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'a.hntm');
    await service.save({ project: EXPECTED, path: null });
    expect(await service.open({ path: join(docs, 'sub', '..', 'a.hntm') })).toMatchObject({ ok: true });
    expect(await service.open({ path: join(docs, 'a.hntm', '..', '..', 'user-data', 'recent-projects.json') })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });

  it('after a restart, a file in Recent files may be opened by path; after Clear, it may not', async () => {
    const first = await startService();
    first.next.save = join(docs, 'a.hntm');
    await first.service.save({ project: EXPECTED, path: null });
    const second = await startService();
    expect(await second.service.open({ path: join(docs, 'a.hntm') })).toMatchObject({ ok: true });
    const third = await startService();
    await third.service.recent.clear();
    expect(await third.service.open({ path: join(docs, 'a.hntm') })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    expect(third.service.grantFromOutside(join(docs, 'a.hntm'))).toBe(join(docs, 'a.hntm'));
    expect(await third.service.open({ path: join(docs, 'a.hntm') })).toMatchObject({ ok: true });
  });

  it('refuses a project that is not one, without writing anything', async () => {
    const { service, next, asked } = await startService();
    next.save = join(docs, 'x.hntm');
    expect(await service.save({ project: { name: 'x', scenarios: 'many' }, path: null })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('scenarios must be a list') } });
    expect(await service.save('project')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await service.autosave({ project: null })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(readdirSync(docs)).toEqual([]);
    expect(asked).toHaveLength(1);
  });
});

describe('versions', () => {
  it('a file from a newer version is refused on open and never overwritten by Save or Save As (bytes compared)', async () => {
    const future = join(docs, 'future.hntm');
    copyFileSync(join(FIXTURE_DIR, 'v3-future.hntm'), future);
    const before = readFileSync(future);
    const { service, next } = await startService();
    next.open = future;
    const opened = await service.open({});
    expect(opened).toMatchObject({ ok: false, error: { code: 'newer-version', message: expect.stringContaining('future.hntm was saved by High Needs Tariff Modeller 2.0.0') } });
    // The user chose it in the dialog, so the path itself is allowed; the version is what stops the save.
    expect(await service.save({ project: EXPECTED, path: future })).toMatchObject({ ok: false, error: { code: 'newer-version', message: expect.stringContaining('will not overwrite it') } });
    next.save = future;
    expect(await service.save({ project: EXPECTED, path: null, saveAs: true })).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    expect(readFileSync(future)).toEqual(before);
    expect(readdirSync(docs)).toEqual(['future.hntm']);
  });

  it('a format 1 file opens migrated; saving over it keeps the original format 1 bytes as a backup', async () => {
    const old = join(docs, 'old.hntm');
    copyFileSync(join(FIXTURE_DIR, 'v1-example.hntm'), old);
    const original = readFileSync(old);
    const { service, next } = await startService();
    next.open = old;
    const opened = await service.open({});
    expect(opened).toMatchObject({ ok: true, data: { migratedFrom: 1, project: EXPECTED, warnings: [expect.stringContaining('format 1')] } });
    expect(readFileSync(old)).toEqual(original);
    expect(await service.save({ project: EXPECTED, path: old })).toMatchObject({ ok: true });
    const backups = await service.backups.list(old);
    const originalBackup = backups.find((b) => b.endsWith('-format-1-original.hntm'));
    expect(originalBackup).toBeDefined();
    expect(readFileSync(originalBackup!)).toEqual(original);
    expect(decodeProject(new Uint8Array(readFileSync(old)), 'old.hntm')).toMatchObject({ ok: true, migratedFrom: null });
  });
});

describe('autosave and recovery after a crash', () => {
  it('the next start offers the unsaved work of a session that crashed, and Recover restores it exactly', async () => {
    const crashed = await startService();
    crashed.next.save = join(docs, 'barnet.hntm');
    await crashed.service.save({ project: EXPECTED, path: null });
    const unsaved = edited(edited(EXPECTED, 1), 2);
    now = new Date('2026-11-22T10:05:00.000Z');
    expect(await crashed.service.autosave({ project: unsaved, path: join(docs, 'barnet.hntm') })).toEqual({ ok: true, data: { writtenAt: '2026-11-22T10:05:00.000Z' } });
    // The crash: nothing more happens in that session. The restart is a new service over the same user-data folder.
    now = new Date('2026-11-22T11:00:00.000Z');
    const restarted = await startService();
    expect(await restarted.service.checkRecovery()).toEqual({ ok: true, data: { writtenAt: '2026-11-22T10:05:00.000Z', projectName: EXPECTED.name, path: join(docs, 'barnet.hntm') } });
    const recovered = await restarted.service.resolveRecovery('recover');
    expect(recovered).toEqual({ ok: true, data: { path: join(docs, 'barnet.hntm'), fileName: 'barnet.hntm', project: unsaved, migratedFrom: null, warnings: [] } });
    // The recovered work is now this session's: it can be saved back to its file without a dialog.
    expect(await restarted.service.save({ project: unsaved, path: join(docs, 'barnet.hntm') })).toMatchObject({ ok: true });
    await restarted.service.clearAutosave();
    const third = await startService();
    expect(await third.service.checkRecovery()).toEqual({ ok: true, data: null });
  });

  it('recovered work stays safe until saved: a crash right after Recover offers it again', async () => {
    const a = await startService();
    await a.service.autosave({ project: edited(EXPECTED, 1), path: null });
    const b = await startService();
    await b.service.checkRecovery();
    await b.service.resolveRecovery('recover');
    const c = await startService();
    expect(await c.service.checkRecovery()).toMatchObject({ ok: true, data: { projectName: EXPECTED.name, path: null } });
  });

  it('a clean end (saved or discarded: clearAutosave) leaves nothing to recover', async () => {
    const a = await startService();
    await a.service.autosave({ project: edited(EXPECTED, 1), path: null });
    await a.service.clearAutosave();
    const b = await startService();
    expect(await b.service.checkRecovery()).toEqual({ ok: true, data: null });
    expect(readdirSync(join(userData, 'recovery'))).toEqual([]);
  });

  it('a save that clears the recovery file while an autosave is being written wins: nothing is left to recover', async () => {
    const a = await startService();
    // Start an autosave, clear (as a finished save does) before it has written, then let it finish.
    const writing = a.service.autosave({ project: edited(EXPECTED, 1), path: null });
    await a.service.clearAutosave();
    expect(await writing).toMatchObject({ ok: true });
    const b = await startService();
    expect(await b.service.checkRecovery()).toEqual({ ok: true, data: null });
    // An autosave that starts after the clear is unsaved work again, and is kept.
    await a.service.autosave({ project: edited(EXPECTED, 2), path: null });
    const c = await startService();
    expect(await c.service.checkRecovery()).toMatchObject({ ok: true, data: { projectName: EXPECTED.name } });
  });

  it('Discard deletes the offered work for good', async () => {
    const a = await startService();
    await a.service.autosave({ project: edited(EXPECTED, 1), path: null });
    const b = await startService();
    await b.service.checkRecovery();
    expect(await b.service.resolveRecovery('discard')).toEqual({ ok: true, data: null });
    const c = await startService();
    expect(await c.service.checkRecovery()).toEqual({ ok: true, data: null });
    expect(await c.service.resolveRecovery('recover')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await c.service.resolveRecovery('maybe')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('an autosave remembers only a path the user chose, so a recovered project cannot be steered to another file', async () => {
    const a = await startService();
    await a.service.autosave({ project: EXPECTED, path: '/etc/passwd' });
    const b = await startService();
    expect(await b.service.checkRecovery()).toMatchObject({ ok: true, data: { path: null } });
  });

  it('each autosave replaces the last one: one recovery file per session', async () => {
    const a = await startService();
    for (let i = 1; i <= 3; i++) await a.service.autosave({ project: edited(EXPECTED, i), path: null });
    expect(readdirSync(join(userData, 'recovery'))).toHaveLength(1);
    const b = await startService();
    await b.service.checkRecovery();
    const r = await b.service.resolveRecovery('recover');
    expect(r.ok && r.data!.project.scenarios.map((s) => s.name)).toEqual(['Baseline', 'Cap ISS fees', 'Edit 3']);
  });
});

describe('no dropped personal-data column in backups or recovery files', () => {
  const UPN = 'K801200119012';
  const planted = (): unknown => ({
    ...emptyProject('With a dropped UPN'),
    data: { kind: 'embedded', sourceName: 'pupils.csv', columns: ['placement_id', 'UPN', 'annual_cost'], droppedColumns: ['UPN'], csv: `placement_id,UPN,annual_cost\nP1,${UPN},50000\n`, upnValues: [UPN] },
    droppedData: { UPN: [UPN] },
  });
  const holds = (bytes: Uint8Array, value: string): string[] =>
    Object.entries(unzipSync(bytes))
      .filter(([, v]) => strFromU8(v).includes(value))
      .map(([k]) => k);

  it('the saved file, its backup and the recovery file all lack the planted values', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'p.hntm');
    expect(await service.save({ project: planted(), path: null })).toMatchObject({ ok: true });
    await service.autosave({ project: planted(), path: join(docs, 'p.hntm') });
    const files = [join(docs, 'p.hntm'), ...(await service.backups.list(join(docs, 'p.hntm'))), service.recovery.ownFile];
    expect(files).toHaveLength(3);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      expect(holds(bytes, UPN), file).toEqual([]);
      const decoded = decodeProject(bytes, 'p.hntm');
      expect(decoded.ok && decoded.project.data).toEqual({ kind: 'embedded', sourceName: 'pupils.csv', columns: ['placement_id', 'annual_cost'], droppedColumns: ['UPN'], csv: 'placement_id,annual_cost\nP1,50000\n' });
    }
  });
});

describe('retention and purge', () => {
  it('start-up deletes backups and recovery files older than the retention period', async () => {
    const a = await startService({ retentionDays: 30 });
    a.next.save = join(docs, 'a.hntm');
    await a.service.save({ project: EXPECTED, path: null });
    await a.service.autosave({ project: EXPECTED, path: null });
    const old = new Date(now.getTime() - 31 * 86_400_000);
    for (const f of [...(await a.service.backups.list(join(docs, 'a.hntm'))), a.service.recovery.ownFile]) utimesSync(f, old, old);
    const b = await startService({ retentionDays: 30 });
    expect(await b.service.backups.list(join(docs, 'a.hntm'))).toEqual([]);
    expect(await b.service.checkRecovery()).toEqual({ ok: true, data: null });
    expect(existsSync(join(docs, 'a.hntm'))).toBe(true);
  });

  it('purgeAll deletes every backup and recovery file and no project file', async () => {
    const { service, next } = await startService();
    next.save = join(docs, 'a.hntm');
    await service.save({ project: EXPECTED, path: null });
    await service.save({ project: edited(EXPECTED, 1), path: join(docs, 'a.hntm') });
    await service.autosave({ project: EXPECTED, path: null });
    const summary = await service.storageSummary();
    expect(summary.filesRemoved).toBe(3);
    expect(await service.purgeAll()).toEqual(summary);
    expect(await service.storageSummary()).toEqual({ filesRemoved: 0, bytesRemoved: 0 });
    expect(readdirSync(docs)).toEqual(['a.hntm']);
  });
});
