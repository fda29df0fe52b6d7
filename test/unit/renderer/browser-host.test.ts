// @vitest-environment jsdom
// The browser Host: engine calls through a (fake) worker speaking the service protocol, File API open, Blob save.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOST_GLOBAL } from '../../../models/contract/channels';
import type { JobEvent } from '../../../models/contract/host';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { answer, type ServiceReply, type ServiceRequest } from '../../../models/service/messages';
import { ENGINE_VERSION } from '../../../models/service/version';
import { acceptOf, createBrowserHost, mimeOf, type EngineWorker } from '../../../renderer/src/host/browser-host';
import { chooseHost, isHost } from '../../../renderer/src/host/choose-host';

/** A worker double running the real service and messages.ts, asynchronously like a real worker. */
class ServiceWorkerDouble implements EngineWorker {
  readonly service = createEngineService(ENGINE_JOBS, (event) => this.emit({ type: 'jobEvent', event }));
  readonly sent: ServiceRequest[] = [];
  terminated = false;
  private readonly listeners: Record<string, Array<(e: never) => void>> = { message: [], error: [], messageerror: [] };
  addEventListener(type: string, listener: (e: never) => void): void {
    this.listeners[type].push(listener);
  }
  postMessage(message: ServiceRequest): void {
    this.sent.push(structuredClone(message));
    setTimeout(() => this.emit(answer(this.service, structuredClone(message))), 0);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(reply: ServiceReply): void {
    for (const l of this.listeners.message) (l as (e: MessageEvent<ServiceReply>) => void)(new MessageEvent('message', { data: structuredClone(reply) }));
  }
  crash(message: string): void {
    for (const l of this.listeners.error) (l as (e: Event) => void)(new ErrorEvent('error', { message }));
  }
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('browser host: engine calls through the worker', () => {
  it('reports the app as the browser shell with the engine version', async () => {
    const host = createBrowserHost({ createWorker: () => new ServiceWorkerDouble(), platform: 'MacIntel' });
    expect(await host.appInfo()).toEqual({ ok: true, data: { name: 'High Needs Tariff Modeller', version: ENGINE_VERSION, shell: 'browser', platform: 'MacIntel' } });
  });

  it('lists no tables, runs engine.info with its events, and answers a query on a missing table with not-found', async () => {
    const worker = new ServiceWorkerDouble();
    const host = createBrowserHost({ createWorker: () => worker });
    const events: JobEvent[] = [];
    host.onJobEvent((e) => events.push(e));
    expect(await host.listTables()).toEqual({ ok: true, data: [] });
    const started = await host.startJob({ kind: 'engine.info', payload: null });
    expect(started).toEqual({ ok: true, data: { jobId: 'job-1' } });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({ jobId: 'job-1', type: 'done', result: { version: ENGINE_VERSION, formulaMode: 'compiled' } });
    const page = await host.queryRows({ table: 'placements', offset: 0, limit: 10 });
    expect(page.ok === false && page.error.code).toBe('not-found');
    expect(worker.sent.map((m) => [m.id, m.type])).toEqual([[1, 'listTables'], [2, 'startJob'], [3, 'queryRows']]);
  });

  it('pages a table the engine holds', async () => {
    const worker = new ServiceWorkerDouble();
    worker.service.tables.set('t', { rowCount: 3, columns: ['a'], cell: (r) => r * 10 });
    const host = createBrowserHost({ createWorker: () => worker });
    expect(await host.queryRows({ table: 't', offset: 1, limit: 5 })).toEqual({ ok: true, data: { table: 't', columns: ['a'], rows: [[10], [20]], offset: 1, totalRows: 3 } });
  });

  it('matches replies to requests by id when they come back out of order', async () => {
    const listeners: Array<(e: MessageEvent<ServiceReply>) => void> = [];
    const sent: ServiceRequest[] = [];
    const worker: EngineWorker = {
      addEventListener: ((type: string, l: (e: MessageEvent<ServiceReply>) => void) => type === 'message' && listeners.push(l)) as EngineWorker['addEventListener'],
      postMessage: (m) => void sent.push(m),
      terminate: () => {},
    };
    const host = createBrowserHost({ createWorker: () => worker });
    const first = host.cancelJob('a');
    const second = host.cancelJob('b');
    const reply = (id: number, cancelled: boolean) => listeners.forEach((l) => l(new MessageEvent('message', { data: { id, type: 'reply', result: { ok: true, data: { cancelled } } } })));
    reply(sent[1].id, true);
    reply(sent[0].id, false);
    expect(await first).toEqual({ ok: true, data: { cancelled: false } });
    expect(await second).toEqual({ ok: true, data: { cancelled: true } });
  });

  it('keeps delivering events to other listeners when one throws, and unsubscribes', async () => {
    const worker = new ServiceWorkerDouble();
    const host = createBrowserHost({ createWorker: () => worker });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: string[] = [];
    host.onJobEvent(() => {
      throw new Error('listener bug');
    });
    const off = host.onJobEvent((e) => seen.push(e.type));
    worker.emit({ type: 'jobEvent', event: { jobId: 'x', type: 'cancelled' } });
    off();
    worker.emit({ type: 'jobEvent', event: { jobId: 'y', type: 'cancelled' } });
    expect(seen).toEqual(['cancelled']);
  });

  it('answers unavailable (never throws) when the worker crashes, for pending and later calls', async () => {
    const worker = new ServiceWorkerDouble();
    worker.postMessage = () => {}; // the crash comes before any reply
    const host = createBrowserHost({ createWorker: () => worker });
    const pending = host.listTables();
    worker.crash('out of memory');
    const r = await pending;
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: 'The engine stopped working: out of memory. Reload the page to start it again.' } });
    expect((await host.startJob({ kind: 'engine.info', payload: null })).ok).toBe(false);
  });

