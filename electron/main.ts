/** The main process: wires the app:// protocol, the hardened session, IPC, projects, the engine worker, the menu and the window. */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session } from 'electron';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../models/contract/channels';
import { COMMANDS, type CommandId } from '../models/contract/commands';
import { BACKUP_POLICY, type AppInfo, type JobEvent, type PurgeReport, type ShellState } from '../models/contract/host';
import { ok, type Result } from '../models/contract/result';
import { APP_INDEX_URL } from './app-url';
import { projectPathsFromArgv } from './argv';
import { EngineClient, type EngineWorker } from './engine';
import type { FileDialogs } from './files';
import { registerIpc, type ProjectHandlers } from './ipc';
import { menuTemplate } from './menu';
import { ProjectService } from './project-service';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { hardenSession } from './session';
import { INITIAL_SHELL_STATE, menuDiffers, menuEnabled } from './shell-state';
import { loadWindowState, restoreWindowState, saveWindowState, type WindowState } from './window-state';
import { createMainWindow } from './windows';

// The bundle lives in out/main; its siblings are out/preload and out/renderer (inside app.asar when packaged).
const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  preload: join(here, '..', 'preload', 'preload.cjs'),
  renderer: join(here, '..', 'renderer'),
  engineWorker: join(here, 'engine-worker.js'),
};

let mainWindow: BrowserWindow | null = null;
let projects: ProjectService | null = null;
/** What the page last reported (unsaved edits, a run going, enabled commands); the menu follows it. */
let shellState: ShellState = INITIAL_SHELL_STATE;
/** The page reports its state once it listens for events; until then, files to open wait here. */
let rendererReady = false;
const waitingToOpen: string[] = [];
/** The user chose Save in the close prompt: close once the page reports the project saved. */
let closeAfterSave = false;
/** The user chose Don't save in the close prompt: let the next close through. */
let closeConfirmed = false;
let pageReloads = 0;

function appInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), shell: 'electron', platform: process.platform };
}

function windowAlive(): BrowserWindow | null {
  return mainWindow && !mainWindow.isDestroyed() ? mainWindow : null;
}

/** Sends to the window if it is still there; a job that finishes after the window closed has no one to tell. */
function sendToWindow(channel: string, payload: JobEvent | CommandId | string): void {
  windowAlive()?.webContents.send(channel, payload);
}

const engine = new EngineClient(
  // The cast: TypeScript cannot match Worker's overloaded on() against the narrower interface structurally.
  () => new Worker(paths.engineWorker, { name: 'hntm-engine' }) as unknown as EngineWorker,
  (event) => sendToWindow(CHANNELS.jobEvent, event),
);

const dialogs: FileDialogs = {
  showOpenDialog: (options) => {
    const win = windowAlive();
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  },
  showSaveDialog: (options) => {
    const win = windowAlive();
    return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
  },
};

/**
 * A project file to open from outside the page (command line, second launch, macOS open-file, Open Recent). The
 * user chose it, so it is granted; the page is told once it listens (it may first ask about unsaved changes).
 */
function requestOpen(path: string): void {
  waitingToOpen.push(path);
  // macOS keeps the app running without a window; a double-clicked file then needs one to open in.
  if (app.isReady() && projects && !windowAlive()) void openMainWindow();
  deliverOpens();
}

function deliverOpens(): void {
  if (!projects || !rendererReady || !windowAlive()) return;
  for (const raw of waitingToOpen.splice(0)) {
    const path = projects.grantFromOutside(raw);
    if (path) sendToWindow(CHANNELS.openPath, path);
  }
}

