/**
 * Migrations of the .hntm layout, one per format version: MIGRATIONS[v] turns a version-v zip (as a map of entry
 * name → bytes) into a version v+1 zip. A file of any earlier version is carried up the chain to the current one
 * on open, so reading code only ever knows the current layout.
 *
 * Version 1 is the first, simpler layout (no release ever wrote it: the app is pre-release, and v1 is kept as the
 * documented starting point so the migration chain is real code with a fixture, test/fixtures/project/v1-example.hntm):
 *
 *   manifest.json   {"formatVersion": 1, "appVersion": "0.0.9", "saved": "<ISO time>"}
 *   project.json    {"name", "rulebookName", "data": {"file", "sourceName"} | {"path", "sha256", "sourceName"} | null,
 *                    "scenarios": [{"name", "scenario": {…}}], "lastResults": {…} | null}
 *   rulebook.json   the project's single rulebook (absent when it had none)
 *   placements.csv  the embedded data, when data.file names it
 *
 * Version 2 (current) allows several rulebooks, adds mapping templates, separate created/modified times, a record of
 * dropped column names and a hash per entry; see format.ts.
 */
import { strFromU8, strToU8 } from 'fflate';
import { csvShape } from './csv';
import { documentFileName } from './layout';

export type Entries = Map<string, Uint8Array>;

export interface Migration {
  /** Plain words for the open dialog's notice, e.g. "one rulebook became a list of rulebooks". */
  describe: string;
  migrate(entries: Entries): Entries;
}

/** Thrown when an older file is not what its version says; format.ts turns it into a "corrupt" answer. */
export class MigrationError extends Error {}

function readJson(entries: Entries, name: string): unknown {
  const bytes = entries.get(name);
  if (!bytes) throw new MigrationError(`${name} is missing`);
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw new MigrationError(`${name} is not valid JSON`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() !== '' ? v : fallback);
/** The start of a file up to a line break, so a multi-byte character is never cut (64 kB is far more than any header). */
function headPart(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 1 << 16) return bytes;
  const head = bytes.subarray(0, 1 << 16);
  const lastBreak = head.lastIndexOf(10);
  return lastBreak > 0 ? head.subarray(0, lastBreak) : bytes;
}

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2) + '\n');

/** v1 → v2: one rulebook becomes a list, scenarios move to their own files, times split, data gets a manifest record. */
const v1ToV2: Migration = {
  describe: 'a project from format 1 (one rulebook, no mapping templates) was brought up to format 2',
  migrate(entries) {
    const manifest = readJson(entries, 'manifest.json');
    const project = readJson(entries, 'project.json');
    if (!isRecord(manifest) || !isRecord(project)) throw new MigrationError('manifest.json or project.json is not an object');
    const saved = text(manifest.saved, '1980-01-01T00:00:00.000Z');
    const out: Entries = new Map();

    let data: Record<string, unknown> | null = null;
    if (isRecord(project.data)) {
      const d = project.data;
      if (typeof d.file === 'string') {
        const csv = entries.get(d.file);
        if (!csv) throw new MigrationError(`${d.file} (the embedded data) is missing`);
        out.set('data/placements.csv', csv);
        // v1 kept no list of columns: the CSV's header is the list; v1 recorded no dropped columns.
        const columns = csvShape(strFromU8(headPart(csv))).header;
        data = { kind: 'embedded', file: 'data/placements.csv', sourceName: text(d.sourceName, d.file), columns, droppedColumns: [] };
      } else if (typeof d.path === 'string') {
        data = { kind: 'reference', path: d.path, sha256: d.sha256, sourceName: text(d.sourceName, d.path.split(/[/\\]/).pop() ?? 'data'), droppedColumns: [] };
      } else throw new MigrationError('project.json data has neither a file nor a path');
    }

    const rulebooks: Array<{ name: string; file: string }> = [];
    const rulebook = entries.get('rulebook.json');
    if (rulebook) {
      const file = documentFileName('rulebooks', 0, text(project.rulebookName, 'Rulebook'));
      out.set(file, rulebook);
      rulebooks.push({ name: text(project.rulebookName, 'Rulebook'), file });
    }

    const scenarios: Array<{ name: string; file: string }> = [];
    const list = Array.isArray(project.scenarios) ? project.scenarios : [];
    list.forEach((s: unknown, i: number) => {
      if (!isRecord(s) || !isRecord(s.scenario)) throw new MigrationError(`project.json scenarios[${i}] has no scenario object`);
      const name = text(s.name, `Scenario ${i + 1}`);
      const file = documentFileName('scenarios', i, name);
      out.set(file, json(s.scenario));
      scenarios.push({ name, file });
    });

    let results: { file: string } | null = null;
    if (isRecord(project.lastResults)) {
      out.set('results/summary.json', json(project.lastResults));
      results = { file: 'results/summary.json' };
    }

    out.set(
      'manifest.json',
      json({
        format: 'hntm-project',
        formatVersion: 2,
        app: { name: 'High Needs Tariff Modeller', version: text(manifest.appVersion, 'unknown') },
        created: saved,
        modified: saved,
        name: text(project.name, 'Untitled project'),
        data,
        rulebooks,
        scenarios,
        mappingTemplates: [],
        results,
      }),
    );
    return out;
  },
};

/** MIGRATIONS[v] migrates version v to v + 1; there is one for every version below CURRENT_FORMAT_VERSION. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  1: v1ToV2,
};
