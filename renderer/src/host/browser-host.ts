/**
 * The Host for the browser build: files through the File API and downloads, the engine in a Web Worker running the
 * same service code as Electron's engine worker. Every method resolves to a Result; none throws.
 */
import type {
  AppInfo, FileFilter, Host, JobEvent, JobStarted, OpenedFile, OpenedProject, OpenFileOptions, RowPage, RowQuery, SavedFile,
  SaveFileOptions, SavedProject, SaveProjectRequest, TableInfo,
} from '../../../models/contract/host';
import { decodeProject, encodeProject } from '../../../models/project/format';
import { PROJECT_EXTENSION } from '../../../models/project/types';
import { fail, ok, type Result } from '../../../models/contract/result';
import type { ServiceReply, ServiceRequest } from '../../../models/service/messages';
import { ENGINE_VERSION } from '../../../models/service/version';
import { APP_NAME } from '../app-identity';

/** The part of a Worker the host uses, so tests can hand in a fake one. */
export interface EngineWorker {
  postMessage(message: ServiceRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ServiceReply>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface BrowserHostOptions {
  createWorker?: () => EngineWorker;
  document?: Document;
  /** As navigator reports it ('MacIntel', 'Linux x86_64'); decides Ctrl or ⌘ in shortcuts. */
  platform?: string;
}

export interface BrowserHost extends Host {
  /** Stops the worker; later calls answer 'unavailable'. */
  dispose(): void;
}

// Vite sees this exact `new Worker(new URL(…, import.meta.url))` form and bundles the worker as its own file.
function createEngineWorker(): EngineWorker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' }) as unknown as EngineWorker;
}

type RequestBody = ServiceRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  json: 'application/json',
  txt: 'text/plain',
};

/** @example acceptOf([{name: 'Workbooks', extensions: ['xlsx', 'csv']}]) // '.xlsx,.csv' */
export function acceptOf(filters: FileFilter[] | undefined): string {
  return (filters ?? []).flatMap((f) => f.extensions).filter((e) => e !== '*').map((e) => `.${e.replace(/^\./, '')}`).join(',');
}