function rebuildMenu(): void {
  const template = menuTemplate(COMMANDS, (id) => sendToWindow(CHANNELS.command, id), {
    platform: process.platform,
    devTools: !app.isPackaged,
    enabled: (id) => menuEnabled(id, shellState),
    handlers: { 'help.purgeBackups': () => void purgeFromMenu() },
    recent: projects?.recent.list() ?? [],
    openRecent: (path) => requestOpen(path),
    clearRecent: () => void projects?.recent.clear().then(rebuildMenu, rebuildMenu),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function megabytes(bytes: number): string {
  return bytes < 1048576 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Help › Purge…: main asks in its own dialog, so the page cannot purge without the user's yes. */
async function purgeWithConfirmation(): Promise<Result<PurgeReport | null>> {
  if (!projects) return ok(null);
  const summary = await projects.storageSummary();
  const win = windowAlive();
  const options = {
    type: 'warning' as const,
    buttons: ['Purge', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    title: 'Purge backups and recovery files',
    message: 'Delete all backups and recovery files?',
    detail:
      `${summary.filesRemoved} file${summary.filesRemoved === 1 ? '' : 's'} (${megabytes(summary.bytesRemoved)}) in ${app.getPath('userData')}: ` +
      `copies of the last ${BACKUP_POLICY.keptPerProject} saves of each project, and unsaved work kept in case the app stops unexpectedly. ` +
      `They are deleted automatically after ${BACKUP_POLICY.retentionDays} days. Your project files themselves are not touched; ` +
      'unsaved changes in the open project stay open and are written again at your next edit.',
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  if (response !== 0) return ok(null);
  return ok(await projects.purgeAll());
}

async function purgeFromMenu(): Promise<void> {
  const r = await purgeWithConfirmation();
  if (!r.ok || r.data === null) return;
  const message = `Deleted ${r.data.filesRemoved} file${r.data.filesRemoved === 1 ? '' : 's'} (${megabytes(r.data.bytesRemoved)}).`;
  const win = windowAlive();
  if (win) await dialog.showMessageBox(win, { type: 'info', buttons: ['OK'], message });
}

/** Autosave writes and clears run one after another in the order they arrived, so a clear is never overtaken. */
let recoveryQueue: Promise<unknown> = Promise.resolve();
function queued<T>(work: () => Promise<T>): Promise<T> {
  const next = recoveryQueue.then(work, work);
  recoveryQueue = next.catch(() => undefined);
  return next;
}

function reportState(state: ShellState): void {
  const before = shellState;
  shellState = state;
  if (menuDiffers(before, state)) rebuildMenu();
  const win = windowAlive();
  if (process.platform === 'darwin' && win) {
    win.setDocumentEdited(state.dirty);
    win.setRepresentedFilename(state.path ?? '');
  }
  // Nothing unsaved any more (saved, new project, changes discarded): this session's recovery file goes.
  if (!state.dirty && projects) {
    const p = projects;
    void queued(() => p.clearAutosave()).catch(() => undefined);
  }
  if (!rendererReady) {
    rendererReady = true;
    deliverOpens();
  }
  if (closeAfterSave && !state.dirty) {
    closeAfterSave = false;
    win?.close();
  }
}

function projectHandlers(service: ProjectService): ProjectHandlers {
  return {
    open: async (request) => {
      const r = await service.open(request);
      rebuildMenu();
      return r;
    },
    save: async (request) => {
      const r = await service.save(request);
      // Saving was the way to close; if it failed or was cancelled, the window stays.
      if (!r.ok || r.data === null) closeAfterSave = false;
      rebuildMenu();
      return r;
    },
    recent: () => service.recentProjects(),
    autosave: (work) => queued(() => service.autosave(work)),
    checkRecovery: () => service.checkRecovery(),
    resolveRecovery: (choice) => queued(() => service.resolveRecovery(choice)),
    purge: () => purgeWithConfirmation(),
  };
}

/** Closing with unsaved edits asks first: Save, Don't save, or Cancel. */
async function confirmClose(win: BrowserWindow): Promise<void> {
  const { response } = await dialog.showMessageBox(win, {
    type: 'warning',
    buttons: ['Save', "Don't save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `Save the changes to “${shellState.projectName}” before closing?`,
    detail: "If you don't save, your changes since the last save are lost.",
  });
  if (response === 0) {
    closeAfterSave = true;
    sendToWindow(CHANNELS.command, 'file.save');
  } else if (response === 1) {
    closeConfirmed = true;
    if (projects) {
      const p = projects;
      await queued(() => p.clearAutosave()).catch(() => undefined);
    }
    win.close();
  }
}

function windowStateFile(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function currentWindowState(win: BrowserWindow): WindowState {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}

let windowStateTimer: ReturnType<typeof setTimeout> | null = null;
function rememberWindowSoon(win: BrowserWindow): void {
  if (windowStateTimer) clearTimeout(windowStateTimer);
  windowStateTimer = setTimeout(() => {
    windowStateTimer = null;
    if (!win.isDestroyed()) void saveWindowState(windowStateFile(), currentWindowState(win)).catch(() => undefined);
  }, 500);
}

async function openMainWindow(): Promise<void> {
  const saved = await loadWindowState(windowStateFile());
  const bounds = restoreWindowState(saved, screen.getAllDisplays().map((d) => d.workArea));
  const win = createMainWindow({ preloadPath: paths.preload, devTools: !app.isPackaged, bounds });
  mainWindow = win;
  rendererReady = false;
  win.on('resize', () => rememberWindowSoon(win));
  win.on('move', () => rememberWindowSoon(win));
  win.on('close', (event) => {
    void saveWindowState(windowStateFile(), currentWindowState(win)).catch(() => undefined);
    if (shellState.dirty && !closeConfirmed) {
      event.preventDefault();
      void confirmClose(win);
    }
  });
  win.on('closed', () => {
    mainWindow = null;
    rendererReady = false;
    closeConfirmed = false;
    shellState = INITIAL_SHELL_STATE;
  });
  // A crashed page is reloaded; what it autosaved becomes "another session's" work, so the reloaded page offers it.
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    projects?.recovery.detach(randomUUID());
    rendererReady = false;
    shellState = INITIAL_SHELL_STATE;
    if (pageReloads++ < 3) win.webContents.reload();
  });
  void win.loadURL(APP_INDEX_URL);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  handleAppProtocol(paths.renderer);
  const service = new ProjectService({
    userData: app.getPath('userData'),
    appVersion: app.getVersion(),
    sessionId: randomUUID(),
    dialogs,
    defaultFolder: () => app.getPath('documents'),
  });
  await service.init().catch((e: unknown) => console.error('hntm: could not prepare backups and recovery', e));
  projects = service;
  registerIpc(ipcMain, {
    appInfo,
    dialogs,
    defaultSaveFolder: () => app.getPath('documents'),
    engine,
    ourWebContentsIds: () => new Set(windowAlive() ? [windowAlive()!.webContents.id] : []),
    newJobId: () => randomUUID(),
    projects: projectHandlers(service),
    reportState,
  });
  rebuildMenu();
  // Files named on this launch's command line (Windows and Linux pass a double-clicked file this way); they wait for
  // the window opened just below.
  waitingToOpen.push(...projectPathsFromArgv(process.argv, process.cwd()));
  await openMainWindow();
}

// Privileged schemes and the global sandbox must be declared before `ready`.
registerAppScheme();
app.enableSandbox();

// One instance: a second launch (e.g. double-clicking a .hntm file) hands its files to the window already open.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of projectPathsFromArgv(argv, workingDirectory)) requestOpen(path);
    const win = windowAlive();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  // macOS delivers double-clicked files as open-file events, possibly before `ready`: they wait in the queue.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    requestOpen(path);
  });
  // Whatever web contents appear (DevTools included), none may open windows or attach a <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // macOS keeps the app alive without windows; clicking the dock icon opens one again.
  app.on('activate', () => {
    if (app.isReady() && !mainWindow) void openMainWindow();
  });
  app.on('will-quit', () => {
    void engine.dispose();
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('hntm: could not start', e);
      app.quit();
    });
}
