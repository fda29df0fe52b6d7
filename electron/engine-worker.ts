/** The engine worker (a Node worker thread behind the main process): runs the pure engine service, carries messages. */
import { parentPort } from 'node:worker_threads';
import { createEngineService } from '../models/service/engine-service';
import { ENGINE_JOBS } from '../models/service/jobs';
import { answer, type ServiceReply, type ServiceRequest } from '../models/service/messages';
import { errorFrom } from '../models/contract/result';
import type { JobEvent } from '../models/contract/host';

const port = parentPort;
if (!port) throw new Error('engine-worker must run as a worker thread');

const post = (reply: ServiceReply): void => port.postMessage(reply);

/** A job whose result cannot be copied to the main thread (a function, say) reports an error instead of killing the worker. */
function emit(event: JobEvent): void {
  try {
    post({ type: 'jobEvent', event });
  } catch (e) {
    post({ type: 'jobEvent', event: { jobId: event.jobId, type: 'error', error: { code: 'internal', message: `The engine could not send its answer: ${errorFrom(e).message}` } } });
  }
}

const service = createEngineService(ENGINE_JOBS, emit);

port.on('message', (request: ServiceRequest) => {
  try {
    post(answer(service, request));
  } catch (e) {
    // answer() does not throw for well-formed requests; a malformed one still gets a reply, so no caller hangs.
    post({ id: typeof request?.id === 'number' ? request.id : -1, type: 'reply', result: { ok: false, error: errorFrom(e) } });
  }
});
