// The Results and Compare views in Chromium on the example council: empty states, every chart drawn (non-empty SVG),
// chart numbers and their CSV/XLSX downloads, the spend basis, the explain drawer down to one placement, and a
// comparison of two runs. Screenshots of each state, axe on each.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { buildRenderer, launchChromium, openApp, requireChromium, ROOT, serveBuild, type OpenedApp, type Served } from './harness';
import { capture, centralReady, nav, runScenario } from './journey-steps';

let served: Served;
let browser: Browser;
let app: OpenedApp | null = null;
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

const CHARTS = ['fan', 'dsg', 'sectors', 'waterfall', 'settings', 'bands', 'tornado'] as const;

/** Shapes recharts drew in a chart: bars, areas and lines with a real outline. */
async function drawnShapes(page: Page, chart: string): Promise<number> {
  return page.locator(`[data-chart=${chart}] .recharts-wrapper > svg.recharts-surface`).evaluate((svg) =>
    [...svg.querySelectorAll('path.recharts-rectangle, path.recharts-area-area, path.recharts-curve, path.recharts-line-curve')].filter((p) => /^M\s*[\d.-]+[ ,]+[\d.-]+/i.test(p.getAttribute('d') ?? '') && (p.getAttribute('d') ?? '').length > 12).length,
  );
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const pending = page.waitForEvent('download');
  await click();
  const d = await pending;
  const path = resolve(ROOT, 'test-output', `results-views-${d.suggestedFilename()}`);
  await d.saveAs(path);
  return { name: d.suggestedFilename(), bytes: await readFile(path) };
}

describe('Results and Compare views on the example council', () => {
  it('draws every chart with its finding, exports exactly its numbers, explains down to a placement and compares two runs', async () => {
    if (setupError) throw setupError;
    app = await openApp(browser, served.url, { viewport: { width: 1440, height: 1000 } });
    const { page, watch } = app;

    // Empty states say what to do next.
    await nav(page, 'Results').click();
    await page.getByRole('heading', { name: 'No results yet' }).waitFor();
    await capture(page, 'results-views-1-results-empty');
    await nav(page, 'Compare').click();
    await page.getByRole('heading', { name: 'Nothing to compare yet' }).waitFor();
    await capture(page, 'results-views-2-compare-empty');

    // A run of the example council with 200 draws.
    await nav(page, 'Scenarios').click();
    await page.getByTestId('baseline-select').selectOption('example-council.scenario.json');
    await page.getByLabel('Draws').selectOption('200');
    await centralReady(page);
    await runScenario(page);
    await nav(page, 'Results').click();
    await page.getByTestId('headline').waitFor();
    await page.locator('[data-chart=bands] .recharts-bar-rectangle').first().waitFor({ timeout: 120_000 });
    await page.locator('[data-chart=tornado] .recharts-bar-rectangle').first().waitFor({ timeout: 120_000 });

    // Every chart is drawn, titled with a finding (a figure in £ or a share), and screenshotted on its own.
    for (const c of CHARTS) {
      expect(await drawnShapes(page, c), `${c} draws shapes`).toBeGreaterThan(0);
      expect(await page.locator(`[data-chart=${c}] .chart-title`).textContent(), `${c} title`).toMatch(/£[\d,.]+(m|bn)|\d+\.\d%/);
      await page.locator(`[data-chart=${c}]`).screenshot({ path: resolve(ROOT, `test-output/screenshots/results-views-chart-${c}.png`) });
    }
    await capture(page, 'results-views-3-results');

    // "Show the numbers" opens the table the chart draws; the CSV and XLSX hold exactly those numbers.
    const fan = page.locator('[data-chart=fan]');
    await fan.getByRole('button', { name: 'Show the numbers' }).click();
    const cells = await fan.locator('table td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(cells).toHaveLength(5 * 4);
    const csv = await download(page, () => fan.getByRole('button', { name: /^Download CSV/ }).click());
    expect(csv.name).toBe('spend-range.csv');
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[1]).toBe('Financial year,Central run (£),p10 (£),p50 (£),p90 (£)');
    expect(lines.slice(2, 7).flatMap((l) => l.split(',').slice(1).map(Number))).toEqual(cells);
    const xlsx = await download(page, () => fan.getByRole('button', { name: /^Download XLSX/ }).click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect([3, 4, 5, 6, 7].flatMap((r) => [2, 3, 4, 5].map((c) => ws.getCell(r, c).value))).toEqual(cells);
    await capture(page, 'results-views-4-fan-numbers');

    // The spend basis changes what the stacked chart draws: at full tariff its total is the tariff basis.
    const before = await page.locator('[data-chart=sectors] .chart-title').textContent();
    await page.getByRole('radio', { name: 'At full tariff' }).check();
    await expect.poll(() => page.locator('[data-chart=sectors] .chart-note').textContent()).toContain('at full tariff');
    expect(typeof before).toBe('string');
    await page.getByRole('radio', { name: 'In the scenario' }).check();

    // Explain: a setting's bar → its band mix and sourced prices → one of its placements, traced rule by rule.
    await page.locator('[data-chart=settings] .recharts-bar-rectangle').first().click();
    const drawer = page.getByTestId('explain-drawer');
    await drawer.getByRole('heading', { name: 'Band mix' }).waitFor();
    expect(await drawer.textContent()).toMatch(/Base price by band and setting/);
    await capture(page, 'results-views-5-explain-group');
    await drawer.locator('table button').first().click();
    await drawer.getByRole('heading', { name: /Band rules tested/ }).waitFor();
    expect(await drawer.locator('.rule-hit').count()).toBe(1);
    await capture(page, 'results-views-6-explain-placement');
    await drawer.getByRole('button', { name: 'Back' }).click();
    await drawer.getByRole('heading', { name: 'Band mix' }).waitFor();
    await drawer.getByRole('button', { name: /Close/ }).click();

    // A second run (joiners raised) to compare; the two share seed and draws.
    await nav(page, 'Scenarios').click();
    const joiners = page.getByLabel('Joiners (new plans): central value');
    await joiners.fill('1.2');
    await joiners.blur();
    await centralReady(page);
    await runScenario(page);
    await nav(page, 'Compare').click();
    await page.getByTestId('compare-table').waitFor();
    expect(await page.getByTestId('crn-note').textContent()).toMatch(/^Common random numbers/);
    await page.locator('.delta-range').first().waitFor({ timeout: 120_000 });
    const deltas = await page.locator('td.delta').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
    expect(deltas.slice(1).every((d) => d > 0)).toBe(true);
    expect(await drawnShapes(page, 'compare')).toBeGreaterThan(0);
    await capture(page, 'results-views-7-compare');

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
});
