/** Loads the CLI's inputs from disk: rulebooks (JSON) and placement data (CSV, or a synthetic national table). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadRulebook, formatRuleIssue, type RuleIssue } from '../models/rules/load';
import { checkRulebookFormulas } from '../models/rules/check';
import type { Rulebook } from '../models/rules/rulebook';
import { buildTable, formatIssue, type DataIssue, type RejectedRow } from '../models/data/table';
import type { PlacementTable } from '../models/data/table';
import { generateSyntheticTable } from '../models/data/synthetic';
import { readCsvRecords } from '../models/io/csv';
import { UsageError } from './args';

export class InputError extends Error {
  constructor(message: string, readonly lines: string[] = []) {
    super(message);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Reads and checks a rulebook (shape and every formula); issues name the file and the JSON path. */
export function readRulebook(path: string): { rulebook: Rulebook | null; issues: RuleIssue[] } {
  const file = basename(path);
  let json: unknown;
  try {
    json = JSON.parse(readText(path));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    return { rulebook: null, issues: [{ severity: 'error', file, path: '(file)', rule: 'json', message: `is not valid JSON: ${(e as Error).message}` }] };
  }
  const loaded = loadRulebook(json, { file });
  if (!loaded.rulebook) return loaded;
  const formulaIssues = checkRulebookFormulas(loaded.rulebook, file);
  return { rulebook: formulaIssues.some((i) => i.severity === 'error') ? null : loaded.rulebook, issues: [...loaded.issues, ...formulaIssues] };
}

export function requireRulebook(path: string): Rulebook {
  const { rulebook, issues } = readRulebook(path);
  if (!rulebook) throw new InputError(`${basename(path)} is not a usable rulebook`, issues.map(formatRuleIssue));
  return rulebook;
}

export interface LoadedData {
  table: PlacementTable;
  issues: DataIssue[];
  rejected: RejectedRow[];
  description: string;
}

/**
 * Reads placement data: a CSV file, or `synthetic:ROWS[:SEED]` for a generated national-size table.
 * @example readData('synthetic:640000:7').table.rowCount // 640000
 */
export function readData(spec: string): LoadedData {
  const synthetic = /^synthetic:(\d+)(?::(\d+))?$/.exec(spec);
  if (synthetic) {
    const rows = Number(synthetic[1]);
    const seed = Number(synthetic[2] ?? 1);
    return { table: generateSyntheticTable({ rows, seed }), issues: [], rejected: [], description: `synthetic table of ${rows.toLocaleString('en-GB')} placements (seed ${seed})` };
  }
  const file = basename(spec);
  if (!/\.csv$/i.test(spec)) throw new UsageError(`${file}: only .csv placement files (or synthetic:ROWS[:SEED]) can be read so far`);
  const csv = readCsvRecords(readText(spec));
  const { table, issues, rejected } = buildTable(csv.rows.map((r) => r.values), { file, firstRow: 2 });
  // The CSV reader skips blank lines; map positions back to spreadsheet rows so messages point at the right line.
  const rowOf = (k: number) => csv.rows[k - 2]?.row ?? k;
  const fixed = issues.map((i) => ({ ...i, row: rowOf(i.row) }));
  const shape: DataIssue[] = csv.problems.map((p) => ({ severity: 'error', file, row: p.row, column: '(row)', rule: 'csv', message: p.message }));
  return { table, issues: [...shape, ...fixed], rejected: rejected.map((r) => ({ ...r, row: rowOf(r.row) })), description: file };
}

export { formatIssue };
