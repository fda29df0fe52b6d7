/**
 * The job registry: every kind of work the UI can ask the engine to do. Each shell (Electron's engine worker,
 * the browser's Web Worker, the CLI) runs these same handlers through createEngineService.
 */
import type { JobHandler } from './engine-service';
import { canGenerateCode } from '../rules/codegen-support';
import { ENGINE_VERSION } from './version';
import { SIMULATION_JOBS } from '../uncertainty/jobs';

export const ENGINE_JOBS: Record<string, JobHandler> = {
  /** What the engine is and how it evaluates formulas here (compiled code or the no-eval fallback). */
  'engine.info': () => ({ version: ENGINE_VERSION, formulaMode: canGenerateCode() ? 'compiled' : 'interpreted' }),
  /** simulate (Monte Carlo with progress and cancel), central (a fast rerun), tornado, goalSeek: models/uncertainty/jobs.ts. */
  ...SIMULATION_JOBS,
};
