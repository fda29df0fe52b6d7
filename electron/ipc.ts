/**
 * The main-process side of the Host bridge: one ipcMain.handle per invoke channel. Each handler drops messages
 * from senders we did not create, checks its arguments' types and sizes, and answers {ok, data} | {ok, error};
 * nothing is ever thrown across the bridge.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, INVOKE_CHANNELS, type InvokeChannel } from '../models/contract/channels';
import {
  MAX_PAGE_ROWS, type AppInfo, type OpenedProject, type OpenFileOptions, type PurgeReport, type RecentProject, type RecoveryOffer, type RowFilter, type RowQuery,
  type SavedProject, type SaveFileOptions, type ShellState,
} from '../models/contract/host';
import { errorFrom, fail, type Result } from '../models/contract/result';
import { isTrustedSender } from './app-url';
import type { EngineRequest } from './engine';
import { MAX_FILE_BYTES, openFileWithDialog, saveFileWithDialog, type FileDialogs } from './files';
import { checkShellState } from './shell-state';

/**
 * The project operations behind the project channels (electron/project-service.ts, plus main's purge dialog). Each
 * takes the renderer's raw argument and checks it itself: paths against the session's grants, projects field by field.
 */
export interface ProjectHandlers {
  open(request: unknown): Promise<Result<OpenedProject | null>>;
  save(request: unknown): Promise<Result<SavedProject | null>>;
  recent(): Result<RecentProject[]> | Promise<Result<RecentProject[]>>;
  autosave(work: unknown): Promise<Result<{ writtenAt: string }>>;
  checkRecovery(): Promise<Result<RecoveryOffer | null>>;
  resolveRecovery(choice: unknown): Promise<Result<OpenedProject | null>>;
  /** Shows main's confirmation, then purges; null when the user says no. */
  purge(): Promise<Result<PurgeReport | null>>;
}

/** What the handlers need from the rest of the main process; main.ts passes the real ones, tests pass fakes. */
export interface IpcDeps {
  appInfo(): AppInfo;
  dialogs: FileDialogs;
  /** Where the save dialog starts (the user's Documents folder). */
  defaultSaveFolder(): string;
  engine: { request(body: EngineRequest): Promise<Result<unknown>> };
  /** Ids of the web contents we created; IPC from any other is dropped. */
  ourWebContentsIds(): ReadonlySet<number>;
  newJobId(): string;
  projects: ProjectHandlers;
  /** A checked state report from the page (dirty, running, enabled commands). */
  reportState(state: ShellState): void;
}

type Handler = (...args: unknown[]) => Promise<Result<unknown>> | Result<unknown>;

const MAX_TEXT = 1000;
const MAX_LIST = 10_000;

/** An argument check's verdict: null when the value is acceptable, else the reason in plain words. */
type Check = string | null;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const isShortText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkFilters(filters: unknown): Check {
  if (filters === undefined) return null;
  if (!Array.isArray(filters) || filters.length > 50) return 'filters must be a list of at most 50 file types';
  for (const f of filters as unknown[]) {
    if (!isPlainObject(f) || !isShortText(f.name, 200) || !Array.isArray(f.extensions) || f.extensions.length > 50) return 'each file type needs a name and a list of extensions';
    if (!(f.extensions as unknown[]).every((x) => typeof x === 'string' && /^(\*|[A-Za-z0-9]{1,16})$/.test(x))) return 'extensions are letters and digits without a dot, e.g. "xlsx"';
  }
  return null;
}

function checkDialogOptions(options: unknown, what: string): Check {
  if (!isPlainObject(options)) return `${what} must be an object`;
  if (options.title !== undefined && !isShortText(options.title, 200)) return 'title must be text of at most 200 characters';
  return checkFilters(options.filters);
}

/** @example checkOpenOptions({filters: [{name: 'Workbooks', extensions: ['xlsx']}]}) // null */
export function checkOpenOptions(options: unknown): Check {
  return checkDialogOptions(options, 'open options');
}

