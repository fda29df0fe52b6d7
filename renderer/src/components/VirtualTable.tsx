/**
 * A virtualised table over a table the engine holds: fixed row height, only the visible rows in the DOM, pages fetched
 * through the host's paged query as the user scrolls, with a small page cache. It scrolls 640k rows as smoothly as 60.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import type { RowPage, RowQuery } from '../../../models/contract/host';
import type { Result } from '../../../models/contract/result';
import './virtual-table.css';

export type Cell = string | number | null;

export interface VirtualColumn {
  /** The engine table's column name. */
  key: string;
  label: string;
  /** CSS width, e.g. '8rem'. */
  width: string;
  align?: 'left' | 'right';
  /** Turns the cell into text; the raw value when omitted. `row` holds every column, hidden ones too, in order. */
  format?: (value: Cell, row: readonly Cell[]) => ReactNode;
  /** Fetched for other columns' formats, not shown. */
  hidden?: boolean;
  /** Stays in view when the table scrolls sideways (a row-number gutter, as in a spreadsheet). */
  sticky?: boolean;
}

export interface VirtualTableProps {
  /** The table to page ('placements.view', 'rejected', 'import.sheet'). */
  table: string;
  columns: readonly VirtualColumn[];
  rowCount: number;
  /** Changes whenever the engine's table changes (new data, new filters): the cache is dropped. */
  generation: string | number;
  fetchPage(query: RowQuery): Promise<Result<RowPage>>;
  /** Accessible name, e.g. "Placements". */
  label: string;
  /** Visible height in pixels. */
  height?: number;
  rowHeight?: number;
  /** Scrolls to this row index (0-based) and marks the named column's cell; `seq` lets the same target be asked again. */
  target?: { row: number; column?: string; seq: number } | null;
  /** Rows to draw in a different style (e.g. the header row of an import preview), by index. */
  markRow?: (index: number) => string | undefined;
  /** Shown when there are no rows. */
  empty?: ReactNode;
  /** Reports which rows are drawn (for tests and status text). */
  onRange?: (first: number, last: number) => void;
}

/** Rows per page asked of the engine, and pages kept: a few screens' worth either side of the view. */
export const PAGE_ROWS = 200;
const CACHE_PAGES = 12;
/** Extra rows drawn above and below the visible ones, so a fast wheel does not show blank rows. */
const OVERSCAN = 8;
/** Browsers cap an element's height (Chromium near 33.5 million px); taller tables scroll proportionally. */
const MAX_SCROLL_PX = 15_000_000;

interface PageEntry {
  rows: Cell[][];
  columns: string[];
}

/** The first visible row (fractional) for a scroll position, exact when the table fits under MAX_SCROLL_PX. */
export function rowAtScroll(scrollTop: number, rowCount: number, rowHeight: number, viewport: number): number {
  const full = rowCount * rowHeight;
  if (full <= MAX_SCROLL_PX) return scrollTop / rowHeight;
  const maxScroll = MAX_SCROLL_PX - viewport;
  const maxRow = rowCount - viewport / rowHeight;
  return maxScroll > 0 ? (Math.min(scrollTop, maxScroll) / maxScroll) * maxRow : 0;
}

/** The scroll position that shows `row` at the top (the inverse of rowAtScroll). */
export function scrollForRow(row: number, rowCount: number, rowHeight: number, viewport: number): number {
  const full = rowCount * rowHeight;
  if (full <= MAX_SCROLL_PX) return row * rowHeight;
  const maxScroll = MAX_SCROLL_PX - viewport;
  const maxRow = rowCount - viewport / rowHeight;
  return maxRow > 0 ? (Math.min(row, maxRow) / maxRow) * maxScroll : 0;
}