  it('answers unavailable when the worker cannot be created, and still knows who it is', async () => {
    const host = createBrowserHost({
      createWorker: () => {
        throw new Error('Refused by Content-Security-Policy');
      },
    });
    const r = await host.listTables();
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: 'The engine could not start in this browser: Refused by Content-Security-Policy' } });
    expect((await host.appInfo()).ok).toBe(true);
  });

  it('answers invalid-argument when a payload cannot be sent to the worker', async () => {
    const worker = new ServiceWorkerDouble();
    worker.postMessage = () => {
      throw new DOMException('function could not be cloned', 'DataCloneError');
    };
    const host = createBrowserHost({ createWorker: () => worker });
    const r = await host.startJob({ kind: 'engine.info', payload: () => 1 });
    expect(r.ok === false && r.error).toEqual({ code: 'invalid-argument', message: 'The request could not be sent to the engine: function could not be cloned' });
  });

  it('stops the worker on dispose', async () => {
    const worker = new ServiceWorkerDouble();
    const host = createBrowserHost({ createWorker: () => worker });
    host.dispose();
    expect(worker.terminated).toBe(true);
    expect((await host.listTables()).ok).toBe(false);
  });
});

describe('browser host: files', () => {
  const host = () => createBrowserHost({ createWorker: () => new ServiceWorkerDouble() });
  const fileInput = () => document.body.querySelector<HTMLInputElement>('input[type=file]');

  it('opens a file through a hidden input, limited to the filters, and reads its bytes', async () => {
    const clicked = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const opening = host().openFile({ filters: [{ name: 'Placement files', extensions: ['xlsx', 'csv'] }] });
    const input = fileInput()!;
    expect(clicked).toHaveBeenCalledOnce();
    expect(input.hidden).toBe(true);
    expect(input.accept).toBe('.xlsx,.csv');
    const file = new File(['setting,age\niss,12\n'], 'placements.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    const r = await opening;
    expect(r.ok && r.data?.name).toBe('placements.csv');
    expect(r.ok && new TextDecoder().decode(r.data!.bytes)).toBe('setting,age\niss,12\n');
    expect(fileInput()).toBeNull();
  });

  it('returns null when the user cancels the dialog', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const opening = host().openFile({});
    fileInput()!.dispatchEvent(new Event('cancel'));
    expect(await opening).toEqual({ ok: true, data: null });
    expect(fileInput()).toBeNull();
  });

  it('returns an io error naming the file when it cannot be read', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const opening = host().openFile({});
    const input = fileInput()!;
    const file = new File(['x'], 'locked.xlsx');
    file.arrayBuffer = () => Promise.reject(new Error('NotReadableError'));
    Object.defineProperty(input, 'files', { value: [file] });
    input.dispatchEvent(new Event('change'));
    expect(await opening).toEqual({ ok: false, error: { code: 'io', message: 'locked.xlsx could not be read: NotReadableError' } });
  });

  it('saves by downloading a Blob under the default name', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:http://127.0.0.1/1'));
    URL.revokeObjectURL = vi.fn();
    const downloads: Array<{ href: string; download: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download });
    });
    const r = await host().saveFile({ defaultName: 'results.xlsx' }, new Uint8Array([1, 2, 3]));
    expect(r).toEqual({ ok: true, data: { name: 'results.xlsx', size: 3 } });
    expect(downloads).toEqual([{ href: 'blob:http://127.0.0.1/1', download: 'results.xlsx' }]);
    expect(blobs[0].type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(new Uint8Array(await blobs[0].arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(document.body.querySelector('a')).toBeNull();
  });

  it('returns an io error when the download cannot be made', async () => {
    URL.createObjectURL = vi.fn(() => {
      throw new Error('quota exceeded');
    });
    expect(await host().saveFile({ defaultName: 'big.csv' }, new Uint8Array(1))).toEqual({ ok: false, error: { code: 'io', message: 'big.csv could not be saved: quota exceeded' } });
  });

  it.each([
    [[{ name: 'Workbooks', extensions: ['xlsx', 'csv'] }], '.xlsx,.csv'],
    [[{ name: 'Projects', extensions: ['.json'] }, { name: 'All', extensions: ['*'] }], '.json'],
    [undefined, ''],
  ])('accept for %j is %s', (filters, accept) => {
    expect(acceptOf(filters)).toBe(accept);
  });

  it.each([
    ['a.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['a.CSV', 'text/csv'],
    ['scenario.json', 'application/json'],
    ['noextension', 'application/octet-stream'],
  ])('%s downloads as %s', (name, mime) => {
    expect(mimeOf(name)).toBe(mime);
  });
});

describe('choosing the host', () => {
  const browserHost = () => createBrowserHost({ createWorker: () => new ServiceWorkerDouble() });

  it('uses the host Electron’s preload exposed on window', () => {
    const exposed = browserHost();
    const made = vi.fn(browserHost);
    expect(chooseHost({ [HOST_GLOBAL]: exposed }, made)).toBe(exposed);
    expect(made).not.toHaveBeenCalled();
  });

  it('builds the browser host when there is no preload, or only part of one', () => {
    const made = browserHost();
    expect(chooseHost({}, () => made)).toBe(made);
    expect(chooseHost({ [HOST_GLOBAL]: { appInfo: () => null } }, () => made)).toBe(made);
    expect(isHost(null)).toBe(false);
  });
});
