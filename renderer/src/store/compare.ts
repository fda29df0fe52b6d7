/**
 * Compare slice: which finished runs are compared (a baseline and one to three others), which series, and the
 * draw-by-draw differences the worker works out under common random numbers. View choices only: not captured.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DeltaQuantiles } from '../../../models/service/workspace-jobs';
import type { CompareMetric } from '../charts/series';
import type { AppState } from './index';
import { selectFinishedRuns, type RunRecord } from './results';

/** At most this many runs beside the baseline (four scenarios side by side). */
export const MAX_COMPARED = 3;

export interface CompareDeltas {
  /** The comparison it answers ("baseline|a,b"): an older answer never replaces a newer one. */
  key: string | null;
  state: 'idle' | 'loading' | 'ready' | 'failed';
  data: DeltaQuantiles[] | null;
  message?: string;
}

export interface CompareSlice {
  compareBaselineId: string | null;
  /** Chosen runs; null until the user chooses (then every other finished run is compared, newest first). */
  compareRunIds: string[] | null;
  compareMetric: CompareMetric;
  compareDeltas: CompareDeltas;
  setCompareBaseline(id: string): void;
  toggleCompareRun(id: string): void;
  setCompareMetric(metric: CompareMetric): void;
  loadCompareDeltas(): Promise<void>;
}

export interface Comparison {
  baseline: RunRecord | null;
  runs: RunRecord[];
  /** Whether every compared run shares the baseline's seed and number of draws (so draws pair up). */
  sharedDraws: boolean;
  key: string;
}

/** The comparison the view shows: the chosen baseline (else the oldest finished run) and up to three others. */
export function selectComparison(s: AppState): Comparison {
  const finished = selectFinishedRuns(s);
  if (comparisonMemo && comparisonMemo.finished === finished && comparisonMemo.base === s.compareBaselineId && comparisonMemo.ids === s.compareRunIds) return comparisonMemo.out;
  const out = comparisonOf(s, finished);
  comparisonMemo = { finished, base: s.compareBaselineId, ids: s.compareRunIds, out };
  return out;
}

let comparisonMemo: { finished: unknown; base: unknown; ids: unknown; out: Comparison } | null = null;

function comparisonOf(s: AppState, finished: RunRecord[]): Comparison {
  const baseline = (s.compareBaselineId ? finished.find((r) => r.id === s.compareBaselineId) : undefined) ?? finished[finished.length - 1] ?? null;
  const others = finished.filter((r) => r.id !== baseline?.id);
  const runs = (s.compareRunIds ? others.filter((r) => s.compareRunIds!.includes(r.id)) : others).slice(0, MAX_COMPARED);
  const sharedDraws = !!baseline && runs.every((r) => r.seed === baseline.seed && r.draws === baseline.draws && r.draws > 0);
  return { baseline, runs, sharedDraws, key: `${baseline?.id ?? ''}|${runs.map((r) => r.id).join(',')}` };
}

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => ({
  compareBaselineId: null,
  compareRunIds: null,
  compareMetric: 'scenario',
  compareDeltas: { key: null, state: 'idle', data: null },

  setCompareBaseline: (id) => set((s) => ({ compareBaselineId: id, compareRunIds: s.compareRunIds?.filter((r) => r !== id) ?? null })),
  toggleCompareRun: (id) =>
    set((s) => {
      const current = s.compareRunIds ?? selectComparison(s).runs.map((r) => r.id);
      const next = current.includes(id) ? current.filter((r) => r !== id) : [...current, id].slice(-MAX_COMPARED);
      return { compareRunIds: next };
    }),
  setCompareMetric: (metric) => set({ compareMetric: metric }),

  loadCompareDeltas: async () => {
    const c = selectComparison(get());
    if (!c.baseline || c.runs.length === 0 || !c.sharedDraws) {
      set({ compareDeltas: { key: c.key, state: 'idle', data: null } });
      return;
    }
    if (get().compareDeltas.key === c.key && get().compareDeltas.state !== 'failed') return;
    set({ compareDeltas: { key: c.key, state: 'loading', data: null } });
    const r = await get().runJob({ kind: 'compare.deltas', payload: { baseline: c.baseline.id, runs: c.runs.map((x) => x.id) } }, 'Comparing runs draw by draw');
    if (get().compareDeltas.key !== c.key) return;
    set({ compareDeltas: r.ok ? { key: c.key, state: 'ready', data: r.data as DeltaQuantiles[] } : { key: c.key, state: 'failed', data: null, message: r.error.message } });
  },
});
