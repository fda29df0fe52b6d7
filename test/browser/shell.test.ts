// The renderer shell in Chromium: every view by nav and by shortcut, status bar, focus, axe, screenshots, worker.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { contentSecurityPolicy } from '../../models/contract/security';
import {
  axeScan, buildRenderer, launchChromium, openApp, requireChromium, screenshot, serveBuild, type OpenedApp, type OpenOptions, type Served, type Watch,
} from './harness';

interface ViewCase {
  id: string;
  nav: string;
  shortcut: string;
  heading: string;
  /** A level-2 heading the view shows once it is ready (data loaded, or its empty state). */
  ready: string;
}

const VIEWS: ViewCase[] = [
  { id: 'data', nav: 'Data', shortcut: 'Control+1', heading: 'Placement data', ready: 'Summary of the placements' },
  { id: 'rulebook', nav: 'Rulebook', shortcut: 'Control+2', heading: 'Rulebook', ready: 'What this rulebook costs on the loaded data' },
  { id: 'scenarios', nav: 'Scenarios', shortcut: 'Control+3', heading: 'Scenarios', ready: 'Start from a baseline' },
  { id: 'results', nav: 'Results', shortcut: 'Control+4', heading: 'Results', ready: 'No results yet' },
  { id: 'compare', nav: 'Compare', shortcut: 'Control+5', heading: 'Compare scenarios', ready: 'Nothing to compare yet' },
  { id: 'commissioner', nav: 'Commissioner', shortcut: 'Control+6', heading: 'Commissioner workbench: fees against band prices', ready: 'Providers' },
  { id: 'policy', nav: 'Policy options', shortcut: 'Control+7', heading: 'Policy workbench: tariff options', ready: 'One option in depth' },
];

/** A worker that speaks the service protocol but never finishes a job: it reports 3 of 8 and waits to be cancelled. */
const STALLED_WORKER = `
self.addEventListener('message', (e) => {
  const r = e.data;
  const reply = (data) => self.postMessage({ id: r.id, type: 'reply', result: { ok: true, data } });
  if (r.type === 'startJob') {
    reply({ jobId: r.jobId });
    // Only the engine check stalls; every other job (data, scenarios) fails at once, so one job stays visible.
    if (r.kind === 'engine.info') self.postMessage({ type: 'jobEvent', event: { jobId: r.jobId, type: 'progress', done: 3, total: 8 } });
    else self.postMessage({ type: 'jobEvent', event: { jobId: r.jobId, type: 'error', error: { code: 'unavailable', message: 'stand-in worker' } } });
  } else if (r.type === 'cancelJob') {
    reply({ cancelled: true });
    self.postMessage({ type: 'jobEvent', event: { jobId: r.jobId, type: 'cancelled' } });
  } else reply([]);
});`;

let served: Served;
let browser: Browser;
const opened: BrowserContext[] = [];
const watches: Watch[] = [];

async function open(options?: OpenOptions): Promise<OpenedApp> {
  if (setupError) throw setupError;
  const app = await openApp(browser, served.url, options);
  opened.push(app.context);
  watches.push(app.watch);
  return app;
}

/** What has keyboard focus, in words a failure message can show. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return { tag: 'none', text: '', outlineStyle: 'none', outlineWidth: '0px', visible: false };
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    // Text as a screen reader names it: parts hidden from assistive technology (the shortcut hint) left out.
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') ?? clone.textContent ?? '').trim(),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      visible: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
    };
  });

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true });

/**
 * A failed set-up (no Chromium, a broken build) is kept and thrown by every test: an error thrown in beforeAll
 * would leave the tests reported as skipped, and a skipped test hides the problem.
 */
let setupError: unknown = null;

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
  // Every page a test opened must have run cleanly, whatever the test itself asserted.
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

