/**
 * Explain slice: the drawer that shows how a figure was made. A target names a run and what was clicked (a group of
 * placements, one placement, or the funding side); the trace comes from the worker as data. Opening a placement from
 * a group's trace keeps the group, so Back returns to it.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { GroupBy } from '../../../models/pricing/aggregate';
import type { PlacementTrace } from '../../../models/pricing/explain';
import type { FundingExplanation, GroupExplanation } from '../../../models/service/workspace-jobs';
import type { AppState } from './index';

/** The figure that was clicked, as the drawer repeats it above its trace. */
export interface ExplainedFigure {
  label: string;
  value: number;
  /** 'money' (£), 'count' (plans). */
  unit: 'money' | 'count';
  year?: string;
}

export type ExplainTarget =
  | { kind: 'group'; runId: string; by: GroupBy | 'all'; key: string; title: string; figures?: ExplainedFigure[] }
  | { kind: 'placement'; runId: string; placementId: string; title: string }
  | { kind: 'funding'; runId: string; title: string; figures?: ExplainedFigure[] };

export type ExplainData = { kind: 'group'; trace: GroupExplanation } | { kind: 'placement'; trace: PlacementTrace } | { kind: 'funding'; trace: FundingExplanation };

export interface ExplainSlice {
  explainTarget: ExplainTarget | null;
  /** Targets opened before this one in the drawer (Back pops them). */
  explainTrail: ExplainTarget[];
  explainState: { state: 'idle' | 'loading' | 'ready' | 'failed'; data: ExplainData | null; message?: string };
  /** Opens the drawer on a figure; `from` keeps the current target to go back to. */
  openExplain(target: ExplainTarget, options?: { keepTrail?: boolean }): Promise<void>;
  explainBack(): void;
  closeExplain(): void;
}

const JOB: Record<ExplainTarget['kind'], string> = { group: 'explain.group', placement: 'explain.placement', funding: 'explain.funding' };

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set, get) => {
  let seq = 0;
  const load = async (target: ExplainTarget): Promise<void> => {
    const mine = ++seq;
    const record = get().runs[target.runId];
    if (!record) {
      set({ explainState: { state: 'failed', data: null, message: 'That run is no longer held: run the scenario again to explain its figures.' } });
      return;
    }
    set({ explainState: { state: 'loading', data: null } });
    const payload = target.kind === 'group' ? { ...record.run, by: target.by, key: target.key } : target.kind === 'placement' ? { ...record.run, placementId: target.placementId } : record.run;
    const r = await get().runJob({ kind: JOB[target.kind], payload }, `Explaining ${target.title}`);
    if (mine !== seq) return;
    if (!r.ok) set({ explainState: { state: 'failed', data: null, message: r.error.message } });
    else set({ explainState: { state: 'ready', data: { kind: target.kind, trace: r.data } as ExplainData } });
  };
  return {
    explainTarget: null,
    explainTrail: [],
    explainState: { state: 'idle', data: null },
    openExplain: async (target, options) => {
      set((s) => ({ explainTarget: target, explainTrail: options?.keepTrail && s.explainTarget ? [...s.explainTrail, s.explainTarget] : [] }));
      await load(target);
    },
    explainBack: () => {
      const trail = get().explainTrail;
      const previous = trail[trail.length - 1];
      if (!previous) return;
      set({ explainTarget: previous, explainTrail: trail.slice(0, -1) });
      void load(previous);
    },
    closeExplain: () => {
      seq++;
      set({ explainTarget: null, explainTrail: [], explainState: { state: 'idle', data: null } });
    },
  };
};
