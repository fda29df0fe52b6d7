/**
 * The main process's side of the engine worker: numbered requests with their pending replies, job events passed
 * on, and recovery when the worker dies (pending calls get an error result; the next call starts a new worker).
 */
import type { JobEvent } from '../models/contract/host';
import { fail, type Result } from '../models/contract/result';
import type { ServiceReply, ServiceRequest } from '../models/service/messages';

/** What the client needs of a worker_threads Worker; tests pass a fake. */
export interface EngineWorker {
  postMessage(message: ServiceRequest): void;
  on(event: 'message', listener: (message: ServiceReply) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request without its id: the client numbers requests itself. */
export type EngineRequest = DistributiveOmit<ServiceRequest, 'id'>;

export class EngineClient {
  private worker: EngineWorker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  /** Jobs started in the current worker that have not finished: if it dies they must hear about it. */
  private readonly running = new Set<string>();
  private disposed = false;

  constructor(
    private readonly createWorker: () => EngineWorker,
    private readonly onJobEvent: (event: JobEvent) => void,
  ) {}

  /** Sends one request; resolves to the service's Result, or to an error Result if the worker cannot answer. Never rejects. */
  request(body: EngineRequest): Promise<Result<unknown>> {
    if (this.disposed) return Promise.resolve(fail('unavailable', 'The engine has been shut down.'));
    let worker: EngineWorker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      return Promise.resolve(fail('unavailable', `The engine could not start: ${e instanceof Error ? e.message : String(e)}`));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (result) => {
        if (body.type === 'startJob' && result.ok) this.running.add(body.jobId);
        resolve(result);
      });
      try {
        worker.postMessage({ ...body, id } as ServiceRequest);
      } catch (e) {
        // A payload that cannot be copied (a function, a DOM object) fails here, in the caller's thread.
        this.pending.delete(id);
        resolve(fail('invalid-argument', `The request could not be sent to the engine: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }

  /** Whether a worker is alive now (a new one starts on the next request after a crash). */
  get hasWorker(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker; later requests answer 'unavailable'. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.lost(worker, 'The engine was shut down.');
    if (worker) await worker.terminate();
  }

  private ensureWorker(): EngineWorker {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    this.worker = worker;
    worker.on('message', (message) => this.receive(worker, message));
    // 'error' (an uncaught exception in the worker) is followed by 'exit'; whichever comes first settles everything.
    worker.on('error', (error) => this.lost(worker, `The engine stopped unexpectedly: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `The engine stopped unexpectedly (exit code ${code}).`));
    return worker;
  }

  private receive(worker: EngineWorker, message: ServiceReply): void {
    if (worker !== this.worker) return;
    if (message.type === 'jobEvent') {
      if (message.event.type !== 'progress') this.running.delete(message.event.jobId);
      this.onJobEvent(message.event);
      return;
    }
    const settle = this.pending.get(message.id);
    if (!settle) return;
    this.pending.delete(message.id);
    settle(message.result);
  }

  /** The worker is gone: answer every pending call, fail every running job, and forget the worker. */
  private lost(worker: EngineWorker | null, message: string): void {
    if (worker === null || worker !== this.worker) return;
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    const running = [...this.running];
    this.running.clear();
    const retry = this.disposed ? '' : ' Run it again; a new engine starts on the next request.';
    for (const settle of pending) settle(fail('unavailable', message + retry));
    for (const jobId of running) this.onJobEvent({ jobId, type: 'error', error: { code: 'job-failed', message: message + retry } });
  }
}
