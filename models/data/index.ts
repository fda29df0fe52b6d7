/** The placement data layer in one import: table, validation issues, summaries, paging and synthetic data. */
export * from './issues';
export * from './table';
export * from './summary';
export * from './paged';
export * from './synthetic';
export { ExactSum } from './exact-sum';
