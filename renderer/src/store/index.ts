/** The app's one store, built from slices (zustand "slices pattern"); it calls the host, it never contains the engine. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from '../../../models/contract/host';
import type { Platform } from '../commands/shortcuts';
import { createAppSlice, type AppSlice } from './app';
import { createDataSlice, type DataSlice } from './data';
import { createJobsSlice, type JobsSlice } from './jobs';
import { createNavigationSlice, type NavigationSlice } from './navigation';
import { createProjectSlice, installAutosave, type ProjectSlice, type ProjectSliceOptions } from './project';
import { createRulebookSlice, installRulebookLive, type RulebookSlice } from './rulebook';
import { createUndoSlice, type UndoSlice } from './undo';
import { createScenarioSlice, type ScenarioSlice } from './scenario';
import { createResultsSlice, type ResultsSlice } from './results';
import { createCompareSlice, type CompareSlice } from './compare';
import { createExplainSlice, type ExplainSlice } from './explain';
import { createWorkbenchSlice, type WorkbenchSlice } from './workbench';

export type AppState = NavigationSlice & AppSlice & JobsSlice & DataSlice & ProjectSlice & UndoSlice & RulebookSlice & ScenarioSlice & ResultsSlice & CompareSlice & ExplainSlice & WorkbenchSlice;
export type AppStore = StoreApi<AppState>;

export interface CreatedStore {
  store: AppStore;
  /** Stops listening to the host's job events (tests and hot reload create several stores). */
  dispose(): void;
}

/** @example const { store } = createAppStore(host, 'other'); store.getState().navigate('results', 'nav'); */
export function createAppStore(host: Host, platform: Platform, options: ProjectSliceOptions = {}): CreatedStore {
  // The jobs slice waits for job outcomes through store subscriptions; the store does not exist yet when slices are
  // created, so it gets a forwarding function.
  let storeRef: AppStore | null = null;
  const subscribe = (listener: (s: AppState) => void): (() => void) => storeRef!.subscribe(listener);
  const store = createStore<AppState>()((...a) => ({
    ...createNavigationSlice(...a),
    ...createAppSlice(host, platform)(...a),
    ...createJobsSlice(host, subscribe)(...a),
    ...createDataSlice(host)(...a),
    ...createProjectSlice(host, options)(...a),
    ...createUndoSlice(...a),
    ...createRulebookSlice(host)(...a),
    ...createScenarioSlice(host)(...a),
    ...createResultsSlice(host)(...a),
    ...createCompareSlice(...a),
    ...createExplainSlice(...a),
    ...createWorkbenchSlice(...a),
  }));
  storeRef = store;
  const stopEvents = host.onJobEvent((event) => store.getState().applyJobEvent(event));
  const stopAutosave = installAutosave(store, host, options.autosaveDelayMs);
  const stopRulebookLive = installRulebookLive(store);
  return {
    store,
    dispose: () => {
      stopEvents();
      stopAutosave();
      stopRulebookLive();
    },
  };
}

/** What the app asks the host for when it opens; each part reports its own failure in the UI. */
export async function startApp(store: AppStore): Promise<void> {
  const s = store.getState();
  // The default England dataset and the shipped rulebooks load with the app, so the Data and Rulebook views open full;
  // they wait for the engine's first answer, so an engine that cannot start shows that, not more failed loads.
  const loadWhenReady = async (): Promise<void> => {
    await s.checkEngine();
    if (store.getState().engine.state !== 'ready') return;
    await Promise.all([store.getState().loadDefaultData(), store.getState().loadShippedRulebooks()]);
  };
  await Promise.all([s.loadAppInfo(), loadWhenReady(), s.refreshTables(), s.checkRecovery(), s.loadScenarioCatalog()]);
}