describe('renderer shell in Chromium', () => {
  it('opens on Data and shows version, shell and the engine formula mode in the status bar', async () => {
    // Arrange / Act
    const { page, watch } = await open();
    // Assert
    const status = page.getByRole('contentinfo', { name: 'Status bar' });
    await expect.poll(() => status.textContent()).toContain('High Needs Tariff Modeller 0.1.0 · Browser');
    // The worker's response carries the CSP without 'unsafe-eval', so the engine must fall back to interpreting.
    await expect.poll(() => status.textContent()).toContain('Engine: interpreted formulas');
    await expect.poll(() => status.textContent()).toContain('No jobs running');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Placement data');
    expect(await page.title()).toBe('Placement data – High Needs Tariff Modeller');
    expect(watch.requests.some((u) => u.endsWith('/favicon.svg'))).toBe(true);
  });

  it('runs the engine in a Web Worker served from 127.0.0.1 under the app CSP, without unsafe-eval', async () => {
    const { page } = await open();
    const workers = page.workers();
    expect(workers.map((w) => w.url())).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/assets\/engine\.worker-[\w-]+\.js$/)]);
    // The worker is governed by the CSP of its own response; the engine's formula mode comes from inside it.
    // (Playwright's evaluate cannot probe eval itself: DevTools evaluation is exempt from CSP.)
    const csp = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-security-policy'), workers[0].url());
    expect(csp).toBe(contentSecurityPolicy());
    expect(csp).not.toContain('unsafe-eval');
  });

  it('answers listTables, engine.info and queryRows through the built worker, as the host does', async () => {
    const { page } = await open();
    const workerUrl = page.workers()[0].url();
    // Speak the service protocol (models/service/messages.ts) to a second instance of the built worker.
    const replies = await page.evaluate(async (url) => {
      const worker = new Worker(url, { type: 'module' });
      const got: unknown[] = [];
      const wait = (pred: (m: Record<string, unknown>) => boolean) =>
        new Promise<Record<string, unknown>>((resolve) => {
          worker.addEventListener('message', function on(e: MessageEvent) {
            got.push(e.data);
            if (pred(e.data)) {
              worker.removeEventListener('message', on);
              resolve(e.data);
            }
          });
        });
      const ask = (req: Record<string, unknown>) => {
        const reply = wait((m) => m.type === 'reply' && m.id === req.id);
        worker.postMessage(req);
        return reply;
      };
      const tables = await ask({ id: 1, type: 'listTables' });
      const done = wait((m) => m.type === 'jobEvent' && (m.event as { type: string }).type === 'done');
      const started = await ask({ id: 2, type: 'startJob', jobId: 'job-test', kind: 'engine.info', payload: null });
      const info = await done;
      const page = await ask({ id: 3, type: 'queryRows', query: { table: 'placements', offset: 0, limit: 50 } });
      const unknown = await ask({ id: 4, type: 'startJob', jobId: 'job-x', kind: 'no.such.job', payload: null });
      worker.terminate();
      return { tables, started, info, page, unknown };
    }, workerUrl);
    expect(replies.tables).toEqual({ id: 1, type: 'reply', result: { ok: true, data: [] } });
    expect(replies.started).toEqual({ id: 2, type: 'reply', result: { ok: true, data: { jobId: 'job-test' } } });
    expect(replies.info).toEqual({ type: 'jobEvent', event: { jobId: 'job-test', type: 'done', result: { version: '0.1.0', formulaMode: 'interpreted' } } });
    // No data is loaded yet, so a paged query has no table to read: a Result, not a thrown error.
    expect(replies.page).toMatchObject({ id: 3, result: { ok: false, error: { code: 'not-found' } } });
    expect(replies.unknown).toMatchObject({ id: 4, result: { ok: false, error: { code: 'unknown-job' } } });
    // The page's own worker, meanwhile, has loaded the England dataset for the Data view.
    await page.getByRole('heading', { name: 'Summary of the placements' }).waitFor({ timeout: 60_000 });
  });

  it('visits every view through the navigation; each has its heading, purpose and content, and passes axe', async () => {
    const { page } = await open();
    const findings: Record<string, unknown[]> = {};
    for (const v of VIEWS) {
      // Act
      await nav(page, v.nav).click();
      // Assert
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(v.heading);
      expect(await nav(page, v.nav).getAttribute('aria-current')).toBe('page');
      expect(await page.locator('nav [aria-current="page"]').count()).toBe(1);
      await page.getByRole('heading', { level: 2, name: v.ready, exact: true }).first().waitFor({ timeout: 60_000 });
      expect((await page.locator('.view-lead').textContent())!.length).toBeGreaterThan(100);
      expect(await page.title()).toBe(`${v.heading} – High Needs Tariff Modeller`);
      // A nav click keeps focus on the nav button.
      expect((await focused(page)).text).toBe(v.nav);
      // Nothing spills sideways at 1280 wide.
      // (Polled: a workbench lays its tables out as its jobs answer.)
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), { message: `sideways scroll on ${v.id}`, timeout: 20_000 }).toBe(true);
      await page.mouse.move(0, 0);
      await screenshot(page, `view-${v.id}-1280x800`);
      const violations = await axeScan(page);
      findings[v.id] = violations;
      expect(violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'), `axe on ${v.id}`).toEqual([]);
    }
    expect(Object.keys(findings)).toEqual(VIEWS.map((v) => v.id));
  });

  it('reaches every view with the registry shortcuts (Ctrl on Linux) and moves focus to its heading', async () => {
    const { page } = await open();
    for (const v of [...VIEWS.slice(1), VIEWS[0]]) {
      await page.keyboard.press(v.shortcut);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(v.heading);
      await page.getByRole('heading', { level: 2, name: v.ready, exact: true }).first().waitFor({ timeout: 60_000 });
      expect(await nav(page, v.nav).getAttribute('aria-current')).toBe('page');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    }
    // ⌘ is the Mac binding: on Linux Meta+3 must not switch views.
    await page.keyboard.press('Meta+3');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Placement data');
    // The nav shows the shortcut as Linux writes it and declares it for assistive technology.
    expect(await nav(page, 'Results').getAttribute('aria-keyshortcuts')).toBe('Control+4');
    expect(await nav(page, 'Results').locator('kbd').textContent()).toBe('Ctrl+4');
  });

  it('tabs to the skip link and through the nav buttons, each with a visible focus ring', async () => {
    const { page } = await open();
    // Act: the first Tab from the top of the page.
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    // Assert
    expect(skip).toMatchObject({ tag: 'a', text: 'Skip to main content', visible: true });
    expect(skip.outlineStyle).not.toBe('none');
    expect(parseFloat(skip.outlineWidth)).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'focus-skip-link-1280x800');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

    await page.reload();
    await page.getByText('Engine: interpreted formulas').waitFor();
    // Tab once the Data view has its data, so the page is not re-laid out under the keyboard.
    await page.getByRole('heading', { level: 2, name: 'Summary of the placements' }).waitFor({ timeout: 60_000 });
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      order.push(f.text);
      if (f.tag === 'button') {
        expect(f.outlineStyle, `focus ring on ${f.text}`).not.toBe('none');
        expect(parseFloat(f.outlineWidth)).toBeGreaterThanOrEqual(2);
        expect(f.visible, `${f.text} is on screen`).toBe(true);
      }
      if (f.text === 'Scenarios') await screenshot(page, 'focus-nav-1280x800');
    }
    expect(order).toEqual(['Skip to main content', 'About', 'Data', 'Rulebook', 'Scenarios', 'Results', 'Compare']);
    // Enter on a focused nav button opens its view.
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Compare scenarios');
  });

  it('leads from an empty view to the step it depends on', async () => {
    const { page } = await open();
    await nav(page, 'Results').click();
    await page.getByRole('button', { name: 'Go to scenarios' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Scenarios');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');
    await nav(page, 'Compare').click();
    await page.getByRole('heading', { level: 2, name: 'Nothing to compare yet' }).waitFor();
  });

  it('shows the About dialog with version and formula mode, closes it with Escape and passes axe', async () => {
    const { page } = await open();
    await page.getByRole('button', { name: 'About' }).click();
    const dialog = page.getByRole('dialog', { name: 'High Needs Tariff Modeller' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('0.1.0');
    expect(await dialog.textContent()).toContain('Interpreted (engine 0.1.0)');
    await screenshot(page, 'about-dialog-1280x800');
    const violations = await axeScan(page);
    expect(violations).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await focused(page)).text).toBe('About');
    // The store heard the close: the command opens it again.
    await page.getByRole('button', { name: 'About' }).click();
    await dialog.waitFor();
  });

  it('shows a running job with its progress in the status bar, and Escape cancels it', async () => {
    // Arrange: a stand-in worker whose engine.info job reports 3 of 8 and then waits, so the job stays visible.
    const { page } = await open({
      ready: /Checking the engine…/,
      arrange: (context) =>
        context.route(/\/assets\/engine\.worker-[\w-]+\.js$/, (route) =>
          route.fulfill({ contentType: 'text/javascript', body: STALLED_WORKER }),
        ),
    });
    const bar = page.getByRole('contentinfo', { name: 'Status bar' });
    const progress = bar.getByRole('progressbar', { name: 'Checking the engine' });
    expect(await progress.getAttribute('value')).toBe('38');
    expect(await bar.textContent()).toContain('38%');
    expect(await bar.getByRole('status').textContent()).toBe('Checking the engine…');
    expect(await bar.textContent()).toContain('Engine: checking…');
    await screenshot(page, 'status-bar-job-running-1280x800');
    // Act: Escape is run.cancel while a job runs.
    await page.keyboard.press('Escape');
    // Assert
    await expect.poll(() => bar.getByRole('status').textContent()).toBe('No jobs running');
    expect(await bar.textContent()).toContain('Engine: not available');
    await bar.getByRole('button', { name: 'Check the engine again' }).waitFor();
  });

  it('is readable at 1920×1080: no sideways scroll, status bar on screen', async () => {
    const { page } = await open({ viewport: { width: 1920, height: 1080 } });
    await nav(page, 'Results').click();
    await page.getByRole('heading', { level: 2, name: 'No results yet' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    const bar = await page.getByRole('contentinfo', { name: 'Status bar' }).boundingBox();
    expect(bar && bar.y + bar.height).toBeLessThanOrEqual(1080);
    expect(bar!.y).toBeGreaterThan(1000);
    await page.mouse.move(0, 0);
    await screenshot(page, 'view-results-1920x1080');
    await nav(page, 'Data').click();
    await page.getByRole('heading', { level: 2, name: 'Summary of the placements' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'view-data-1920x1080');
  });
});
