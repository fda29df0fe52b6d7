// The BUILT main process (main.js from electron-vite) loaded against a mocked Electron: what it asks of Electron.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { CHANNELS, HOST_GLOBAL, INVOKE_CHANNELS } from '../../../models/contract/channels';
import { COMMANDS } from '../../../models/contract/commands';
import { contentSecurityPolicy } from '../../../models/contract/security';
import { buildElectronApp } from './build';
import { EXPECTED, FIXTURE_DIR } from '../../fixtures/project/make-fixtures';

type Fn = (...args: any[]) => any;

/** Everything the bundle asked of Electron, recorded by the mock below. */
const fake = vi.hoisted(() => ({
  windows: [] as Array<{ options: any; webContents: any; loadURL: Fn; listeners: Map<string, Fn>; focused: number; close(): void; isDestroyed(): boolean }>,
  privileged: [] as unknown[],
  protocolHandlers: new Map<string, Fn>(),
  ipcHandlers: new Map<string, Fn>(),
  appListeners: new Map<string, Fn[]>(),
  beforeRequest: null as Fn | null,
  beforeRequestArgs: [] as unknown[],
  permissionRequest: null as Fn | null,
  permissionCheck: null as Fn | null,
  devicePermission: null as Fn | null,
  menuTemplate: null as any,
  applicationMenu: null as unknown,
  sent: [] as Array<[string, unknown]>,
  calls: { requestSingleInstanceLock: 0, enableSandbox: 0, quit: 0, whenReady: 0 },
  /** A temporary folder standing in for the user's folders (userData, documents), made before the bundle starts. */
  root: '',
  messageBoxes: [] as any[],
  /** What the next message box answers (the index of the button pressed). */
  messageBoxResponse: 1,
}));

vi.mock('electron', () => {
  let nextId = 41;
  class BrowserWindow {
    options: any;
    webContents: any;
    listeners = new Map<string, Fn>();
    loadURL = vi.fn(async () => undefined);
    focused = 0;
    destroyed = false;
    constructor(options: any) {
      this.options = options;
      const contentsListeners = new Map<string, Fn>();
      this.webContents = {
        id: nextId++,
        listeners: contentsListeners,
        windowOpenHandler: null as Fn | null,
        on(event: string, fn: Fn) {
          contentsListeners.set(event, fn);
          return this;
        },
        setWindowOpenHandler(fn: Fn) {
          this.windowOpenHandler = fn;
        },
        send: (channel: string, payload: unknown) => fake.sent.push([channel, payload]),
        reload: vi.fn(),
      };
      fake.windows.push(this as any);
    }
    on(event: string, fn: Fn) {
      this.listeners.set(event, fn);
      return this;
    }
    once(event: string, fn: Fn) {
      return this.on(event, fn);
    }
    show() {}
    focus() {
      this.focused++;
    }
    restore() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return this.destroyed;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: this.options.width, height: this.options.height };
    }
    setDocumentEdited() {}
    setRepresentedFilename() {}
    /** As Electron does: 'close' listeners may prevent it; otherwise the window is gone. */
    close() {
      let prevented = false;
      this.listeners.get('close')?.({ preventDefault: () => (prevented = true) });
      if (!prevented) {
        this.destroyed = true;
        this.listeners.get('closed')?.();
      }
    }
    static getAllWindows() {
      return fake.windows;
    }
  }
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => (fake.calls.requestSingleInstanceLock++, true),
    enableSandbox: () => void fake.calls.enableSandbox++,
    quit: () => void fake.calls.quit++,
    whenReady: () => (fake.calls.whenReady++, Promise.resolve()),
    isReady: () => true,
    on: (event: string, fn: Fn) => {
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), fn]);
      return app;
    },
    getName: () => 'High Needs Tariff Modeller',
    getVersion: () => '0.1.0',
    getPath: (name: string) => `${fake.root}/${name}`,
  };
  return {
    app,
    BrowserWindow,
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
      showMessageBox: vi.fn(async (...args: any[]) => (fake.messageBoxes.push(args[args.length - 1]), { response: fake.messageBoxResponse, checkboxChecked: false })),
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1050 } }] },
    ipcMain: { handle: (channel: string, fn: Fn) => fake.ipcHandlers.set(channel, fn) },
    Menu: {
      buildFromTemplate: (template: unknown) => ((fake.menuTemplate = template), { template }),
      setApplicationMenu: (menu: unknown) => void (fake.applicationMenu = menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void fake.privileged.push(...schemes),
      handle: (scheme: string, fn: Fn) => void fake.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (fake.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => void (fake.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Fn) => void (fake.devicePermission = fn),
        webRequest: {
          onBeforeRequest: (...args: unknown[]) => {
            fake.beforeRequestArgs = args;
            fake.beforeRequest = args[args.length - 1] as Fn;
          },
        },
      },
    },
  };
});

