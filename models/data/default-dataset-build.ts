/** Builds the committed dataset files (England cells, example council placements, cost rulebook) from the text of DfE's files. */
import { readCaseload, readNeeds } from '../io/dfe';
import { loadRulebook, formatRuleIssue } from '../rules/load';
import { DS_NOTE } from '../vocab/needs';
import { buildDatasetCells, formatCells, marginsFromStatistics } from './default-dataset-fit';
import { datasetCostsRulebook, costModelFromRulebook } from './default-dataset-costs';
import { DEFAULT_DATASET_SEED, DFE_ATTRIBUTION, ENGLAND_2025_SOURCE, EXAMPLE_COUNCIL, exampleCouncilCells, expandCells, placementsCsv } from './default-dataset';

/** Where each built file goes, relative to the repository root. */
export const DATASET_FILES = {
  cells: 'scenarios/datasets/england-2025.cells.csv',
  exampleCouncil: 'scenarios/datasets/example-council.csv',
  costs: 'scenarios/rulebooks/dataset-costs.rulebook.json',
} as const;

/** The DfE files the build reads, relative to the shared data folder. */
export const DATASET_INPUTS = {
  caseload: 'dfe-ehcp-2025/caseload.csv',
  needs: 'dfe-ehcp-2025/sen_needs_all_plans.csv',
} as const;

/** The text of each built file, keyed like DATASET_FILES. */
export type DatasetFiles = Record<keyof typeof DATASET_FILES, string>;

/**
 * Builds every committed dataset file from the text of caseload.csv and sen_needs_all_plans.csv. Pure and
 * deterministic: the same inputs give the same bytes on every machine (the fit uses only + − × ÷, and the seeded
 * generator is integer-based), which is what the rebuild test checks.
 * @example
 * const files = buildDatasetFiles({caseload: readFileSync(a, 'utf8'), needs: readFileSync(b, 'utf8')});
 * files.cells.startsWith('# England, January 2025') // true
 */
export function buildDatasetFiles(inputs: { caseload: string; needs: string }): DatasetFiles {
  const caseload = readCaseload(inputs.caseload);
  const needs = readNeeds(inputs.needs);
  const margins = marginsFromStatistics({ caseload, needs });
  const { cells, notes } = buildDatasetCells(margins);

  const rulebook = datasetCostsRulebook();
  const costs = `${JSON.stringify(rulebook, null, 2)}\n`;
  // The rulebook must load cleanly: the expansion reads it back exactly as users will.
  const loaded = loadRulebook(JSON.parse(costs), { file: DATASET_FILES.costs });
  if (!loaded.rulebook || loaded.issues.length > 0) throw new Error(`The built cost rulebook does not load: ${loaded.issues.map(formatRuleIssue).join('; ')}`);

  const header = [
    `${ENGLAND_2025_SOURCE}: active EHC plans by LA (la_code), setting, governance, age and primary need. ${DFE_ATTRIBUTION}.`,
    'Built by `npx tsx cli/build-dataset.ts` from ../shared/data/dfe-ehcp-2025/caseload.csv and sen_needs_all_plans.csv; do not edit by hand (a test rebuilds it and requires the same bytes).',
    `Placements are rebuilt from these counts by expandDefaultDataset (models/data/default-dataset.ts) with seed ${DEFAULT_DATASET_SEED} and the unit costs in ${DATASET_FILES.costs}.`,
    'Exact (DfE\'s published figures): every LA × setting × governance × age and every LA × setting × governance × need count, hence England\'s total (638,745), each LA\'s total, LA × setting, LA × age, each setting\'s England count and England\'s setting × need table. Fitted: the split of each LA × setting × age count by need (iterative proportional fitting to the LA\'s age × need table, then controlled rounding).',
    'Age: DfE\'s "under 3" is counted at age 2 (the age its band ends at), so ages 0 and 1 are empty. Governance: mainstream, resourced provision and AP are split into la_maintained and academy (academies and free schools) as DfE publishes them; special schools carry their own; blank elsewhere.',
    DS_NOTE,
    ...notes,
  ];
  const cellsText = formatCells(cells, header);

  const example = exampleCouncilCells(margins);
  const model = costModelFromRulebook(loaded.rulebook);
  const exampleTable = expandCells(example.cells, model, EXAMPLE_COUNCIL.seed, { regions: { [EXAMPLE_COUNCIL.la]: EXAMPLE_COUNCIL.region } });
  return { cells: cellsText, exampleCouncil: placementsCsv(exampleTable), costs };
}
