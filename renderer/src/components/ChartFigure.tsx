/**
 * The frame every chart shares: a title that states its finding, the chart, a note, the numbers behind it as a
 * table (for screen readers and for checking), and downloads of exactly those numbers as CSV and XLSX.
 */
import { useId, useState, type ReactNode } from 'react';
import { useAppStore } from '../app-context';
import type { ExportTable } from '../charts/export';
import { count, pounds, percent } from '../charts/format';

export interface ChartFigureProps {
  /** The finding, in plain English. */
  title: string;
  /** One line on what is drawn (basis, units, what the band means). */
  note?: ReactNode;
  table: ExportTable;
  children: ReactNode;
  /** Shown instead of the chart when there is nothing to draw yet (e.g. still pricing). */
  placeholder?: ReactNode;
  /** Stable test hook, e.g. "fan". */
  name: string;
  /** Choices that change what is drawn (a year), shown under the note. */
  controls?: ReactNode;
}

/** Keeps a financial year ("2027-28") on one line: browsers break after its hyphen. */
export function NoBreakYears({ text }: { text: string }) {
  const parts = text.split(/(\d{4}-\d{2})/);
  return (
    <>
      {parts.map((p, i) =>
        /^\d{4}-\d{2}$/.test(p) ? (
          <span key={i} className="nowrap">
            {p}
          </span>
        ) : (
          p
        ),
      )}
    </>
  );
}

/** A table cell as people read it; the exact value stays in data-value for checking and copying. */
function cellText(v: ExportTable['rows'][number][number], kind: ExportTable['kinds'][number]): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'money':
      return pounds(v);
    case 'count':
      return count(v);
    case 'share':
      return percent(v);
    default:
      return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 4 }).format(v);
  }
}

export function ChartTable({ table, caption }: { table: ExportTable; caption?: string }) {
  return (
    // Focusable: a wide table scrolls sideways in a narrow window, and keyboard users must be able to scroll it.
    <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={caption ?? table.title}>
      <table className="data-table chart-table">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={c} scope="col" className={table.kinds[i] === 'text' ? undefined : 'numeric'}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, k) => (
            <tr key={k}>
              {r.map((v, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cellText(v, table.kinds[i])}
                  </th>
                ) : (
                  <td key={i} className={table.kinds[i] === 'text' ? undefined : 'numeric'} data-value={typeof v === 'number' ? String(v) : undefined}>
                    {cellText(v, table.kinds[i])}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChartFigure({ title, note, table, children, placeholder, name, controls }: ChartFigureProps) {
  const store = useAppStore();
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  const save = (format: 'csv' | 'xlsx') => void store.getState().saveChartTable(table, format);
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`} data-chart={name}>
      <figcaption>
        <h3 id={`${id}-title`} className="chart-title">
          <NoBreakYears text={title} />
        </h3>
        {note ? <p className="chart-note">{note}</p> : null}
      </figcaption>
      {controls ? <div className="chart-controls">{controls}</div> : null}
      <div className="chart-body">{placeholder ?? children}</div>
      <div className="chart-actions">
        <button type="button" className="link-button" aria-expanded={showTable} aria-controls={`${id}-table`} onClick={() => setShowTable((v) => !v)}>
          {showTable ? 'Hide the numbers' : 'Show the numbers'}
        </button>
        <button type="button" className="link-button" onClick={() => save('csv')}>
          Download CSV<span className="visually-hidden"> of “{title}”</span>
        </button>
        <button type="button" className="link-button" onClick={() => save('xlsx')}>
          Download XLSX<span className="visually-hidden"> of “{title}”</span>
        </button>
      </div>
      <div id={`${id}-table`} hidden={!showTable}>
        {showTable ? <ChartTable table={table} caption={`The numbers behind “${title}”`} /> : null}
      </div>
    </figure>
  );
}
