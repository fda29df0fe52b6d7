/** The project file (.hntm): its in-memory shape, checks, the zip format and its migrations. Pure: runs anywhere. */
export * from './types';
export * from './validate';
export * from './format';
export { toCsv, csvShape, selectCsvColumns } from './csv';
export { MIGRATIONS, type Migration } from './migrations';
