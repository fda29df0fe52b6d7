/** Loads the CLI's inputs from disk: rulebooks (JSON) and placement data (CSV or XLSX through the importer, or a synthetic national table). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deserialize } from 'node:v8';
import { loadRulebook, formatRuleIssue, type RuleIssue } from '../models/rules/load';
import { checkRulebookFormulas } from '../models/rules/check';
import type { Rulebook } from '../models/rules/rulebook';
import { formatIssue, type DataIssue, type RejectedRow } from '../models/data/table';
import type { PlacementTable } from '../models/data/table';
import { generateSyntheticTable } from '../models/data/synthetic';
import { importCsvBytes, type ImportOptions, type ImportResult } from '../models/io/import';
import { sniffFile } from '../models/io/import-zip';
import { UsageError } from './args';
import { loadDataset, loadDatasetCosts, DATASET_NAMES, DATASET_ATTRIBUTION, type DatasetName } from './datasets';
import { readCaseload, readNeeds } from '../models/io/dfe';
import { cohortTableFromStatistics } from '../models/data/default-dataset';

export class InputError extends Error {
  constructor(message: string, readonly lines: string[] = []) {
    super(message);
  }
}

function readText(path: string): string {
  return new TextDecoder('utf-8').decode(readBytes(path));
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
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
  /** For imported files: the whole import (header, mapping, personal-data flags, counts). */
  imported?: ImportResult;
}

const XLSX_CHILD = fileURLToPath(new URL('./xlsx-stream-child.ts', import.meta.url));

/**
 * Imports an .xlsx synchronously: exceljs only reads asynchronously, and readData's callers are synchronous, so a
 * child Node process runs the (streaming) import and hands back the result v8-serialised. A child, not a worker, so
 * that even a crash inside it ends in a clear error here instead of a wait that never ends.
 */
function importXlsxSync(path: string, options: ImportOptions): ImportResult {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, XLSX_CHILD, path, JSON.stringify(options)], { maxBuffer: 1_500_000_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new InputError(`${options.file}: could not start the workbook reader (${r.error.message})`);
  type Payload = { ok: true; result: ImportResult } | { ok: false; error: string };
  const payload = ((): Payload | null => {
    try {
      return r.stdout && r.stdout.length > 0 ? (deserialize(r.stdout) as Payload) : null;
    } catch {
      return null;
    }
  })();
  if (payload === null) {
    const why = r.signal ? `it stopped on ${r.signal}` : `it exited with code ${r.status}`;
    throw new InputError(`${options.file}: the workbook could not be read (${why})`, String(r.stderr ?? '').trim().split('\n').slice(-5));
  }
  if (!payload.ok) throw new InputError(`${options.file}: the workbook could not be read (${payload.error})`);
  return payload.result;
}

/**
 * Reads placement data: a .csv or .xlsx file (any encoding, title rows, council headers, £ text — see
 * models/io/import), or `synthetic:ROWS[:SEED]` for a generated national-size table. Columns that look like personal
 * data are dropped. A file that cannot be read at all is an InputError (exit 1); a missing file or an unknown kind of
 * file is a UsageError (exit 2).
 * @example readData('synthetic:640000:7').table.rowCount // 640000
 * @example readData('council.xlsx').issues.map(formatIssue)
 */
export function readData(spec: string): LoadedData {
  const synthetic = /^synthetic:(\d+)(?::(\d+))?$/.exec(spec);
  if (synthetic) {
    const rows = Number(synthetic[1]);
    const seed = Number(synthetic[2] ?? 1);
    return { table: generateSyntheticTable({ rows, seed }), issues: [], rejected: [], description: `synthetic table of ${rows.toLocaleString('en-GB')} placements (seed ${seed})` };
  }
  // DfE's published statistics (caseload.csv and sen_needs_all_plans.csv) as cohort cells, for a council with no
  // placement-level file: dfe:FOLDER[:LA,LA…].
  const dfe = /^dfe:(.+?)(?::(\d{3}(?:,\d{3})*))?$/.exec(spec);
  if (dfe) {
    const [, folder, las] = dfe;
    const caseload = readCaseload(readText(join(folder, 'caseload.csv')), { file: 'caseload.csv' });
    const needs = readNeeds(readText(join(folder, 'sen_needs_all_plans.csv')), { file: 'sen_needs_all_plans.csv' });
    let table: PlacementTable;
    try {
      table = cohortTableFromStatistics({ caseload, needs }, loadDatasetCosts(), las ? { las: las.split(',') } : {});
    } catch (e) {
      throw new InputError(`${spec}: ${(e as Error).message}`);
    }
    return { table, issues: [], rejected: [], description: `DfE statistics in ${basename(folder)} (January 2025${las ? `, LA ${las}` : ', England'}; cohort cells with modelled unit costs)` };
  }
  // The shipped datasets by name: the default England dataset and the example council.
  if ((DATASET_NAMES as readonly string[]).includes(spec)) {
    return { table: loadDataset(spec as DatasetName), issues: [], rejected: [], description: spec === 'england-2025' ? DATASET_ATTRIBUTION : 'Example Council (la_code 999, tutorial data)' };
  }
  const file = basename(spec);
  const isXlsx = /\.(xlsx|xlsm)$/i.test(spec);
  if (!isXlsx && !/\.(csv|txt)$/i.test(spec)) throw new UsageError(`${file}: placement files are .csv or .xlsx (or synthetic:ROWS[:SEED])`);
  const bytes = readBytes(spec);
  const result = isXlsx || sniffFile(bytes) !== 'other' ? importXlsxSync(spec, { file }) : importCsvBytes(bytes, { file });
  if (result.fatal) throw new InputError(`${result.sheet ? `${file} [${result.sheet}]` : file} ${result.fatal}`);
  return { table: result.table, issues: result.issues, rejected: result.rejected, description: result.sheet ? `${file} [${result.sheet}]` : file, imported: result };
}

export { formatIssue };
