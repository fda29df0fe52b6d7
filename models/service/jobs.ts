/**
 * The job registry: every kind of work the UI can ask the engine to do. Each shell (Electron's engine worker,
 * the browser's Web Worker, the CLI) runs these same handlers through createEngineService.
 */
import type { JobHandler } from './engine-service';
import { canGenerateCode } from '../rules/codegen-support';
import { ENGINE_VERSION } from './version';
import { SIMULATION_JOBS } from '../uncertainty/jobs';
import { DATA_JOBS } from './data-jobs';
import { RULEBOOK_JOBS } from './rulebook-jobs';
import { WORKSPACE_JOBS } from './workspace-jobs';
import { WORKBENCH_JOBS } from './workbench-jobs';

export const ENGINE_JOBS: Record<string, JobHandler> = {
  /** What the engine is and how it evaluates formulas here (compiled code or the no-eval fallback). */
  'engine.info': () => ({ version: ENGINE_VERSION, formulaMode: canGenerateCode() ? 'compiled' : 'interpreted' }),
  /** simulate (Monte Carlo with progress and cancel), central (a fast rerun), tornado, goalSeek: models/uncertainty/jobs.ts. */
  ...SIMULATION_JOBS,
  /** data.loadDefault, data.summary, data.preview, data.import, data.exportRejected: models/service/data-jobs.ts. */
  ...DATA_JOBS,
  /** rulebook.shipped, rulebook.check, rulebook.price, rulebook.toTemplate, rulebook.fromTemplate: models/service/rulebook-jobs.ts. */
  ...RULEBOOK_JOBS,
  /** scenario.shipped, workspace.central/simulate/tornado, pricing.summary, explain.group/placement, results.workbook, compare.deltas: models/service/workspace-jobs.ts. */
  ...WORKSPACE_JOBS,
  /** workbench.providers/capByYear/uplift (commissioner), compare/budgetNeutral/protection/tornado (policy): models/service/workbench-jobs.ts. */
  ...WORKBENCH_JOBS,
};
