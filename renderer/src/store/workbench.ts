/**
 * Workbench slice: the commissioner's and the policy workbench's choices (rulebook, cap, options, target) and the
 * engine's answers for them. Choices of view and computed results only: nothing here is captured for undo.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { BudgetNeutralAnswer, CompareAnswer, ProtectionAnswer, ProvidersAnswer, TornadoAnswer } from '../../../models/service/workbench-jobs';
import type { CapSavingYear, UpliftAssessment } from '../../../models/workbench/commissioner';
import { providerTable } from '../charts/workbench';
import type { AppState } from './index';

export type Answer<T> = { state: 'idle' } | { state: 'loading'; key: string } | { state: 'ready'; key: string; data: T } | { state: 'failed'; key: string; message: string };

/** The shipped rulebooks the workbenches offer; current costs is "today" and is never an option. */
export const WORKBENCH_RULEBOOKS = [
  { file: 'iss-price-bands.rulebook.json', label: 'Independent special school price bands' },
  { file: 'illustrative-national-bands.rulebook.json', label: 'Illustrative national bands' },
] as const;
export const TODAY_RULEBOOK = 'current-costs.rulebook.json';
export const WORKBENCH_DATE = '2026-04-01';

export interface CapByYear {
  years: CapSavingYear[];
  total: number;
  feeGrowth: number;
}

export interface WorkbenchSlice {
  commissionerRulebook: string;
  /** Fraction: 0.1 is band price + 10%. */
  commissionerCap: number;
  providersAnswer: Answer<ProvidersAnswer>;
  capByYearAnswer: Answer<CapByYear>;
  upliftAnswer: Answer<UpliftAssessment>;
  /** Option rulebook files, in the order chosen. */
  policyOptions: string[];
  /** The option whose budget neutrality, protection and tornado are shown. */
  policyFocus: string;
  /** A target total in £ for budget neutrality; null means today's cost. */
  policyTarget: number | null;
  compareAnswer: Answer<CompareAnswer>;
  budgetNeutralAnswer: Answer<BudgetNeutralAnswer>;
  protectionAnswer: Answer<ProtectionAnswer>;
  tornadoAnswer: Answer<TornadoAnswer>;
  setCommissionerRulebook(file: string): void;
  setCommissionerCap(cap: number): void;
  /** Runs the provider analysis and the cap's saving by year for the current choices (no-op when already answered). */
  loadCommissioner(): Promise<void>;
  assessProviderUplift(providerId: string, requestedPct: number): Promise<void>;
  exportProviders(): Promise<boolean>;
  togglePolicyOption(file: string): void;
  setPolicyFocus(file: string): void;
  setPolicyTarget(target: number | null): void;
  loadPolicy(): Promise<void>;
  loadPolicyFocus(): Promise<void>;
}

/** What the data is, so answers about older data are never shown: the loaded table's source and size. */
export function dataKey(s: Pick<AppState, 'dataSummary'>): string | null {
  return s.dataSummary ? `${s.dataSummary.source}|${s.dataSummary.tableRows}` : null;
}

export function commissionerKey(s: Pick<AppState, 'dataSummary' | 'commissionerRulebook' | 'commissionerCap'>): string | null {
  const d = dataKey(s);
  return d === null ? null : `${d}|${s.commissionerRulebook}|${s.commissionerCap}`;
}

export function policyKey(s: Pick<AppState, 'dataSummary' | 'policyOptions'>): string | null {
  const d = dataKey(s);
  return d === null ? null : `${d}|${s.policyOptions.join(',')}`;
}

export function focusKey(s: Pick<AppState, 'dataSummary' | 'policyFocus' | 'policyTarget'>): string | null {
  const d = dataKey(s);
  return d === null ? null : `${d}|${s.policyFocus}|${s.policyTarget ?? 'today'}`;
}

/** True when an answer is for `key` and not failed (so it need not be asked again). */
export function answered<T>(a: Answer<T>, key: string): boolean {
  return a.state !== 'idle' && a.key === key && a.state !== 'failed';
}

