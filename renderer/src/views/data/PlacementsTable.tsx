/** The placements table: every row the filters keep, paged from the engine as the user scrolls. */
import { useMemo } from 'react';
import { useAppState } from '../../app-context';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { count, moneyExact } from './format';

export function PlacementsTable() {
  const summary = useAppState((s) => s.dataSummary);
  const queryRows = useAppState((s) => s.queryRows);
  // A "Plans" column only when some row is a cohort (count > 1): with one plan per row it would say 1 every time.
  const cohorts = !!summary && summary.plans !== summary.viewRows;
  const columns = useMemo<VirtualColumn[]>(
    () => [
      { key: 'placement_id', label: 'Placement id', width: '7.5rem' },
      { key: 'la_name', label: 'Local authority', width: '10.5rem', format: (v, row) => `${row[3] ?? ''} ${v ?? ''}`.trim() },
      { key: 'setting_label', label: 'Setting', width: 'minmax(10rem, 1fr)' },
      { key: 'la_code', label: 'LA code', width: '0', hidden: true },
      { key: 'age', label: 'Age', width: '3.25rem', align: 'right' },
      { key: 'primary_need', label: 'Need', width: '4rem' },
      { key: 'annual_cost', label: 'Annual cost', width: '7.25rem', align: 'right', format: (v) => (typeof v === 'number' ? moneyExact(v) : '—') },
      { key: 'count', label: 'Plans', width: '4rem', align: 'right', hidden: !cohorts, format: (v) => (typeof v === 'number' ? count(v) : '1') },
      { key: 'band', label: 'Band', width: '3.75rem', format: (v) => v ?? '—' },
      // Imported files often name providers only by id (or give the name as the id): the name, else the id.
      { key: 'provider_name', label: 'Provider', width: 'minmax(10rem, 1fr)', format: (v, row) => v ?? row[10] ?? '—' },
      { key: 'provider_id', label: 'Provider id', width: '0', hidden: true },
    ],
    [cohorts],
  );
  if (!summary) return null;
  return (
    <section className="placements" aria-labelledby="placements-title">
      <div className="section-head">
        <h2 id="placements-title" className="section-title">
          Placements
        </h2>
        <p className="section-hint">
          {count(summary.viewRows)} row{summary.viewRows === 1 ? '' : 's'}. Scroll, or focus the table and use the arrow keys, Page Up and Page Down; Ctrl+End goes to the last row.
        </p>
      </div>
      <VirtualTable
        table="placements.view"
        label="Placements"
        columns={columns}
        rowCount={summary.viewRows}
        generation={summary.generation}
        fetchPage={queryRows}
        // A short import gets a short table; a long one a screenful.
        height={Math.min(460, 40 + 34 * Math.max(3, summary.viewRows) + 2)}
        empty="No placements match these filters. Clear a filter to see more."
      />
    </section>
  );
}
