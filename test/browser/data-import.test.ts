// Journey (3), import, in Chromium: a messy council workbook → the validation report names every planted error by
// row and column → personal data flagged and dropped → confirm → the table holds the accepted rows → the rejected
// rows export as a workbook whose rows and reasons match.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeScan, buildRenderer, launchChromium, openApp, requireChromium, screenshot, serveBuild, type Served, type Watch } from './harness';
import { browserSuite } from './harness';
import { ACCEPTED_IDS, BLANK_ROW, PLANTED, TOTAL_ROW, messyCouncilWorkbook } from '../fixtures/messy-council-workbook';

const suite = browserSuite();


async function expectNoSeriousAxe(page: Page, what: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), `axe on ${what}`).toEqual([]);
}

async function top(page: Page, selector: string): Promise<void> {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: 'start' }), selector);
  await page.mouse.move(0, 0);
}

const FILE = 'messy-placements.xlsx';
const PERSONAL = ['UPN', 'Pupil name'];
const NAMES_IN_FILE = ['Amelia Hartley', 'Oliver Brennan', 'Isla Fernsby', 'A801200005001'];

describe('import journey in Chromium', () => {
  it('reports the planted errors by row and column, drops personal data, imports the accepted rows and exports the rejected ones', async () => {
    // Arrange
    const bytes = Buffer.from(await messyCouncilWorkbook());
    const app = await suite.open();
    const { page } = app;
    await page.getByTestId('summary-plans').waitFor({ timeout: 90_000 });

    // Act: open the wizard and choose the file.
    await page.getByRole('button', { name: 'Import a council file…' }).click();
    await page.getByRole('heading', { name: 'Import placements' }).waitFor();
    await screenshot(page, 'import-1-file-1280x800');
    await expectNoSeriousAxe(page, 'the import wizard, file step');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await (await chooser).setFiles({ name: FILE, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });

    // Assert: mapping step — header found under the title rows, columns mapped, personal data shown as dropped.
    await page.getByRole('heading', { name: 'What each column is' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.wizard-mapping').textContent()).toMatch(/The header is on row 4; 2 rows above it/);
    const mapping = page.locator('.mapping-table');
    await expect.poll(() => mapping.getByLabel('Read column E “Placement type” as').inputValue()).toBe('setting');
    expect(await mapping.getByLabel('Read column G “Annual cost (£)” as').inputValue()).toBe('annual_cost');
    for (const h of PERSONAL) expect(await mapping.locator('tr', { hasText: h }).textContent()).toMatch(/Personal data: dropped/);
    expect(await page.locator('.wizard-mapping').textContent()).toMatch(/Column H is merged into column G’s header cell/);
    // Columns being dropped are masked even in the preview of the file.
    const sheet = page.getByRole('table', { name: `Rows of ${FILE}` });
    await sheet.getByText('R001', { exact: true }).waitFor();
    for (const secret of NAMES_IN_FILE) expect(await page.getByText(secret, { exact: true }).count()).toBe(0);
    await top(page, '.wizard');
    await screenshot(page, 'import-2-mapping-1280x800');
    await top(page, '.sample-table');
    await screenshot(page, 'import-2b-mapping-preview-1280x800');
    await expectNoSeriousAxe(page, 'the import wizard, mapping step');

    // Act: an edit to the mapping is undoable; undo it.
    await mapping.getByLabel('Read column J “Provider” as').selectOption('provider_name');
    await page.getByRole('button', { name: 'Undo map column “Provider” to Provider name' }).click();
    await expect.poll(() => mapping.getByLabel('Read column J “Provider” as').inputValue()).toBe('provider_id');

    // Act: the validation report.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: /Problems that reject rows \(5\)/ }).waitFor();
    expect(await page.getByTestId('report-accepted').textContent()).toBe('6');
    expect(await page.getByTestId('report-rejected').textContent()).toBe('5');
    // Assert: each planted error is listed by its row and column, with a message that says what is wrong.
    const errors = page.locator('.issue-group.issue-error');
    for (const p of PLANTED) {
      const link = errors.getByRole('button', { name: `Row ${p.row}, column ${p.column}`, exact: true });
      expect(await link.count(), `row ${p.row}, ${p.column}`).toBe(1);
      expect(await link.locator('xpath=..').textContent()).toMatch(p.says);
    }
    // The blank row and the total row are skipped, not rejected; the total is named among the things to check.
    expect(await errors.getByRole('button', { name: new RegExp(`^Row (${BLANK_ROW}|${TOTAL_ROW}),`) }).count()).toBe(0);
    expect(await page.locator('.issue-group.issue-warning').getByRole('button', { name: new RegExp(`^Row ${TOTAL_ROW},`) }).count()).toBe(1);
    // Act: a problem's link scrolls the file's rows to that row and marks its column.
    await errors.getByRole('button', { name: 'Row 12, column Age', exact: true }).click();
    const marked = sheet.locator('.vt-cell-target');
    await expect.poll(() => marked.textContent()).toBe('31');
    expect(await marked.getAttribute('data-col')).toBe('F');
    expect(await sheet.locator('.vt-row-target [data-col="row"]').textContent()).toBe('12');
    await top(page, '.report-layout');
    await screenshot(page, 'import-3-report-1280x800');
    await expectNoSeriousAxe(page, 'the import wizard, validation report');

    // Act: personal data — both columns flagged, both ticked to drop.
    await page.getByRole('button', { name: 'Continue' }).click();
    const upn = page.getByRole('checkbox', { name: /Drop column B “UPN”/ });
    const names = page.getByRole('checkbox', { name: /Drop column C “Pupil name”/ });
    expect(await upn.isChecked()).toBe(true);
    expect(await names.isChecked()).toBe(true);
    expect(await page.locator('.personal-step').textContent()).toMatch(/looks like unique pupil numbers .*looks like names of children/s);
    await top(page, '.wizard');
    await screenshot(page, 'import-4-personal-1280x800');
    await expectNoSeriousAxe(page, 'the import wizard, personal data');

    // Act: confirm.
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.confirm-list').textContent()).toMatch(/Dropped and never kept: UPN, Pupil name/);
    await screenshot(page, 'import-5-confirm-1280x800');
    await expectNoSeriousAxe(page, 'the import wizard, confirm');
    await page.getByRole('button', { name: 'Import 6 placements' }).click();

    // Assert: the table shows the accepted rows; the source is the file.
    await expect.poll(() => page.getByTestId('summary-plans').textContent(), { timeout: 30_000 }).toBe('6');
    expect(await page.locator('.data-source-title').textContent()).toBe(`${FILE} [Placements]`);
    const table = page.getByRole('table', { name: 'Placements' });
    await table.getByText('R001', { exact: true }).waitFor();
    expect(await table.locator('[data-col="placement_id"][role="cell"]').allTextContents()).toEqual([...ACCEPTED_IDS]);
    expect(await table.locator('.vt-row', { hasText: 'R001' }).locator('[data-col="annual_cost"]').textContent()).toBe('£63,500');
    expect(await table.locator('.vt-row', { hasText: 'R005' }).locator('[data-col="annual_cost"]').textContent()).toBe('£18,250.50');
    for (const secret of NAMES_IN_FILE) expect(await page.getByText(secret).count()).toBe(0);
    // The rejected panel lists the five rows with their reasons.
    await page.getByRole('heading', { name: 'Rejected rows (5)' }).waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected rows, with the reasons' });
    await rejected.getByText('Space station', { exact: true }).waitFor();
    expect(await rejected.locator('tbody th').allTextContents()).toEqual(PLANTED.map((p) => String(p.row)));
    for (const [i, p] of PLANTED.entries()) expect(await rejected.locator('tbody tr').nth(i).locator('.rejected-reason').textContent()).toMatch(p.says);
    await page.mouse.move(0, 0);
    await screenshot(page, 'import-6-imported-1280x800');
    await top(page, '.rejected-panel');
    await screenshot(page, 'import-7-rejected-1280x800');
    await expectNoSeriousAxe(page, 'the Data view after the import');

    // Act: export the rejected rows.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export rejected rows (.xlsx)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('messy-placements-rejected-rows.xlsx');
    const path = await file.path();
    await page.getByText(/Saved 5 rejected rows with their reasons/).waitFor();

    // Assert: the workbook's rows and reasons match the planted errors, and it holds no personal data.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows[0].map(String);
    const text = rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))).join('\t')).join('\n');
    for (const h of PERSONAL) expect(header).not.toContain(h);
    for (const secret of NAMES_IN_FILE) expect(text).not.toContain(secret);
    const body = rows.slice(1).filter((r) => r.some((v) => v !== null && v !== undefined && v !== ''));
    expect(body).toHaveLength(PLANTED.length);
    const rowCol = header.findIndex((h) => /^row$/i.test(h) || /source row|row in/i.test(h));
    const reasonCol = header.findIndex((h) => /reason/i.test(h));
    expect(reasonCol, `a reason column in ${header.join(', ')}`).toBeGreaterThanOrEqual(0);
    for (const [i, p] of PLANTED.entries()) {
      const r = body[i];
      if (rowCol >= 0) expect(Number(r[rowCol])).toBe(p.row);
      expect(String(r[reasonCol])).toContain(p.column);
      expect(String(r[reasonCol])).toMatch(p.says);
    }
  });
});
