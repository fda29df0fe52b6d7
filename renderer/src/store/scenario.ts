/**
 * Scenario slice: the baselines on offer (shipped and saved), the scenario being edited (a diff over its baseline,
 * captured for undo and kept in the project), its central result (a 'central' run in the worker shortly after each
 * edit) and the full Monte Carlo run on request. Choosing a baseline is a load: not undoable, not an unsaved change.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Host } from '../../../models/contract/host';
import type { NamedDocument } from '../../../models/project/types';
import type { ShippedScenarios } from '../../../models/service/workspace-jobs';
import type { RunResult } from '../charts/series';
import {
  catalogEntries, draftDocument, draftOfDocument, draftRun, editedRulebook, resolveDraft, rulebookFileOf, scenarioFileOf,
  type CatalogEntry, type ResolvedDraft, type ScenarioDraft,
} from '../views/scenario/model';
import type { AppState } from './index';
import type { Loadable } from './results';
import type { UndoLens } from './undo';

export interface CentralStatus {
  state: 'idle' | 'running' | 'ready' | 'failed';
  result: RunResult | null;
  message?: string;
  /** The run it answers (JSON of what was sent): an older answer never replaces a newer one. */
  key: string | null;
  /** When the shown result was computed (ms since 1970). */
  at: number | null;
}

export interface ScenarioSlice {
  scenarioCatalog: Loadable<ShippedScenarios>;
  scenarioDraft: ScenarioDraft | null;
  /** Draws for the full run: 500 by default (a finance officer's forecast); the view offers others. */
  scenarioDraws: number;
  scenarioCentral: CentralStatus;
  loadScenarioCatalog(): Promise<void>;
  /** A new scenario over this baseline (a load: nothing to undo). */
  chooseBaseline(ref: string): void;
  /** Opens a saved scenario for editing (a load). */
  openSavedScenario(ref: string): void;
  /** Captured: replaces the draft with `update(draft)`, labelled for the Undo menu. */
  editScenario(label: string, update: (draft: ScenarioDraft) => ScenarioDraft, mergeKey?: string): void;
  setScenarioDraws(draws: number): void;
  /** Runs the draft's Monte Carlo in the worker; resolves with the run's id when it has finished. */
  runScenario(): Promise<string | null>;
}

export const DEFAULT_BASELINE = 'england-baseline.scenario.json';
export const DRAW_CHOICES = [100, 200, 500, 1000, 2000] as const;
export const DEFAULT_DRAWS = 500;
/** How long edits rest before the central run is asked for: quick enough to feel live, slow enough for typing. */
export const CENTRAL_DELAY_MS = 350;

/** The shipped rulebooks by the path scenarios name them, and those saved in the project by their names. */
export function rulebookDocuments(s: AppState): Record<string, unknown> {
  const shipped = s.scenarioCatalog.state === 'ready' ? s.scenarioCatalog.data.rulebooks : null;
  // Memoised on its inputs: views select it, and a new object on every call would re-render them without end.
  if (rulebooksMemo && rulebooksMemo.shipped === shipped && rulebooksMemo.saved === s.project.rulebooks) return rulebooksMemo.out;
  const saved = Object.fromEntries(s.project.rulebooks.map((r) => [r.name, r.document]));
  const out = { ...(shipped ?? {}), ...saved };
  rulebooksMemo = { shipped, saved: s.project.rulebooks, out };
  return out;
}

let rulebooksMemo: { shipped: unknown; saved: unknown; out: Record<string, unknown> } | null = null;

/** Every scenario that can be a baseline (the draft's own saved copy excepted). */
export function selectCatalog(s: AppState): CatalogEntry[] {
  const shipped = s.scenarioCatalog.state === 'ready' ? s.scenarioCatalog.data.scenarios : NO_SCENARIOS;
  return catalogEntriesCached(shipped, s.project.scenarios, s.scenarioDraft ? scenarioFileOf(s.scenarioDraft) : undefined);
}

const NO_SCENARIOS: ShippedScenarios['scenarios'] = [];
let catalogMemo: { shipped: unknown; saved: unknown; exclude: string | undefined; out: CatalogEntry[] } | null = null;
function catalogEntriesCached(shipped: ShippedScenarios['scenarios'], saved: NamedDocument[], exclude: string | undefined): CatalogEntry[] {
  if (catalogMemo && catalogMemo.shipped === shipped && catalogMemo.saved === saved && catalogMemo.exclude === exclude) return catalogMemo.out;
  const out = catalogEntries(shipped, saved, exclude);
  catalogMemo = { shipped, saved, exclude, out };
  return out;
}

