// The Rulebook view in Chromium: live formula checks that point at the character, a tariff edit by financial year that
// moves the costs strip, undo and redo by shortcut, sources, the diff, and the Excel template round trip; axe and screenshots.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeScan, buildRenderer, launchChromium, openApp, requireChromium, screenshot, serveBuild, type OpenedApp, type Served, type Watch } from './harness';
import { browserSuite } from './harness';

const suite = browserSuite();


async function openRulebook(viewport = { width: 1280, height: 800 }): Promise<OpenedApp> {
  const app = await suite.open({ viewport });
  await app.page.getByTestId('summary-plans').waitFor({ timeout: 90_000 });
  await app.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Rulebook', exact: true }).click();
  await app.page.getByTestId('costs-price').waitFor({ timeout: 90_000 });
  return app;
}

async function expectNoSeriousAxe(page: Page, what: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `axe on ${what}`).toEqual([]);
}

async function top(page: Page, selector: string): Promise<void> {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), selector);
  await page.mouse.move(0, 0);
}

/** £9,414,277,627 → 9414277627 */
const pounds = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

/** The strip's figure once it is fresh (not being repriced) for the year asked. */
async function settledPrice(page: Page, fy: string): Promise<number> {
  await page.locator('.costs-figures:not(.is-stale) dt', { hasText: `This rulebook, ${fy}` }).waitFor({ timeout: 60_000 });
  await expect.poll(() => page.locator('.costs-updating').count(), { timeout: 60_000 }).toBe(0);
  return pounds(await page.getByTestId('costs-price').textContent());
}

const B5_RULE = 'oneof(primary_need, "SLD", "MSI")';
const BROKEN = `${B5_RULE} and foo > 3`;
const CELL = 'B3 × Independent special school, 2027-28';