let outDir: string;
const window = () => fake.windows[0];
const trustedEvent = () => ({ sender: { id: window().webContents.id }, senderFrame: { url: 'app://hntm/index.html' } });

/** A project file named on the command line of the first launch (as a double-click on Windows and Linux does). */
let launchFile: string;
const savedArgv = process.argv;

beforeAll(async () => {
  fake.root = mkdtempSync(join(tmpdir(), 'hntm-main-bundle-'));
  mkdirSync(join(fake.root, 'userData'));
  mkdirSync(join(fake.root, 'documents'));
  launchFile = join(fake.root, 'documents', 'launched.hntm');
  copyFileSync(join(FIXTURE_DIR, 'v2-example.hntm'), launchFile);
  outDir = await buildElectronApp('electron-build');
  process.argv = [...savedArgv, launchFile];
  try {
    await import(/* @vite-ignore */ pathToFileURL(join(outDir, 'main', 'main.js')).href);
    // start() runs once whenReady resolves; it ends by loading the page.
    await vi.waitFor(() => expect(fake.windows[0]?.loadURL).toHaveBeenCalled(), { timeout: 10_000 });
  } finally {
    process.argv = savedArgv;
  }
});

afterAll(async () => {
  // Quitting disposes the engine worker the job test started.
  for (const fn of fake.appListeners.get('will-quit') ?? []) fn();
  await new Promise((r) => setTimeout(r, 50));
  rmSync(fake.root, { recursive: true, force: true });
});

const cleanState = { dirty: false, running: false, projectName: 'Untitled project', path: null };

describe('before ready', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme, with no CSP bypass', () => {
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('takes the single-instance lock and enables the sandbox for every renderer', () => {
    expect(fake.calls.requestSingleInstanceLock).toBe(1);
    expect(fake.calls.enableSandbox).toBe(1);
    expect(fake.calls.quit).toBe(0);
    expect(fake.appListeners.has('second-instance')).toBe(true);
    expect(fake.appListeners.has('open-file')).toBe(true);
  });
});

describe('files from outside the page: command line, second launch, macOS open-file', () => {
  const opened = () => fake.sent.filter(([channel]) => channel === CHANNELS.openPath).map(([, path]) => path);

  it('holds the file named on the first launch until the page reports it is listening, then sends it once', async () => {
    expect(opened()).toEqual([]);
    expect(await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), cleanState)).toEqual({ ok: true, data: null });
    expect(opened()).toEqual([launchFile]);
    await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), { ...cleanState, projectName: 'again' });
    expect(opened()).toEqual([launchFile]);
    // The user chose it (by double-click), so the page may open it by path.
    expect(await fake.ipcHandlers.get(CHANNELS.openProject)!(trustedEvent(), { path: launchFile })).toMatchObject({ ok: true, data: { path: launchFile, project: { name: EXPECTED.name } } });
  });

  it('a second launch hands its files (argv, resolved against its working folder) to this instance and focuses the window', async () => {
    const second = join(fake.root, 'documents', 'second.hntm');
    copyFileSync(join(FIXTURE_DIR, 'v2-example.hntm'), second);
    const focusedBefore = window().focused;
    fake.sent.length = 0;
    for (const fn of fake.appListeners.get('second-instance') ?? []) fn({}, ['/opt/hntm/hntm', '--flag', 'second.hntm'], join(fake.root, 'documents'), {});
    expect(opened()).toEqual([second]);
    expect(window().focused).toBe(focusedBefore + 1);
    expect(await fake.ipcHandlers.get(CHANNELS.openProject)!(trustedEvent(), { path: second })).toMatchObject({ ok: true });
  });

  it('macOS open-file is taken over (preventDefault) and delivered the same way', () => {
    fake.sent.length = 0;
    const event = { preventDefault: vi.fn() };
    for (const fn of fake.appListeners.get('open-file') ?? []) fn(event, join(fake.root, 'documents', 'mac.hntm'));
    expect(event.preventDefault).toHaveBeenCalled();
    expect(opened()).toEqual([join(fake.root, 'documents', 'mac.hntm')]);
  });

  it('a path the user never chose is still refused', async () => {
    expect(await fake.ipcHandlers.get(CHANNELS.openProject)!(trustedEvent(), { path: join(fake.root, 'userData', 'window-state.json') })).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });
});

