/**
 * The engine service: tables and jobs behind the host interface. It is pure (no Node, DOM or Electron), so the
 * same code runs in Electron's engine worker and in the browser's Web Worker; each shell only carries messages.
 */
import { fail, ok, errorFrom, type Result } from '../contract/result';
import { MAX_PAGE_ROWS, type JobEvent, type RowPage, type RowQuery, type TableInfo } from '../contract/host';
import type { Assets } from './assets';

/** A table the UI can page through without ever receiving all of it. */
export interface PagedTable {
  readonly rowCount: number;
  readonly columns: readonly string[];
  /** The value of one cell, already decoded from dictionaries. */
  cell(row: number, column: number): string | number | null;
}

/** Lets a long job notice it was cancelled; jobs check it between chunks of work. */
export interface CancelToken {
  readonly cancelled: boolean;
}

export interface JobContext {
  cancel: CancelToken;
  progress(done: number, total: number, message?: string): void;
  tables: TableStore;
  /** The shipped files (default dataset, rulebooks), when the shell can read them. */
  assets?: Assets;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown> | unknown;

/** Thrown by a job (or by `throwIfCancelled`) when its token is cancelled. */
export class JobCancelled extends Error {
  readonly code = 'cancelled';
  constructor() {
    super('The run was cancelled.');
  }
}

export function throwIfCancelled(token: CancelToken): void {
  if (token.cancelled) throw new JobCancelled();
}

export class TableStore {
  private readonly tables = new Map<string, PagedTable>();

  set(name: string, table: PagedTable): void {
    this.tables.set(name, table);
  }

  get(name: string): PagedTable | undefined {
    return this.tables.get(name);
  }

  list(): TableInfo[] {
    return [...this.tables].map(([name, t]) => ({ name, rows: t.rowCount, columns: [...t.columns] }));
  }

  /**
   * One page of rows, filtered and sorted on the engine side.
   * @example store.query({table: 'placements', offset: 0, limit: 50}) // {ok: true, data: {rows: [...50], totalRows}}
   */
  query(q: RowQuery): Result<RowPage> {
    const table = this.tables.get(q.table);
    if (!table) return fail('not-found', `No table named "${q.table}" is loaded.`);
    if (!Number.isInteger(q.offset) || q.offset < 0) return fail('invalid-argument', `Page offset must be a whole number ≥ 0, not ${q.offset}.`);
    if (!Number.isInteger(q.limit) || q.limit < 0) return fail('invalid-argument', `Page size must be a whole number ≥ 0, not ${q.limit}.`);
    if (q.limit > MAX_PAGE_ROWS) return fail('too-large', `A page holds at most ${MAX_PAGE_ROWS} rows; ${q.limit} were asked for.`);
    const columnIndex = (name: string): number => table.columns.indexOf(name);
    const wanted = q.columns ?? [...table.columns];
    for (const c of [...wanted, ...(q.filters ?? []).map((f) => f.column), ...(q.sort ? [q.sort.column] : [])]) {
      if (columnIndex(c) < 0) return fail('invalid-argument', `Table "${q.table}" has no column "${c}".`);
    }
    const filters = (q.filters ?? []).map((f) => ({ col: columnIndex(f.column), set: f.in ? new Set<string | number>(f.in) : null, min: f.min, max: f.max }));
    let index: number[] | null = null;
    if (filters.length > 0 || q.sort) {
      index = [];
      for (let r = 0; r < table.rowCount; r++) {
        let keep = true;
        for (const f of filters) {
          const v = table.cell(r, f.col);
          if (f.set && (v === null || !f.set.has(v))) keep = false;
          else if (f.min !== undefined && (typeof v !== 'number' || v < f.min)) keep = false;
          else if (f.max !== undefined && (typeof v !== 'number' || v > f.max)) keep = false;
          if (!keep) break;
        }
        if (keep) index.push(r);
      }
      if (q.sort) {
        const col = columnIndex(q.sort.column);
        const dir = q.sort.direction === 'desc' ? -1 : 1;
        index.sort((a, b) => dir * compareCells(table.cell(a, col), table.cell(b, col)) || a - b);
      }
    }
    const total = index ? index.length : table.rowCount;
    const cols = wanted.map(columnIndex);
    const rows: RowPage['rows'] = [];
    for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) {
      const r = index ? index[i] : i;
      rows.push(cols.map((c) => table.cell(r, c)));
    }
    return ok({ table: q.table, columns: wanted, rows, offset: q.offset, totalRows: total });
  }
}

function compareCells(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

export interface EngineService {
  readonly tables: TableStore;
  /** Starts a job; events (progress, done, error, cancelled) go to `emit`. */
  start(jobId: string, kind: string, payload: unknown): Result<{ jobId: string }>;
  cancel(jobId: string): Result<{ cancelled: boolean }>;
}

/**
 * @example
 * const service = createEngineService({ echo: (p) => p }, (e) => post(e));
 * service.start('job-1', 'echo', 42); // later emits {jobId: 'job-1', type: 'done', result: 42}
 */
export function createEngineService(jobs: Record<string, JobHandler>, emit: (event: JobEvent) => void, options: { assets?: Assets } = {}): EngineService {
  const tables = new TableStore();
  const running = new Map<string, { cancelled: boolean }>();
  return {
    tables,
    start(jobId, kind, payload) {
      const handler = Object.prototype.hasOwnProperty.call(jobs, kind) ? jobs[kind] : undefined;
      if (!handler) return fail('unknown-job', `There is no job called "${kind}".`);
      if (running.has(jobId)) return fail('invalid-argument', `Job ${jobId} is already running.`);
      const token = { cancelled: false };
      running.set(jobId, token);
      const context: JobContext = {
        cancel: token,
        tables,
        ...(options.assets ? { assets: options.assets } : {}),
        progress: (done, total, message) => {
          if (!token.cancelled) emit({ jobId, type: 'progress', done, total, ...(message ? { message } : {}) });
        },
      };
      Promise.resolve()
        .then(() => handler(payload, context))
        .then(
          (result) => emit(token.cancelled ? { jobId, type: 'cancelled' } : { jobId, type: 'done', result }),
          (e: unknown) => emit(token.cancelled || e instanceof JobCancelled ? { jobId, type: 'cancelled' } : { jobId, type: 'error', error: errorFrom(e, 'job-failed') }),
        )
        .finally(() => running.delete(jobId));
      return ok({ jobId });
    },
    cancel(jobId) {
      const token = running.get(jobId);
      if (!token) return ok({ cancelled: false });
      token.cancelled = true;
      return ok({ cancelled: true });
    },
  };
}
