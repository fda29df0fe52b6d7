/** Adapts a PlacementTable to the engine service's PagedTable, so the UI can page through it cell by cell. */
import type { PagedTable } from '../service/engine-service';
import type { Column, PlacementTable } from './table';

/**
 * A read-only paged view of a placement table: column 0 is placement_id, then every column in table order, each
 * cell decoded (categories to their strings, missing to null, NaN to null). Nothing is copied.
 * @example
 * const paged = asPagedTable(table);
 * paged.columns          // ['placement_id', 'la_code', 'setting', 'primary_need', 'age', 'annual_cost', 'count', …]
 * paged.cell(0, 2)       // 'iss'
 * store.set('placements', paged);
 */
export function asPagedTable(table: PlacementTable): PagedTable {
  const names = Object.keys(table.columns);
  const cols: Column[] = names.map((n) => table.columns[n]);
  return {
    rowCount: table.rowCount,
    columns: ['placement_id', ...names],
    cell(row: number, column: number): string | number | null {
      if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) return null;
      if (column === 0) return table.ids[row] ?? null;
      const col = cols[column - 1];
      if (!col) return null;
      if (col.kind === 'number') {
        const v = col.values[row];
        return Number.isNaN(v) ? null : v;
      }
      const code = col.codes[row];
      return code < 0 ? null : (col.dictionary[code] ?? null);
    },
  };
}

/**
 * The rows of a table as plain records (placement_id plus every column, decoded; missing values omitted) — the
 * inverse of buildTable, for exporting and round-trip tests. Use only for small tables or slices.
 * @example tableRows(table, 0, 2) // [{placement_id: 'P1', la_code: '202', setting: 'iss', …}, {…}]
 */
export function tableRows(table: PlacementTable, start = 0, end = table.rowCount): Array<Record<string, string | number>> {
  const paged = asPagedTable(table);
  const out: Array<Record<string, string | number>> = [];
  for (let r = Math.max(0, start); r < Math.min(end, table.rowCount); r++) {
    const rec: Record<string, string | number> = {};
    paged.columns.forEach((name, c) => {
      const v = paged.cell(r, c);
      if (v !== null) rec[name] = v;
    });
    out.push(rec);
  }
  return out;
}
