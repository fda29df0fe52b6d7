// Journey (2), a policy analyst: run the England baseline, raise one band price (B4 in independent special schools by
// £1,000, through the scenario's copy of its rulebook), undo and redo it, rerun, and compare. Compare must show the
// difference this test works out itself from the engine's pricing (the change × area cost factor × index over that
// band's placements, less exceptions and protection), and every figure on screen must equal `hntm run --format json`
// for the same scenario files and seed. Screenshots and axe at each step.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRenderer, launchChromium, openApp, requireChromium, ROOT, screenshot, serveBuild, type OpenedApp, type Served } from './harness';
import { capture, centralReady, expectFiguresEqualJson, hntmRun, keyFigures, nav, runScenario, type RunJson } from './journey-steps';
import { loadDataset } from '../../cli/datasets';
import { loadRulebook } from '../../models/rules/load';
import { indexOn } from '../../models/rules/parameters';
import { price } from '../../models/pricing/price';
import type { Rulebook } from '../../models/rules/rulebook';

const DRAWS = 200;
const SEED = 2025;
const BAND = 'B4';
const SETTING = 'iss';
const RAISE = 1_000;
const NAME = 'B4 ISS +£1,000';
const DATE = '2025-04-01';

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

/**
 * The difference the raise makes to today's placements priced on DATE, worked out here: for every placement the rules
 * put in BAND in SETTING and no exception funds at cost, the price rises by RAISE × its LA's area cost factor × the
 * index (then held within any transitional protection), times its count.
 */
function expectedStartDelta(rulebookJson: unknown): { delta: number; placements: number } {
  const { rulebook } = loadRulebook(rulebookJson, { file: 'illustrative-national-bands.rulebook.json' });
  const rb = rulebook as Rulebook;
  const table = loadDataset('england-2025');
  const priced = price(table, rb, { date: DATE });
  const band = priced.bandIds.indexOf(BAND);
  const setting = table.columns.setting as { codes: Int32Array; dictionary: string[] };
  const la = table.columns.la_code as { codes: Int32Array; dictionary: string[] };
  const iss = setting.dictionary.indexOf(SETTING);
  const acfTable = rb.parameters.acf.values.filter((v) => v.from <= DATE).sort((a, b) => (a.from < b.from ? 1 : -1))[0].value as Record<string, number>;
  const index = indexOn(rb, rb.indexation[rb.tariff.indexation as string], DATE).value;
  const tp = rb.transitionalProtection;
  let delta = 0;
  let placements = 0;
  for (let i = 0; i < table.rowCount; i++) {
    if (priced.band[i] !== band || setting.codes[i] !== iss || priced.exception[i] >= 0) continue;
    const acf = acfTable[la.dictionary[la.codes[i]]] ?? acfTable['*'];
    const raw = priced.tariff[i] + RAISE * acf * index;
    const prev = priced.previous[i];
    const capped = tp ? Math.min(tp.cap === null ? Infinity : prev * (1 + tp.cap), Math.max(tp.floor === null ? -Infinity : prev * (1 + tp.floor), raw)) : raw;
    delta += (capped - priced.price[i]) * priced.weight[i];
    placements += priced.weight[i];
  }
  return { delta, placements };
}

