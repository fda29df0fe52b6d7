/**
 * Project slice: the open project, where it is saved, whether it has unsaved edits, and the file commands (New, Open,
 * Save, Save As), recovery after a crash and the purge of backups, all through the host. Also the two background
 * duties that keep work safe: autosave of unsaved edits (debounced) and telling the shell what the menu should enable.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { CommandId } from '../../../models/contract/commands';
import type { Host, OpenedProject, RecoveryOffer, ShellState } from '../../../models/contract/host';
import { emptyProject, type ProjectDocument } from '../../../models/project/types';
import type { AppState, AppStore } from './index';
import { selectRunningJobs } from './selectors';

export interface ProjectNotice {
  kind: 'info' | 'error';
  text: string;
}

export interface ProjectSlice {
  project: ProjectDocument;
  /** Where the project is saved (Electron); null when never saved, or always in the browser. */
  projectPath: string | null;
  projectDirty: boolean;
  /** Grows on every edit, so a save or autosave can tell whether the project changed while it was writing. */
  projectRevision: number;
  projectNotice: ProjectNotice | null;
  recoveryOffer: RecoveryOffer | null;
  /** Whether this host can open and save project files at all (the test host, for one, cannot). */
  projectFilesAvailable: boolean;
  /** Whether the host keeps backups and recovery files that can be purged (Electron only). */
  backupsAvailable: boolean;
  /** Replaces the project after an edit and marks it unsaved; the workspace views call this. */
  editProject(update: (project: ProjectDocument) => ProjectDocument): void;
  newProject(): Promise<boolean>;
  openProject(path?: string): Promise<boolean>;
  saveProject(): Promise<boolean>;
  saveProjectAs(): Promise<boolean>;
  checkRecovery(): Promise<void>;
  resolveRecovery(choice: 'recover' | 'discard'): Promise<void>;
  /** Closes the recovery question without deciding: the work is offered again at the next start. */
  postponeRecovery(): void;
  purgeBackups(): Promise<void>;
  dismissProjectNotice(): void;
}

export interface ProjectSliceOptions {
  /** Asks whether unsaved changes may be thrown away; window.confirm in the app, a stub in tests. */
  confirmDiscard?: (projectName: string) => boolean | Promise<boolean>;
  /** How long edits must rest before they are autosaved (AUTOSAVE_DELAY_MS unless a test says otherwise). */
  autosaveDelayMs?: number;
}

function defaultConfirm(projectName: string): boolean {
  return typeof window !== 'undefined' && typeof window.confirm === 'function' ? window.confirm(`Discard the unsaved changes to “${projectName}”?`) : false;
}

function warningsNotice(warnings: readonly string[] | undefined): ProjectNotice | null {
  return warnings && warnings.length > 0 ? { kind: 'info', text: warnings.join(' ') } : null;
}

