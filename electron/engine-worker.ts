/** The engine worker (a Node worker thread behind the main process): runs the pure engine service, carries messages. */
import { parentPort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAssetPath, type Assets } from '../models/service/assets';
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

/**
 * Where scenarios/ is: resources/scenarios when packaged (electron-builder's extraResources), else the repository's
 * own folder (this file runs from out/main in development).
 */
function scenariosRoot(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const exe = dirname(process.execPath);
  // resourcesPath is Electron's own answer; the executable's resources folder (Windows, Linux) or Contents/Resources
  // (macOS) are where electron-builder puts extraResources should a worker thread not be given resourcesPath.
  const candidates = [packaged, join(exe, 'resources'), join(exe, '..', 'Resources')].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(join(p, 'scenarios')));
  if (found) return found;
  // Development: the repository holding this file (out/main/engine-worker.js when built, electron/ under tsx).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !existsSync(join(dir, 'scenarios', 'rulebooks')); i++) dir = resolve(dir, '..');
  return dir;
}

const root = scenariosRoot();
const assets: Assets = {
  async read(path) {
    if (!isAssetPath(path)) throw new Error(`"${path}" is not a shipped file.`);
    return new Uint8Array(await readFile(join(root, ...path.split('/'))));
  },
};

const service = createEngineService(ENGINE_JOBS, emit, { assets });

port.on('message', (request: ServiceRequest) => {
  try {
    post(answer(service, request));
  } catch (e) {
    // answer() does not throw for well-formed requests; a malformed one still gets a reply, so no caller hangs.
    post({ id: typeof request?.id === 'number' ? request.id : -1, type: 'reply', result: { ok: false, error: errorFrom(e) } });
  }
});
