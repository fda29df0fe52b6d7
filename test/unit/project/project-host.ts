// A Host for project tests: the in-process engine host of the renderer tests plus the project calls, answered by the
// real main-process ProjectService over real files (what Electron's IPC handlers call, minus IPC).
import type { FileDialogs } from '../../../electron/files';
import { ProjectService } from '../../../electron/project-service';
import type { Host, ShellState } from '../../../models/contract/host';
import { ok } from '../../../models/contract/result';
import { createServiceHost } from '../renderer/service-host';

export interface ProjectHost {
  host: Host;
  service: ProjectService;
  /** What the next dialog answers. */
  next: { open: string | null; save: string | null };
  reports: ShellState[];
  /** Delivers a path as main does for a double-click. */
  openPath(path: string): void;
}

export async function createProjectHost(userData: string, documents: string, sessionId: string, options: { purge?: boolean } = {}): Promise<ProjectHost> {
  const next = { open: null as string | null, save: null as string | null };
  const dialogs: FileDialogs = {
    showOpenDialog: async () => (next.open ? { canceled: false, filePaths: [next.open] } : { canceled: true, filePaths: [] }),
    showSaveDialog: async () => (next.save ? { canceled: false, filePath: next.save } : { canceled: true }),
  };
  const service = new ProjectService({ userData, appVersion: '0.1.0', sessionId, dialogs, defaultFolder: () => documents });
  await service.init();
  const reports: ShellState[] = [];
  const openListeners = new Set<(path: string) => void>();
  const host: Host = {
    ...createServiceHost().host,
    openProject: (r) => service.open(r ?? {}),
    saveProject: (r) => service.save(r),
    recentProjects: async () => service.recentProjects(),
    autosave: (w) => service.autosave(w),
    checkRecovery: () => service.checkRecovery(),
    resolveRecovery: (c) => service.resolveRecovery(c),
    reportState: async (state) => {
      reports.push(state);
      // As main does: nothing unsaved means no recovery file.
      if (!state.dirty) await service.clearAutosave();
      return ok(null);
    },
    ...(options.purge ? { purgeBackups: async () => ok(await service.purgeAll()) } : {}),
    onOpenPath: (listener) => {
      openListeners.add(listener);
      return () => void openListeners.delete(listener);
    },
  };
  return {
    host,
    service,
    next,
    reports,
    openPath: (path) => {
      const granted = service.grantFromOutside(path);
      if (granted) for (const l of openListeners) l(granted);
    },
  };
}
