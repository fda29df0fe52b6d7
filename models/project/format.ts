/**
 * The .hntm project file: a zip of JSON and CSV (fflate, pure, so the Electron main process and the browser build
 * write the same bytes). encodeProject writes the current format; decodeProject reads any version up to it,
 * migrating older ones, and refuses a newer one with a message that says so.
 *
 * Format 2 (current):
 *   manifest.json              format, formatVersion, app {name, version}, created, modified, name, and an index:
 *                              data {kind, file | path, sourceName, columns, droppedColumns, rows, sha256} | null,
 *                              rulebooks / scenarios / mappingTemplates [{name, file, sha256}], results {file, sha256} | null
 *   data/placements.csv        the kept columns of the placement data (when embedded)
 *   rulebooks/NN-<name>.json   one JSON document each, in order
 *   scenarios/NN-<name>.json
 *   mappings/NN-<name>.json
 *   results/summary.json       the last results summary
 *   recovery.json              recovery files only: {path, writtenAt}
 *   README.txt                 what the above are, for someone who unzips the file
 */
import { strFromU8, strToU8, unzipSync, zip, zipSync, type Zippable } from 'fflate';
import { sha256 as pureSha256 } from '../io/hash';
import { csvShape } from './csv';
import { DATA_ENTRY, documentFileName, MANIFEST_ENTRY, README_ENTRY, RECOVERY_ENTRY, RESULTS_ENTRY, type DocumentFolder } from './layout';
import { MIGRATIONS, MigrationError, type Entries } from './migrations';
import { CURRENT_FORMAT_VERSION, PROJECT_FORMAT, PROJECT_LIMITS, type NamedDocument, type ProjectDocument, type RecoveryInfo } from './types';
import { checkProject } from './validate';

const APP_NAME = 'High Needs Tariff Modeller';

/** What manifest.json says about the file itself (the index of entries is read into the ProjectDocument). */
export interface ManifestSummary {
  formatVersion: number;
  appVersion: string;
  created: string;
  modified: string;
}

export interface EncodeOptions {
  /** The version of the app writing the file. */
  appVersion: string;
  /** The save time: `modified`, and `created` when the project has none yet; also every entry's zip time. */
  now: Date;
  /** Deflate level: 6 for saves, 1 for autosaves (speed over size). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** Makes this a recovery file. */
  recovery?: RecoveryInfo;
  /** "sha256:<hex>" of some bytes; Electron passes Node's native one, the default is the pure one. */
  hash?: (bytes: Uint8Array) => string;
}

export type EncodeResult = { ok: true; bytes: Uint8Array; project: ProjectDocument; manifest: ManifestSummary } | { ok: false; message: string };

export type DecodeFailure = 'not-a-project' | 'newer-version' | 'corrupt';

export type DecodeResult =
  | {
      ok: true;
      project: ProjectDocument;
      manifest: ManifestSummary;
      /** The version the file was written in when it was migrated on the way in, else null. */
      migratedFrom: number | null;
      /** Things the user should know that did not stop the open (a changed entry, an unknown file inside). */
      warnings: string[];
      recovery: RecoveryInfo | null;
    }
  | { ok: false; reason: DecodeFailure; message: string; formatVersion?: number };

const README = `High Needs Tariff Modeller project (.hntm)

This file is a zip. manifest.json says which version of the format it is and lists the other files:
data/placements.csv (the placement data, only the columns kept on import), rulebooks/, scenarios/ and mappings/
(one JSON document each), results/summary.json (the last results). Edit with care: the app checks each file's
sha256 from the manifest and warns when one was changed outside the app.
`;

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2) + '\n');

type LaidOut = { ok: true; files: Zippable; project: ProjectDocument; manifest: ManifestSummary } | { ok: false; message: string };

