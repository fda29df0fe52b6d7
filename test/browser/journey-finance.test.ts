// Journey (1), a council finance officer: the default England dataset → the England baseline's five-year forecast with
// 500 draws → the fan chart and the DSG line drawn → the figures equal `hntm run` → the results workbook exported and
// opened with exceljs, its Summary and By year totals equal to the figures on screen. Screenshots and axe at each step.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { buildRenderer, launchChromium, openApp, requireChromium, ROOT, screenshot, serveBuild, type OpenedApp, type Served } from './harness';
import { capture, centralReady, expectFiguresEqualJson, hntmRun, keyFigures, nav, runScenario, seriousAxe } from './journey-steps';
import { moneyM } from '../../renderer/src/charts/format';

let served: Served;
let browser: Browser;
let app: OpenedApp | null = null;
/** Kept and thrown by the test: an error in beforeAll would report it as skipped, which hides the problem. */
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

afterAll(async () => {
  await app?.context.close();
  await browser?.close();
  await served?.close();
});

/** The numeric value of a cell, whether a number or a formula with its cached result. */
function cellNumber(v: ExcelJS.CellValue): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  throw new Error(`not a number: ${JSON.stringify(v)}`);
}

describe('journey (1): finance officer, England baseline with 500 draws, workbook for schools forum', () => {
  it('forecasts five years with ranges, draws the fan and the DSG line, and exports a workbook whose totals are the figures shown', async () => {
    if (setupError) throw setupError;
    // The CLI's run of the same scenario and seed, started now so it runs while the browser does its part.
    const cli = hntmRun(resolve(ROOT, 'scenarios/england-baseline.scenario.json'), 500, 2025);

    // Arrange: the app opens on the default England dataset.
    app = await openApp(browser, served.url, { viewport: { width: 1440, height: 1000 } });
    const { page, watch } = app;
    await page.getByTestId('summary-plans').filter({ hasText: '638,745' }).waitFor({ timeout: 120_000 });
    await capture(page, 'journey-finance-1-data');

    // Act: the England baseline, 500 draws (the default), run in the worker.
    await nav(page, 'Scenarios').click();
    await expect.poll(() => page.getByTestId('baseline-select').inputValue(), { timeout: 60_000 }).toBe('england-baseline.scenario.json');
    expect(await page.getByLabel('Draws').inputValue()).toBe('500');
    await centralReady(page);
    await capture(page, 'journey-finance-2-scenario');
    const seen = await runScenario(page, 'journey-finance-3-running');
    // Progress reached the page as draws done with the time left (unless the run finished before the first poll).
    if (seen.length) expect(seen.some((t) => /of 500 draws/.test(t))).toBe(true);
    await capture(page, 'journey-finance-4-finished');

    // Assert: the Results view states the finding and draws the fan and the DSG line.
    await nav(page, 'Results').click();
    const headline = page.getByTestId('headline');
    await headline.waitFor();
    expect(await headline.textContent()).toMatch(/^High-needs placement spend rises from £[\d,]+\.\dm in 2025-26 to £[\d,]+\.\dm in 2029-30 \(80% range £[\d,]+\.\dm–£[\d,]+\.\dm\); the cumulative DSG deficit reaches £[\d,]+\.\dm by 2029-30\.$/);
    const fanArea = await page.locator('[data-chart=fan] .recharts-area-area').first().getAttribute('d');
    const fanLine = await page.locator('[data-chart=fan] .recharts-line-curve').first().getAttribute('d');
    const dsgLine = await page.locator('[data-chart=dsg] .recharts-line-curve').first().getAttribute('d');
    for (const d of [fanArea, fanLine, dsgLine]) expect(d ?? '').toMatch(/^M[\d.-]+,[\d.-]+[LC]/);
    // The DSG chart marks the zero line and the end of the statutory override (2027-28).
    expect(await page.locator('[data-chart=dsg] .recharts-reference-line').count()).toBe(2);
    expect(await page.locator('[data-chart=dsg]').textContent()).toContain('Statutory override ends');
    await page.locator('[data-chart=bands] .recharts-bar-rectangle').first().waitFor({ timeout: 300_000 });
    await page.locator('[data-chart=tornado] .recharts-bar-rectangle').first().waitFor({ timeout: 300_000 });
    await screenshot(page, 'journey-finance-5-results');
    for (const c of ['fan', 'dsg', 'sectors', 'waterfall', 'settings', 'bands', 'tornado']) await page.locator(`[data-chart=${c}]`).screenshot({ path: resolve(ROOT, `test-output/screenshots/journey-finance-chart-${c}.png`) });
    expect(await seriousAxe(page)).toEqual([]);

    // The figures on screen are `hntm run`'s for the same scenario and seed.
    const screen = await keyFigures(page);
    const json = await cli;
    expect(json.provenance).toMatchObject({ seed: 2025, draws: 500 });
    expectFiguresEqualJson(screen, json);
    const last = json.years.length - 1;
    expect(await headline.textContent()).toContain(`to ${moneyM(json.spend.scenario.total[last])} in 2029-30 (80% range ${moneyM(json.quantiles.scenario.p10[last])}–${moneyM(json.quantiles.scenario.p90[last])})`);

    // A figure explains itself: the funding behind the DSG balance, with sources.
    await page.getByTestId('figure-balance').click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByText('Opening balance').waitFor();
    expect(await drawer.textContent()).toContain('LGA briefing');
    await capture(page, 'journey-finance-6-explain');
    await drawer.getByRole('button', { name: /Close/ }).click();

    // Act: export the full results workbook (the browser build saves it as a download).
    const download = page.waitForEvent('download', { timeout: 600_000 });
    await page.getByRole('button', { name: 'Export the full results workbook' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('England baseline results.xlsx');
    const path = resolve(ROOT, 'test-output/journey-finance-results.xlsx');
    await mkdir(resolve(ROOT, 'test-output'), { recursive: true });
    await file.saveAs(path);
    await page.getByTestId('export-status').filter({ hasText: 'Saved' }).waitFor({ timeout: 60_000 });
    await capture(page, 'journey-finance-7-exported');

    // Assert: exceljs opens it; the Summary total is today's placements at today's cost, the starting figure on screen;
    // By year carries the headline's spend and deficit.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'By year', 'By LA', 'By provider', 'Placements', 'Assumptions', 'Provenance']);
    const summary = wb.getWorksheet('Summary')!;
    let summaryCurrent: number | null = null;
    summary.eachRow((row) => {
      if (row.getCell(1).value === 'total' && row.getCell(2).value === 'All placements') summaryCurrent = cellNumber(row.getCell(4).value);
    });
    expect(summaryCurrent, 'the Summary sheet has an "All placements" total').not.toBeNull();
    const startOnScreen = Number(await page.getByTestId('figure-start').getAttribute('data-value'));
    expect(Math.abs(summaryCurrent! - startOnScreen)).toBeLessThan(5_000);
    expect(moneyM(summaryCurrent!)).toBe(await page.getByTestId('figure-start').locator('.figure-value').textContent());
    const byYear = wb.getWorksheet('By year')!;
    const rowOf = (code: string, after = 0): ExcelJS.Row => {
      let found: ExcelJS.Row | null = null;
      byYear.eachRow((row, n) => {
        if (!found && n > after && row.getCell(1).value === code) found = row;
      });
      if (!found) throw new Error(`By year has no row "${code}"`);
      return found;
    };
    const scenarioTotal = rowOf('total', rowOf('scenario').number);
    const cumulative = rowOf('cumulative');
    const lastSpend = cellNumber(scenarioTotal.getCell(4 + last).value);
    const lastBalance = cellNumber(cumulative.getCell(4 + last).value);
    expect(Math.abs(lastSpend - screen['spend.scenario.total'][last])).toBeLessThan(0.05);
    expect(Math.abs(lastBalance - screen['funding.cumulative'][last])).toBeLessThan(0.05);
    const said = await headline.textContent();
    expect(said).toContain(moneyM(lastSpend));
    expect(said).toContain(`deficit reaches ${moneyM(-lastBalance)}`);
    await writeFile(resolve(ROOT, 'test-output/journey-finance-headline.txt'), `${said}\n`);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
});
