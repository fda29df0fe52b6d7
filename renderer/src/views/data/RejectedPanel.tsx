/** Rejected rows of the last import: each with its spreadsheet row and reasons, and an export to fix them in Excel. */
import { useEffect, useMemo, useState } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { count } from './format';

/** Up to this many rejected rows are listed in a plain table whose reasons wrap; more are paged. */
const FULL_TABLE_ROWS = 200;

export function RejectedPanel() {
  const store = useAppStore();
  const summary = useAppState((s) => s.dataSummary);
  const queryRows = useAppState((s) => s.queryRows);
  const [columns, setColumns] = useState<string[] | null>(null);
  /** A few rejected rows are shown in full (reasons wrap); many are paged like the placements. */
  const [rows, setRows] = useState<Array<Array<string | number | null>> | null>(null);
  const rejected = summary?.rejectedRows ?? 0;

  // The rejected table's columns are the file's own headers: asked of the engine once per import.
  useEffect(() => {
    if (rejected === 0) return;
    let live = true;
    void store
      .getState()
      .queryRows({ table: 'rejected', offset: 0, limit: rejected <= FULL_TABLE_ROWS ? rejected : 0 })
      .then((r) => {
        if (!live || !r.ok) return;
        setColumns(r.data.columns);
        setRows(rejected <= FULL_TABLE_ROWS ? r.data.rows : null);
      });
    return () => {
      live = false;
    };
  }, [store, rejected, summary?.generation]);

  const tableColumns = useMemo<VirtualColumn[]>(
    () =>
      (columns ?? []).map((c) =>
        c === 'row' ? { key: c, label: 'Row', width: '4rem', align: 'right' as const } : c === 'reasons' ? { key: c, label: 'Why it was rejected', width: 'minmax(24rem, 2fr)' } : { key: c, label: c, width: 'minmax(8rem, 1fr)' },
      ),
    [columns],
  );

  if (!summary || summary.origin !== 'import') return null;
  return (
    <section className="rejected-panel" aria-labelledby="rejected-title">
      <div className="section-head">
        <h2 id="rejected-title" className="section-title">
          Rejected rows ({count(rejected)})
        </h2>
        {rejected > 0 ? (
          <button type="button" className="button" onClick={() => void store.getState().exportRejectedRows()}>
            Export rejected rows (.xlsx)
          </button>
        ) : null}
      </div>
      {rejected === 0 ? (
        <p className="section-hint">Every row of the file was accepted.</p>
      ) : (
        <>
          <p className="section-hint">
            These rows are not in the table above. They are kept exactly as the file gave them, with every reason, so you can fix them in Excel and import the file again. Columns
            dropped as personal data are not included.
          </p>
          {columns && rows ? (
            <div className="table-scroll rejected-table" tabIndex={0} role="region" aria-label="Rejected rows">
              <table className="data-table">
                <caption className="visually-hidden">Rejected rows, with the reasons</caption>
                <thead>
                  <tr>
                    {columns.map((c) => (
                      <th key={c} scope="col" className={c === 'row' ? 'numeric' : undefined}>
                        {c === 'row' ? 'Row' : c === 'reasons' ? 'Why it was rejected' : c}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      {r.map((v, k) =>
                        k === 0 ? (
                          <th key={k} scope="row" className="numeric">
                            {v}
                          </th>
                        ) : (
                          <td key={k} className={k === 1 ? 'rejected-reason' : undefined}>
                            {v ?? ''}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : columns ? (
            <VirtualTable table="rejected" label="Rejected rows" columns={tableColumns} rowCount={rejected} generation={summary.generation} fetchPage={queryRows} height={360} />
          ) : null}
        </>
      )}
    </section>
  );
}
