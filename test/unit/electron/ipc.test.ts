// The IPC handlers: exactly INVOKE_CHANNELS, senders checked first, arguments checked, results never thrown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { CHANNELS, INVOKE_CHANNELS } from '../../../models/contract/channels';
import { MAX_PAGE_ROWS } from '../../../models/contract/host';
import { ok, type Result } from '../../../models/contract/result';
import { checkRowQuery, registerIpc, type IpcDeps } from '../../../electron/ipc';
import type { EngineRequest } from '../../../electron/engine';
import { MAX_FILE_BYTES } from '../../../electron/files';
import { ProjectService } from '../../../electron/project-service';
import type { ShellState } from '../../../models/contract/host';
import { EXPECTED } from '../../fixtures/project/make-fixtures';

const WINDOW_ID = 1;
const trusted = { sender: { id: WINDOW_ID }, senderFrame: { url: 'app://hntm/index.html' } } as unknown as IpcMainInvokeEvent;
const stranger = { sender: { id: 2 }, senderFrame: { url: 'app://hntm/index.html' } } as unknown as IpcMainInvokeEvent;
const navigatedAway = { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
const frameGone = { sender: { id: WINDOW_ID }, senderFrame: null } as unknown as IpcMainInvokeEvent;

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>;
let handlers: Map<string, Handler>;
let engineCalls: EngineRequest[];
let dir: string;
let saveTarget: string;
let projects: ProjectService;
let reported: ShellState[];
let openChoice: string | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hntm-ipc-'));
  saveTarget = join(dir, 'saved.hntm');
  handlers = new Map();
  engineCalls = [];
  reported = [];
  openChoice = null;
  const dialogs = {
    showOpenDialog: async () => (openChoice ? { canceled: false, filePaths: [openChoice] } : { canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: false, filePath: saveTarget }),
  };
  projects = new ProjectService({ userData: join(dir, 'user-data'), appVersion: '0.1.0', sessionId: 's1', dialogs, defaultFolder: () => dir });
  const deps: IpcDeps = {
    appInfo: () => ({ name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'electron', platform: 'linux' }),
    dialogs,
    defaultSaveFolder: () => dir,
    engine: {
      request: async (body) => {
        engineCalls.push(body);
        return ok({ echoed: body.type });
      },
    },
    ourWebContentsIds: () => new Set([WINDOW_ID]),
    newJobId: () => 'job-1',
    projects: {
      open: (r) => projects.open(r),
      save: (r) => projects.save(r),
      recent: () => projects.recentProjects(),
      autosave: (w) => projects.autosave(w),
      checkRecovery: () => projects.checkRecovery(),
      resolveRecovery: (c) => projects.resolveRecovery(c),
      purge: async () => ok(null),
    },
    reportState: (state) => void reported.push(state),
  };
  registerIpc({ handle: (channel: string, fn: Handler) => handlers.set(channel, fn) } as never, deps);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const call = (channel: string, event: IpcMainInvokeEvent, ...args: unknown[]) => handlers.get(channel)!(event, ...args);

describe('registration', () => {
  it('registers a handler for exactly the invoke channels', () => {
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(handlers.has(CHANNELS.jobEvent)).toBe(false);
    expect(handlers.has(CHANNELS.command)).toBe(false);
  });
});

describe('sender check', () => {
  it.each([
    ['a web contents we did not create', stranger],
    ['our window after it navigated away', navigatedAway],
    ['a frame that is gone', frameGone],
  ])('drops %s on every channel, before doing any work', async (_name, event) => {
    for (const channel of INVOKE_CHANNELS) {
      const r = await call(channel, event, { table: 't', offset: 0, limit: 1 });
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }
    expect(engineCalls).toEqual([]);
  });

  it('drops a sender whose frame throws when read (destroyed)', async () => {
    const destroyed = { sender: { id: WINDOW_ID }, get senderFrame() { throw new Error('Render frame was disposed'); } } as unknown as IpcMainInvokeEvent;
    expect(await call(CHANNELS.appInfo, destroyed)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers our window', async () => {
    expect(await call(CHANNELS.appInfo, trusted)).toEqual({ ok: true, data: { name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'electron', platform: 'linux' } });
  });
});

describe('queryRows', () => {
  it('forwards a checked query to the engine, rebuilt from known fields only', async () => {
    const query = { table: 'placements', offset: 10, limit: 50, columns: ['la'], filters: [{ column: 'setting', in: ['iss'], extra: 1 }], sort: { column: 'cost', direction: 'desc' }, sneaky: true };
    expect(await call(CHANNELS.queryRows, trusted, query)).toEqual({ ok: true, data: { echoed: 'queryRows' } });
    expect(engineCalls).toEqual([{ type: 'queryRows', query: { table: 'placements', offset: 10, limit: 50, columns: ['la'], filters: [{ column: 'setting', in: ['iss'] }], sort: { column: 'cost', direction: 'desc' } } }]);
  });

  it(`refuses a page above MAX_PAGE_ROWS (${MAX_PAGE_ROWS}) as too-large, without asking the engine`, async () => {
    expect(await call(CHANNELS.queryRows, trusted, { table: 'p', offset: 0, limit: MAX_PAGE_ROWS + 1 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await call(CHANNELS.queryRows, trusted, { table: 'p', offset: 0, limit: MAX_PAGE_ROWS })).toMatchObject({ ok: true });
    expect(engineCalls).toHaveLength(1);
  });

  it.each([
    ['no query', undefined],
    ['a string', 'SELECT *'],
    ['no table', { offset: 0, limit: 1 }],
    ['negative offset', { table: 't', offset: -1, limit: 1 }],
    ['fractional limit', { table: 't', offset: 0, limit: 1.5 }],
    ['limit as text', { table: 't', offset: 0, limit: '10' }],
    ['NaN offset', { table: 't', offset: Number.NaN, limit: 1 }],
    ['columns not a list', { table: 't', offset: 0, limit: 1, columns: 'la' }],
    ['filter without column', { table: 't', offset: 0, limit: 1, filters: [{ in: [1] }] }],
    ['filter "in" with objects', { table: 't', offset: 0, limit: 1, filters: [{ column: 'a', in: [{}] }] }],
    ['filter min as text', { table: 't', offset: 0, limit: 1, filters: [{ column: 'a', min: '1' }] }],
    ['sort direction unknown', { table: 't', offset: 0, limit: 1, sort: { column: 'a', direction: 'up' } }],
    ['huge table name', { table: 'x'.repeat(5000), offset: 0, limit: 1 }],
  ])('refuses %s as invalid-argument', async (_name, query) => {
    expect(await call(CHANNELS.queryRows, trusted, query)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(engineCalls).toEqual([]);
  });

  it('checkRowQuery accepts a minimal query as is', () => {
    expect(checkRowQuery({ table: 't', offset: 0, limit: 0 })).toEqual({ ok: true, data: { table: 't', offset: 0, limit: 0 } });
  });
});

describe('saveFile', () => {
  it('writes a Uint8Array through the dialog', async () => {
    const r = await call(CHANNELS.saveFile, trusted, { defaultName: 'saved.hntm' }, new Uint8Array([1, 2, 3]));
    expect(r).toEqual({ ok: true, data: { name: 'saved.hntm', size: 3 } });
    expect([...readFileSync(saveTarget)]).toEqual([1, 2, 3]);
  });

  it.each([
    ['a string', 'hello'],
    ['an array of numbers', [1, 2, 3]],
    ['an ArrayBuffer', new ArrayBuffer(3)],
    ['nothing', undefined],
  ])('refuses %s as the bytes', async (_name, bytes) => {
    expect(await call(CHANNELS.saveFile, trusted, { defaultName: 'x.hntm' }, bytes)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('refuses bytes above the size cap as too-large', async () => {
    // A view that claims more bytes than the cap without allocating them.
    const huge = new Uint8Array(1);
    Object.defineProperty(huge, 'byteLength', { value: MAX_FILE_BYTES + 1 });
    expect(await call(CHANNELS.saveFile, trusted, { defaultName: 'x.hntm' }, huge)).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it.each([
    ['no options', undefined],
    ['no default name', {}],
    ['a title that is not text', { defaultName: 'x', title: 5 }],
    ['an extension with a dot', { defaultName: 'x', filters: [{ name: 'X', extensions: ['.xlsx'] }] }],
    ['filters that are not a list', { defaultName: 'x', filters: 'xlsx' }],
  ])('refuses %s', async (_name, options) => {
    expect(await call(CHANNELS.saveFile, trusted, options, new Uint8Array([1]))).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('openFile, jobs and tables', () => {
  it('openFile answers null on cancel and accepts missing options', async () => {
    expect(await call(CHANNELS.openFile, trusted)).toEqual({ ok: true, data: null });
    expect(await call(CHANNELS.openFile, trusted, { filters: [{ name: 'Workbooks', extensions: ['xlsx', 'csv'] }] })).toEqual({ ok: true, data: null });
    expect(await call(CHANNELS.openFile, trusted, { title: ['x'] })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('startJob gives the job an id made in main and forwards kind and payload', async () => {
    await call(CHANNELS.startJob, trusted, { kind: 'engine.info', payload: { a: 1 } });
    expect(engineCalls).toEqual([{ type: 'startJob', jobId: 'job-1', kind: 'engine.info', payload: { a: 1 } }]);
    expect(await call(CHANNELS.startJob, trusted, { payload: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call(CHANNELS.startJob, trusted, 'engine.info')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('cancelJob and listTables forward; a non-text job id is refused', async () => {
    await call(CHANNELS.cancelJob, trusted, 'job-1');
    await call(CHANNELS.listTables, trusted);
    expect(engineCalls).toEqual([{ type: 'cancelJob', jobId: 'job-1' }, { type: 'listTables' }]);
    expect(await call(CHANNELS.cancelJob, trusted, 42)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('projects over IPC: paths only if the user chose them, everything else checked', () => {
  beforeEach(async () => {
    await projects.init();
  });

  it('refuses to open or save a path the user never chose, before touching the disk', async () => {
    expect(await call(CHANNELS.openProject, trusted, { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    expect(await call(CHANNELS.saveProject, trusted, { project: EXPECTED, path: join(dir, 'elsewhere.hntm') })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    expect(await call(CHANNELS.openProject, trusted, { path: 'relative.hntm' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call(CHANNELS.openProject, trusted, 'open please')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('a file chosen in the save dialog can then be saved to and opened by path', async () => {
    const saved = await call(CHANNELS.saveProject, trusted, { project: EXPECTED, path: null });
    expect(saved).toMatchObject({ ok: true, data: { path: saveTarget } });
    expect(await call(CHANNELS.saveProject, trusted, { project: EXPECTED, path: saveTarget })).toMatchObject({ ok: true });
    expect(await call(CHANNELS.openProject, trusted, { path: saveTarget })).toMatchObject({ ok: true, data: { project: { name: EXPECTED.name } } });
    expect(await call(CHANNELS.recentProjects, trusted)).toMatchObject({ ok: true, data: [{ path: saveTarget }] });
  });

  it('a file chosen in the open dialog is granted', async () => {
    await call(CHANNELS.saveProject, trusted, { project: EXPECTED, path: null });
    const other = new ProjectService({ userData: join(dir, 'other-user-data'), appVersion: '0.1.0', sessionId: 's2', dialogs: { showOpenDialog: async () => ({ canceled: false, filePaths: [saveTarget] }), showSaveDialog: async () => ({ canceled: true }) }, defaultFolder: () => dir });
    expect(await other.open({ path: saveTarget })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    expect(await other.open({})).toMatchObject({ ok: true });
    expect(await other.open({ path: saveTarget })).toMatchObject({ ok: true });
  });

  it('checks autosave, recovery and state reports', async () => {
    expect(await call(CHANNELS.autosave, trusted, 'everything')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call(CHANNELS.autosave, trusted, { project: EXPECTED, path: null })).toMatchObject({ ok: true, data: { writtenAt: expect.any(String) } });
    expect(await call(CHANNELS.checkRecovery, trusted)).toEqual({ ok: true, data: null });
    expect(await call(CHANNELS.resolveRecovery, trusted, 'recover')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call(CHANNELS.reportState, trusted, { dirty: 'very' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(reported).toEqual([]);
    expect(await call(CHANNELS.reportState, trusted, { dirty: true, running: false, projectName: 'Barnet', path: null, enabled: { 'file.save': true, bogus: true } })).toEqual({ ok: true, data: null });
    expect(reported).toEqual([{ dirty: true, running: false, projectName: 'Barnet', path: null, enabled: { 'file.save': true } }]);
  });

  it('a channel that is not in the contract has no handler at all', () => {
    expect(handlers.has('hntm:read-any-file')).toBe(false);
    expect(handlers.has('hntm:open-path')).toBe(false);
  });
});

describe('never throws across the bridge', () => {
  it('turns an exception inside a handler into an error result', async () => {
    const local = new Map<string, Handler>();
    registerIpc({ handle: (c: string, fn: Handler) => local.set(c, fn) } as never, {
      appInfo: () => {
        throw new Error('boom');
      },
      dialogs: { showOpenDialog: async () => Promise.reject(new Error('no display')), showSaveDialog: async () => ({ canceled: true }) },
      defaultSaveFolder: () => dir,
      engine: { request: async () => Promise.reject(new Error('worker gone')) },
      ourWebContentsIds: () => new Set([WINDOW_ID]),
      newJobId: () => 'j',
      projects: {
        open: async () => Promise.reject(new Error('disk gone')),
        save: async () => ok(null),
        recent: () => ok([]),
        autosave: async () => ok({ writtenAt: '' }),
        checkRecovery: async () => ok(null),
        resolveRecovery: async () => ok(null),
        purge: async () => ok(null),
      },
      reportState: () => {
        throw new Error('menu broke');
      },
    });
    expect(await local.get(CHANNELS.appInfo)!(trusted)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(await local.get(CHANNELS.openFile)!(trusted, {})).toEqual({ ok: false, error: { code: 'internal', message: 'no display' } });
    expect(await local.get(CHANNELS.listTables)!(trusted)).toEqual({ ok: false, error: { code: 'internal', message: 'worker gone' } });
    expect(await local.get(CHANNELS.openProject)!(trusted, {})).toEqual({ ok: false, error: { code: 'internal', message: 'disk gone' } });
    expect(await local.get(CHANNELS.reportState)!(trusted, { dirty: false, running: false, projectName: 'x', path: null })).toEqual({ ok: false, error: { code: 'internal', message: 'menu broke' } });
  });
});
