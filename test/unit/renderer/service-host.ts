// A Host for renderer unit tests that runs the real engine service in-process, like the worker does, minus the worker.
import { COMMANDS, type CommandId } from '../../../models/contract/commands';
import type { AppInfo, Host, JobEvent } from '../../../models/contract/host';
import { ok } from '../../../models/contract/result';
import { createEngineService, type JobHandler } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';

export interface ServiceHost {
  host: Host;
  service: ReturnType<typeof createEngineService>;
  /** Delivers a menu command, as Electron's preload would. */
  sendCommand(id: CommandId): void;
  commandListeners(): number;
}

export function createServiceHost(
  extraJobs: Record<string, JobHandler> = {},
  info: Partial<AppInfo> = {},
): ServiceHost {
  const listeners = new Set<(e: JobEvent) => void>();
  const commandListeners = new Set<(id: CommandId) => void>();
  const service = createEngineService({ ...ENGINE_JOBS, ...extraJobs }, (e) => listeners.forEach((l) => l(e)));
  let n = 0;
  const host: Host = {
    appInfo: async () => ok({ name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'browser', platform: 'Linux x86_64', ...info }),
    openFile: async () => ok(null),
    saveFile: async () => ok(null),
    startJob: async (r) => service.start(`job-${++n}`, r.kind, r.payload),
    cancelJob: async (id) => service.cancel(id),
    onJobEvent: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    listTables: async () => ok(service.tables.list()),
    queryRows: async (q) => service.tables.query(q),
    onCommand: (l) => {
      commandListeners.add(l);
      return () => void commandListeners.delete(l);
    },
  };
  return {
    host,
    service,
    sendCommand: (id) => {
      if (!COMMANDS.some((c) => c.id === id)) throw new Error(`not a command: ${id}`);
      commandListeners.forEach((l) => l(id));
    },
    commandListeners: () => commandListeners.size,
  };
}

/** A promise and the function that resolves it, to hold a job open until the test lets it finish. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open = (): void => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
