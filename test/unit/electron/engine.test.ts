// The engine client: numbered requests, job events passed on, and recovery when the worker dies.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { JobEvent } from '../../../models/contract/host';
import type { ServiceReply, ServiceRequest } from '../../../models/service/messages';
import { EngineClient, type EngineWorker } from '../../../electron/engine';

/** A stand-in worker whose replies the test writes by hand. */
class FakeWorker extends EventEmitter {
  readonly received: ServiceRequest[] = [];
  terminated = false;
  throwOnPost: Error | null = null;
  postMessage(message: ServiceRequest): void {
    if (this.throwOnPost) throw this.throwOnPost;
    this.received.push(message);
  }
  reply(message: ServiceReply): void {
    this.emit('message', message);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.emit('exit', 1);
    return 1;
  }
}

function fakeClient() {
  const workers: FakeWorker[] = [];
  const events: JobEvent[] = [];
  const client = new EngineClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as EngineWorker;
  }, (e) => events.push(e));
  return { client, workers, events };
}

describe('EngineClient with a fake worker', () => {
  it('starts no worker until the first request, then numbers requests and routes each reply to its caller', async () => {
    const { client, workers } = fakeClient();
    expect(workers).toHaveLength(0);
    const a = client.request({ type: 'listTables' });
    const b = client.request({ type: 'cancelJob', jobId: 'x' });
    expect(workers).toHaveLength(1);
    const [ra, rb] = workers[0].received;
    expect(ra).toEqual({ type: 'listTables', id: 1 });
    expect(rb).toEqual({ type: 'cancelJob', jobId: 'x', id: 2 });
    workers[0].reply({ id: 2, type: 'reply', result: { ok: true, data: { cancelled: false } } });
    workers[0].reply({ id: 1, type: 'reply', result: { ok: true, data: [] } });
    expect(await a).toEqual({ ok: true, data: [] });
    expect(await b).toEqual({ ok: true, data: { cancelled: false } });
  });

  it('passes job events on', async () => {
    const { client, workers, events } = fakeClient();
    const started = client.request({ type: 'startJob', jobId: 'j1', kind: 'k', payload: null });
    workers[0].reply({ id: 1, type: 'reply', result: { ok: true, data: { jobId: 'j1' } } });
    await started;
    workers[0].reply({ type: 'jobEvent', event: { jobId: 'j1', type: 'progress', done: 1, total: 2 } });
    workers[0].reply({ type: 'jobEvent', event: { jobId: 'j1', type: 'done', result: 42 } });
    expect(events).toEqual([
      { jobId: 'j1', type: 'progress', done: 1, total: 2 },
      { jobId: 'j1', type: 'done', result: 42 },
    ]);
  });

  it('when the worker crashes: pending calls get an error result, running jobs an error event, and the next call starts a new worker', async () => {
    const { client, workers, events } = fakeClient();
    const started = client.request({ type: 'startJob', jobId: 'long', kind: 'k', payload: null });
    workers[0].reply({ id: 1, type: 'reply', result: { ok: true, data: { jobId: 'long' } } });
    await started;
    const finished = client.request({ type: 'startJob', jobId: 'short', kind: 'k', payload: null });
    workers[0].reply({ id: 2, type: 'reply', result: { ok: true, data: { jobId: 'short' } } });
    await finished;
    workers[0].reply({ type: 'jobEvent', event: { jobId: 'short', type: 'done', result: 1 } });
    const pending = client.request({ type: 'listTables' });

    workers[0].emit('error', new Error('out of memory'));
    workers[0].emit('exit', 1);

    const r = await pending;
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!r.ok && r.error.message).toContain('out of memory');
    // Only the job still running hears about it, once; the finished one does not.
    expect(events.filter((e) => e.type === 'error')).toEqual([
      { jobId: 'long', type: 'error', error: { code: 'job-failed', message: expect.stringContaining('out of memory') } },
    ]);
    expect(client.hasWorker).toBe(false);

    const again = client.request({ type: 'listTables' });
    expect(workers).toHaveLength(2);
    expect(workers[1].received).toEqual([{ type: 'listTables', id: 4 }]);
    workers[1].reply({ id: 4, type: 'reply', result: { ok: true, data: [] } });
    expect(await again).toEqual({ ok: true, data: [] });
  });

  it('ignores late messages from a dead worker', async () => {
    const { client, workers, events } = fakeClient();
    void client.request({ type: 'listTables' });
    workers[0].emit('exit', 0);
    workers[0].reply({ type: 'jobEvent', event: { jobId: 'ghost', type: 'done', result: 1 } });
    expect(events).toEqual([]);
  });

  it('answers invalid-argument when a payload cannot be copied to the worker', async () => {
    const { client, workers } = fakeClient();
    void client.request({ type: 'listTables' });
    workers[0].throwOnPost = new Error('function could not be cloned');
    expect(await client.request({ type: 'startJob', jobId: 'j', kind: 'k', payload: () => 1 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers unavailable when no worker can be started', async () => {
    const client = new EngineClient(() => {
      throw new Error('cannot find engine-worker.js');
    }, () => {});
    expect(await client.request({ type: 'listTables' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('engine-worker.js') } });
  });

  it('after dispose, terminates the worker, settles pending calls and refuses new ones', async () => {
    const { client, workers } = fakeClient();
    const pending = client.request({ type: 'listTables' });
    await client.dispose();
    expect(workers[0].terminated).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await client.request({ type: 'listTables' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(workers).toHaveLength(1);
  });
});

// Real workers start through tsx, which takes seconds when the machine is busy: these tests get room for that.
describe('EngineClient with the real engine worker (electron/engine-worker.ts through tsx)', { timeout: 60_000 }, () => {
  // Node 20 workers ignore `--import tsx` for their entry, so a two-line bootstrap registers tsx's ESM hooks first.
  const root = new URL('../../../', import.meta.url);
  const tsxPackage = JSON.parse(readFileSync(new URL('node_modules/tsx/package.json', root), 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = new URL(tsxPackage.exports['./esm/api'].import.default, new URL('node_modules/tsx/', root)).href;
  const entry = pathToFileURL(fileURLToPath(new URL('electron/engine-worker.ts', root))).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const spawned: Worker[] = [];
  const realClient = (events: JobEvent[]) =>
    new EngineClient(() => {
      const w = new Worker(bootstrap, { eval: true });
      spawned.push(w);
      return w as unknown as EngineWorker;
    }, (e) => events.push(e));
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((w) => w.terminate()));
  });

  const nextEvent = (events: JobEvent[], jobId: string) =>
    new Promise<JobEvent>((resolve, reject) => {
      const deadline = Date.now() + 45_000;
      const tick = () => {
        const e = events.find((x) => x.jobId === jobId && x.type !== 'progress');
        if (e) resolve(e);
        else if (Date.now() > deadline) reject(new Error(`no event for ${jobId}`));
        else setTimeout(tick, 10);
      };
      tick();
    });

  it('runs engine.info in the worker and reports it compiled formulas (code generation is allowed in workers)', async () => {
    const events: JobEvent[] = [];
    const client = realClient(events);
    expect(await client.request({ type: 'startJob', jobId: 'info-1', kind: 'engine.info', payload: null })).toEqual({ ok: true, data: { jobId: 'info-1' } });
    expect(await nextEvent(events, 'info-1')).toEqual({ jobId: 'info-1', type: 'done', result: { version: expect.any(String), formulaMode: 'compiled' } });
    expect(await client.request({ type: 'listTables' })).toEqual({ ok: true, data: [] });
    expect(await client.request({ type: 'queryRows', query: { table: 'none', offset: 0, limit: 1 } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await client.request({ type: 'startJob', jobId: 'x', kind: 'no.such.job', payload: null })).toMatchObject({ ok: false, error: { code: 'unknown-job' } });
    await client.dispose();
  });

  it('recovers from a worker killed mid-request: the caller gets an error, the next request a fresh worker', async () => {
    const events: JobEvent[] = [];
    const client = realClient(events);
    expect(await client.request({ type: 'listTables' })).toEqual({ ok: true, data: [] });
    const pending = client.request({ type: 'listTables' });
    await spawned[0].terminate();
    // A real worker may still answer a request posted just before it dies (it raced the kill on a busy machine);
    // either way the caller gets a Result, never a hang or a throw. The fake-worker tests above pin the error case.
    const outcome = await pending;
    expect(outcome.ok ? outcome : outcome.error.code).toEqual(outcome.ok ? { ok: true, data: [] } : 'unavailable');
    expect(await client.request({ type: 'listTables' })).toEqual({ ok: true, data: [] });
    expect(spawned).toHaveLength(2);
    await client.dispose();
  });
});

describe('EngineClient with a real worker that reports progress, is cancelled, and crashes', { timeout: 60_000 }, () => {
  const root = new URL('../../../', import.meta.url);
  const tsxPackage = JSON.parse(readFileSync(new URL('node_modules/tsx/package.json', root), 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsxApi = new URL(tsxPackage.exports['./esm/api'].import.default, new URL('node_modules/tsx/', root)).href;
  const entry = pathToFileURL(fileURLToPath(new URL('test/unit/electron/fixtures/test-engine-worker.ts', root))).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const spawned: Worker[] = [];
  afterEach(async () => {
    await Promise.all(spawned.splice(0).map((w) => w.terminate()));
  });

  function client() {
    const events: JobEvent[] = [];
    const c = new EngineClient(() => {
      const w = new Worker(bootstrap, { eval: true });
      spawned.push(w);
      return w as unknown as EngineWorker;
    }, (e) => events.push(e));
    const outcome = (jobId: string) =>
      new Promise<JobEvent>((resolve, reject) => {
        const deadline = Date.now() + 45_000;
        const tick = () => {
          const e = events.find((x) => x.jobId === jobId && x.type !== 'progress');
          if (e) resolve(e);
          else if (Date.now() > deadline) reject(new Error(`no outcome for ${jobId}`));
          else setTimeout(tick, 10);
        };
        tick();
      });
    return { c, events, outcome };
  }

  it('a run reports progress and stops when cancelled', async () => {
    const { c, events, outcome } = client();
    expect(await c.request({ type: 'startJob', jobId: 'run-1', kind: 'test.slow', payload: null })).toEqual({ ok: true, data: { jobId: 'run-1' } });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThanOrEqual(3), { timeout: 45_000 });
    expect(events[0]).toEqual({ jobId: 'run-1', type: 'progress', done: 1, total: 1000, message: 'step 1' });
    expect(await c.request({ type: 'cancelJob', jobId: 'run-1' })).toEqual({ ok: true, data: { cancelled: true } });
    expect(await outcome('run-1')).toEqual({ jobId: 'run-1', type: 'cancelled' });
    await c.dispose();
  });

  it.each([
    ['throws an uncaught exception', 'test.throw', 'engine bug: index out of range'],
    ['exits', 'test.exit', 'exit code 3'],
  ])('when the worker %s, the running jobs end with an error naming it, and the next run works in a new worker', async (_how, kind, words) => {
    const { c, outcome } = client();
    await c.request({ type: 'startJob', jobId: 'victim', kind: 'test.slow', payload: null });
    await c.request({ type: 'startJob', jobId: 'culprit', kind, payload: null });
    const culprit = await outcome('culprit');
    expect(culprit).toMatchObject({ type: 'error', error: { code: 'job-failed', message: expect.stringContaining(words) } });
    expect(await outcome('victim')).toMatchObject({ type: 'error', error: { code: 'job-failed', message: expect.stringContaining('a new engine starts on the next request') } });
    expect(c.hasWorker).toBe(false);
    // The app keeps working: the next run starts a fresh worker and completes.
    expect(await c.request({ type: 'startJob', jobId: 'after', kind: 'engine.info', payload: null })).toEqual({ ok: true, data: { jobId: 'after' } });
    expect(await outcome('after')).toMatchObject({ type: 'done', result: { formulaMode: 'compiled' } });
    expect(spawned).toHaveLength(2);
    await c.dispose();
  });
});