/** Checks the project and lays out every entry of the zip (manifest first), without compressing anything yet. */
function projectEntries(input: ProjectDocument, options: EncodeOptions): LaidOut {
  const checked = checkProject(input);
  if (!checked.ok) return { ok: false, message: `The project cannot be saved: ${checked.message}.` };
  const project = checked.value;
  const hash = options.hash ?? pureSha256;
  const modified = options.now.toISOString();
  const created = project.created ?? modified;
  const files: Zippable = {};
  const add = (name: string, bytes: Uint8Array): string => {
    files[name] = bytes;
    return hash(bytes);
  };

  let data: Record<string, unknown> | null = null;
  if (project.data?.kind === 'embedded') {
    const bytes = strToU8(project.data.csv);
    const rows = csvShape(project.data.csv).rows;
    data = { kind: 'embedded', file: DATA_ENTRY, sourceName: project.data.sourceName, columns: project.data.columns, droppedColumns: project.data.droppedColumns, rows, sha256: add(DATA_ENTRY, bytes) };
  } else if (project.data?.kind === 'reference') {
    const d = project.data;
    data = { kind: 'reference', path: d.path, sourceName: d.sourceName, sha256: d.sha256, droppedColumns: d.droppedColumns };
  }
  const index = (folder: DocumentFolder, docs: NamedDocument[]) =>
    docs.map((d, i) => {
      const file = documentFileName(folder, i, d.name);
      return { name: d.name, file, sha256: add(file, json(d.document)) };
    });
  const rulebooks = index('rulebooks', project.rulebooks);
  const scenarios = index('scenarios', project.scenarios);
  const mappingTemplates = index('mappings', project.mappingTemplates);
  const results = project.results ? { file: RESULTS_ENTRY, sha256: add(RESULTS_ENTRY, json(project.results)) } : null;
  if (options.recovery) files[RECOVERY_ENTRY] = json({ path: options.recovery.path, writtenAt: options.recovery.writtenAt });
  files[README_ENTRY] = strToU8(README);
  const manifest = { format: PROJECT_FORMAT, formatVersion: CURRENT_FORMAT_VERSION, app: { name: APP_NAME, version: options.appVersion }, created, modified, name: project.name, data, rulebooks, scenarios, mappingTemplates, results };
  // The manifest goes first so a reader (or a person listing the zip) meets it before anything else.
  return {
    ok: true,
    files: { [MANIFEST_ENTRY]: json(manifest), ...files },
    project: { ...project, created },
    manifest: { formatVersion: CURRENT_FORMAT_VERSION, appVersion: options.appVersion, created, modified },
  };
}

const compressFailed = (e: unknown): EncodeResult => ({ ok: false, message: `The project could not be compressed: ${e instanceof Error ? e.message : String(e)}.` });

/**
 * Writes a project as format CURRENT_FORMAT_VERSION. The project is checked and rebuilt first (checkProject), so
 * only known fields and kept columns are written. Never throws.
 * @example encodeProject(emptyProject('Barnet 2026'), {appVersion: '0.1.0', now: new Date()}) // {ok: true, bytes, …}
 */
export function encodeProject(input: ProjectDocument, options: EncodeOptions): EncodeResult {
  const entries = projectEntries(input, options);
  if (!entries.ok) return entries;
  try {
    const bytes = zipSync(entries.files, { level: options.level ?? 6, mtime: options.now });
    return { ok: true, bytes, project: entries.project, manifest: entries.manifest };
  } catch (e) {
    return compressFailed(e);
  }
}

/**
 * The same file as encodeProject, compressed off the calling thread (fflate's worker threads in Node), so the
 * Electron main process stays responsive while a national-size embedded table is saved or autosaved. Never rejects.
 * Not for the browser page, whose CSP allows no blob: workers (it uses encodeProject).
 */
export function encodeProjectAsync(input: ProjectDocument, options: EncodeOptions): Promise<EncodeResult> {
  const entries = projectEntries(input, options);
  if (!entries.ok) return Promise.resolve(entries);
  return new Promise((resolve) => {
    try {
      zip(entries.files, { level: options.level ?? 6, mtime: options.now }, (error, bytes) => {
        resolve(error ? compressFailed(error) : { ok: true, bytes, project: entries.project, manifest: entries.manifest });
      });
    } catch (e) {
      resolve(compressFailed(e));
    }
  });
}

class TooLarge extends Error {}