/** @example checkSaveOptions({defaultName: 'results.xlsx'}) // null */
export function checkSaveOptions(options: unknown): Check {
  const why = checkDialogOptions(options, 'save options');
  if (why) return why;
  if (!isShortText((options as Record<string, unknown>).defaultName, 255)) return 'defaultName must be text of at most 255 characters';
  return null;
}

/** Save bytes must be a Uint8Array (not an array of numbers, not a string) below the size cap. */
export function checkSaveBytes(bytes: unknown): Result<Uint8Array> {
  if (!(bytes instanceof Uint8Array)) return fail('invalid-argument', 'The file contents must be bytes (a Uint8Array).');
  if (bytes.byteLength > MAX_FILE_BYTES) return fail('too-large', `The file is ${Math.round(bytes.byteLength / 1048576)} MB; the largest the app saves is ${MAX_FILE_BYTES / 1048576} MB.`);
  return { ok: true, data: bytes };
}

function checkRowFilter(f: unknown): Check {
  if (!isPlainObject(f) || !isShortText(f.column)) return 'each filter needs a column name';
  if (f.in !== undefined && (!Array.isArray(f.in) || f.in.length > MAX_LIST || !(f.in as unknown[]).every((x) => isShortText(x) || isFiniteNumber(x)))) {
    return `a filter's "in" list holds at most ${MAX_LIST} texts or numbers`;
  }
  if (f.min !== undefined && !isFiniteNumber(f.min)) return "a filter's min must be a number";
  if (f.max !== undefined && !isFiniteNumber(f.max)) return "a filter's max must be a number";
  return null;
}

/**
 * Checks a page request before it reaches the engine: the page size is capped at MAX_PAGE_ROWS (a larger one is
 * 'too-large'), everything else must have the right type ('invalid-argument').
 * @example checkRowQuery({table: 'placements', offset: 0, limit: 50}) // {ok: true, data: {...}}
 */
export function checkRowQuery(query: unknown): Result<RowQuery> {
  const bad = (why: string) => fail<RowQuery>('invalid-argument', `Row query: ${why}.`);
  if (!isPlainObject(query)) return bad('must be an object');
  const { table, offset, limit, columns, filters, sort } = query;
  if (!isShortText(table) || table === '') return bad('table must be a name');
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) return bad('offset must be a whole number ≥ 0');
  if (!Number.isSafeInteger(limit) || (limit as number) < 0) return bad('limit must be a whole number ≥ 0');
  if ((limit as number) > MAX_PAGE_ROWS) return fail('too-large', `A page holds at most ${MAX_PAGE_ROWS} rows; ${limit} were asked for.`);
  if (columns !== undefined && (!Array.isArray(columns) || columns.length > MAX_TEXT || !(columns as unknown[]).every((c) => isShortText(c)))) return bad('columns must be a list of column names');
  if (filters !== undefined) {
    if (!Array.isArray(filters) || filters.length > 100) return bad('filters must be a list of at most 100 filters');
    for (const f of filters as unknown[]) {
      const why = checkRowFilter(f);
      if (why) return bad(why);
    }
  }
  if (sort !== undefined && (!isPlainObject(sort) || !isShortText(sort.column) || (sort.direction !== 'asc' && sort.direction !== 'desc'))) {
    return bad('sort needs a column and a direction, "asc" or "desc"');
  }
  // Rebuild the query from checked fields only, so nothing unexpected rides along to the engine.
  return {
    ok: true,
    data: {
      table,
      offset: offset as number,
      limit: limit as number,
      ...(columns !== undefined ? { columns: [...(columns as string[])] } : {}),
      ...(filters !== undefined ? { filters: (filters as RowFilter[]).map((f) => ({ column: f.column, ...(f.in ? { in: [...f.in] } : {}), ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}) })) } : {}),
      ...(sort !== undefined ? { sort: { column: (sort as { column: string }).column, direction: (sort as { direction: 'asc' | 'desc' }).direction } } : {}),
    },
  };
}