export const createProjectSlice =
  (host: Host, options: ProjectSliceOptions = {}): StateCreator<AppState, [], [], ProjectSlice> =>
  (set, get) => {
    const confirmDiscard = options.confirmDiscard ?? defaultConfirm;
    /** Unsaved changes may go only if the user says so. */
    const mayDiscard = async (): Promise<boolean> => !get().projectDirty || (await confirmDiscard(get().project.name));
    // A loaded project is not an edit: the history of the one it replaced is forgotten (store/undo.ts).
    const load = (opened: OpenedProject, dirty: boolean): void =>
      set((s) => ({ project: opened.project, projectPath: opened.path, projectDirty: dirty, projectRevision: s.projectRevision + 1, projectNotice: warningsNotice(opened.warnings), undoPast: [], undoFuture: [] }));

    const save = async (saveAs: boolean): Promise<boolean> => {
      if (!host.saveProject) return false;
      const { project, projectPath, projectRevision } = get();
      const r = await host.saveProject({ project, path: projectPath, saveAs });
      if (!r.ok) {
        set({ projectNotice: { kind: 'error', text: r.error.message } });
        return false;
      }
      if (r.data === null) return false;
      const saved = r.data;
      set((s) => {
        // Edits made while the file was being written are not in it: the project stays unsaved, with the new file.
        const unchanged = s.projectRevision === projectRevision;
        return {
          project: unchanged ? saved.project : { ...s.project, created: saved.project.created },
          projectPath: saved.path,
          projectDirty: !unchanged,
          projectNotice: warningsNotice(saved.warnings),
        };
      });
      return true;
    };

    return {
      project: emptyProject(),
      projectPath: null,
      projectDirty: false,
      projectRevision: 0,
      projectNotice: null,
      recoveryOffer: null,
      projectFilesAvailable: typeof host.openProject === 'function' && typeof host.saveProject === 'function',
      backupsAvailable: typeof host.purgeBackups === 'function',
      editProject: (update) => set((s) => ({ project: update(s.project), projectDirty: true, projectRevision: s.projectRevision + 1 })),
      newProject: async () => {
        if (!(await mayDiscard())) return false;
        set((s) => ({ project: emptyProject(), projectPath: null, projectDirty: false, projectRevision: s.projectRevision + 1, projectNotice: null, undoPast: [], undoFuture: [] }));
        return true;
      },
      openProject: async (path) => {
        if (!host.openProject || !(await mayDiscard())) return false;
        const r = await host.openProject(path !== undefined ? { path } : {});
        if (!r.ok) {
          set({ projectNotice: { kind: 'error', text: r.error.message } });
          return false;
        }
        if (r.data === null) return false;
        load(r.data, false);
        return true;
      },
      saveProject: () => save(false),
      saveProjectAs: () => save(true),
      checkRecovery: async () => {
        if (!host.checkRecovery) return;
        const r = await host.checkRecovery();
        set({ recoveryOffer: r.ok ? r.data : null });
      },
      resolveRecovery: async (choice) => {
        if (!host.resolveRecovery) return;
        // Recovering replaces what is open; anything unsaved there must not go without a yes.
        if (choice === 'recover' && !(await mayDiscard())) return;
        set({ recoveryOffer: null });
        const r = await host.resolveRecovery(choice);
        if (!r.ok) set({ projectNotice: { kind: 'error', text: r.error.message } });
        // Recovered work was never saved: it is unsaved until the user saves it.
        else if (r.data) load(r.data, true);
      },
      postponeRecovery: () => set({ recoveryOffer: null }),
      purgeBackups: async () => {
        if (!host.purgeBackups) return;
        const r = await host.purgeBackups();
        if (!r.ok) set({ projectNotice: { kind: 'error', text: r.error.message } });
        else if (r.data) set({ projectNotice: { kind: 'info', text: `Deleted ${r.data.filesRemoved} backup and recovery file${r.data.filesRemoved === 1 ? '' : 's'}.` } });
      },
      dismissProjectNotice: () => set({ projectNotice: null }),
    };
  };

/** How long the project must be left alone before unsaved edits are written to the recovery file. */
export const AUTOSAVE_DELAY_MS = 2000;

/**
 * Writes unsaved edits to the host's recovery file once they have been left alone for `delayMs`; returns the
 * function that stops. A save (projectDirty false) cancels a pending write.
 */
export function installAutosave(store: AppStore, host: Host, delayMs = AUTOSAVE_DELAY_MS): () => void {
  const autosave = host.autosave;
  if (!autosave) return () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const unsubscribe = store.subscribe((s, before) => {
    if (!s.projectDirty) return cancel();
    if (s.projectRevision === before.projectRevision && before.projectDirty) return;
    cancel();
    timer = setTimeout(() => {
      timer = null;
      const now = store.getState();
      if (!now.projectDirty) return;
      void autosave({ project: now.project, path: now.projectPath }).then((r) => {
        if (!r.ok) store.setState({ projectNotice: { kind: 'error', text: r.error.message } });
      });
    }, delayMs);
  });
  return () => {
    cancel();
    unsubscribe();
  };
}

/**
 * What the shell is told: unsaved edits, a run going, the project's name and file, and each command's enabled
 * state as the page's own bindings decide it (so the native menu and the page's buttons always agree).
 */
export function shellStateOf(state: AppState, enabled: (id: CommandId) => boolean, ids: readonly CommandId[]): ShellState {
  return {
    dirty: state.projectDirty,
    running: selectRunningJobs(state).length > 0,
    projectName: state.project.name,
    path: state.projectPath,
    enabled: Object.fromEntries(ids.map((id) => [id, enabled(id)])) as Partial<Record<CommandId, boolean>>,
  };
}

/** Reports the shell state now and whenever it changes; returns the function that stops. */
export function reportShellState(store: AppStore, host: Host, enabledOf: (state: AppState, id: CommandId) => boolean, ids: readonly CommandId[]): () => void {
  const report = host.reportState;
  if (!report) return () => {};
  let last = '';
  const send = (s: AppState): void => {
    const state = shellStateOf(s, (id) => enabledOf(s, id), ids);
    const key = JSON.stringify(state);
    if (key === last) return;
    last = key;
    void report(state);
  };
  send(store.getState());
  return store.subscribe(send);
}
