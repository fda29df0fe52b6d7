/**
 * The shipped files a job may read (the default dataset's cells, the shipped rulebooks): each shell supplies a reader
 * — fetch() of same-origin URLs in the browser's worker, the file system in Electron's — so jobs stay pure.
 */

// models/ has no DOM or Node types; TextDecoder exists in Node, browsers and workers alike.
declare const TextDecoder: new (label?: string) => { decode(bytes: Uint8Array): string };

/** Reads a shipped file by its path from the app's root, e.g. 'scenarios/rulebooks/current-costs.rulebook.json'. */
export interface Assets {
  read(path: string): Promise<Uint8Array>;
}

/** The shipped files the data and rulebook jobs use. */
export const ASSET_PATHS = {
  englandCells: 'scenarios/datasets/england-2025.cells.csv',
  datasetCosts: 'scenarios/rulebooks/dataset-costs.rulebook.json',
  currentCosts: 'scenarios/rulebooks/current-costs.rulebook.json',
} as const;

/** The rulebooks offered in the Rulebook view, in the order they are listed. */
export const SHIPPED_RULEBOOKS: ReadonlyArray<{ file: string; path: string }> = [
  { file: 'current-costs.rulebook.json', path: 'scenarios/rulebooks/current-costs.rulebook.json' },
  { file: 'illustrative-national-bands.rulebook.json', path: 'scenarios/rulebooks/illustrative-national-bands.rulebook.json' },
  { file: 'iss-price-bands.rulebook.json', path: 'scenarios/rulebooks/iss-price-bands.rulebook.json' },
];

/**
 * Whether a path names a shipped file: relative, under scenarios/, no "..", no backslash. Readers refuse anything else,
 * so a job can never be used to read files outside the shipped folder.
 * @example isAssetPath('scenarios/datasets/england-2025.cells.csv') // true
 * @example isAssetPath('../secrets.txt') // false
 */
export function isAssetPath(path: string): boolean {
  return /^scenarios\/[\w.\-/]+$/.test(path) && !path.split('/').some((p) => p === '..' || p === '.' || p === '') && !path.includes('\\');
}

/**
 * Reads a shipped file as UTF-8 text.
 * @example const csv = await readAssetText(assets, ASSET_PATHS.englandCells);
 */
export async function readAssetText(assets: Assets | undefined, path: string): Promise<string> {
  if (!assets) throw new Error(`This engine has no access to the shipped files, so it cannot read ${path}.`);
  return new TextDecoder('utf-8').decode(await assets.read(path));
}