describe('the window', () => {
  it('is created once, sandboxed and isolated, without Node, with the built CommonJS preload', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = window().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(prefs.preload).toBe(join(outDir, 'preload', 'preload.cjs'));
    expect(readFileSync(prefs.preload, 'utf8')).toContain('exposeInMainWorld');
  });

  it('loads the app from app://hntm/index.html', () => {
    expect(window().loadURL).toHaveBeenCalledWith('app://hntm/index.html');
  });

  it('denies every window.open', () => {
    const handler = window().webContents.windowOpenHandler as Fn;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://hntm/index.html' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect'])('%s is prevented unless it stays on app://hntm', (eventName) => {
    const listener = window().webContents.listeners.get(eventName) as Fn;
    const away = { url: 'https://example.com/', preventDefault: vi.fn() };
    listener(away, away.url);
    expect(away.preventDefault).toHaveBeenCalled();
    const file = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    listener(file, file.url);
    expect(file.preventDefault).toHaveBeenCalled();
    const home = { url: 'app://hntm/index.html#results', preventDefault: vi.fn() };
    listener(home, home.url);
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses <webview> in any web contents', () => {
    const event = { preventDefault: vi.fn() };
    window().webContents.listeners.get('will-attach-webview')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(fake.appListeners.has('web-contents-created')).toBe(true);
  });
});

describe('the session', () => {
  it('cancels a request to https://example.com and lets app://hntm/index.html through', () => {
    expect(fake.beforeRequestArgs).toHaveLength(1);
    const decide = (url: string) => {
      let answer: unknown;
      fake.beforeRequest!({ url }, (response: unknown) => (answer = response));
      return answer;
    };
    expect(decide('https://example.com/')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:5170/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('app://hntm/index.html')).toEqual({ cancel: false });
    expect(decide('app://hntm/assets/index.js')).toEqual({ cancel: false });
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      fake.permissionRequest!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(fake.permissionCheck!({}, permission, 'app://hntm', {})).toBe(false);
    }
    expect(fake.devicePermission!({})).toBe(false);
  });
});

