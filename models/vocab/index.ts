/** The vocabularies in one import: settings, sectors, phases, needs, S251 lines, DSG plan categories and LAs. */
export * from './aliases';
export * from './dsg';
export * from './las';
export * from './needs';
export * from './phases';
export * from './s251';
export * from './sectors';
export * from './settings';