/** The handlers, one per invoke channel, taking the renderer's arguments (the event already stripped and checked). */
export function createHandlers(deps: IpcDeps): Record<InvokeChannel, Handler> {
  const invalid = (why: string) => fail('invalid-argument', why.charAt(0).toUpperCase() + why.slice(1) + '.');
  return {
    [CHANNELS.appInfo]: () => ({ ok: true, data: deps.appInfo() }),
    [CHANNELS.openFile]: (options = {}) => {
      const why = checkOpenOptions(options);
      return why ? invalid(why) : openFileWithDialog(deps.dialogs, options as OpenFileOptions);
    },
    [CHANNELS.saveFile]: (options, bytes) => {
      const why = checkSaveOptions(options);
      if (why) return invalid(why);
      const checked = checkSaveBytes(bytes);
      if (!checked.ok) return checked;
      return saveFileWithDialog(deps.dialogs, options as SaveFileOptions, checked.data, deps.defaultSaveFolder());
    },
    [CHANNELS.startJob]: (request) => {
      if (!isPlainObject(request) || !isShortText(request.kind, 200) || request.kind === '') return invalid('a job request needs a kind, e.g. "engine.info"');
      return deps.engine.request({ type: 'startJob', jobId: deps.newJobId(), kind: request.kind, payload: request.payload });
    },
    [CHANNELS.cancelJob]: (jobId) => {
      if (!isShortText(jobId, 200)) return invalid('a job id must be text');
      return deps.engine.request({ type: 'cancelJob', jobId });
    },
    [CHANNELS.listTables]: () => deps.engine.request({ type: 'listTables' }),
    [CHANNELS.queryRows]: (query) => {
      const checked = checkRowQuery(query);
      return checked.ok ? deps.engine.request({ type: 'queryRows', query: checked.data }) : checked;
    },
    [CHANNELS.openProject]: (request) => deps.projects.open(request),
    [CHANNELS.saveProject]: (request) => deps.projects.save(request),
    [CHANNELS.recentProjects]: () => deps.projects.recent(),
    [CHANNELS.autosave]: (work) => deps.projects.autosave(work),
    [CHANNELS.checkRecovery]: () => deps.projects.checkRecovery(),
    [CHANNELS.resolveRecovery]: (choice) => deps.projects.resolveRecovery(choice),
    [CHANNELS.reportState]: (state) => {
      const checked = checkShellState(state);
      if (!checked.ok) return checked;
      deps.reportState(checked.data);
      return { ok: true, data: null };
    },
    [CHANNELS.purgeBackups]: () => deps.projects.purge(),
  };
}

/** The renderer-facing wrapper every handler gets: sender check first, then the handler, never a throw. */
export function guardHandler(handler: Handler, deps: Pick<IpcDeps, 'ourWebContentsIds'>, channel: string) {
  return async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<Result<unknown>> => {
    let frameUrl: string | null = null;
    try {
      frameUrl = event.senderFrame?.url ?? null;
    } catch {
      // Reading a destroyed frame throws; such a sender is not trusted.
    }
    if (!isTrustedSender(frameUrl, event.sender.id, deps.ourWebContentsIds())) {
      console.warn(`hntm: dropped IPC on ${channel} from an unknown sender (${frameUrl ?? 'no frame'})`);
      return fail('unavailable', 'This request did not come from the app window, so it was ignored.');
    }
    try {
      return await handler(...args);
    } catch (e) {
      return { ok: false, error: errorFrom(e) };
    }
  };
}

/** Registers a handler for exactly INVOKE_CHANNELS; any other channel has no handler, so invoking it fails. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: IpcDeps): void {
  const handlers = createHandlers(deps);
  for (const channel of INVOKE_CHANNELS) ipcMain.handle(channel, guardHandler(handlers[channel], deps, channel));
}