/** Unzips with limits on entry count and total size, so a zip bomb is refused before it is inflated. */
function unzipLimited(bytes: Uint8Array, only?: string): Entries {
  let count = 0;
  let total = 0;
  const unzipped = unzipSync(bytes, {
    filter: (file) => {
      if (only !== undefined && file.name !== only) return false;
      count++;
      total += file.originalSize;
      if (count > PROJECT_LIMITS.zipEntries || total > PROJECT_LIMITS.zipBytes) throw new TooLarge();
      // Folders have no content; everything else is read.
      return !file.name.endsWith('/');
    },
  });
  return new Map(Object.entries(unzipped));
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJsonEntry(entries: Entries, name: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const bytes = entries.get(name);
  if (!bytes) return { ok: false, message: `${name} is missing` };
  try {
    return { ok: true, value: JSON.parse(strFromU8(bytes)) };
  } catch {
    return { ok: false, message: `${name} is not valid JSON` };
  }
}

/** The format version a manifest declares, or null when it declares none that makes sense. */
function versionOf(manifest: unknown): number | null {
  if (!isRecord(manifest)) return null;
  const v = manifest.formatVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

function appVersionOf(manifest: Record<string, unknown>): string {
  if (isRecord(manifest.app) && typeof manifest.app.version === 'string') return manifest.app.version;
  return typeof manifest.appVersion === 'string' ? manifest.appVersion : 'unknown';
}

/**
 * The format version of a .hntm file, read from its manifest alone; null when it is not a project at all. Used
 * before overwriting a file, so a newer version's file is never replaced.
 * @example peekFormatVersion(bytes) // 2
 */
export function peekFormatVersion(bytes: Uint8Array): number | null {
  if (!isZip(bytes)) return null;
  try {
    const manifest = parseJsonEntry(unzipLimited(bytes, MANIFEST_ENTRY), MANIFEST_ENTRY);
    return manifest.ok ? versionOf(manifest.value) : null;
  } catch {
    return null;
  }
}

/** The message for a file written by a newer version: what happened, why, what to do, and that nothing changed. */
export function newerVersionMessage(fileName: string, formatVersion: number, appVersion: string): string {
  const by = appVersion === 'unknown' ? 'a newer version of High Needs Tariff Modeller' : `High Needs Tariff Modeller ${appVersion}`;
  return `${fileName} was saved by ${by} (project format ${formatVersion}). This version reads project formats up to ${CURRENT_FORMAT_VERSION}, so it cannot open it. Install the newer version to work on it; the file has not been changed.`;
}

/**
 * Reads a .hntm file of any format version up to CURRENT_FORMAT_VERSION. Never throws.
 * @example decodeProject(bytes, 'barnet.hntm') // {ok: true, project, migratedFrom: null, warnings: [], …}
 * @example decodeProject(newerBytes, 'x.hntm') // {ok: false, reason: 'newer-version', message: 'x.hntm was saved by …'}
 */
export function decodeProject(bytes: Uint8Array, fileName: string, options: { hash?: (bytes: Uint8Array) => string } = {}): DecodeResult {
  const notProject = (why: string): DecodeResult => ({ ok: false, reason: 'not-a-project', message: `${fileName} is not a High Needs Tariff Modeller project: ${why}.` });
  const corrupt = (why: string, formatVersion?: number): DecodeResult => ({
    ok: false,
    reason: 'corrupt',
    message: `${fileName} is damaged and cannot be opened: ${why}. The file has not been changed; a backup may hold an earlier copy.`,
    ...(formatVersion !== undefined ? { formatVersion } : {}),
  });
  if (!isZip(bytes)) return notProject('it is not a zip file');
  let entries: Entries;
  try {
    entries = unzipLimited(bytes);
  } catch (e) {
    if (e instanceof TooLarge) return corrupt(`it unpacks to more than ${PROJECT_LIMITS.zipEntries} files or ${PROJECT_LIMITS.zipBytes / 1e9} GB`);
    return corrupt(`the zip cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!entries.has(MANIFEST_ENTRY)) return notProject('it has no manifest.json');
  const manifestRead = parseJsonEntry(entries, MANIFEST_ENTRY);
  if (!manifestRead.ok) return corrupt(manifestRead.message);
  const version = versionOf(manifestRead.value);
  if (version === null) return corrupt('manifest.json has no format version');
  const manifest = manifestRead.value as Record<string, unknown>;
  if (version > CURRENT_FORMAT_VERSION) return { ok: false, reason: 'newer-version', formatVersion: version, message: newerVersionMessage(fileName, version, appVersionOf(manifest)) };
  if (version >= 2 && manifest.format !== PROJECT_FORMAT) return notProject(`its manifest says format "${String(manifest.format)}"`);

  const warnings: string[] = [];
  if (version < CURRENT_FORMAT_VERSION) {
    warnings.push(`${fileName} was written in project format ${version}; it has been brought up to format ${CURRENT_FORMAT_VERSION}, which is what the app will save. The original file is unchanged until you save.`);
  }
  for (let v = version; v < CURRENT_FORMAT_VERSION; v++) {
    const migration = MIGRATIONS[v];
    if (!migration) return corrupt(`no migration from format ${v}`, version);
    try {
      entries = migration.migrate(entries);
    } catch (e) {
      if (e instanceof MigrationError) return corrupt(`it says it is format ${version}, but ${e.message}`, version);
      throw e;
    }
  }
  try {
    return readCurrent(entries, fileName, version, warnings, corrupt, options.hash ?? pureSha256);
  } catch (e) {
    return corrupt(e instanceof Error ? e.message : String(e), version);
  }
}

/** Reads a zip already in the current layout. */
function readCurrent(
  entries: Entries,
  fileName: string,
  originalVersion: number,
  warnings: string[],
  corrupt: (why: string, v?: number) => DecodeResult,
  hash: (bytes: Uint8Array) => string,
): DecodeResult {
  const manifestRead = parseJsonEntry(entries, MANIFEST_ENTRY);
  if (!manifestRead.ok || !isRecord(manifestRead.value)) return corrupt('manifest.json is not an object', originalVersion);
  const m = manifestRead.value;
  const known = new Set<string>([MANIFEST_ENTRY, README_ENTRY, RECOVERY_ENTRY]);

  const checkHash = (file: string, bytes: Uint8Array, expected: unknown): void => {
    if (typeof expected === 'string' && expected !== hash(bytes)) warnings.push(`${file} was changed outside the app since it was saved (its checksum differs); it was read as it is now.`);
  };
  const readDocuments = (list: unknown, kind: string): Array<{ name: unknown; document: unknown }> | string => {
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) return `manifest.json ${kind} is not a list`;
    const out: Array<{ name: unknown; document: unknown }> = [];
    for (const item of list as unknown[]) {
      if (!isRecord(item) || typeof item.file !== 'string') return `manifest.json ${kind} has an entry without a file`;
      const bytes = entries.get(item.file);
      if (!bytes) return `${item.file} (listed in manifest.json) is missing`;
      known.add(item.file);
      checkHash(item.file, bytes, item.sha256);
      const parsed = parseJsonEntry(entries, item.file);
      if (!parsed.ok) return parsed.message;
      out.push({ name: item.name, document: parsed.value });
    }
    return out;
  };

  let data: unknown = null;
  if (isRecord(m.data)) {
    const d = m.data;
    if (d.kind === 'embedded') {
      const file = typeof d.file === 'string' ? d.file : DATA_ENTRY;
      const bytes = entries.get(file);
      if (!bytes) return corrupt(`${file} (the embedded data) is missing`, originalVersion);
      known.add(file);
      checkHash(file, bytes, d.sha256);
      data = { kind: 'embedded', sourceName: d.sourceName, columns: d.columns, droppedColumns: d.droppedColumns ?? [], csv: strFromU8(bytes) };
    } else data = { kind: d.kind, sourceName: d.sourceName, path: d.path, sha256: d.sha256, droppedColumns: d.droppedColumns ?? [] };
  } else if (m.data !== null && m.data !== undefined) return corrupt('manifest.json data is not an object', originalVersion);

  const rulebooks = readDocuments(m.rulebooks, 'rulebooks');
  if (typeof rulebooks === 'string') return corrupt(rulebooks, originalVersion);
  const scenarios = readDocuments(m.scenarios, 'scenarios');
  if (typeof scenarios === 'string') return corrupt(scenarios, originalVersion);
  const mappingTemplates = readDocuments(m.mappingTemplates, 'mappingTemplates');
  if (typeof mappingTemplates === 'string') return corrupt(mappingTemplates, originalVersion);

  let results: unknown = null;
  if (isRecord(m.results) && typeof m.results.file === 'string') {
    const bytes = entries.get(m.results.file);
    if (!bytes) return corrupt(`${m.results.file} (the results summary) is missing`, originalVersion);
    known.add(m.results.file);
    checkHash(m.results.file, bytes, m.results.sha256);
    const parsed = parseJsonEntry(entries, m.results.file);
    if (!parsed.ok) return corrupt(parsed.message, originalVersion);
    results = parsed.value;
  }

  const created = typeof m.created === 'string' ? m.created : null;
  const checked = checkProject({ name: m.name, created, data, rulebooks, scenarios, mappingTemplates, results });
  if (!checked.ok) return corrupt(checked.message, originalVersion);

  const unknown = [...entries.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) warnings.push(`${fileName} holds ${unknown.length === 1 ? 'a file' : 'files'} the app does not use (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}); ${unknown.length === 1 ? 'it is' : 'they are'} not kept when the project is saved.`);

  let recovery: RecoveryInfo | null = null;
  if (entries.has(RECOVERY_ENTRY)) {
    const r = parseJsonEntry(entries, RECOVERY_ENTRY);
    if (r.ok && isRecord(r.value) && typeof r.value.writtenAt === 'string') recovery = { path: typeof r.value.path === 'string' ? r.value.path : null, writtenAt: r.value.writtenAt };
  }

  const modified = typeof m.modified === 'string' ? m.modified : (created ?? '');
  return {
    ok: true,
    project: checked.value,
    manifest: { formatVersion: originalVersion, appVersion: appVersionOf(m), created: checked.value.created ?? modified, modified },
    migratedFrom: originalVersion < CURRENT_FORMAT_VERSION ? originalVersion : null,
    warnings,
    recovery,
  };
}
