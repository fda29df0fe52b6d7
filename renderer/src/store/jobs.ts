/** Jobs slice: every job the UI started or heard of, its progress and outcome, fed by the host's job events. */
import type { StateCreator } from 'zustand/vanilla';
import type { Host, JobEvent, JobRequest } from '../../../models/contract/host';
import { fail, ok, type HostError, type Result } from '../../../models/contract/result';
import type { AppState } from './index';

export type JobStatus = 'running' | 'done' | 'error' | 'cancelled';

export interface JobEntry {
  jobId: string;
  /** The job registry's name ('engine.info'); empty while only events have been heard for this job. */
  kind: string;
  /** What the status bar says, in the user's words. */
  label: string;
  status: JobStatus;
  done: number;
  total: number;
  message?: string;
  error?: HostError;
  result?: unknown;
}

export interface JobsSlice {
  jobs: Record<string, JobEntry>;
  /** Job ids, oldest first, so the status bar lists jobs in the order they started. */
  jobOrder: string[];
  trackJob(jobId: string, kind: string, label: string): void;
  applyJobEvent(event: JobEvent): void;
  /** Starts a job and resolves with its outcome; never rejects. */
  runJob(request: JobRequest, label: string): Promise<Result<unknown>>;
  cancelJob(jobId: string): Promise<Result<{ cancelled: boolean }>>;
  cancelRunningJobs(): Promise<void>;
}

/** Finished jobs kept for the status bar and late readers; older ones are dropped so results do not pile up. */
export const FINISHED_JOBS_KEPT = 20;

const isFinished = (s: JobStatus): boolean => s !== 'running';

function blankEntry(jobId: string): JobEntry {
  return { jobId, kind: '', label: '', status: 'running', done: 0, total: 0 };
}

/** Drops the oldest finished jobs beyond the limit; running jobs are never dropped. */
function prune(jobs: Record<string, JobEntry>, order: string[]): Pick<JobsSlice, 'jobs' | 'jobOrder'> {
  const finished = order.filter((id) => isFinished(jobs[id].status));
  const drop = new Set(finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT)));
  if (drop.size === 0) return { jobs, jobOrder: order };
  const kept: Record<string, JobEntry> = {};
  for (const id of order) if (!drop.has(id)) kept[id] = jobs[id];
  return { jobs: kept, jobOrder: order.filter((id) => !drop.has(id)) };
}

export const createJobsSlice =
  (host: Host, subscribe: (listener: (s: AppState) => void) => () => void): StateCreator<AppState, [], [], JobsSlice> =>
  (set, get) => ({
    jobs: {},
    jobOrder: [],
    trackJob: (jobId, kind, label) =>
      set((s) => {
        const existing = s.jobs[jobId];
        // Events can overtake the startJob reply (IPC has no ordering between channels): keep what they said.
        const entry: JobEntry = existing ? { ...existing, kind, label } : { ...blankEntry(jobId), kind, label };
        return { jobs: { ...s.jobs, [jobId]: entry }, jobOrder: existing ? s.jobOrder : [...s.jobOrder, jobId] };
      }),
    applyJobEvent: (event) =>
      set((s) => {
        const before = s.jobs[event.jobId] ?? blankEntry(event.jobId);
        // A late progress event must not revive a job that already finished.
        if (isFinished(before.status)) return {};
        let after: JobEntry;
        switch (event.type) {
          case 'progress':
            after = { ...before, done: event.done, total: event.total, ...(event.message !== undefined ? { message: event.message } : {}) };
            break;
          case 'done':
            after = { ...before, status: 'done', done: before.total || before.done, result: event.result };
            break;
          case 'error':
            after = { ...before, status: 'error', error: errorOf(event.error) };
            break;
          case 'cancelled':
            after = { ...before, status: 'cancelled' };
            break;
        }
        const order = s.jobs[event.jobId] ? s.jobOrder : [...s.jobOrder, event.jobId];
        return prune({ ...s.jobs, [event.jobId]: after }, order);
      }),
    runJob: async (request, label) => {
      const started = await host.startJob(request);
      if (!started.ok) return started;
      const { jobId } = started.data;
      get().trackJob(jobId, request.kind, label);
      const entry = await new Promise<JobEntry | undefined>((resolve) => {
        const check = (s: AppState): boolean => {
          const j = s.jobs[jobId];
          if (j && !isFinished(j.status)) return false;
          resolve(j);
          return true;
        };
        if (check(get())) return;
        const unsubscribe = subscribe((s) => {
          if (check(s)) unsubscribe();
        });
      });
      if (!entry) return fail('internal', `Job ${jobId} was forgotten before it finished.`);
      if (entry.status === 'done') return ok(entry.result);
      if (entry.status === 'cancelled') return fail('cancelled', `${label} was cancelled.`);
      return { ok: false, error: entry.error ?? { code: 'job-failed', message: `${label} failed.` } };
    },
    cancelJob: (jobId) => host.cancelJob(jobId),
    cancelRunningJobs: async () => {
      const running = get().jobOrder.filter((id) => get().jobs[id]?.status === 'running');
      await Promise.all(running.map((id) => host.cancelJob(id)));
    },
  });

function errorOf(e: { code: string; message: string }): HostError {
  return { code: e.code as HostError['code'], message: e.message };
}
