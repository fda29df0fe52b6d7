/** IPC channel names shared by the preload and the main process; main ignores any other channel. */
export const CHANNELS = {
  appInfo: 'hntm:app-info',
  openFile: 'hntm:open-file',
  saveFile: 'hntm:save-file',
  startJob: 'hntm:start-job',
  cancelJob: 'hntm:cancel-job',
  listTables: 'hntm:list-tables',
  queryRows: 'hntm:query-rows',
  /** main → renderer: JobEvent messages. */
  jobEvent: 'hntm:job-event',
  /** main → renderer: a menu item was chosen; payload is a CommandId. */
  command: 'hntm:command',
} as const;

export type InvokeChannel = Exclude<(typeof CHANNELS)[keyof typeof CHANNELS], typeof CHANNELS.jobEvent | typeof CHANNELS.command>;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = [
  CHANNELS.appInfo, CHANNELS.openFile, CHANNELS.saveFile, CHANNELS.startJob, CHANNELS.cancelJob, CHANNELS.listTables, CHANNELS.queryRows,
];

/** The name under which the preload exposes the Host on `window`. */
export const HOST_GLOBAL = 'hntmHost';
