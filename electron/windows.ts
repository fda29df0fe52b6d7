/** The one application window: sandboxed, isolated, unable to open windows or navigate away from app://hntm. */
import { BrowserWindow } from 'electron';
import { isAppUrl } from './app-url';
import { DEFAULT_WINDOW, MIN_WINDOW, type WindowState } from './window-state';

export interface MainWindowOptions {
  /** Absolute path of out/preload/preload.cjs. */
  preloadPath: string;
  /** DevTools only in development: a packaged app has no use for them and they widen what a page can do. */
  devTools: boolean;
  /** Size and position from last time, already checked against today's screens (window-state.ts). */
  bounds?: WindowState;
}

/**
 * Creates the window. `webPreferences` stay inline in the `new BrowserWindow({…})` literal on purpose:
 * Electronegativity only reads literals, and a reader can see every security switch in one place.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const bounds = options.bounds ?? DEFAULT_WINDOW;
  const window = new BrowserWindow({
    width: bounds.width,
    height: bounds.height,
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'High Needs Tariff Modeller',
    backgroundColor: '#ffffff',
    webPreferences: {
      // Electronegativity PRELOAD_JS_CHECK (MEDIUM, "review"): a preload is flagged so that a person reviews it.
      // Reviewed: electron/preload.ts exposes only the typed Host through contextBridge, never ipcRenderer, and
      // runs sandboxed with contextIsolation, so the page cannot reach Node or Electron through it.
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Dropping a file on the window must not navigate to file://; the page handles drops itself.
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click (auxclick) would otherwise try to open links in a new window; the open handler denies that
      // too, but the event need not exist at all.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: options.devTools,
    },
  });

  window.once('ready-to-show', () => {
    if (bounds.maximized) window.maximize();
    window.show();
  });
  const contents = window.webContents;
  // The app never opens windows: links to the outside world are not followed (no network, DESIGN §7).
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  return window;
}
