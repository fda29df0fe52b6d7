// @vitest-environment jsdom
// The virtualised table: only the visible rows are in the DOM, pages are fetched as the table scrolls and cached,
// a new generation drops the cache, and the scroll arithmetic holds for tables taller than a browser allows.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RowPage, RowQuery } from '../../../models/contract/host';
import { ok, type Result } from '../../../models/contract/result';
import { PAGE_ROWS, rowAtScroll, scrollForRow, VirtualTable, type VirtualColumn } from '../../../renderer/src/components/VirtualTable';

afterEach(cleanup);

const columns: VirtualColumn[] = [
  { key: 'id', label: 'Id', width: '6rem' },
  { key: 'cost', label: 'Cost', width: '6rem', align: 'right', format: (v) => `£${v}` },
];

/** A fake engine table of `rows` rows: id "P<n>", cost n; every query is recorded. */
function fakeTable(rows: number) {
  const queries: RowQuery[] = [];
  const fetchPage = async (q: RowQuery): Promise<Result<RowPage>> => {
    queries.push(q);
    const out: RowPage['rows'] = [];
    for (let i = q.offset; i < Math.min(rows, q.offset + q.limit); i++) out.push([`P${i}`, i]);
    return ok({ table: q.table, columns: q.columns ?? ['id', 'cost'], rows: out, offset: q.offset, totalRows: rows });
  };
  return { queries, fetchPage };
}

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));

describe('VirtualTable', () => {
  it('draws only the rows in view (plus a few), fetching the first page only', async () => {
    const t = fakeTable(640_000);
    render(<VirtualTable table="t" label="Placements" columns={columns} rowCount={640_000} generation={1} fetchPage={t.fetchPage} height={480} rowHeight={34} />);
    await flush();
    const table = screen.getByRole('table', { name: 'Placements' });
    expect(table.getAttribute('aria-rowcount')).toBe('640001');
    const rows = table.querySelectorAll('.vt-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(t.queries).toEqual([{ table: 't', offset: 0, limit: PAGE_ROWS, columns: ['id', 'cost'] }]);
    expect(screen.getByText('P0')).toBeTruthy();
    expect(screen.getByText('£3')).toBeTruthy();
  });

  it('fetches the pages under the scroll position when scrolled far down, and only those', async () => {
    const t = fakeTable(640_000);
    render(<VirtualTable table="t" label="Placements" columns={columns} rowCount={640_000} generation={1} fetchPage={t.fetchPage} height={480} rowHeight={34} />);
    await flush();
    const table = screen.getByRole('table', { name: 'Placements' });
    const top = scrollForRow(500_000, 640_000, 34, 480 - 40);
    table.scrollTop = top;
    fireEvent.scroll(table, { target: { scrollTop: top } });
    await flush();
    const offsets = t.queries.map((q) => q.offset);
    expect(offsets[0]).toBe(0);
    expect(offsets.slice(1).every((o) => o >= 499_800 && o <= 500_200)).toBe(true);
    expect(screen.getByText('P500000')).toBeTruthy();
    expect(table.querySelectorAll('.vt-row').length).toBeLessThan(40);
  });

  it('asks again after a new generation (new data or filters), and not for pages it holds', async () => {
    const t = fakeTable(1000);
    const view = render(<VirtualTable table="t" label="Rows" columns={columns} rowCount={1000} generation={1} fetchPage={t.fetchPage} />);
    await flush();
    view.rerender(<VirtualTable table="t" label="Rows" columns={columns} rowCount={1000} generation={1} fetchPage={t.fetchPage} />);
    await flush();
    expect(t.queries).toHaveLength(1);
    view.rerender(<VirtualTable table="t" label="Rows" columns={columns} rowCount={500} generation={2} fetchPage={t.fetchPage} />);
    await flush();
    expect(t.queries).toHaveLength(2);
  });

  it('marks a target row and column (the validation report’s links)', async () => {
    const t = fakeTable(100);
    render(<VirtualTable table="t" label="Rows" columns={columns} rowCount={100} generation={1} fetchPage={t.fetchPage} target={{ row: 11, column: 'cost', seq: 1 }} />);
    await flush();
    const cell = document.querySelector('.vt-cell-target');
    expect(cell?.textContent).toBe('£11');
    expect(cell?.closest('[role="row"]')?.getAttribute('aria-rowindex')).toBe('13');
  });

  it('shows the empty message when no row matches', async () => {
    render(<VirtualTable table="t" label="Rows" columns={columns} rowCount={0} generation={1} fetchPage={fakeTable(0).fetchPage} empty="No placements match these filters." />);
    await flush();
    expect(screen.getByText('No placements match these filters.')).toBeTruthy();
  });
});

describe('scroll arithmetic', () => {
  it.each([
    [1000, 34],
    [640_000, 34],
    [5_000_000, 34],
  ])('rowAtScroll and scrollForRow agree for %i rows', (rows, h) => {
    const viewport = 440;
    for (const row of [0, 1, Math.floor(rows / 2), rows - Math.ceil(viewport / h)]) {
      expect(rowAtScroll(scrollForRow(row, rows, h, viewport), rows, h, viewport)).toBeCloseTo(row, 0);
    }
  });

  it('keeps the scroll height under what browsers allow: 5 million rows still reach their last row', () => {
    const viewport = 440;
    const maxScroll = scrollForRow(5_000_000, 5_000_000, 34, viewport);
    expect(maxScroll).toBeLessThan(16_000_000);
    expect(rowAtScroll(maxScroll, 5_000_000, 34, viewport)).toBeGreaterThan(5_000_000 - 20);
  });
});
