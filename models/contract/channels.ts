/** IPC channel names shared by the preload and the main process; main ignores any other channel. */
export const CHANNELS = {
  appInfo: 'hntm:app-info',
  openFile: 'hntm:open-file',
  saveFile: 'hntm:save-file',
  startJob: 'hntm:start-job',
  cancelJob: 'hntm:cancel-job',
  listTables: 'hntm:list-tables',
  queryRows: 'hntm:query-rows',
  openProject: 'hntm:open-project',
  saveProject: 'hntm:save-project',
  recentProjects: 'hntm:recent-projects',
  autosave: 'hntm:autosave',
  checkRecovery: 'hntm:check-recovery',
  resolveRecovery: 'hntm:resolve-recovery',
  reportState: 'hntm:report-state',
  purgeBackups: 'hntm:purge-backups',
  /** main → renderer: JobEvent messages. */
  jobEvent: 'hntm:job-event',
  /** main → renderer: a menu item was chosen; payload is a CommandId. */
  command: 'hntm:command',
  /** main → renderer: a project file to open (double-click, command line, Open Recent); payload is its path. */
  openPath: 'hntm:open-path',
} as const;

/** Channels main sends on; the renderer never invokes them. */
export type EventChannel = typeof CHANNELS.jobEvent | typeof CHANNELS.command | typeof CHANNELS.openPath;
export type InvokeChannel = Exclude<(typeof CHANNELS)[keyof typeof CHANNELS], EventChannel>;

export const INVOKE_CHANNELS: readonly InvokeChannel[] = [
  CHANNELS.appInfo, CHANNELS.openFile, CHANNELS.saveFile, CHANNELS.startJob, CHANNELS.cancelJob, CHANNELS.listTables, CHANNELS.queryRows,
  CHANNELS.openProject, CHANNELS.saveProject, CHANNELS.recentProjects, CHANNELS.autosave, CHANNELS.checkRecovery, CHANNELS.resolveRecovery,
  CHANNELS.reportState, CHANNELS.purgeBackups,
];

/** The name under which the preload exposes the Host on `window`. */
export const HOST_GLOBAL = 'hntmHost';
