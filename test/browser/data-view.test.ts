// The Data view in Chromium: the default England dataset loads, the virtual table pages 638,745 rows, filters, axe, screenshots.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeScan, buildRenderer, launchChromium, openApp, requireChromium, screenshot, serveBuild, type OpenedApp, type Served, type Watch } from './harness';
import { browserSuite } from './harness';

const suite = browserSuite();


async function open(viewport = { width: 1280, height: 800 }): Promise<OpenedApp> {
  const app = await suite.open({ viewport });
  // The default dataset is rebuilt in the worker at start-up: wait for its summary.
  await app.page.getByTestId('summary-plans').waitFor({ timeout: 90_000 });
  return app;
}

/** Scrolls the main area so `selector` is at its top (the page itself never scrolls). */
async function scrollMainTo(page: Page, selector: string): Promise<void> {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), selector);
  await page.mouse.move(0, 0);
}

async function expectNoSeriousAxe(page: Page, what: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `axe on ${what}`).toEqual([]);
}

const table = (page: Page) => page.getByRole('table', { name: 'Placements' });
const renderedRows = (page: Page) => table(page).locator('.vt-row').count();
const plans = (page: Page) => page.getByTestId('summary-plans').textContent();
const pounds = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

describe('Data view in Chromium', () => {
  it('opens with the default England dataset: source, 638,745 plans, £ totals by sector, and the first rows', async () => {
    // Arrange / Act
    const { page } = await open();
    // Assert
    expect(await plans(page)).toBe('638,745');
    await expect.poll(() => page.locator('.data-source-title').textContent()).toBe('England, January 2025 (DfE, Open Government Licence v3.0)');
    expect(await page.locator('.data-source-note').first().textContent()).toMatch(/modelled .*not real placements/);
    expect(await page.getByTestId('summary-cost').textContent()).toMatch(/^£\d{1,3}(,\d{3})+$/);
    const sectors = await page.locator('.sector-tile').allTextContents();
    expect(sectors).toHaveLength(4);
    for (const s of sectors) expect(s).toMatch(/£\d{1,3}(,\d{3})*/);
    await table(page).getByText('201-00001', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.mouse.move(0, 0);
    await screenshot(page, 'data-default-top-1280x800');
    await scrollMainTo(page, '.filter-bar');
    await screenshot(page, 'data-default-table-1280x800');
    await expectNoSeriousAxe(page, 'the Data view with the default dataset');
  });

  it('scrolls to the end of 638,745 rows by fetching pages, never holding more than a few hundred rows in the DOM', async () => {
    const { page } = await open();
    await table(page).getByText('201-00001', { exact: true }).waitFor();
    const counts: number[] = [await renderedRows(page)];
    // Act: scroll through the middle to the very end, as a user dragging the scroll bar would.
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await table(page).evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, fraction);
      await page.waitForTimeout(150);
      counts.push(await renderedRows(page));
    }
    // Assert: the last placements arrive from the engine (the last id of the dataset is 943-02377).
    await table(page).getByText('943-02377', { exact: true }).waitFor({ timeout: 30_000 });
    await table(page).getByText('943-02370', { exact: true }).waitFor();
    expect(await table(page).getAttribute('aria-rowcount')).toBe('638746');
    const lastIndex = await table(page).locator('.vt-row').last().getAttribute('aria-rowindex');
    expect(lastIndex).toBe('638746');
    counts.push(await renderedRows(page));
    expect(Math.max(...counts)).toBeLessThan(100);
    expect(await page.locator('[role="row"]').count()).toBeLessThan(300);
    await scrollMainTo(page, '.placements');
    await screenshot(page, 'data-table-end-1280x800');
    // Keyboard: Ctrl+Home goes back to the first row.
    await table(page).focus();
    await page.keyboard.press('Control+Home');
    await table(page).getByText('201-00001', { exact: true }).waitFor();
  });

  it('filters by setting in the engine: Independent special school gives 29,647 plans, and the table follows', async () => {
    const { page } = await open();
    // Act
    await page.getByLabel('Setting', { exact: true }).selectOption('iss');
    // Assert
    await expect.poll(() => plans(page), { timeout: 30_000 }).toBe('29,647');
    expect(await page.locator('.summary-filter-note').textContent()).toMatch(/Showing 29,647 of 638,745 rows/);
    await expect.poll(() => table(page).locator('.vt-row').first().locator('[data-col="setting_label"]').textContent()).toBe('Independent special school');
    const settings = await table(page).locator('[data-col="setting_label"][role="cell"]').allTextContents();
    expect(new Set(settings.filter(Boolean))).toEqual(new Set(['Independent special school']));
    // Every ISS placement is in the independent sector.
    const tiles = await page.locator('.sector-tile').allTextContents();
    expect(tiles.find((t) => t.startsWith('Independent'))).toMatch(/29,647 plans · 100\.0%/);
    await scrollMainTo(page, '.summary-strip');
    await screenshot(page, 'data-filter-iss-1280x800');
    await expectNoSeriousAxe(page, 'the Data view filtered');
    // Act: a second filter, then clear them all.
    await page.getByLabel('Local authority').selectOption('202');
    await expect.poll(() => table(page).locator('[data-col="la_name"][role="cell"]').first().textContent(), { timeout: 30_000 }).toBe('202 Camden');
    const camden = pounds(await plans(page));
    expect(camden).toBeGreaterThan(0);
    expect(camden).toBeLessThan(29647);
    expect(await page.locator('.summary-filter-note').textContent()).toMatch(new RegExp(`Showing ${await plans(page)} of 638,745 rows`));
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => plans(page)).toBe('638,745');
  });

  it('is readable at 1920×1080', async () => {
    const { page } = await open({ width: 1920, height: 1080 });
    await table(page).getByText('201-00001', { exact: true }).waitFor();
    await page.mouse.move(0, 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await screenshot(page, 'data-default-1920x1080');
    await expectNoSeriousAxe(page, 'the Data view at 1920×1080');
  });
});