describe('journey (2): policy analyst raises a band price and compares', () => {
  it('shows the difference worked out from the engine’s pricing, and figures equal to hntm run', async () => {
    if (setupError) throw setupError;
    // The same two scenarios as files, for the CLI: the baseline, and a diff naming a copy of its rulebook with the raise.
    const dir = await mkdtemp(join(tmpdir(), 'hntm-policy-'));
    const rulebookJson = JSON.parse(await readFile(resolve(ROOT, 'scenarios/rulebooks/illustrative-national-bands.rulebook.json'), 'utf8'));
    const raised = structuredClone(rulebookJson);
    raised.parameters.base_price.values[0].value[BAND][SETTING] += RAISE;
    await writeFile(join(dir, 'raised.rulebook.json'), JSON.stringify(raised));
    const optionFile = join(dir, 'b4-iss.scenario.json');
    await writeFile(
      optionFile,
      JSON.stringify({ schemaVersion: 1, name: NAME, baseline: resolve(ROOT, 'scenarios/england-baseline.scenario.json'), overrides: { rulebook: join(dir, 'raised.rulebook.json'), rates: resolve(ROOT, 'scenarios/derived/flows-2024.json') } }),
    );
    const cli = (async () => [await hntmRun(resolve(ROOT, 'scenarios/england-baseline.scenario.json'), DRAWS, SEED), await hntmRun(optionFile, DRAWS, SEED)] as RunJson[])();
    const expected = expectedStartDelta(rulebookJson);
    expect(expected.placements).toBeGreaterThan(1000);

    // Arrange: the England baseline, run with 200 draws.
    app = await openApp(browser, served.url, { viewport: { width: 1440, height: 1000 } });
    const { page, watch } = app;
    await nav(page, 'Scenarios').click();
    await expect.poll(() => page.getByTestId('baseline-select').inputValue(), { timeout: 60_000 }).toBe('england-baseline.scenario.json');
    await page.getByLabel('Draws').selectOption(String(DRAWS));
    await centralReady(page);
    await runScenario(page);

    // Act: raise B4 in independent special schools by £1,000 in this scenario.
    const name = page.getByTestId('scenario-name');
    await name.fill(NAME);
    await name.blur();
    const editor = page.getByTestId('prices-editor');
    await editor.getByLabel('Band').selectOption(BAND);
    await editor.getByLabel('Setting').selectOption(SETTING);
    const before = Number((await editor.getByTestId('price-now').textContent())!.replace(/[£,]/g, ''));
    expect(before).toBe(rulebookJson.parameters.base_price.values[0].value[BAND][SETTING]);
    await editor.getByLabel('New price (£ a year)').fill(String(before + RAISE));
    await editor.getByRole('button', { name: 'Set price' }).click();
    await editor.getByTestId('price-edits').waitFor();
    expect(await editor.getByTestId('price-now').textContent()).toBe(`£${(before + RAISE).toLocaleString('en-GB')}`);

    // The edit is captured: undo takes the raise away, redo puts it back.
    await page.locator('body').press('Control+z');
    await expect.poll(() => editor.getByTestId('price-edits').count()).toBe(0);
    await page.locator('body').press('Control+Shift+z');
    await editor.getByTestId('price-edits').waitFor();
    // The central result follows the edit within a moment (a central run in the worker).
    await centralReady(page);
    await editor.scrollIntoViewIfNeeded();
    await capture(page, 'journey-policy-1-price-edit');

    await runScenario(page);
    await capture(page, 'journey-policy-2-rerun');

    // Assert (1): the Results view shows the option's figures, equal to hntm run's for its file and seed.
    const [baseJson, optionJson] = await cli;
    await nav(page, 'Results').click();
    await page.getByTestId('headline').waitFor();
    expect(await page.getByRole('heading', { level: 2, name: NAME }).count()).toBe(1);
    expect(optionJson.scenario).toBe(NAME);
    expectFiguresEqualJson(await keyFigures(page), optionJson);
    await page.locator('[data-chart=settings] .recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'journey-policy-3-results');

    // Assert (2): Compare shows the difference, against the baseline run, on the full-tariff basis.
    await nav(page, 'Compare').click();
    await page.getByTestId('compare-table').waitFor();
    await page.getByTestId('compare-metric').selectOption('tariff');
    const baseRun = await page.getByTestId('compare-baseline').inputValue();
    expect(await page.getByTestId('compare-baseline').locator(`option[value="${baseRun}"]`).textContent()).toMatch(/^England baseline · 200 draws · seed 2025/);
    expect(await page.getByTestId('crn-note').textContent()).toMatch(/Common random numbers: every run here used seed 2025 and 200 draws/);
    const rows = await page.getByTestId('compare-table').evaluate((t) =>
      [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td[data-value]')].map((td) => Number(td.getAttribute('data-value')))),
    );
    rows.forEach(([base, option, delta], i) => {
      expect(Math.abs(base - baseJson.spend.tariff.total[i])).toBeLessThan(0.005);
      expect(Math.abs(option - optionJson.spend.tariff.total[i])).toBeLessThan(0.005);
      expect(Math.abs(delta - (optionJson.spend.tariff.total[i] - baseJson.spend.tariff.total[i]))).toBeLessThan(0.01);
      expect(delta).toBeGreaterThan(0);
    });
    // The scenario basis does not move: the baseline adopts no tariff, so the raise changes only the tariff basis.
    expect(optionJson.spend.scenario.total).toEqual(baseJson.spend.scenario.total);

    // The difference at the start of the forecast is the one worked out above from the engine's pricing.
    const start = page.getByTestId('compare-start');
    await start.locator(`tr[data-run="${NAME}"] td.start-delta[data-value]`).waitFor({ timeout: 300_000 });
    const shown = Number(await start.locator(`tr[data-run="${NAME}"] td.start-delta`).getAttribute('data-value'));
    expect(Math.abs(shown - expected.delta), `on screen ${shown}, worked out ${expected.delta}`).toBeLessThan(1);
    // The draw-by-draw ranges of the differences arrive from the worker.
    await page.locator('.delta-range').first().waitFor({ timeout: 120_000 });
    await capture(page, 'journey-policy-4-compare');
    await start.screenshot({ path: resolve(ROOT, 'test-output/screenshots/journey-policy-4-compare-start.png') });
    await page.locator('[data-chart=compare]').screenshot({ path: resolve(ROOT, 'test-output/screenshots/journey-policy-4-compare-chart.png') });

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.failedRequests).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });
});
