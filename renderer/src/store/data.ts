/** Data slice: which tables the engine holds. The Data view's empty state is drawn from this answer, not assumed. */
import type { StateCreator } from 'zustand/vanilla';
import type { Host, TableInfo } from '../../../models/contract/host';
import type { AppState } from './index';

export type TablesStatus =
  | { state: 'checking' }
  | { state: 'ready'; tables: TableInfo[] }
  | { state: 'failed'; message: string };

export interface DataSlice {
  tables: TablesStatus;
  refreshTables(): Promise<void>;
}

export const createDataSlice =
  (host: Host): StateCreator<AppState, [], [], DataSlice> =>
  (set) => ({
    tables: { state: 'checking' },
    refreshTables: async () => {
      set({ tables: { state: 'checking' } });
      const r = await host.listTables();
      set({ tables: r.ok ? { state: 'ready', tables: r.data } : { state: 'failed', message: r.error.message } });
    },
  });