describe('the app:// protocol', () => {
  it('is handled for the "app" scheme and serves the built index.html with the CSP header', async () => {
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
    const response: Response = await fake.protocolHandlers.get('app')!({ url: 'app://hntm/index.html', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await response.text()).toBe(readFileSync(join(outDir, 'renderer', 'index.html'), 'utf8'));
  });

  it('refuses a path that escapes out/renderer', async () => {
    const response: Response = await fake.protocolHandlers.get('app')!({ url: 'app://hntm/..%2f..%2fmain/main.js', method: 'GET' });
    expect(response.status).toBe(403);
  });
});

describe('IPC', () => {
  it('has handlers for exactly INVOKE_CHANNELS', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('answers our window and drops anyone else', async () => {
    expect(await fake.ipcHandlers.get(CHANNELS.appInfo)!(trustedEvent())).toEqual({
      ok: true,
      data: { name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'electron', platform: process.platform },
    });
    const stranger = { sender: { id: 9999 }, senderFrame: { url: 'app://hntm/index.html' } };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await fake.ipcHandlers.get(CHANNELS.appInfo)!(stranger)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropped IPC on hntm:app-info'));
    warn.mockRestore();
  });

  it('runs a job in the built engine worker and forwards its events to the window', async () => {
    const started = await fake.ipcHandlers.get(CHANNELS.startJob)!(trustedEvent(), { kind: 'engine.info', payload: null });
    expect(started).toMatchObject({ ok: true, data: { jobId: expect.any(String) } });
    const jobId = started.data.jobId as string;
    await vi.waitFor(() => expect(fake.sent.some(([channel, e]) => channel === CHANNELS.jobEvent && (e as { jobId: string }).jobId === jobId)).toBe(true), { timeout: 20_000 });
    expect(fake.sent.find(([, e]) => (e as { jobId: string }).jobId === jobId)).toEqual([
      CHANNELS.jobEvent,
      { jobId, type: 'done', result: { version: expect.any(String), formulaMode: 'compiled' } },
    ]);
    expect(await fake.ipcHandlers.get(CHANNELS.queryRows)!(trustedEvent(), { table: 'placements', offset: 0, limit: 100_000 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});

describe('the menu', () => {
  const items = () => (fake.menuTemplate as Array<{ submenu?: Array<{ id?: string; click?: Fn; enabled?: boolean; submenu?: Array<{ label?: string; sublabel?: string }> }> }>).flatMap((m) => m.submenu ?? []).filter((i) => i.id);

  it('is set from the command registry; choosing an item sends its command id to the window', () => {
    expect(fake.applicationMenu).toEqual({ template: fake.menuTemplate });
    expect(items().map((i) => i.id)).toEqual(COMMANDS.map((c) => c.id));
    fake.sent.length = 0;
    items().find((i) => i.id === 'file.saveAs')!.click!();
    expect(fake.sent).toEqual([[CHANNELS.command, 'file.saveAs']]);
  });

  it('is rebuilt with the enabled flags the page reports', async () => {
    await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), { ...cleanState, dirty: true, running: true, enabled: { 'file.save': true, 'run.start': false, 'run.cancel': true } });
    expect(items().find((i) => i.id === 'file.save')!.enabled).toBe(true);
    expect(items().find((i) => i.id === 'run.start')!.enabled).toBe(false);
    expect(items().find((i) => i.id === 'run.cancel')!.enabled).toBe(true);
    await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), { ...cleanState, enabled: { 'file.save': false, 'run.start': true, 'run.cancel': false } });
    expect(items().find((i) => i.id === 'file.save')!.enabled).toBe(false);
    expect(items().find((i) => i.id === 'run.start')!.enabled).toBe(true);
  });

  it('Open recent lists the projects opened this session', () => {
    const recent = items().find((i) => i.id === 'file.openRecent')!.submenu!;
    expect(recent.map((r) => r.sublabel).filter(Boolean)).toEqual([join(fake.root, 'documents', 'second.hntm'), launchFile]);
  });

  it('Help › Purge asks first, in a dialog of its own; Cancel deletes nothing', async () => {
    await fake.ipcHandlers.get(CHANNELS.autosave)!(trustedEvent(), { project: EXPECTED, path: null });
    const before = readdirSync(join(fake.root, 'userData', 'recovery'));
    expect(before).toHaveLength(1);
    fake.messageBoxes.length = 0;
    fake.messageBoxResponse = 1;
    items().find((i) => i.id === 'help.purgeBackups')!.click!();
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1));
    expect(fake.messageBoxes[0]).toMatchObject({ buttons: ['Purge', 'Cancel'], cancelId: 1, message: 'Delete all backups and recovery files?', detail: expect.stringContaining('after 30 days') });
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(join(fake.root, 'userData', 'recovery'))).toEqual(before);
    // Through the Host: the same confirmation; Purge deletes.
    fake.messageBoxResponse = 0;
    const r = await fake.ipcHandlers.get(CHANNELS.purgeBackups)!(trustedEvent());
    expect(r).toMatchObject({ ok: true, data: { filesRemoved: 1 } });
    expect(readdirSync(join(fake.root, 'userData', 'recovery'))).toEqual([]);
  });
});

describe('closing with unsaved changes', () => {
  it('asks Save / Don’t save / Cancel; Cancel keeps the window, and the window state is remembered', async () => {
    await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), { ...cleanState, dirty: true, projectName: 'Barnet' });
    fake.messageBoxes.length = 0;
    fake.messageBoxResponse = 2;
    window().close();
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1));
    expect(fake.messageBoxes[0]).toMatchObject({ buttons: ['Save', "Don't save", 'Cancel'], message: 'Save the changes to “Barnet” before closing?' });
    expect(window().isDestroyed()).toBe(false);
    await vi.waitFor(() => expect(existsSync(join(fake.root, 'userData', 'window-state.json'))).toBe(true));
    expect(JSON.parse(readFileSync(join(fake.root, 'userData', 'window-state.json'), 'utf8'))).toEqual({ width: 1280, height: 800, x: 10, y: 20, maximized: false });
  });

  it('Save sends file.save to the page and closes once the page reports the project saved', async () => {
    fake.sent.length = 0;
    fake.messageBoxes.length = 0;
    fake.messageBoxResponse = 0;
    window().close();
    await vi.waitFor(() => expect(fake.sent).toContainEqual([CHANNELS.command, 'file.save']));
    expect(window().isDestroyed()).toBe(false);
    await fake.ipcHandlers.get(CHANNELS.reportState)!(trustedEvent(), { ...cleanState, projectName: 'Barnet' });
    expect(window().isDestroyed()).toBe(true);
  });
});

