/** The imported placement table written out as CSV (placement columns, re-importable to the identical table) or JSON rows. */
import { asPagedTable } from '../data/paged';
import type { PlacementTable } from '../data/table';
import { toCsv } from './csv';

/**
 * The table as CSV: placement_id, then every column of the table (categories as their values, blanks empty). Read
 * back with the importer it gives the identical table.
 * @example placementTableCsv(table).split('\r\n')[0] // 'placement_id,la_code,setting,primary_need,age,annual_cost,count'
 */
export function placementTableCsv(table: PlacementTable): string {
  const paged = asPagedTable(table);
  const rows: Array<Array<string | number | null>> = new Array(table.rowCount);
  const width = paged.columns.length;
  for (let r = 0; r < table.rowCount; r++) {
    const line = new Array<string | number | null>(width);
    for (let c = 0; c < width; c++) line[c] = paged.cell(r, c);
    rows[r] = line;
  }
  return toCsv([...paged.columns], rows);
}

/**
 * The table as JSON: `{file, sheet?, rowCount, rows: [{placement_id, la_code, …}]}` (blank values left out of a row).
 * @example JSON.parse(placementTableJson(table, {file: 'council.xlsx'})).rows[0].setting // 'iss'
 */
export function placementTableJson(table: PlacementTable, source: { file: string; sheet?: string }): string {
  const paged = asPagedTable(table);
  const parts: string[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    const rec: Record<string, string | number> = {};
    paged.columns.forEach((name, c) => {
      const v = paged.cell(r, c);
      if (v !== null) rec[name] = v;
    });
    parts.push(JSON.stringify(rec));
  }
  const head = JSON.stringify({ file: source.file, ...(source.sheet ? { sheet: source.sheet } : {}), rowCount: table.rowCount });
  return `${head.slice(0, -1)},"rows":[\n${parts.join(',\n')}\n]}\n`;
}