/** @example mimeOf('results.xlsx') // 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' */
export function mimeOf(fileName: string): string {
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** The message of anything thrown; DOMExceptions from another realm are not `instanceof Error` but have one. */
function messageOf(e: unknown): string {
  const m = e && typeof e === 'object' ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' && m ? m : String(e);
}

export function createBrowserHost(options: BrowserHostOptions = {}): BrowserHost {
  const doc = options.document ?? document;
  const platform = options.platform ?? (typeof navigator !== 'undefined' ? navigator.platform : '');
  const listeners = new Set<(event: JobEvent) => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextRequestId = 1;
  let nextJobId = 1;
  let broken: string | null = null;
  let worker: EngineWorker | null = null;

  const breakWith = (message: string): void => {
    broken = message;
    for (const resolve of pending.values()) resolve(fail('unavailable', message));
    pending.clear();
  };

  try {
    worker = (options.createWorker ?? createEngineWorker)();
    worker.addEventListener('message', (event) => {
      const reply = event.data;
      if (reply.type === 'jobEvent') {
        for (const listener of listeners) {
          // One faulty listener must not keep the event from the others.
          try {
            listener(reply.event);
          } catch (e) {
            console.warn('A job event listener failed:', e);
          }
        }
        return;
      }
      const resolve = pending.get(reply.id);
      pending.delete(reply.id);
      resolve?.(reply.result);
    });
    worker.addEventListener('error', (event) => {
      const detail = event instanceof ErrorEvent && event.message ? `: ${event.message}` : '';
      breakWith(`The engine stopped working${detail}. Reload the page to start it again.`);
    });
    worker.addEventListener('messageerror', () => breakWith('The engine sent a message the page could not read.'));
  } catch (e) {
    broken = `The engine could not start in this browser: ${messageOf(e)}`;
  }

  function call<T>(body: RequestBody): Promise<Result<T>> {
    if (broken || !worker) return Promise.resolve(fail('unavailable', broken ?? 'The engine is not running.'));
    const id = nextRequestId++;
    const w = worker;
    return new Promise<Result<T>>((resolve) => {
      pending.set(id, resolve as (r: Result<unknown>) => void);
      try {
        w.postMessage({ ...body, id } as ServiceRequest);
      } catch (e) {
        pending.delete(id);
        resolve(fail('invalid-argument', `The request could not be sent to the engine: ${messageOf(e)}`));
      }
    });
  }

  const host: BrowserHost = {
    appInfo: async (): Promise<Result<AppInfo>> => ok({ name: APP_NAME, version: ENGINE_VERSION, shell: 'browser', platform }),

    openFile: (opts: OpenFileOptions): Promise<Result<OpenedFile | null>> =>
      new Promise((resolve) => {
        try {
          const input = doc.createElement('input');
          input.type = 'file';
          input.hidden = true;
          const accept = acceptOf(opts.filters);
          if (accept) input.accept = accept;
          let settled = false;
          const finish = (result: Result<OpenedFile | null>): void => {
            if (settled) return;
            settled = true;
            input.remove();
            resolve(result);
          };
          input.addEventListener('cancel', () => finish(ok(null)));
          input.addEventListener('change', () => {
            const file = input.files?.[0];
            if (!file) return finish(ok(null));
            file.arrayBuffer().then(
              (buffer) => finish(ok({ name: file.name, bytes: new Uint8Array(buffer) })),
              (e: unknown) => finish(fail('io', `${file.name} could not be read: ${messageOf(e)}`)),
            );
          });
          doc.body.append(input);
          input.click();
        } catch (e) {
          resolve(fail('io', `The file dialog could not be opened: ${messageOf(e)}`));
        }
      }),

    saveFile: async (opts: SaveFileOptions, bytes: Uint8Array): Promise<Result<SavedFile | null>> => {
      try {
        // A copy into a plain ArrayBuffer: Blob does not accept views of a SharedArrayBuffer.
        const blob = new Blob([new Uint8Array(bytes)], { type: mimeOf(opts.defaultName) });
        const url = URL.createObjectURL(blob);
        const a = doc.createElement('a');
        a.href = url;
        a.download = opts.defaultName;
        a.hidden = true;
        doc.body.append(a);
        a.click();
        a.remove();
        // The download has taken its own reference by now; revoking later frees the memory without racing it.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        // The browser decides where the file goes and cannot report a cancel, so the download counts as saved.
        return ok({ name: opts.defaultName, size: bytes.byteLength });
      } catch (e) {
        return fail('io', `${opts.defaultName} could not be saved: ${messageOf(e)}`);
      }
    },

    startJob: (request) => call<JobStarted>({ type: 'startJob', jobId: `job-${nextJobId++}`, kind: request.kind, payload: request.payload }),
    cancelJob: (jobId) => call<{ cancelled: boolean }>({ type: 'cancelJob', jobId }),
    onJobEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listTables: () => call<TableInfo[]>({ type: 'listTables' }),
    queryRows: (query: RowQuery) => call<RowPage>({ type: 'queryRows', query }),

    dispose: () => {
      worker?.terminate();
      worker = null;
      breakWith('The engine was stopped.');
    },

    // Projects: the same .hntm zip as the desktop app (models/project), chosen with a file input and saved as a
    // download. The browser never learns folders, so there are no paths, no recent list, no backups and no recovery.
    openProject: async (request?: { path?: string }): Promise<Result<OpenedProject | null>> => {
      if (request?.path !== undefined) return fail('unavailable', 'The browser cannot open a file by its path; choose it with Open project.');
      const picked = await host.openFile({ title: 'Open project', filters: [{ name: 'High Needs Tariff Modeller project', extensions: [PROJECT_EXTENSION] }] });
      if (!picked.ok || picked.data === null) return picked as Result<null>;
      const decoded = decodeProject(picked.data.bytes, picked.data.name);
      if (!decoded.ok) return fail(decoded.reason === 'newer-version' ? 'newer-version' : 'io', decoded.message);
      return ok({ path: null, fileName: picked.data.name, project: decoded.project, migratedFrom: decoded.migratedFrom, warnings: decoded.warnings });
    },
    saveProject: async (request: SaveProjectRequest): Promise<Result<SavedProject | null>> => {
      const now = new Date();
      const encoded = encodeProject(request.project, { appVersion: ENGINE_VERSION, now });
      if (!encoded.ok) return fail('invalid-argument', encoded.message);
      const fileName = `${request.project.name.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim() || 'project'}.${PROJECT_EXTENSION}`;
      const saved = await host.saveFile({ defaultName: fileName }, encoded.bytes);
      if (!saved.ok || saved.data === null) return saved as Result<null>;
      return ok({ path: null, fileName: saved.data.name, savedAt: now.toISOString(), project: encoded.project });
    },
  };
  return host;
}
