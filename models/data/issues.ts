/** Data issues and rejected rows: what is wrong, where (file, sheet, row, column), in DESIGN §6's message form. */

/** One problem found in a data file. Errors reject the row; warnings keep it. */
export interface DataIssue {
  severity: 'error' | 'warning';
  file: string;
  /** The worksheet, for workbooks. */
  sheet?: string;
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  /** The column's header text as it appears in the file (or the field name when the column is missing). */
  column: string;
  /** A stable identifier of the rule, for programs (e.g. 'not-available-marker'). */
  rule: string;
  /** What is wrong and what happens, in words a finance officer can act on. */
  message: string;
}

/** A row that could not be used: its values exactly as given, and every reason. */
export interface RejectedRow {
  row: number;
  values: Record<string, unknown>;
  reasons: string[];
}

/**
 * Renders an issue as DESIGN §6 writes it: `FILE: row N, column C: what is wrong`, or with the sheet in square
 * brackets for workbooks.
 * @example
 * formatIssue({severity: 'error', file: 'placements.csv', row: 3, column: 'annual_cost', rule: 'not-available-marker',
 *   message: '"x" means not available: a cost is needed, so the row is rejected'})
 * // 'placements.csv: row 3, column annual_cost: "x" means not available: a cost is needed, so the row is rejected'
 * @example formatIssue({...issue, file: 'council.xlsx', sheet: 'Placements'}) // 'council.xlsx [Placements]: row 3, column …'
 */
export function formatIssue(issue: DataIssue): string {
  const where = issue.sheet ? `${issue.file} [${issue.sheet}]` : issue.file;
  return `${where}: row ${issue.row}, column ${issue.column}: ${issue.message}`;
}

/**
 * Whether any issue rejects a row.
 * @example hasErrors([{severity: 'warning', …}]) // false
 */
export function hasErrors(issues: readonly DataIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
