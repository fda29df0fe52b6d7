/**
 * A Node worker_threads pool for the CLI's Monte Carlo runs (two workers on two cores by default). Direct draws are
 * split into one contiguous range per worker; the fast path's exact runs are shared out one by one. Each worker runs
 * the same engine on a copy of the prepared cells, and results merge in order, so they equal a single-thread run.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { PreparedProjection } from '../models/projection/prepare';
import type { Scenario } from '../models/projection/scenario';
import { mergeBatches, runDraws, type DrawBatch } from '../models/uncertainty/simulate';
import { nodeSums } from '../models/uncertainty/fast';
import { Projector } from '../models/projection/project';

const WORKER_KIND = 'hntm-simulation-worker';

type Job =
  | { kind: 'draws'; prep: PreparedProjection; scenario: Scenario; seed: number; from: number; to: number }
  | { kind: 'nodes'; prep: PreparedProjection; scenario: Scenario; nodes: number[] };

type FromWorker =
  | { type: 'progress'; done: number }
  | { type: 'done'; batch: DrawBatch }
  | { type: 'sums'; sums: Float64Array[] }
  | { type: 'error'; message: string };

/** Starts one worker per job, collects what each returns; progress is summed over workers. */
async function runJobs<T>(jobs: Job[], collect: (m: FromWorker) => T | undefined, onProgress?: (done: number) => void): Promise<T[]> {
  const done = new Array<number>(jobs.length).fill(0);
  const workers: Worker[] = [];
  try {
    return await Promise.all(
      jobs.map(
        (job, k) =>
          new Promise<T>((resolve, reject) => {
            const worker = startWorker();
            workers.push(worker);
            worker.on('message', (m: FromWorker) => {
              if (m.type === 'progress') {
                done[k] = m.done;
                onProgress?.(done.reduce((a, b) => a + b, 0));
              } else if (m.type === 'error') reject(new Error(m.message));
              else {
                const v = collect(m);
                if (v !== undefined) resolve(v);
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`a simulation worker stopped (exit code ${code}).`));
            });
            worker.postMessage(job);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** How many workers to use: two (the machines this runs on have two cores), never more than the draws or cores. */
export function defaultWorkers(draws: number): number {
  return Math.max(1, Math.min(2, availableParallelism(), draws));
}

/** Splits draws 1…N into `parts` contiguous ranges [from, to). */
export function splitDraws(draws: number, parts: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 1;
  for (let k = 0; k < parts; k++) {
    const size = Math.floor(draws / parts) + (k < draws % parts ? 1 : 0);
    if (size > 0) out.push([from, from + size]);
    from += size;
  }
  return out;
}

/**
 * Runs draws 1…N in a pool of workers. `onProgress` gets the draws done so far (all workers) and the total.
 * @example const batch = await simulateInPool(prep, scenario, 7, 1000, {workers: 2});
 */
export async function simulateInPool(
  prep: PreparedProjection,
  scenario: Scenario,
  seed: number,
  draws: number,
  options: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<DrawBatch> {
  const H = prep.years.length;
  if (draws === 0) return mergeBatches([], H, 1, 1);
  const ranges = splitDraws(draws, options.workers ?? defaultWorkers(draws));
  const batches = await runJobs(
    ranges.map(([from, to]) => ({ kind: 'draws', prep, scenario, seed, from, to }) as Job),
    (m) => (m.type === 'done' ? m.batch : undefined),
    options.onProgress ? (done) => options.onProgress?.(done, draws) : undefined,
  );
  return mergeBatches(batches, H, 1, draws + 1);
}

/**
 * The fast path's exact runs (one per joiner multiplier in `nodes`) shared among workers; sums come back in order.
 * @example const sums = await nodeSumsInPool(prep, scenario, plan.nodes, {workers: 2});
 */
export async function nodeSumsInPool(prep: PreparedProjection, scenario: Scenario, nodes: number[], options: { workers?: number } = {}): Promise<Float64Array[]> {
  const parts = Math.max(1, Math.min(options.workers ?? 2, nodes.length));
  // Interleave the nodes so each worker gets a similar share.
  const groups = Array.from({ length: parts }, (_, k) => nodes.map((j, i) => ({ j, i })).filter((x) => x.i % parts === k));
  const results = await runJobs(
    groups.map((g) => ({ kind: 'nodes', prep, scenario, nodes: g.map((x) => x.j) }) as Job),
    (m) => (m.type === 'sums' ? m.sums : undefined),
  );
  const out = new Array<Float64Array>(nodes.length);
  groups.forEach((g, k) => g.forEach((x, n) => (out[x.i] = results[k][n])));
  return out;
}

/**
 * A worker running this file under tsx (the CLI runs TypeScript without a build step): a one-line ES module that
 * registers tsx's loader (its ESM API, found from this file so any working directory works) and imports this file.
 */
function startWorker(): Worker {
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const self = pathToFileURL(fileURLToPath(import.meta.url)).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { eval: true, workerData: { kind: WORKER_KIND } });
}

/** The worker's side: one job, progress every few draws, then the draws' totals (their buffers transferred). */
function serveWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.once('message', (job: Job) => {
    try {
      if (job.kind === 'nodes') {
        const projector = new Projector(job.prep);
        const sums = job.nodes.map((j) => nodeSums(job.prep, projector, job.scenario, j));
        port.postMessage({ type: 'sums', sums } satisfies FromWorker, sums.map((x) => x.buffer as ArrayBuffer));
        return;
      }
      let last = 0;
      const batch = runDraws(job.prep, job.scenario, job.seed, job.from, job.to, {
        onProgress: (done, total) => {
          if (done - last >= 10 || done === total) {
            last = done;
            port.postMessage({ type: 'progress', done } satisfies FromWorker);
          }
        },
      });
      port.postMessage({ type: 'done', batch } satisfies FromWorker, Object.values(batch.values).map((v) => v.buffer as ArrayBuffer));
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
    }
  });
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === WORKER_KIND) serveWorker();
