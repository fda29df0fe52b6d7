/**
 * The host interface: the only door between the UI and the machine (DESIGN §5).
 * Electron's preload implements it over IPC; the browser build implements it with the File API,
 * downloads and a Web Worker. Quantiles, aggregates and pages cross it, never whole tables or raw draws.
 */
import type { Result } from './result';
import type { CommandId } from './commands';

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
}
