/** The contracts every zone shares: host interface, results, IPC channels, command registry. */
export * from './result';
export * from './host';
export * from './channels';
export * from './commands';
export * from './security';