describe('the built preload (out/preload/preload.cjs), run with a fake ipcRenderer', () => {
  function loadPreload() {
    const exposed = new Map<string, any>();
    const listeners = new Map<string, Set<Fn>>();
    const invoked: unknown[][] = [];
    const ipcRenderer = {
      invoke: async (...args: unknown[]) => {
        invoked.push(args);
        if (args[0] === CHANNELS.listTables) throw new Error('No handler registered');
        return { ok: true, data: 'answer' };
      },
      on: (channel: string, fn: Fn) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)),
      removeListener: (channel: string, fn: Fn) => listeners.get(channel)?.delete(fn),
    };
    const required: string[] = [];
    const require = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer };
    };
    const module = { exports: {} };
    runInNewContext(readFileSync(join(outDir, 'preload', 'preload.cjs'), 'utf8'), { require, module, exports: module.exports, console });
    return { exposed, listeners, invoked, required };
  }

  it('requires only electron and exposes only the Host, under HOST_GLOBAL', () => {
    const { exposed, required } = loadPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...exposed.keys()]).toEqual([HOST_GLOBAL]);
    expect(Object.keys(exposed.get(HOST_GLOBAL)).sort()).toEqual([
      'appInfo', 'autosave', 'cancelJob', 'checkRecovery', 'listTables', 'onCommand', 'onJobEvent', 'onOpenPath', 'openFile', 'openProject', 'purgeBackups',
      'queryRows', 'recentProjects', 'reportState', 'resolveRecovery', 'saveFile', 'saveProject', 'startJob',
    ]);
    for (const value of Object.values(exposed.get(HOST_GLOBAL))) expect(typeof value).toBe('function');
  });

  it('invokes the right channels and turns a rejected invoke into an error result', async () => {
    const { exposed, invoked } = loadPreload();
    const host = exposed.get(HOST_GLOBAL);
    expect(await host.queryRows({ table: 't', offset: 0, limit: 5 })).toEqual({ ok: true, data: 'answer' });
    const bytes = new Uint8Array([1]);
    await host.saveFile({ defaultName: 'x.hntm' }, bytes);
    await host.openFile();
    expect(invoked).toEqual([
      [CHANNELS.queryRows, { table: 't', offset: 0, limit: 5 }],
      [CHANNELS.saveFile, { defaultName: 'x.hntm' }, bytes],
      [CHANNELS.openFile, {}],
    ]);
    expect(await host.listTables()).toEqual({ ok: false, error: { code: 'internal', message: 'No handler registered' } });
  });

  it('passes job events and commands without the IPC event object, and unsubscribes', () => {
    const { exposed, listeners } = loadPreload();
    const host = exposed.get(HOST_GLOBAL);
    const jobEvents: unknown[][] = [];
    const unsubscribe = host.onJobEvent((...args: unknown[]) => jobEvents.push(args));
    const commands: unknown[][] = [];
    host.onCommand((...args: unknown[]) => commands.push(args));
    const ipcEvent = { sender: 'secret ipcRenderer', ports: [] };
    const done = { jobId: 'j', type: 'done', result: 1 };
    for (const fn of listeners.get(CHANNELS.jobEvent)!) fn(ipcEvent, done);
    for (const fn of listeners.get(CHANNELS.command)!) fn(ipcEvent, 'file.save');
    for (const fn of listeners.get(CHANNELS.command)!) fn(ipcEvent, 'no.such.command');
    expect(jobEvents).toEqual([[done]]);
    expect(commands).toEqual([['file.save']]);
    unsubscribe();
    expect(listeners.get(CHANNELS.jobEvent)!.size).toBe(0);
    expect(listeners.get(CHANNELS.command)!.size).toBe(1);
  });
});
