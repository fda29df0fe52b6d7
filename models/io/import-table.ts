/** Joins placement tables built chunk by chunk into one, exactly as if buildTable had seen every row at once (same dictionaries in first-seen order), so large files never hold every row as an object. */
import type { Column, PlacementTable } from '../data/table';

type NumberPart = { kind: 'number'; parts: Float64Array[] };
type CategoryPart = { kind: 'category'; dictionary: string[]; index: Map<string, number>; parts: Int32Array[] };

/**
 * Appends chunk tables (same columns in the same order) and builds the whole table.
 * @example
 * const acc = new TableAccumulator();
 * acc.append(buildTable(rowsA, {file}).table, [2, 3]);
 * acc.append(buildTable(rowsB, {file}).table, [5]);
 * const {table, sourceRows} = acc.build();
 */
export class TableAccumulator {
  private readonly ids: string[] = [];
  private readonly rows: Int32Array[] = [];
  private readonly columns = new Map<string, NumberPart | CategoryPart>();
  private order: string[] | null = null;
  private count = 0;

  /** Adds a chunk's table; `sourceRows[k]` is the spreadsheet row of its row k. */
  append(table: PlacementTable, sourceRows: ArrayLike<number>): void {
    const names = Object.keys(table.columns);
    if (this.order === null) {
      this.order = names;
      for (const name of names) {
        const col = table.columns[name];
        // The first chunk's dictionary comes first, so fixed vocabularies (settings, needs) keep their codes.
        if (col.kind === 'number') this.columns.set(name, { kind: 'number', parts: [] });
        else this.columns.set(name, { kind: 'category', dictionary: [...col.dictionary], index: new Map(col.dictionary.map((v, i) => [v, i])), parts: [] });
      }
    } else if (names.length !== this.order.length || names.some((n, i) => n !== this.order?.[i])) {
      throw new Error(`A chunk has columns ${names.join(', ')}, not ${this.order.join(', ')}: every chunk must be built from the same mapping.`);
    }
    for (const id of table.ids) this.ids.push(id);
    this.rows.push(Int32Array.from(sourceRows));
    this.count += table.rowCount;
    for (const name of names) {
      const col = table.columns[name];
      const acc = this.columns.get(name);
      if (!acc) continue;
      if (acc.kind === 'number' && col.kind === 'number') acc.parts.push(col.values);
      else if (acc.kind === 'category' && col.kind === 'category') {
        const remap = col.dictionary.map((v) => {
          let code = acc.index.get(v);
          if (code === undefined) {
            code = acc.dictionary.length;
            acc.dictionary.push(v);
            acc.index.set(v, code);
          }
          return code;
        });
        const codes = new Int32Array(col.codes.length);
        for (let i = 0; i < codes.length; i++) {
          const c = col.codes[i];
          codes[i] = c < 0 ? -1 : remap[c];
        }
        acc.parts.push(codes);
      } else throw new Error(`Column "${name}" changed kind between chunks.`);
    }
  }

  /** The whole table and, per row, its spreadsheet row. `empty` gives the columns when no chunk was appended. */
  build(empty: PlacementTable): { table: PlacementTable; sourceRows: Int32Array } {
    if (this.order === null) return { table: empty, sourceRows: new Int32Array(0) };
    const columns: Record<string, Column> = {};
    // One column at a time, letting go of its parts as soon as they are copied: at 640k rows the parts and the
    // whole would otherwise be held twice at the end of an import.
    for (const name of this.order) {
      const acc = this.columns.get(name);
      if (!acc) continue;
      if (acc.kind === 'number') columns[name] = { kind: 'number', values: concat(acc.parts, Float64Array, this.count) };
      else columns[name] = { kind: 'category', codes: concat(acc.parts, Int32Array, this.count), dictionary: acc.dictionary };
      acc.parts = [];
    }
    const sourceRows = concat(this.rows, Int32Array, this.count);
    this.rows.length = 0;
    return { table: { rowCount: this.count, ids: this.ids, columns }, sourceRows };
  }
}

function concat<T extends Float64Array | Int32Array>(parts: T[], Ctor: { new (n: number): T }, n: number): T {
  if (parts.length === 1 && parts[0].length === n) return parts[0];
  const out = new Ctor(n);
  let at = 0;
  for (const p of parts) {
    (out as Float64Array | Int32Array).set(p, at);
    at += p.length;
  }
  return out;
}
