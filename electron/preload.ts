/**
 * The preload: implements the Host over IPC and exposes it as window.hntmHost. It never exposes ipcRenderer,
 * strips the IPC event object from everything it passes on, and turns a failed invoke into an error Result.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, HOST_GLOBAL, type InvokeChannel } from '../models/contract/channels';
import { COMMANDS, type CommandId } from '../models/contract/commands';
import type { Host, JobEvent } from '../models/contract/host';
import type { Result } from '../models/contract/result';

const COMMAND_IDS = new Set<string>(COMMANDS.map((c) => c.id));

/** Calls main; a rejected invoke (no handler, a value that cannot be cloned) becomes an error Result, never a throw. */
async function invoke<T>(channel: InvokeChannel, ...args: unknown[]): Promise<Result<T>> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as Result<T>;
  } catch (e) {
    // Duck-typed rather than `instanceof Error`: an error made in another realm is still an error.
    const message = typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : String(e);
    return { ok: false, error: { code: 'internal', message } };
  }
}

/** Subscribes `listener` to a main → renderer channel, passing only the payload; returns the unsubscribe function. */
function subscribe<T>(channel: string, accept: (payload: unknown) => payload is T, listener: (payload: T) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => {
    if (accept(payload)) listener(payload);
  };
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

const isJobEvent = (p: unknown): p is JobEvent => typeof p === 'object' && p !== null && typeof (p as JobEvent).jobId === 'string';
const isCommandId = (p: unknown): p is CommandId => typeof p === 'string' && COMMAND_IDS.has(p);
const isPath = (p: unknown): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096;

const host = {
  appInfo: () => invoke(CHANNELS.appInfo),
  openFile: (options) => invoke(CHANNELS.openFile, options ?? {}),
  saveFile: (options, bytes) => invoke(CHANNELS.saveFile, options, bytes),
  startJob: (request) => invoke(CHANNELS.startJob, request),
  cancelJob: (jobId) => invoke(CHANNELS.cancelJob, jobId),
  onJobEvent: (listener) => subscribe(CHANNELS.jobEvent, isJobEvent, listener),
  listTables: () => invoke(CHANNELS.listTables),
  queryRows: (query) => invoke(CHANNELS.queryRows, query),
  onCommand: (listener) => subscribe(CHANNELS.command, isCommandId, listener),
  openProject: (request) => invoke(CHANNELS.openProject, request ?? {}),
  saveProject: (request) => invoke(CHANNELS.saveProject, request),
  recentProjects: () => invoke(CHANNELS.recentProjects),
  autosave: (work) => invoke(CHANNELS.autosave, work),
  checkRecovery: () => invoke(CHANNELS.checkRecovery),
  resolveRecovery: (choice) => invoke(CHANNELS.resolveRecovery, choice),
  reportState: (state) => invoke(CHANNELS.reportState, state),
  purgeBackups: () => invoke(CHANNELS.purgeBackups),
  onOpenPath: (listener) => subscribe(CHANNELS.openPath, isPath, listener),
} satisfies Host;

contextBridge.exposeInMainWorld(HOST_GLOBAL, host);
