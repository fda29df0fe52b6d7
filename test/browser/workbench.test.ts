// The commissioner and policy workbenches in Chromium on the default England dataset: numbers checked against the engine, axe, screenshots.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, axeScan, buildRenderer, launchChromium, openApp, requireChromium, screenshot, serveBuild, type OpenedApp, type Served, type Watch } from './harness';
import { browserSuite } from './harness';
import { DEFAULT_DATASET_SEED, expandDefaultDataset } from '../../models/data/default-dataset';
import { loadRulebook } from '../../models/rules/load';
import type { Rulebook } from '../../models/rules/rulebook';
import { analyseProviders } from '../../models/workbench/commissioner';
import { budgetNeutral } from '../../models/workbench/policy';
import { price } from '../../models/pricing/price';
import { LAS } from '../../models/vocab/las';

const suite = browserSuite();

const readRulebook = (file: string): Rulebook => {
  const r = loadRulebook(JSON.parse(readFileSync(resolve(ROOT, 'scenarios/rulebooks', file), 'utf8')), { file });
  if (!r.rulebook) throw new Error(`cannot read ${file}`);
  return r.rulebook;
};
// The same table the worker builds for the default dataset.
const table = expandDefaultDataset(readFileSync(resolve(ROOT, 'scenarios/datasets/england-2025.cells.csv'), 'utf8'), readRulebook('dataset-costs.rulebook.json'), DEFAULT_DATASET_SEED);
const DATE = '2026-04-01';


async function open(viewport = { width: 1280, height: 800 }): Promise<OpenedApp> {
  const app = await suite.open({ viewport });
  await app.page.getByTestId('summary-plans').waitFor({ timeout: 90_000 });
  return app;
}

const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true });

async function scrollMainTo(page: Page, selector: string): Promise<void> {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), selector);
  await page.mouse.move(0, 0);
}

async function expectNoSeriousAxe(page: Page, what: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `axe on ${what}`).toEqual([]);
}

describe('Commissioner workbench in Chromium', () => {
  it('lists the ten placements furthest above ISS band price, sorted by premium, with the engine’s premiums and cap saving', async () => {
    // Arrange
    const engine = analyseProviders(table, readRulebook('iss-price-bands.rulebook.json'), { date: DATE, cap: 0.1 });
    const { page } = await open();
    // Act
    await nav(page, 'Commissioner').click();
    await page.getByTestId('wb-headline').waitFor({ timeout: 90_000 });
    await page.locator('[data-chart="cap-by-year"]').waitFor({ timeout: 90_000 });
    // Assert
    const rows = page.getByTestId('wb-top-placements').locator('tbody tr');
    expect(await rows.count()).toBe(10);
    const premiums = (await rows.locator('td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value')))));
    expect(premiums).toHaveLength(10);
    for (let k = 1; k < premiums.length; k++) expect(premiums[k]).toBeLessThanOrEqual(premiums[k - 1]);
    expect(await rows.first().getAttribute('data-placement')).toBe(engine.placements[0].placementId);
    expect(premiums[0]).toBeCloseTo(engine.placements[0].premium, 6);
    expect(premiums).toEqual(engine.placements.slice(0, 10).map((p) => expect.closeTo(p.premium, 6)));
    expect(Number(await page.getByTestId('wb-headline').getAttribute('data-cap-saving'))).toBeCloseTo(engine.capSaving, 4);
    const headline = await page.getByTestId('wb-headline').textContent();
    expect(headline).toContain(`${engine.plans.toLocaleString('en-GB')} placements with ${engine.providers.length.toLocaleString('en-GB')} independent providers`);
    expect(headline).toContain(`would save £${(engine.capSaving / 1e6).toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}m a year`);
    await page.mouse.move(0, 0);
    await screenshot(page, 'workbench-commissioner-top-1280x800');

    // More on demand; sorting the providers by premium %.
    await page.getByRole('button', { name: 'Show 20 more' }).click();
    expect(await rows.count()).toBe(30);
    await page.getByTestId('wb-providers').getByRole('button', { name: 'Premium %' }).click();
    const sorted = await page.getByTestId('wb-providers').locator('th[aria-sort="descending"]').textContent();
    expect(sorted).toMatch(/Premium %/);

    // The uplift evaluator gives a verdict sentence.
    await page.getByTestId('wb-uplift-pct').fill('8');
    await page.getByRole('button', { name: 'Weigh the request' }).click();
    await page.getByTestId('wb-uplift-result').waitFor({ timeout: 30_000 });
    expect(await page.locator('.wb-verdict').textContent()).toMatch(/asks for 8\.0%, 5\.9 points above the tariff indexation of 2\.1%/);

    await scrollMainTo(page, '[data-chart="fees-by-band"]');
    await screenshot(page, 'workbench-commissioner-bands-1280x800');
    await scrollMainTo(page, '#wb-uplift-title');
    await screenshot(page, 'workbench-commissioner-uplift-1280x800');
    await expectNoSeriousAxe(page, 'the commissioner workbench');
  });
});

