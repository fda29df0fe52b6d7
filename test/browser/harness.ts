// Shared set-up for browser tests: build the renderer, serve it with the app's CSP, drive Debian's Chromium.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { serveStatic } from '../../cli/serve.mjs';
import { contentSecurityPolicy } from '../../models/contract/security';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(ROOT, 'test-output/screenshots');
/**
 * Our own build folder, not out/renderer: other builds (electron-vite, `npm run build:web`) write there and could
 * swap files under a running test. Same vite.config.ts, so it is the same bundle.
 */
export const BUILD_DIR = resolve(ROOT, 'test-output/browser-build');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Fails (never skips) with one line naming the fix when Debian's Chromium is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\``);
}

export async function buildRenderer(): Promise<void> {
  const vite = resolve(ROOT, 'node_modules/.bin/vite');
  // vitest sets NODE_ENV=test, which vite would carry into the bundle (React's development build); ship the real one.
  await promisify(execFile)(vite, ['build', '--outDir', BUILD_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    timeout: 240_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface Served {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function serveBuild(): Promise<Served> {
  const { server, url } = await serveStatic(BUILD_DIR, { csp: contentSecurityPolicy() });
  return { server, url, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Everything a page did that a clean run must not do; checked at the end of each test. */
export interface Watch {
  consoleErrors: string[];
  failedRequests: string[];
  /** Requests to anywhere but the test server (the app makes no network request: DESIGN §7). */
  foreignRequests: string[];
  requests: string[];
}

export interface OpenedApp {
  context: BrowserContext;
  page: Page;
  watch: Watch;
}

function isLocal(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'data:' || u.protocol === 'blob:' || (u.protocol === 'http:' && u.hostname === '127.0.0.1');
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** Runs before the page loads, e.g. to route a request to a stand-in. */
  arrange?: (context: BrowserContext) => Promise<unknown>;
  /** Text that shows the app has started; by default, the engine's answer in the status bar. */
  ready?: RegExp;
}

/** A fresh context (axe needs newContext()) watched at the context level, which also sees the worker's requests. */
export async function openApp(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedApp> {
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  const context = await browser.newContext({ viewport });
  const watch: Watch = { consoleErrors: [], failedRequests: [], foreignRequests: [], requests: [] };
  context.on('request', (r) => {
    watch.requests.push(r.url());
    if (!isLocal(r.url())) watch.foreignRequests.push(r.url());
  });
  // A request the page itself abandoned (a view closed mid-fetch, the test ending) is not a failure of the app.
  context.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') watch.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) watch.failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });
  // Anything not local is refused as well as recorded, so a stray request cannot reach the network.
  await context.route((u) => !isLocal(u.href), (route) => route.abort('blockedbyclient'));
  await options.arrange?.(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watch.consoleErrors.push(`page error: ${e.message}`));
  await page.goto(url);
  // The app is ready once the engine answered through the worker.
  await page.getByText(options.ready ?? /Engine: (compiled|interpreted) formulas|Engine: not available/).waitFor({ timeout: 30_000 });
  return { context, page, watch };
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** An axe-core scan for WCAG 2 A and AA; returns every violation so a test can judge and report them. */
export async function axeScan(page: Page): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = resolve(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * The set-up every browser test file shares: build, serve and launch once (a failure is kept and thrown by each
 * test, never a skip), check after each test that the pages made no console error, failed or foreign request,
 * and close everything at the end. `open` opens the app in a fresh context.
 */
export function browserSuite(): { open(options?: Parameters<typeof openApp>[2]): Promise<OpenedApp> } {
  let served: Served | undefined;
  let browser: Browser | undefined;
  let setupError: unknown = null;
  const opened: BrowserContext[] = [];
  const watches: Watch[] = [];
  beforeAll(async () => {
    try {
      requireChromium();
      await buildRenderer();
      served = await serveBuild();
      browser = await launchChromium();
    } catch (e) {
      setupError = e;
    }
  });
  afterEach(async () => {
    for (const w of watches.splice(0)) {
      expect(w.consoleErrors, 'console errors').toEqual([]);
      expect(w.failedRequests, 'failed requests').toEqual([]);
      expect(w.foreignRequests, 'requests leaving 127.0.0.1').toEqual([]);
    }
    for (const c of opened.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    async open(options) {
      if (setupError) throw setupError;
      const app = await openApp(browser as Browser, (served as Served).url, options);
      opened.push(app.context);
      watches.push(app.watch);
      return app;
    },
  };
}
