/**
 * Results slice: the runs of this session (a Monte Carlo run in the worker, its progress and cancel), the pricing
 * summary and tornado worked out after each, which run the Results view shows, and exports through the host. Only
 * aggregates and quantiles arrive here; per-draw totals stay in the worker (compare.deltas reads them there).
 * Runs are computed results: never captured for undo.
 */
import type { StateCreator, StoreApi } from 'zustand/vanilla';
import type { Host, JobRequest } from '../../../models/contract/host';
import { fail, ok, type Result } from '../../../models/contract/result';
import type { PricingSummary, WorkbookBytes, WorkspaceRun } from '../../../models/service/workspace-jobs';
import type { Tornado } from '../../../models/uncertainty/sensitivity';
import type { Basis, RunResult } from '../charts/series';
import { toCsv, toXlsx, type ExportTable } from '../charts/export';
import type { AppState } from './index';

export type Loadable<T> = { state: 'idle' | 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; message: string };

export interface RunRecord {
  id: string;
  /** The scenario's name as run. */
  name: string;
  draws: number;
  seed: number;
  /** When the run was started (ms since 1970), for the run picker. */
  startedAt: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  jobId: string | null;
  error?: string;
  result: RunResult | null;
  /** Exactly what ran: explain and the workbook use it, so they describe this run even after later edits. */
  run: WorkspaceRun;
  pricing: Loadable<PricingSummary>;
  tornado: Loadable<Tornado>;
}

export interface ExportStatus {
  state: 'idle' | 'writing' | 'done' | 'failed';
  message: string;
}

export interface ResultsSlice {
  runs: Record<string, RunRecord>;
  /** Run ids, oldest first. */
  runOrder: string[];
  activeRunId: string | null;
  resultsBasis: Basis;
  resultsExport: ExportStatus;
  /** Starts a Monte Carlo run in the worker and resolves with its id once it has finished (or failed). */
  startRun(request: { run: WorkspaceRun; name: string; draws: number; seed: number }): Promise<string | null>;
  cancelRun(id: string): Promise<void>;
  setActiveRun(id: string): void;
  setResultsBasis(basis: Basis): void;
  /** Writes the full results workbook of a run (the active one by default) and saves it through the host. */
  exportResultsWorkbook(id?: string): Promise<boolean>;
  /** Saves one chart's table as CSV or XLSX through the host. */
  saveChartTable(table: ExportTable, format: 'csv' | 'xlsx'): Promise<boolean>;
  dismissResultsExport(): void;
}

/** Finished runs kept in the session (older ones drop off, with their draws in the worker). */
export const RUNS_KEPT = 8;

/**
 * Starts a job, tracks it in the jobs slice (status bar, progress) and waits for its outcome; the id comes back at
 * once through `onStarted` so the caller can offer Cancel.
 */
export async function trackedJob(host: Host, api: StoreApi<AppState>, request: JobRequest, label: string, onStarted?: (jobId: string) => void): Promise<Result<unknown>> {
  const started = await host.startJob(request);
  if (!started.ok) return started;
  const { jobId } = started.data;
  api.getState().trackJob(jobId, request.kind, label);
  onStarted?.(jobId);
  const entry = await new Promise<AppState['jobs'][string] | undefined>((resolve) => {
    const check = (s: AppState): boolean => {
      const j = s.jobs[jobId];
      if (j && j.status === 'running') return false;
      resolve(j);
      return true;
    };
    if (check(api.getState())) return;
    const stop = api.subscribe((s) => {
      if (check(s)) stop();
    });
  });
  if (!entry) return fail('internal', `${label} was forgotten before it finished.`);
  if (entry.status === 'done') return ok(entry.result);
  if (entry.status === 'cancelled') return fail('cancelled', `${label} was cancelled.`);
  return { ok: false, error: entry.error ?? { code: 'job-failed', message: `${label} failed.` } };
}

function isRunResult(x: unknown): x is RunResult {
  return !!x && typeof x === 'object' && Array.isArray((x as RunResult).years) && !!(x as RunResult).central && !!(x as RunResult).quantiles;
}

const fileSafe = (s: string) => s.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim() || 'results';

