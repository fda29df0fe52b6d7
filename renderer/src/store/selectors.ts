/** Pure selectors: derived values the views show, computed from state alone so they can be tested without React. */
import type { AppState } from './index';
import type { JobEntry } from './jobs';

/** @example selectRunningJobs(state).map((j) => j.label) // ['Checking the engine'] */
export function selectRunningJobs(state: AppState): JobEntry[] {
  return state.jobOrder.map((id) => state.jobs[id]).filter((j): j is JobEntry => j !== undefined && j.status === 'running');
}

/** @example selectEngineLabel(state) // 'Engine: interpreted formulas' */
export function selectEngineLabel(state: AppState): string {
  switch (state.engine.state) {
    case 'checking':
      return 'Engine: checking…';
    case 'failed':
      return 'Engine: not available';
    case 'ready':
      return `Engine: ${state.engine.formulaMode} formulas`;
  }
}

/** @example selectAppLine(state) // 'High Needs Tariff Modeller 0.1.0 · Browser' */
export function selectAppLine(state: AppState, appName: string): string {
  const info = state.appInfo;
  if (!info) return state.appInfoError ? `${appName} · version unknown` : appName;
  return `${info.name || appName} ${info.version} · ${info.shell === 'electron' ? 'Desktop' : 'Browser'}`;
}

/** Progress as a whole percentage, or null when the job has not said how much work there is. */
export function jobPercent(job: JobEntry): number | null {
  if (!(job.total > 0)) return null;
  return Math.max(0, Math.min(100, Math.round((job.done / job.total) * 100)));
}