const resolvedMemo = new WeakMap<ScenarioDraft, { catalog: CatalogEntry[]; out: ResolvedDraft }>();

/** The draft resolved through its baselines (memoised per draft and catalog, so views can call it freely). */
export function selectResolvedDraft(s: AppState): ResolvedDraft | null {
  const draft = s.scenarioDraft;
  if (!draft) return null;
  const catalog = selectCatalog(s);
  const hit = resolvedMemo.get(draft);
  if (hit && hit.catalog === catalog) return hit.out;
  const out = resolveDraft(draft, catalog);
  resolvedMemo.set(draft, { catalog, out });
  return out;
}

/** The pricing date of the draft: the first day of its first financial year. */
export function draftDate(r: ResolvedDraft | null): string {
  const fy = r?.scenario?.horizon.firstYear ?? r?.baseline?.horizon.firstYear ?? '2025-26';
  return `${fy.slice(0, 4)}-04-01`;
}

/** The draft, and its documents in the project (the diff, and its edited rulebook when prices changed): one value. */
export const scenarioLens: UndoLens<ScenarioDraft | null> = {
  id: 'scenario',
  get: (s) => s.scenarioDraft,
  set: (s, value) => {
    const before = s.scenarioDraft;
    const stale = before ? [scenarioFileOf(before), rulebookFileOf(before)] : [];
    const scenarios = s.project.scenarios.filter((d) => !stale.includes(d.name));
    let rulebooks = s.project.rulebooks.filter((d) => !stale.includes(d.name));
    if (!value) return { scenarioDraft: value, project: { ...s.project, scenarios, rulebooks } };
    // A draft back at its baseline (undo to the start) has nothing of its own to save.
    const shipped = s.scenarioCatalog.state === 'ready' ? s.scenarioCatalog.data.scenarios : NO_SCENARIOS;
    const baseName = catalogEntries(shipped, scenarios).find((c) => c.ref === value.baseline)?.name;
    if (Object.keys(value.overrides).length === 0 && value.prices.length === 0 && value.name === baseName) return { scenarioDraft: value, project: { ...s.project, scenarios, rulebooks } };
    const saved: NamedDocument[] = [...scenarios.filter((d) => d.name !== scenarioFileOf(value)), { name: scenarioFileOf(value), document: draftDocument(value) }];
    if (value.prices.length > 0) {
      const resolved = resolveDraft({ ...value, prices: [] }, catalogEntries(shipped, s.project.scenarios, scenarioFileOf(value)));
      const source = resolved.scenario ? rulebookDocuments(s)[resolved.scenario.rulebook] : undefined;
      if (source) {
        const document = editedRulebook(source, value.prices, draftDate(resolved), value.name) as NamedDocument['document'];
        rulebooks = [...rulebooks.filter((d) => d.name !== rulebookFileOf(value)), { name: rulebookFileOf(value), document }];
      }
    }
    return { scenarioDraft: value, project: { ...s.project, scenarios: saved, rulebooks } };
  },
};

function isShipped(x: unknown): x is ShippedScenarios {
  return !!x && typeof x === 'object' && Array.isArray((x as ShippedScenarios).scenarios) && typeof (x as ShippedScenarios).rulebooks === 'object';
}

