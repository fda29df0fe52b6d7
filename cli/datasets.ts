/** Loads the shipped datasets (the default England dataset and the example council) from scenarios/, from any working directory. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRulebook, formatRuleIssue } from '../models/rules/load';
import type { Rulebook } from '../models/rules/rulebook';
import { buildTable, formatIssue, type PlacementTable } from '../models/data/table';
import { readCsvRecords } from '../models/io/csv';
import { parseCells, type CellRow } from '../models/data/default-dataset-fit';
import { DEFAULT_DATASET_SEED, ENGLAND_2025_SOURCE, EXAMPLE_COUNCIL, expandDefaultDataset } from '../models/data/default-dataset';
import { DATASET_FILES } from '../models/data/default-dataset-build';

/** The names of the shipped datasets. */
export type DatasetName = 'england-2025' | 'example-council';
export const DATASET_NAMES: readonly DatasetName[] = ['england-2025', 'example-council'];

/** The attribution shown with the default dataset (DESIGN §6 `hntm summary` "source"). */
export const DATASET_ATTRIBUTION = ENGLAND_2025_SOURCE;

/** The repository root: two levels up from this file (cli/datasets.ts), wherever the process was started. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Absolute path of a shipped file named relative to the repository root.
 * @example repoPath('scenarios/datasets/example-council.csv') // '/…/scenarios/datasets/example-council.csv'
 */
export function repoPath(relative: string): string {
  return join(ROOT, relative);
}

/**
 * The dataset cost rulebook (scenarios/rulebooks/dataset-costs.rulebook.json), checked.
 * @example loadDatasetCosts().parameters.place_funding.keys // ['setting']
 */
export function loadDatasetCosts(): Rulebook {
  const file = DATASET_FILES.costs;
  const { rulebook, issues } = loadRulebook(JSON.parse(readFileSync(repoPath(file), 'utf8')), { file });
  if (!rulebook) throw new Error(`${file} is not a usable rulebook: ${issues.map(formatRuleIssue).join('; ')}`);
  return rulebook;
}

/**
 * The cohort cells of the default England dataset (LA × setting × governance × age, counts by need), as committed.
 * @example loadDatasetCells().length // ≈ 26,000 rows
 */
export function loadDatasetCells(): CellRow[] {
  return parseCells(readFileSync(repoPath(DATASET_FILES.cells), 'utf8'), DATASET_FILES.cells);
}

/**
 * Loads a shipped dataset as a placement table: 'england-2025' (638,745 placements rebuilt from the committed cells,
 * cost rulebook and seed, in well under 2 s) or 'example-council' (la_code 999, about 3,000 placements, read from its
 * placement CSV).
 * @example loadDataset('england-2025').rowCount // 638745
 * @example loadDataset('example-council').rowCount // 3000
 */
export function loadDataset(name: 'england-2025' | 'example-council'): PlacementTable {
  if (name === 'england-2025') return expandDefaultDataset(readFileSync(repoPath(DATASET_FILES.cells), 'utf8'), loadDatasetCosts(), DEFAULT_DATASET_SEED);
  if (name === 'example-council') {
    const file = DATASET_FILES.exampleCouncil;
    const csv = readCsvRecords(readFileSync(repoPath(file), 'utf8'));
    const { table, issues, rejected } = buildTable(
      csv.rows.map((r) => r.values),
      { file: 'example-council.csv' },
    );
    // Warnings are expected (la_code 999 is not one of the 153; educated-elsewhere rows cost £0); a rejected row is a bug.
    if (rejected.length > 0 || csv.problems.length > 0) throw new Error(`${file}: ${rejected.length} row(s) rejected: ${issues.filter((i) => i.severity === 'error').slice(0, 3).map(formatIssue).join('; ')}`);
    return table;
  }
  throw new RangeError(`"${String(name)}" is not a shipped dataset (${DATASET_NAMES.join(', ')}).`);
}

/**
 * The source line of a shipped dataset, for summaries and exports.
 * @example datasetSource('england-2025') // 'England, January 2025 (DfE, Open Government Licence v3.0)'
 */
export function datasetSource(name: DatasetName): string {
  return name === 'england-2025' ? ENGLAND_2025_SOURCE : EXAMPLE_COUNCIL.source;
}
