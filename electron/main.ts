/** The main process: wires the app:// protocol, the hardened session, IPC, the engine worker, the menu and the window. */
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../models/contract/channels';
import { COMMANDS, type CommandId } from '../models/contract/commands';
import type { AppInfo, JobEvent } from '../models/contract/host';
import { APP_INDEX_URL } from './app-url';
import { EngineClient, type EngineWorker } from './engine';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { hardenSession } from './session';
import { createMainWindow } from './windows';

// The bundle lives in out/main; its siblings are out/preload and out/renderer (inside app.asar when packaged).
const here = dirname(fileURLToPath(import.meta.url));
const paths = {
  preload: join(here, '..', 'preload', 'preload.cjs'),
  renderer: join(here, '..', 'renderer'),
  engineWorker: join(here, 'engine-worker.js'),
};

let mainWindow: BrowserWindow | null = null;

function appInfo(): AppInfo {
  return { name: app.getName(), version: app.getVersion(), shell: 'electron', platform: process.platform };
}

/** Sends to the window if it is still there; a job that finishes after the window closed has no one to tell. */
function sendToWindow(channel: string, payload: JobEvent | CommandId): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, payload);
}

const engine = new EngineClient(
  // The cast: TypeScript cannot match Worker's overloaded on() against the narrower interface structurally.
  () => new Worker(paths.engineWorker, { name: 'hntm-engine' }) as unknown as EngineWorker,
  (event) => sendToWindow(CHANNELS.jobEvent, event),
);

function openMainWindow(): void {
  mainWindow = createMainWindow({ preloadPath: paths.preload, devTools: !app.isPackaged });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(APP_INDEX_URL);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  handleAppProtocol(paths.renderer);
  registerIpc(ipcMain, {
    appInfo,
    dialogs: {
      showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
      showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
    },
    defaultSaveFolder: () => app.getPath('documents'),
    engine,
    ourWebContentsIds: () => new Set(mainWindow && !mainWindow.isDestroyed() ? [mainWindow.webContents.id] : []),
    newJobId: () => randomUUID(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(COMMANDS, (id) => sendToWindow(CHANNELS.command, id), { platform: process.platform, devTools: !app.isPackaged })));
  openMainWindow();
}

// Privileged schemes and the global sandbox must be declared before `ready`.
registerAppScheme();
app.enableSandbox();

// One instance: a second launch (e.g. double-clicking a .hntm file) focuses the window that is already open.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
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
    if (app.isReady() && !mainWindow) openMainWindow();
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
