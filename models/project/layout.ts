/** Entry names inside a .hntm zip, shared by the writer and the migrations so both lay files out the same way. */

export type DocumentFolder = 'rulebooks' | 'scenarios' | 'mappings';

/**
 * A readable, unique file name for the i-th document of a folder: its position keeps names unique and ordered,
 * its name makes the zip easy to browse.
 * @example documentFileName('scenarios', 0, 'Cap ISS fees at +10%') // 'scenarios/01-cap-iss-fees-at-10.json'
 */
export function documentFileName(folder: DocumentFolder, index: number, name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${folder}/${String(index + 1).padStart(2, '0')}-${slug || 'document'}.json`;
}

export const MANIFEST_ENTRY = 'manifest.json';
export const DATA_ENTRY = 'data/placements.csv';
export const RESULTS_ENTRY = 'results/summary.json';
/** Present only in recovery files (where the unsaved work belonged, when it was written). */
export const RECOVERY_ENTRY = 'recovery.json';
/** A short plain-text guide to the zip for whoever opens it with another tool. */
export const README_ENTRY = 'README.txt';