describe('Policy workbench in Chromium', () => {
  it('compares the illustrative national bands with the ISS bands: counts add up, every council listed, budget-neutral scale as the engine', async () => {
    // Arrange
    const national = readRulebook('illustrative-national-bands.rulebook.json');
    const engineScale = budgetNeutral(price(table, national, { date: DATE })).scale;
    const { page } = await open();
    // Act
    await page.keyboard.press('Control+7');
    await page.getByTestId('wb-policy-headline').waitFor({ timeout: 90_000 });
    // Assert: both options compared, their counts add up to the councils.
    const counts = await page.locator('[data-chart="winners-losers"]').getByRole('button', { name: 'Show the numbers' }).click().then(() =>
      page.locator('[data-chart="winners-losers"] table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.getAttribute('data-value'))))),
    );
    expect(counts).toHaveLength(2);
    for (const r of counts) expect(r[0] + r[1] + r[2] + r[3]).toBe(r[4]);
    for (const r of counts) expect(r[4]).toBe(LAS.length);
    await page.locator('[data-chart="winners-losers"]').getByRole('button', { name: 'Hide the numbers' }).click();
    expect(await page.getByTestId('wb-las').locator('tbody tr').count()).toBe(LAS.length);
    await page.getByTestId('wb-budget-neutral').waitFor({ timeout: 90_000 });
    const shownScale = Number(await page.getByTestId('wb-budget-neutral').getAttribute('data-scale'));
    expect(Math.abs(shownScale - engineScale)).toBeLessThan(1e-6);
    expect(await page.locator('.wb-verdict').first().textContent()).toMatch(/^To cost the same as today \(£[\d,.]+bn\), prices under Illustrative national bands would be \d+\.\d% higher/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'workbench-policy-top-1280x800');
    await scrollMainTo(page, '#wb-las-title');
    await screenshot(page, 'workbench-policy-councils-1280x800');

    // The ISS option has protection; the tornado is drawn for it.
    await page.getByTestId('wb-focus').selectOption('iss-price-bands.rulebook.json');
    await page.locator('[data-chart="protection"]').waitFor({ timeout: 90_000 });
    await page.locator('[data-chart="option-tornado"]').waitFor({ timeout: 90_000 });
    await scrollMainTo(page, '#wb-focus-title');
    await screenshot(page, 'workbench-policy-focus-1280x800');
    await expectNoSeriousAxe(page, 'the policy workbench');
  });

  it('lays out at 1920×1080', async () => {
    const { page } = await open({ width: 1920, height: 1080 });
    await nav(page, 'Policy options').click();
    await page.locator('[data-chart="winners-losers"]').waitFor({ timeout: 90_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.mouse.move(0, 0);
    await screenshot(page, 'workbench-policy-1920x1080');
  });
});
