/** App slice: who we are (name, version, shell) and what the engine can do here, both asked of the host. */
import type { StateCreator } from 'zustand/vanilla';
import type { AppInfo, Host } from '../../../models/contract/host';
import { platformOf, type Platform } from '../commands/shortcuts';
import type { AppState } from './index';

export type FormulaMode = 'compiled' | 'interpreted';

export type EngineStatus =
  | { state: 'checking' }
  | { state: 'ready'; version: string; formulaMode: FormulaMode }
  | { state: 'failed'; message: string };

export interface AppSlice {
  appInfo: AppInfo | null;
  appInfoError: string | null;
  /** Decides how shortcuts are matched and written (Ctrl or ⌘); refined once the host reports its platform. */
  platform: Platform;
  engine: EngineStatus;
  aboutOpen: boolean;
  loadAppInfo(): Promise<void>;
  /** Runs the engine's 'engine.info' job, which reports whether formulas are compiled or interpreted there. */
  checkEngine(): Promise<void>;
  setAboutOpen(open: boolean): void;
}

function isEngineInfo(x: unknown): x is { version: string; formulaMode: FormulaMode } {
  if (!x || typeof x !== 'object') return false;
  const o = x as Record<string, unknown>;
  return typeof o.version === 'string' && (o.formulaMode === 'compiled' || o.formulaMode === 'interpreted');
}

export const createAppSlice =
  (host: Host, initialPlatform: Platform): StateCreator<AppState, [], [], AppSlice> =>
  (set, get) => ({
    appInfo: null,
    appInfoError: null,
    platform: initialPlatform,
    engine: { state: 'checking' },
    aboutOpen: false,
    loadAppInfo: async () => {
      const r = await host.appInfo();
      if (r.ok) set({ appInfo: r.data, appInfoError: null, platform: platformOf(r.data.platform) });
      else set({ appInfoError: r.error.message });
    },
    checkEngine: async () => {
      set({ engine: { state: 'checking' } });
      const r = await get().runJob({ kind: 'engine.info', payload: null }, 'Checking the engine');
      if (!r.ok) set({ engine: { state: 'failed', message: r.error.message } });
      else if (!isEngineInfo(r.data)) set({ engine: { state: 'failed', message: 'The engine answered in an unexpected form.' } });
      else set({ engine: { state: 'ready', version: r.data.version, formulaMode: r.data.formulaMode } });
    },
    setAboutOpen: (open) => set({ aboutOpen: open }),
  });
