/**
 * The browser's engine worker: runs the same engine service as Electron's engine worker (createEngineService over
 * ENGINE_JOBS, answered by messages.ts), so the two shells differ only in how messages travel.
 */
import { errorFrom } from '../../../models/contract/result';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { isAssetPath, type Assets } from '../../../models/service/assets';
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

/**
 * The shipped files, fetched from the app's own origin (the build copies scenarios/ beside index.html; CSP
 * connect-src 'self' allows it). The worker lives in assets/, so the app's root is one folder up.
 */
const assets: Assets = {
  async read(path) {
    if (!isAssetPath(path)) throw new Error(`"${path}" is not a shipped file.`);
    const url = new URL(`../${path}`, self.location.href);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`The shipped file ${path} could not be read (HTTP ${response.status}).`);
    return new Uint8Array(await response.arrayBuffer());
  },
};

const service = createEngineService(ENGINE_JOBS, (event) => post({ type: 'jobEvent', event }), { assets });

scope.addEventListener('message', (event) => {
  const request = event.data;
  try {
    post(answer(service, request));
  } catch (e) {
    post({ id: request.id, type: 'reply', result: { ok: false, error: errorFrom(e, 'internal') } });
  }
});
