/** The in-memory shape of a project (what the UI edits and the Host carries) and the .hntm format's constants. */

/** Plain JSON: what rulebooks, scenarios, mapping templates and results summaries are made of. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A named JSON document inside a project (a rulebook, a scenario, a mapping template). */
export interface NamedDocument {
  name: string;
  document: JsonObject;
}

/**
 * The placement data, embedded or referenced. Embedded data is CSV text of the columns the user KEPT on import;
 * `droppedColumns` records only the names of those dropped (e.g. "UPN"), never their values, so the app can say
 * what was left out. There is no field that could hold a dropped column's values: the writer keeps exactly
 * `columns`, minus any name in `droppedColumns`, and nothing else.
 */
export type ProjectData =
  | {
      kind: 'embedded';
      /** The file the data was imported from, for display ("placements-2026.xlsx"); no folders. */
      sourceName: string;
      /** Header of `csv`, in order. */
      columns: string[];
      droppedColumns: string[];
      /** RFC 4180 CSV, header row first, UTF-8 when written. */
      csv: string;
    }
  | {
      kind: 'reference';
      sourceName: string;
      /** Absolute path of the data file on this computer. */
      path: string;
      /** "sha256:<hex>" of the file's bytes when it was chosen: a changed file is noticed on open. */
      sha256: string;
      droppedColumns: string[];
    };

export interface ProjectDocument {
  /** Shown in the title bar and used as the suggested file name. */
  name: string;
  /** When the project was first saved (ISO 8601), or null if it never was. */
  created: string | null;
  data: ProjectData | null;
  rulebooks: NamedDocument[];
  /** Scenario documents (their own format carries a `schemaVersion`). */
  scenarios: NamedDocument[];
  mappingTemplates: NamedDocument[];
  /** The summary of the last run (never raw draws), or null. */
  results: JsonObject | null;
}

/** What a recovery file carries besides the project: where the work belonged and when it was written. */
export interface RecoveryInfo {
  /** The project file the unsaved work belongs to, or null for a project never saved. */
  path: string | null;
  writtenAt: string;
}

/** The `format` value in every manifest: tells a reader this zip is ours. */
export const PROJECT_FORMAT = 'hntm-project';
/** The format this code writes. Every earlier version has a migration in migrations.ts and a fixture in tests. */
export const CURRENT_FORMAT_VERSION = 2;
export const PROJECT_EXTENSION = 'hntm';
export const DEFAULT_PROJECT_NAME = 'Untitled project';

/** Limits that keep a malformed or hostile project from exhausting memory (a zip bomb, a million documents). */
export const PROJECT_LIMITS = {
  /** Largest embedded CSV, in characters (V8's string limit is about 512 M). */
  csvChars: 400_000_000,
  /** Largest JSON document (rulebook, scenario, mapping template, results), as JSON text. */
  documentChars: 20_000_000,
  documentsPerKind: 500,
  nameChars: 200,
  pathChars: 4096,
  columns: 2000,
  columnNameChars: 500,
  jsonDepth: 64,
  /** Entries in the zip and their total uncompressed size. */
  zipEntries: 2000,
  zipBytes: 1_200_000_000,
} as const;

/** An empty project, as File › New makes it. */
export function emptyProject(name: string = DEFAULT_PROJECT_NAME): ProjectDocument {
  return { name, created: null, data: null, rulebooks: [], scenarios: [], mappingTemplates: [], results: null };
}