export const createResultsSlice =
  (host: Host): StateCreator<AppState, [], [], ResultsSlice> =>
  (set, get, api) => {
    let seq = 0;
    const patch = (id: string, change: Partial<RunRecord>) =>
      set((s) => (s.runs[id] ? { runs: { ...s.runs, [id]: { ...s.runs[id], ...change } } } : {}));

    /** The pricing summary and the tornado of a finished run, worked out in the background. */
    const details = async (id: string): Promise<void> => {
      const record = get().runs[id];
      if (!record?.result) return;
      const last = record.result.years[record.result.years.length - 1];
      patch(id, { pricing: { state: 'loading' }, tornado: { state: 'loading' } });
      const [pricing, tornado] = await Promise.all([
        get().runJob({ kind: 'pricing.summary', payload: record.run }, `Pricing ${record.name}`),
        get().runJob({ kind: 'workspace.tornado', payload: { ...record.run, metric: { series: 'scenario', year: last } } }, `Sensitivity of ${record.name}`),
      ]);
      patch(id, {
        pricing: pricing.ok ? { state: 'ready', data: pricing.data as PricingSummary } : { state: 'failed', message: pricing.error.message },
        tornado: tornado.ok ? { state: 'ready', data: tornado.data as Tornado } : { state: 'failed', message: tornado.error.message },
      });
    };

    return {
      runs: {},
      runOrder: [],
      activeRunId: null,
      resultsBasis: 'scenario',
      resultsExport: { state: 'idle', message: '' },

      startRun: async ({ run, name, draws, seed }) => {
        const id = `run-${++seq}`;
        const record: RunRecord = {
          id, name, draws, seed, startedAt: Date.now(), status: 'running', jobId: null, result: null, run: { ...run, draws, seed },
          pricing: { state: 'idle' }, tornado: { state: 'idle' },
        };
        set((s) => {
          // Keep the newest runs; a running one is never dropped.
          const order = [...s.runOrder, id];
          const drop = order.slice(0, Math.max(0, order.length - RUNS_KEPT)).filter((k) => s.runs[k]?.status !== 'running');
          const runs = { ...s.runs, [id]: record };
          for (const k of drop) delete runs[k];
          return { runs, runOrder: order.filter((k) => !drop.includes(k)) };
        });
        const r = await trackedJob(host, api, { kind: 'workspace.simulate', payload: { ...run, draws, seed, runKey: id } }, `Running ${name} (${draws.toLocaleString('en-GB')} draws)`, (jobId) => patch(id, { jobId }));
        if (!r.ok) {
          patch(id, { status: r.error.code === 'cancelled' ? 'cancelled' : 'failed', error: r.error.message });
          return null;
        }
        if (!isRunResult(r.data)) {
          patch(id, { status: 'failed', error: 'The engine answered in an unexpected form.' });
          return null;
        }
        patch(id, { status: 'done', result: r.data });
        set({ activeRunId: id });
        void details(id);
        return id;
      },

      cancelRun: async (id) => {
        const jobId = get().runs[id]?.jobId;
        if (jobId) await get().cancelJob(jobId);
      },

      setActiveRun: (id) => set((s) => (s.runs[id]?.result ? { activeRunId: id } : {})),
      setResultsBasis: (basis) => set({ resultsBasis: basis }),

      exportResultsWorkbook: async (id) => {
        const record = get().runs[id ?? get().activeRunId ?? ''];
        if (!record?.result) return false;
        set({ resultsExport: { state: 'writing', message: `Writing the results workbook for ${record.name}…` } });
        const r = await get().runJob({ kind: 'results.workbook', payload: { ...record.run, result: record.result, title: record.name } }, `Writing the workbook for ${record.name}`);
        if (!r.ok) {
          set({ resultsExport: { state: 'failed', message: `The workbook could not be written: ${r.error.message}` } });
          return false;
        }
        const wb = r.data as WorkbookBytes;
        const name = `${fileSafe(record.name)} results.xlsx`;
        const saved = await host.saveFile({ title: 'Export the results workbook', defaultName: name, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] }, wb.bytes);
        if (!saved.ok) {
          set({ resultsExport: { state: 'failed', message: `${name} could not be saved: ${saved.error.message}` } });
          return false;
        }
        if (saved.data === null) {
          set({ resultsExport: { state: 'idle', message: '' } });
          return false;
        }
        const grouped = wb.cohorts ? ` Placements are grouped into ${wb.rows.toLocaleString('en-GB')} cohorts (the browser cannot hold every row); the desktop app writes each placement.` : '';
        set({ resultsExport: { state: 'done', message: `Saved ${saved.data.name}: Summary, By year, By LA, By provider, Placements, Assumptions and Provenance.${grouped}` } });
        return true;
      },

      saveChartTable: async (table, format) => {
        const bytes = format === 'csv' ? new TextEncoder().encode(toCsv(table)) : await toXlsx(table);
        const name = `${table.name}.${format}`;
        const saved = await host.saveFile({ title: `Download ${format.toUpperCase()}`, defaultName: name, filters: [{ name: format === 'csv' ? 'CSV' : 'Excel workbook', extensions: [format] }] }, bytes);
        if (!saved.ok) {
          set({ resultsExport: { state: 'failed', message: `${name} could not be saved: ${saved.error.message}` } });
          return false;
        }
        return saved.data !== null;
      },

      dismissResultsExport: () => set({ resultsExport: { state: 'idle', message: '' } }),
    };
  };

