/**
 * The browser's engine worker: runs the same engine service as Electron's engine worker (createEngineService over
 * ENGINE_JOBS, answered by messages.ts), so the two shells differ only in how messages travel.
 */
import { errorFrom } from '../../../models/contract/result';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { answer, type ServiceReply, type ServiceRequest } from '../../../models/service/messages';

/** The part of DedicatedWorkerGlobalScope used here (the renderer's tsconfig carries the DOM lib, not WebWorker). */
interface WorkerScope {
  postMessage(message: ServiceReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ServiceRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

/** A job result that cannot be cloned (a function, a class instance with methods) must still end its job. */
function post(reply: ServiceReply): void {
  try {
    scope.postMessage(reply);
  } catch (e) {
    const error = errorFrom(e, 'internal');
    if (reply.type === 'jobEvent') scope.postMessage({ type: 'jobEvent', event: { jobId: reply.event.jobId, type: 'error', error } });
    else scope.postMessage({ id: reply.id, type: 'reply', result: { ok: false, error } });
  }
}

const service = createEngineService(ENGINE_JOBS, (event) => post({ type: 'jobEvent', event }));

scope.addEventListener('message', (event) => {
  const request = event.data;
  try {
    post(answer(service, request));
  } catch (e) {
    post({ id: request.id, type: 'reply', result: { ok: false, error: errorFrom(e, 'internal') } });
  }
});