export const createScenarioSlice =
  (host: Host): StateCreator<AppState, [], [], ScenarioSlice> =>
  (set, get, api) => {
    void host;
    let timer: ReturnType<typeof setTimeout> | null = null;

    /** Asks the worker for the draft's central run; a newer edit's answer wins over an older one's. */
    const central = async (): Promise<void> => {
      const s = get();
      const resolved = selectResolvedDraft(s);
      if (!s.scenarioDraft || !resolved?.scenario) {
        set({ scenarioCentral: { ...s.scenarioCentral, state: resolved && !resolved.scenario ? 'failed' : 'idle', message: resolved && !resolved.scenario ? 'The scenario has problems: see the messages above.' : undefined } });
        return;
      }
      const run = draftRun(s.scenarioDraft, selectCatalog(s), rulebookDocuments(s), resolved.scenario);
      const key = JSON.stringify(run);
      if (key === s.scenarioCentral.key && s.scenarioCentral.state !== 'failed') return;
      set((now) => ({ scenarioCentral: { ...now.scenarioCentral, state: 'running', key } }));
      const r = await get().runJob({ kind: 'workspace.central', payload: run }, `Central run of ${s.scenarioDraft.name}`);
      if (get().scenarioCentral.key !== key) return;
      if (r.ok) set({ scenarioCentral: { state: 'ready', result: r.data as RunResult, key, at: Date.now() } });
      else set((now) => ({ scenarioCentral: { ...now.scenarioCentral, state: 'failed', message: r.error.message, key } }));
    };

    // Every change of the draft (an edit, an undo, a load) asks for a new central run once edits rest; only while the
    // Scenarios view is open, so the worker is not kept busy for a view nobody is looking at.
    api.subscribe((s, before) => {
      if (s.view !== 'scenarios') return;
      const opened = before.view !== 'scenarios';
      if (!opened && s.scenarioDraft === before.scenarioDraft && s.scenarioCatalog === before.scenarioCatalog && s.project.rulebooks === before.project.rulebooks) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void central();
      }, CENTRAL_DELAY_MS);
    });

    const load = (draft: ScenarioDraft): void => {
      set({ scenarioDraft: draft });
      get().forgetUndo(scenarioLens.id);
    };

    return {
      scenarioCatalog: { state: 'idle' },
      scenarioDraft: null,
      scenarioDraws: DEFAULT_DRAWS,
      scenarioCentral: { state: 'idle', result: null, key: null, at: null },

      loadScenarioCatalog: async () => {
        if (get().scenarioCatalog.state === 'loading' || get().scenarioCatalog.state === 'ready') return;
        set({ scenarioCatalog: { state: 'loading' } });
        const r = await get().runJob({ kind: 'scenario.shipped', payload: null }, 'Reading the shipped scenarios');
        if (!r.ok || !isShipped(r.data)) {
          set({ scenarioCatalog: { state: 'failed', message: r.ok ? 'The engine answered in an unexpected form.' : r.error.message } });
          return;
        }
        set({ scenarioCatalog: { state: 'ready', data: r.data } });
        if (!get().scenarioDraft) get().chooseBaseline(DEFAULT_BASELINE);
      },

      chooseBaseline: (ref) => {
        const entry = selectCatalog(get()).find((c) => c.ref === ref);
        if (!entry) return;
        load({ name: entry.name, baseline: ref, overrides: {}, prices: [] });
      },

      openSavedScenario: (ref) => {
        const s = get();
        const entry = selectCatalog(s).find((c) => c.ref === ref);
        if (!entry || entry.shipped) return;
        const rulebooks = rulebookDocuments(s);
        const overrides = entry.document.overrides as Record<string, unknown> | undefined;
        const rulebookRef = typeof overrides?.rulebook === 'string' ? overrides.rulebook : null;
        const probe = draftOfDocument(entry.document, null, null, '2025-04-01');
        if (!probe) return;
        const baseResolved = resolveDraft(probe, selectCatalog(s));
        const date = draftDate(baseResolved);
        const draft = draftOfDocument(entry.document, rulebookRef ? rulebooks[rulebookRef] : null, baseResolved.baseline ? rulebooks[baseResolved.baseline.rulebook] : null, date);
        if (draft) load(draft);
      },

      editScenario: (label, update, mergeKey) => {
        const s = get();
        const draft = s.scenarioDraft;
        if (!draft) return;
        let next = update(draft);
        // A first edit of an untouched baseline gets a name of its own, so its runs and saved copy are told apart.
        const baseName = selectCatalog(s).find((c) => c.ref === draft.baseline)?.name;
        if (next.name === baseName && (Object.keys(next.overrides).length > 0 || next.prices.length > 0)) next = { ...next, name: `${baseName} (edited)` };
        get().captureEdit({ label, lens: scenarioLens, next, ...(mergeKey ? { mergeKey } : {}) });
      },

      setScenarioDraws: (draws) => set({ scenarioDraws: draws }),

      runScenario: async () => {
        const s = get();
        const resolved = selectResolvedDraft(s);
        if (!s.scenarioDraft || !resolved?.scenario) return null;
        const run = draftRun(s.scenarioDraft, selectCatalog(s), rulebookDocuments(s), resolved.scenario);
        return get().startRun({ run, name: s.scenarioDraft.name, draws: s.scenarioDraws, seed: resolved.scenario.uncertainty.seed });
      },
    };
  };