/** The run the Results view shows: the chosen one, else the newest finished. */
export function selectActiveRun(s: AppState): RunRecord | null {
  const chosen = s.activeRunId ? s.runs[s.activeRunId] : undefined;
  if (chosen?.result) return chosen;
  for (let k = s.runOrder.length - 1; k >= 0; k--) if (s.runs[s.runOrder[k]]?.result) return s.runs[s.runOrder[k]];
  return null;
}

/** Finished runs, newest first (memoised on the runs, so views can select it). */
export function selectFinishedRuns(s: AppState): RunRecord[] {
  if (finishedMemo && finishedMemo.runs === s.runs && finishedMemo.order === s.runOrder) return finishedMemo.out;
  const out = s.runOrder.map((id) => s.runs[id]).filter((r): r is RunRecord => !!r && r.status === 'done' && r.result !== null).reverse();
  finishedMemo = { runs: s.runs, order: s.runOrder, out };
  return out;
}

let finishedMemo: { runs: unknown; order: unknown; out: RunRecord[] } | null = null;

/** The run going now, if any. */
export function selectRunningRun(s: AppState): RunRecord | null {
  for (let k = s.runOrder.length - 1; k >= 0; k--) if (s.runs[s.runOrder[k]]?.status === 'running') return s.runs[s.runOrder[k]];
  return null;
}

export interface RunProgress {
  done: number;
  total: number;
  /** 0–100, or null before the engine says how much work there is. */
  percent: number | null;
  /** "240 of 500 draws, about 12 s left" as the engine reports it. */
  message: string;
}

/** A running run's progress from its job's events. */
export function selectRunProgress(s: AppState, run: RunRecord | null): RunProgress | null {
  if (!run || run.status !== 'running') return null;
  const job = run.jobId ? s.jobs[run.jobId] : undefined;
  // The same answer object while the job entry is unchanged, so a view selecting it re-renders only on progress.
  const hit = progressMemo.get(run);
  if (hit && hit.job === job) return hit.out;
  const done = job?.done ?? 0;
  const total = job?.total ?? 0;
  const out = { done, total, percent: total > 0 ? Math.max(0, Math.min(100, Math.round((done / total) * 100))) : null, message: job?.message ?? 'Preparing the cohort cells…' };
  progressMemo.set(run, { job, out });
  return out;
}

const progressMemo = new WeakMap<RunRecord, { job: unknown; out: RunProgress }>();

/** A label for a run in pickers: "England baseline · 500 draws · seed 2025 · 14:02". */
export function runLabel(r: RunRecord): string {
  const t = new Date(r.startedAt);
  const hhmm = `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}`;
  return `${r.name} · ${r.draws.toLocaleString('en-GB')} draws · seed ${r.seed} · ${hhmm}`;
}