describe('Rulebook view in Chromium', () => {
  it('checks a band rule as it is typed, pointing at the character of the error, and clears once fixed', async () => {
    const { page } = await openRulebook();
    // Arrange: the shipped illustrative rulebook, marked as such.
    expect(await page.getByRole('note').textContent()).toMatch(/Illustrative values — not official/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'rulebook-1-open-1280x800');
    await top(page, '.costs-strip');
    await screenshot(page, 'rulebook-2-costs-bands-1280x800');
    await expectNoSeriousAxe(page, 'the Rulebook view');
    const rule = page.getByLabel('Rule for band B5');
    expect(await rule.inputValue()).toBe(B5_RULE);
    // Act
    await rule.fill(BROKEN);
    // Assert: the mark sits on "foo", character 39 (0-based 38), with the problem in plain words.
    const field = page.locator('.formula-field', { has: rule });
    const mark = field.locator('.formula-mark');
    await mark.waitFor({ timeout: 30_000 });
    expect(await mark.textContent()).toBe('foo');
    expect(await mark.getAttribute('data-position')).toBe(String(BROKEN.indexOf('foo')));
    expect(await field.locator('.formula-message').textContent()).toMatch(/^At character 39 \(“foo”\): unknown name "foo"/);
    expect(await rule.getAttribute('aria-invalid')).toBe('true');
    const problem = page.locator('.notice-error', { hasText: '1 problem to fix' }).getByRole('button', { name: 'Band B5 rule' });
    await problem.waitFor();
    await page.getByText('Fix the rulebook’s problems (listed above) to see what it costs.').waitFor();
    await top(page, '.notice-error');
    await screenshot(page, 'rulebook-3-rule-error-1280x800');
    // The problem's link puts the cursor in the rule.
    await problem.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-path'))).toBe('bands.list[1].when');
    await page.evaluate(() => document.querySelector('.formula-field.has-error')?.scrollIntoView({ block: 'center' }));
    await page.mouse.move(0, 0);
    await screenshot(page, 'rulebook-3b-rule-mark-1280x800');
    await expectNoSeriousAxe(page, 'the Rulebook view with a formula error');
    // Act: fix it.
    await rule.fill(B5_RULE);
    // Assert
    await field.getByText('✓ This formula reads correctly.').waitFor({ timeout: 30_000 });
    expect(await rule.getAttribute('aria-invalid')).toBeNull();
    await page.getByTestId('costs-price').waitFor();
  });

  it('edits a base price for 2027-28: the costs strip changes, undo and redo by shortcut, the source is flagged, the diff shows it', async () => {
    const { page } = await openRulebook();
    await page.getByRole('tab', { name: 'Tariff grid and formula' }).click();
    await page.getByLabel('Financial year').selectOption('2027-28');
    const before = await settledPrice(page, '2027-28');
    const cell = page.getByRole('textbox', { name: CELL, exact: true });
    expect(await cell.inputValue()).toBe('45,000');
    // Act
    await cell.fill('50,000');
    await cell.press('Enter');
    // Assert: the strip reprices 2027-28 and rises.
    await expect.poll(() => page.getByTestId('costs-price').textContent().then(pounds), { timeout: 60_000 }).toBeGreaterThan(before);
    const after = await settledPrice(page, '2027-28');
    expect(after).toBeGreaterThan(before);
    // The change holds in later years, not in earlier ones.
    expect(await page.getByRole('textbox', { name: 'B3 × Independent special school, 2028-29', exact: true }).inputValue()).toBe('50,000');
    expect(await page.getByRole('textbox', { name: 'B3 × Independent special school, 2026-27', exact: true }).inputValue()).toBe('45,000');
    expect(await page.locator('.dirty-indicator').textContent()).toBe('Unsaved changes');
    const undo = page.getByRole('button', { name: 'Undo change base price by band and setting B3 × Independent special school for 2027-28 to £50,000' });
    await undo.waitFor();
    await top(page, '.costs-strip');
    await screenshot(page, 'rulebook-4-tariff-edit-1280x800');
    await page.evaluate(() => document.querySelector('.pt-changed')?.scrollIntoView({ block: 'center' }));
    await page.mouse.move(0, 0);
    await screenshot(page, 'rulebook-4b-tariff-grid-1280x800');
    await expectNoSeriousAxe(page, 'the tariff grid after an edit');

    // Act: undo with the shortcut (the registry's edit.undo), then redo.
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell.inputValue()).toBe('45,000');
    expect(await settledPrice(page, '2027-28')).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => cell.inputValue()).toBe('50,000');
    expect(await settledPrice(page, '2027-28')).toBe(after);

    // The new dated value has no source yet: flagged, and fixed by giving one.
    await page.getByRole('tab', { name: /^Sources/ }).click();
    const flagged = page.locator('.source-item.is-flagged');
    expect(await flagged.count()).toBe(1);
    expect(await flagged.locator('label').textContent()).toMatch(/Values from 1 April 2027.*No source yet/);
    await top(page, '.tab-list');
    await screenshot(page, 'rulebook-5-sources-flagged-1280x800');
    await expectNoSeriousAxe(page, 'the sources with a flag');
    await flagged.locator('textarea').fill('Council proposal: ISS band 3 at £50,000 from April 2027 (Schools Forum paper, March 2027)');
    await expect.poll(() => page.locator('.source-item.is-flagged').count()).toBe(0);

    // The diff against the rulebook as opened shows the change year by year.
    await page.getByRole('tab', { name: 'Compare' }).click();
    const item = page.locator('.diff-item', { hasText: 'Base price by band and setting' });
    await item.waitFor();
    expect(await item.locator('.diff-kind').textContent()).toBe('Changed');
    const rows = await item.locator('tbody tr').allTextContents();
    expect(rows).toEqual([
      'B3 × Independent special school2027-28£45,000£50,000',
      '2028-29£45,000£50,000',
      '2029-30£45,000£50,000',
    ]);
    expect(await item.textContent()).toMatch(/Source of the value from 2027-04-01: none → Council proposal/);
    await top(page, '.tab-list');
    await screenshot(page, 'rulebook-6-diff-1280x800');
    await expectNoSeriousAxe(page, 'the diff');
  });

  it('round-trips the Excel template: a broken workbook is refused with sheet and cell, an edited one updates the grid', async () => {
    const { page } = await openRulebook();
    await page.getByRole('tab', { name: 'Excel' }).click();
    await top(page, '.tab-list');
    await screenshot(page, 'rulebook-7-template-1280x800');
    await expectNoSeriousAxe(page, 'the template tab');
    // Act: download the template.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download Excel template (.xlsx)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('illustrative-national-bands.xlsx');
    const original = await readFile(await file.path());

    // A broken edit: band B5's rule in the Bands sheet (row 3: the header is row 1, B6 is row 2).
    const broken = new ExcelJS.Workbook();
    await broken.xlsx.load(original as unknown as ArrayBuffer);
    const bands = broken.getWorksheet('Bands')!;
    const whenCol = (bands.getRow(1).values as unknown[]).indexOf('when');
    expect(bands.getRow(3).getCell(1).value).toBe('B5');
    bands.getRow(3).getCell(whenCol).value = 'primary_need == ';
    const brokenBytes = Buffer.from(await broken.xlsx.writeBuffer());
    // A sound edit: base price B3 × ISS from 2025-04-01 to £47,000 (one row of the dated table; its source is shared).
    const edited = new ExcelJS.Workbook();
    await edited.xlsx.load(original as unknown as ArrayBuffer);
    const params = edited.getWorksheet('Parameters')!;
    const header = (params.getRow(1).values as unknown[]).map((v) => (v === undefined ? '' : String(v)));
    const col = (name: string) => header.indexOf(name);
    let found = 0;
    params.eachRow((row, n) => {
      if (n === 1) return;
      if (row.getCell(col('name')).value === 'base_price' && row.getCell(col('band')).value === 'B3' && row.getCell(col('setting')).value === 'iss') {
        row.getCell(col('value')).value = 47000;
        found++;
      }
    });
    expect(found).toBe(1);
    const editedBytes = Buffer.from(await edited.xlsx.writeBuffer());

    // Act: upload the broken one.
    let chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload edited template…' }).click();
    await (await chooser).setFiles({ name: 'broken.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: brokenBytes });
    // Assert: refused, naming the sheet, row and column; nothing changed.
    const notice = page.locator('.notice-error', { hasText: 'broken.xlsx has' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.locator('.template-issues').textContent()).toMatch(/broken\.xlsx \[Bands\]: row 3, column when: /);
    await top(page, '.notice-error');
    await screenshot(page, 'rulebook-8-template-refused-1280x800');
    await expectNoSeriousAxe(page, 'a refused template');
    await page.getByRole('button', { name: 'Dismiss' }).click();

    // Act: upload the edited one.
    chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload edited template…' }).click();
    await (await chooser).setFiles({ name: 'edited.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: editedBytes });
    await page.getByText(/Read edited\.xlsx: the rulebook now holds the workbook’s values/).waitFor({ timeout: 30_000 });
    // Assert: the grid holds the workbook's value, and the diff says so.
    await page.getByRole('tab', { name: 'Tariff grid and formula' }).click();
    expect(await page.getByRole('textbox', { name: 'B3 × Independent special school, 2025-26', exact: true }).inputValue()).toBe('47,000');
    await page.getByRole('tab', { name: 'Compare' }).click();
    expect(await page.locator('.diff-item', { hasText: 'Base price by band and setting' }).locator('tbody tr').first().textContent()).toBe('B3 × Independent special school2025-26£45,000£47,000');
    // Undo puts the rulebook back as it was before the upload.
    await page.getByRole('button', { name: /^Undo apply the edited template edited\.xlsx/ }).click();
    await page.getByText(/No differences/).waitFor();
  });

  it('is readable at 1920×1080', async () => {
    const { page } = await openRulebook({ width: 1920, height: 1080 });
    await page.getByRole('tab', { name: 'Area cost factors' }).click();
    await page.getByLabel('Find a row').fill('Camden');
    await page.getByRole('textbox', { name: '202 Camden, 2025-26', exact: true }).waitFor();
    await page.mouse.move(0, 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await screenshot(page, 'rulebook-9-acf-1920x1080');
    await expectNoSeriousAxe(page, 'the area cost factors at 1920×1080');
  });
});
