/**
 * The host interface: the only door between the UI and the machine (DESIGN §5).
 * Electron's preload implements it over IPC; the browser build implements it with the File API,
 * downloads and a Web Worker. Quantiles, aggregates and pages cross it, never whole tables or raw draws.
 */
import type { Result } from './result';
import type { CommandId } from './commands';
import type { ProjectDocument } from '../project/types';

export type { ProjectDocument } from '../project/types';

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the desktop app, 'browser' when served on localhost. */
  shell: 'electron' | 'browser';
  platform: string;
}

/** A filter shown in a native or browser file dialog, e.g. {name: 'Workbooks', extensions: ['xlsx', 'csv']}. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenFileOptions {
  title?: string;
  filters?: FileFilter[];
}

export interface OpenedFile {
  /** File name without folders (the browser never learns the folder). */
  name: string;
  bytes: Uint8Array;
}

export interface SaveFileOptions {
  title?: string;
  defaultName: string;
  filters?: FileFilter[];
}

export interface SavedFile {
  name: string;
  size: number;
}

/** What a job is asked to do: `kind` names an entry of the job registry (models/service). */
export interface JobRequest {
  kind: string;
  payload: unknown;
}

export interface JobStarted {
  jobId: string;
}

export type JobEvent =
  | { jobId: string; type: 'progress'; done: number; total: number; message?: string }
  | { jobId: string; type: 'done'; result: unknown }
  | { jobId: string; type: 'error'; error: { code: string; message: string } }
  | { jobId: string; type: 'cancelled' };

export interface RowFilter {
  column: string;
  /** Keep rows whose value is one of these (category columns) ... */
  in?: Array<string | number>;
  /** ... or within [min, max] (numeric columns). */
  min?: number;
  max?: number;
}

export interface RowQuery {
  table: string;
  offset: number;
  limit: number;
  columns?: string[];
  filters?: RowFilter[];
  sort?: { column: string; direction: 'asc' | 'desc' };
}

export interface RowPage {
  table: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  offset: number;
  /** Rows matching the filters, not only those in this page. */
  totalRows: number;
}

export interface TableInfo {
  name: string;
  rows: number;
  columns: string[];
}

/** Largest page a single queryRows call returns: a UI never needs more rows than fit on screens. */
export const MAX_PAGE_ROWS = 5000;

/** A project as opened: where it lives (null in the browser, which never learns folders) and what the file said. */
export interface OpenedProject {
  /** Absolute path of the file (Electron), or null (browser, or recovered work that was never saved). */
  path: string | null;
  /** File name without folders, for the title bar. */
  fileName: string;
  project: ProjectDocument;
  /** The file's format version when it was older and migrated on opening, else null. */
  migratedFrom: number | null;
  /** Things worth telling the user that did not stop the open (an older format, an entry changed outside the app). */
  warnings: string[];
}

export interface SaveProjectRequest {
  project: ProjectDocument;
  /** The file to save to: a path this session opened or saved (or in Recent files). Null or saveAs shows the dialog. */
  path: string | null;
  saveAs?: boolean;
}

export interface SavedProject {
  path: string | null;
  fileName: string;
  /** ISO time written into the manifest as `modified`. */
  savedAt: string;
  /** The project as written (its `created` time filled in on a first save). */
  project: ProjectDocument;
  /** Saved, but something beside it did not work (e.g. the backup copy could not be written). */
  warnings?: string[];
}

export interface RecentProject {
  path: string;
  fileName: string;
  openedAt: string;
}

/** What the renderer autosaves on a debounce: the unsaved project and the file it belongs to. */
export interface UnsavedWork {
  project: ProjectDocument;
  path: string | null;
}

/** Unsaved work left by a session that did not end cleanly (a crash, a power cut). */
export interface RecoveryOffer {
  /** ISO time of the last autosave. */
  writtenAt: string;
  projectName: string;
  /** The file the work belonged to, or null if it was never saved. */
  path: string | null;
}

/** What the renderer tells main so the native menu can enable the right items and the window can show the state. */
export interface ShellState {
  dirty: boolean;
  running: boolean;
  projectName: string;
  path: string | null;
  /** The renderer's own verdict per command (from its command bindings); main follows it for the menu. */
  enabled?: Partial<Record<CommandId, boolean>>;
}

export interface PurgeReport {
  filesRemoved: number;
  bytesRemoved: number;
}

/** How long backups and recovery files are kept, and how many backups of each project (stated in About and README). */
export const BACKUP_POLICY = { keptPerProject: 10, retentionDays: 30 } as const;

export interface Host {
  appInfo(): Promise<Result<AppInfo>>;
  /** Shows an open dialog, then reads the chosen file. `data` is null when the user cancels. */
  openFile(options: OpenFileOptions): Promise<Result<OpenedFile | null>>;
  /** Shows a save dialog, then writes the bytes. `data` is null when the user cancels. */
  saveFile(options: SaveFileOptions, bytes: Uint8Array): Promise<Result<SavedFile | null>>;
  startJob(request: JobRequest): Promise<Result<JobStarted>>;
  cancelJob(jobId: string): Promise<Result<{ cancelled: boolean }>>;
  /** Subscribes to progress, results and errors of every job; returns the unsubscribe function. */
  onJobEvent(listener: (event: JobEvent) => void): () => void;
  listTables(): Promise<Result<TableInfo[]>>;
  queryRows(query: RowQuery): Promise<Result<RowPage>>;
  /**
   * Subscribes to commands chosen in the native application menu (Electron only; the browser build has no such
   * menu and may leave this out); returns the unsubscribe function.
   */
  onCommand?(listener: (command: CommandId) => void): () => void;

  // Projects. All optional: the browser build opens and saves through the File API and has no recent list,
  // backups or recovery; Electron implements every one.
  /** Opens a project: `path` for a file the user already chose (Recent, double-click), else a dialog. null = cancelled. */
  openProject?(request?: { path?: string }): Promise<Result<OpenedProject | null>>;
  /** Saves atomically (and keeps a backup); a dialog when there is no path yet or for Save As. null = cancelled. */
  saveProject?(request: SaveProjectRequest): Promise<Result<SavedProject | null>>;
  recentProjects?(): Promise<Result<RecentProject[]>>;
  /** Writes the unsaved project to the recovery file (called on a debounce while there are unsaved edits). */
  autosave?(work: UnsavedWork): Promise<Result<{ writtenAt: string }>>;
  /** Unsaved work from a session that crashed, if any. */
  checkRecovery?(): Promise<Result<RecoveryOffer | null>>;
  /** Takes the offered work back (returned as an opened project) or deletes it. */
  resolveRecovery?(choice: 'recover' | 'discard'): Promise<Result<OpenedProject | null>>;
  /** Reports dirty/running/enabled so the native menu and window follow the UI. */
  reportState?(state: ShellState): Promise<Result<null>>;
  /** Asks (in a native confirmation) and then deletes every backup and recovery file. null = the user said no. */
  purgeBackups?(): Promise<Result<PurgeReport | null>>;
  /** A project file to open that came from outside the page: double-click, command line, Open Recent. */
  onOpenPath?(listener: (path: string) => void): () => void;
}