export const createWorkbenchSlice: StateCreator<AppState, [], [], WorkbenchSlice> = (set, get) => {
  /** Runs a job for `key` and stores its answer unless a newer key has taken its place meanwhile. */
  async function ask<T>(field: 'providersAnswer' | 'capByYearAnswer' | 'upliftAnswer' | 'compareAnswer' | 'budgetNeutralAnswer' | 'protectionAnswer' | 'tornadoAnswer', key: string, kind: string, payload: unknown, label: string): Promise<void> {
    set({ [field]: { state: 'loading', key } } as Partial<AppState>);
    const r = await get().runJob({ kind, payload }, label);
    const now = get()[field] as Answer<unknown>;
    if (now.state === 'idle' || now.key !== key) return;
    set({ [field]: r.ok ? { state: 'ready', key, data: r.data as T } : { state: 'failed', key, message: r.error.message } } as Partial<AppState>);
  }

  return {
    commissionerRulebook: WORKBENCH_RULEBOOKS[0].file,
    commissionerCap: 0.1,
    providersAnswer: { state: 'idle' },
    capByYearAnswer: { state: 'idle' },
    upliftAnswer: { state: 'idle' },
    policyOptions: [WORKBENCH_RULEBOOKS[1].file, WORKBENCH_RULEBOOKS[0].file],
    policyFocus: WORKBENCH_RULEBOOKS[1].file,
    policyTarget: null,
    compareAnswer: { state: 'idle' },
    budgetNeutralAnswer: { state: 'idle' },
    protectionAnswer: { state: 'idle' },
    tornadoAnswer: { state: 'idle' },

    setCommissionerRulebook: (file) => set({ commissionerRulebook: file, upliftAnswer: { state: 'idle' } }),
    setCommissionerCap: (cap) => {
      if (!Number.isFinite(cap) || cap < 0 || cap > 10) return;
      set({ commissionerCap: cap, upliftAnswer: { state: 'idle' } });
    },

    loadCommissioner: async () => {
      const s = get();
      const key = commissionerKey(s);
      if (key === null) return;
      const payload = { rulebook: s.commissionerRulebook, date: WORKBENCH_DATE, cap: s.commissionerCap };
      await Promise.all([
        answered(s.providersAnswer, key) ? null : ask<ProvidersAnswer>('providersAnswer', key, 'workbench.providers', payload, 'Comparing fees with band prices'),
        answered(s.capByYearAnswer, key) ? null : ask<CapByYear>('capByYearAnswer', key, 'workbench.capByYear', payload, 'Working out the cap’s saving by year'),
      ]);
    },

    assessProviderUplift: async (providerId, requestedPct) => {
      const s = get();
      const key = `${commissionerKey(s)}|${providerId}|${requestedPct}`;
      await ask<UpliftAssessment>('upliftAnswer', key, 'workbench.uplift', { rulebook: s.commissionerRulebook, date: WORKBENCH_DATE, cap: s.commissionerCap, providerId, requestedPct }, 'Weighing the uplift request');
    },

    exportProviders: async () => {
      const a = get().providersAnswer;
      if (a.state !== 'ready') return false;
      return get().saveChartTable(providerTable(a.data.providers, a.data.cap), 'csv');
    },

    togglePolicyOption: (file) =>
      set((s) => {
        const has = s.policyOptions.includes(file);
        const options = has ? s.policyOptions.filter((f) => f !== file) : [...s.policyOptions, file];
        const focus = options.includes(s.policyFocus) ? s.policyFocus : options[0] ?? s.policyFocus;
        return { policyOptions: options, policyFocus: focus };
      }),
    setPolicyFocus: (file) => set({ policyFocus: file }),
    setPolicyTarget: (target) => set({ policyTarget: target !== null && Number.isFinite(target) && target > 0 ? target : null }),

    loadPolicy: async () => {
      const s = get();
      const key = policyKey(s);
      if (key === null) return;
      if (s.policyOptions.length === 0) {
        set({ compareAnswer: { state: 'idle' } });
        return;
      }
      if (answered(s.compareAnswer, key)) return;
      await ask<CompareAnswer>('compareAnswer', key, 'workbench.compare', { rulebooks: s.policyOptions, date: WORKBENCH_DATE }, 'Comparing tariff options');
    },

    loadPolicyFocus: async () => {
      const s = get();
      const key = focusKey(s);
      if (key === null || !s.policyOptions.includes(s.policyFocus)) return;
      const base = { rulebook: s.policyFocus, date: WORKBENCH_DATE };
      const structural = `${dataKey(s)}|${s.policyFocus}`;
      await Promise.all([
        answered(s.budgetNeutralAnswer, key) ? null : ask<BudgetNeutralAnswer>('budgetNeutralAnswer', key, 'workbench.budgetNeutral', { ...base, ...(s.policyTarget !== null ? { target: s.policyTarget } : {}) }, 'Finding budget-neutral prices'),
        answered(s.protectionAnswer, structural) ? null : ask<ProtectionAnswer>('protectionAnswer', structural, 'workbench.protection', base, 'Following transitional protection'),
        answered(s.tornadoAnswer, structural) ? null : ask<TornadoAnswer>('tornadoAnswer', structural, 'workbench.tornado', base, 'Varying the option’s parameters'),
      ]);
    },
  };
};