export function VirtualTable({ table, columns, rowCount, generation, fetchPage, label, height = 480, rowHeight = 34, target, markRow, empty, onRange }: VirtualTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [, setVersion] = useState(0);
  const cache = useRef(new Map<number, PageEntry>());
  const pending = useRef(new Set<number>());
  const order = useRef<number[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const genRef = useRef(generation);
  const headerHeight = rowHeight + 6;
  const viewport = height - headerHeight;
  const columnKeys = useMemo(() => columns.map((c) => c.key), [columns]);
  const columnKeyText = columnKeys.join('\u0000');

  // New data or new filters: nothing cached still describes the table.
  useLayoutEffect(() => {
    genRef.current = generation;
    cache.current.clear();
    pending.current.clear();
    order.current = [];
    setFailed(null);
    setVersion((v) => v + 1);
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [generation, table, columnKeyText]);

  const position = rowAtScroll(scrollTop, rowCount, rowHeight, viewport);
  const first = Math.max(0, Math.floor(position) - OVERSCAN);
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const last = Math.min(rowCount - 1, Math.floor(position) + visible + OVERSCAN);

  const load = useCallback(
    (page: number) => {
      if (cache.current.has(page) || pending.current.has(page)) return;
      const gen = genRef.current;
      pending.current.add(page);
      void fetchPage({ table, offset: page * PAGE_ROWS, limit: PAGE_ROWS, columns: columnKeys }).then((r) => {
        if (genRef.current !== gen) return;
        pending.current.delete(page);
        if (!r.ok) {
          setFailed(r.error.message);
          return;
        }
        cache.current.set(page, { rows: r.data.rows, columns: r.data.columns });
        order.current = [...order.current.filter((p) => p !== page), page];
        // A small cache: the pages furthest back in use go first.
        while (order.current.length > CACHE_PAGES) cache.current.delete(order.current.shift()!);
        setVersion((v) => v + 1);
      });
    },
    [fetchPage, table, columnKeys],
  );

  useEffect(() => {
    if (rowCount === 0 || last < first) return;
    for (let p = Math.floor(first / PAGE_ROWS); p <= Math.floor(last / PAGE_ROWS); p++) load(p);
    onRange?.(first, last);
  });

  useEffect(() => {
    if (!target || !scroller.current) return;
    const top = scrollForRow(Math.max(0, target.row - 2), rowCount, rowHeight, viewport);
    scroller.current.scrollTop = top;
    setScrollTop(top);
    // Horizontal: bring the marked column into view.
    if (target.column) {
      const key = typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(target.column) : target.column;
      const cell = scroller.current.querySelector<HTMLElement>(`[data-col="${key}"]`);
      // Clear of a sticky gutter (row numbers), with a little room before the marked column.
      const gutter = scroller.current.querySelector<HTMLElement>('.vt-th.vt-sticky')?.offsetWidth ?? 0;
      if (cell) scroller.current.scrollLeft = Math.max(0, cell.offsetLeft - gutter - 24);
    }
  }, [target?.seq]);

  const shown = columns.map((c, k) => ({ c, k })).filter(({ c }) => !c.hidden);
  const template = shown.map(({ c }) => c.width).join(' ');
  const totalHeight = Math.min(rowCount * rowHeight, MAX_SCROLL_PX);
  const offset = (position - Math.floor(position)) * rowHeight;
  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const page = cache.current.get(Math.floor(i / PAGE_ROWS));
    const data = page?.rows[i - Math.floor(i / PAGE_ROWS) * PAGE_ROWS];
    const top = scrollTop + (i - Math.floor(position)) * rowHeight - offset;
    const mark = markRow?.(i);
    const isTarget = target && target.row === i;
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        className={`vt-row${i % 2 ? ' vt-row-odd' : ''}${mark ? ` ${mark}` : ''}${isTarget ? ' vt-row-target' : ''}`}
        style={{ top: top + headerHeight, height: rowHeight, gridTemplateColumns: template }}
      >
        {shown.map(({ c, k }) => {
          const v = data ? data[k] : undefined;
          const text = data === undefined ? '' : c.format ? c.format(v ?? null, data) : v === null || v === undefined ? '' : String(v);
          const isTargetCell = isTarget && target?.column === c.key;
          return (
            <div key={c.key} role="cell" data-col={c.key} title={typeof text === 'string' && text.length > 12 ? text : undefined} className={`vt-cell${c.align === 'right' ? ' vt-num' : ''}${c.sticky ? ' vt-sticky' : ''}${isTargetCell ? ' vt-cell-target' : ''}${data === undefined ? ' vt-loading' : ''}`}>
              {text}
            </div>
          );
        })}
      </div>,
    );
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    // Home and End jump to the ends of the whole table, as in a spreadsheet.
    const el = scroller.current;
    if (!el) return;
    if (e.key === 'Home' && (e.ctrlKey || e.metaKey)) {
      el.scrollTop = 0;
      e.preventDefault();
    } else if (e.key === 'End' && (e.ctrlKey || e.metaKey)) {
      el.scrollTop = el.scrollHeight;
      e.preventDefault();
    }
  };

  const style: CSSProperties = { height };
  return (
    <div className="vt">
      <div
        ref={scroller}
        className="vt-scroll"
        style={style}
        tabIndex={0}
        role="table"
        aria-label={label}
        aria-rowcount={rowCount + 1}
        aria-colcount={shown.length}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      >
        <div className="vt-content" style={{ height: totalHeight + headerHeight, minWidth: `calc(${shown.map(({ c }) => c.width.replace(/^minmax\(([^,]+),.*\)$/, '$1')).join(' + ')})` }}>
          <div role="rowgroup" className="vt-head-group">
            <div role="row" aria-rowindex={1} className="vt-head" style={{ height: headerHeight, gridTemplateColumns: template }}>
              {shown.map(({ c }) => (
                <div key={c.key} role="columnheader" data-col={c.key} className={`vt-cell vt-th${c.align === 'right' ? ' vt-num' : ''}${c.sticky ? ' vt-sticky' : ''}`}>
                  {c.label}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup">{rows}</div>
        </div>
        {rowCount === 0 && empty ? <div className="vt-empty">{empty}</div> : null}
      </div>
      {failed ? (
        <p className="vt-error" role="alert">
          Rows could not be fetched: {failed}
        </p>
      ) : null}
    </div>
  );
}
