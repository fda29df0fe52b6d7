/**
 * Checks a project that arrives from elsewhere (over IPC, from a file) and rebuilds it from known fields only, so
 * nothing unexpected rides along into a save, a backup or a recovery file: an extra property is dropped, and the
 * embedded CSV keeps exactly its declared columns minus any dropped one (DESIGN §7: dropped columns are never
 * written anywhere).
 */
import { csvShape, selectCsvColumns } from './csv';
import { PROJECT_LIMITS, type JsonObject, type JsonValue, type NamedDocument, type ProjectData, type ProjectDocument } from './types';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const bad = <T>(message: string): Checked<T> => ({ ok: false, message });
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/**
 * A deep copy of `value` if it is plain JSON (objects, arrays, strings, finite numbers, booleans, null) no deeper
 * than the limit; otherwise why not, naming where (`where` is a path like "scenarios[2].document").
 * @example toJson({a: [1, 'x']}, 'doc') // {ok: true, value: {a: [1, 'x']}}
 * @example toJson({a: NaN}, 'doc') // {ok: false, message: 'doc.a: NaN is not a JSON number'}
 */
export function toJson(value: unknown, where: string, depth = 0): Checked<JsonValue> {
  if (depth > PROJECT_LIMITS.jsonDepth) return bad(`${where}: nested more than ${PROJECT_LIMITS.jsonDepth} levels deep`);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : bad(`${where}: ${value} is not a JSON number`);
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++) {
      const r = toJson(value[i], `${where}[${i}]`, depth + 1);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (isRecord(value) && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const r = toJson(value[key], `${where}.${key}`, depth + 1);
      if (!r.ok) return r;
      // defineProperty, not assignment: a key named "__proto__" stays a plain key.
      Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true });
    }
    return { ok: true, value: out };
  }
  return bad(`${where}: ${value === undefined ? 'undefined' : typeof value} is not JSON`);
}

function checkObject(value: unknown, where: string): Checked<JsonObject> {
  if (!isRecord(value)) return bad(`${where} must be a JSON object`);
  const r = toJson(value, where);
  if (!r.ok) return r;
  if (JSON.stringify(r.value).length > PROJECT_LIMITS.documentChars) return bad(`${where} is larger than ${PROJECT_LIMITS.documentChars / 1e6} million characters`);
  return { ok: true, value: r.value as JsonObject };
}

function checkNamedDocuments(value: unknown, kind: string, options: { schemaVersion: boolean }): Checked<NamedDocument[]> {
  if (!Array.isArray(value)) return bad(`${kind} must be a list`);
  if (value.length > PROJECT_LIMITS.documentsPerKind) return bad(`${kind}: at most ${PROJECT_LIMITS.documentsPerKind} documents`);
  const out: NamedDocument[] = [];
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as unknown;
    const where = `${kind}[${i}]`;
    if (!isRecord(item)) return bad(`${where} must be an object with a name and a document`);
    if (!isText(item.name, PROJECT_LIMITS.nameChars) || item.name.trim() === '') return bad(`${where}.name must be text of 1 to ${PROJECT_LIMITS.nameChars} characters`);
    const doc = checkObject(item.document, `${where}.document`);
    if (!doc.ok) return doc;
    if (options.schemaVersion) {
      const v = doc.value.schemaVersion;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return bad(`${where} ("${item.name}"): a scenario document needs a whole-number schemaVersion of at least 1`);
    }
    out.push({ name: item.name, document: doc.value });
  }
  return { ok: true, value: out };
}

function checkColumnNames(value: unknown, where: string): Checked<string[]> {
  if (!Array.isArray(value) || value.length > PROJECT_LIMITS.columns) return bad(`${where} must be a list of at most ${PROJECT_LIMITS.columns} column names`);
  if (!value.every((c) => isText(c, PROJECT_LIMITS.columnNameChars))) return bad(`${where} must hold column names (text)`);
  return { ok: true, value: [...(value as string[])] };
}

/**
 * The embedded CSV with exactly the kept columns: `columns` minus `droppedColumns`, in order. The text is used as
 * it is when its header and every row already match (the usual case, checked without building cells); otherwise
 * it is rewritten with only those columns, so a column or cell that should not be there never reaches a file.
 * @example keptCsv('id,upn\nP1,A1\n', ['id', 'upn'], ['upn']) // {csv: 'id\nP1\n', columns: ['id']}
 */
export function keptCsv(csv: string, columns: readonly string[], droppedColumns: readonly string[]): { csv: string; columns: string[] } {
  const dropped = new Set(droppedColumns);
  const keep = columns.filter((c) => !dropped.has(c));
  const shape = csvShape(csv);
  const same = shape.regular && shape.header.length === keep.length && shape.header.every((h, k) => h === keep[k]);
  return { csv: same ? csv : selectCsvColumns(csv, keep), columns: keep };
}

function checkData(value: unknown): Checked<ProjectData | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isRecord(value)) return bad('data must be an object or null');
  if (!isText(value.sourceName, PROJECT_LIMITS.nameChars * 2)) return bad('data.sourceName must be the name of the file the data came from');
  const sourceName = value.sourceName.split(/[/\\]/).pop() ?? '';
  const dropped = checkColumnNames(value.droppedColumns ?? [], 'data.droppedColumns');
  if (!dropped.ok) return dropped;
  if (value.kind === 'embedded') {
    const columns = checkColumnNames(value.columns, 'data.columns');
    if (!columns.ok) return columns;
    if (typeof value.csv !== 'string') return bad('data.csv must be CSV text');
    if (value.csv.length > PROJECT_LIMITS.csvChars) return bad(`the embedded data is larger than ${PROJECT_LIMITS.csvChars / 1e6} million characters; keep it as a reference to its file instead`);
    const kept = keptCsv(value.csv, columns.value, dropped.value);
    return { ok: true, value: { kind: 'embedded', sourceName, columns: kept.columns, droppedColumns: dropped.value, csv: kept.csv } };
  }
  if (value.kind === 'reference') {
    if (!isText(value.path, PROJECT_LIMITS.pathChars) || value.path === '' || value.path.includes('\0')) return bad('data.path must be the path of the data file');
    if (typeof value.sha256 !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(value.sha256)) return bad('data.sha256 must be "sha256:" and 64 hexadecimal digits');
    return { ok: true, value: { kind: 'reference', sourceName, path: value.path, sha256: value.sha256, droppedColumns: dropped.value } };
  }
  return bad('data.kind must be "embedded" or "reference"');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Checks a project and rebuilds it from its known fields. Never throws.
 * @example checkProject(emptyProject()) // {ok: true, value: {name: 'Untitled project', …}}
 * @example checkProject({name: 3}) // {ok: false, message: 'name must be text of 1 to 200 characters'}
 */
export function checkProject(value: unknown): Checked<ProjectDocument> {
  try {
    if (!isRecord(value)) return bad('a project must be an object');
    if (!isText(value.name, PROJECT_LIMITS.nameChars) || value.name.trim() === '') return bad(`name must be text of 1 to ${PROJECT_LIMITS.nameChars} characters`);
    const created = value.created ?? null;
    if (created !== null && !(typeof created === 'string' && ISO_DATE.test(created))) return bad('created must be an ISO 8601 UTC time or null');
    const data = checkData(value.data);
    if (!data.ok) return data;
    const rulebooks = checkNamedDocuments(value.rulebooks ?? [], 'rulebooks', { schemaVersion: false });
    if (!rulebooks.ok) return rulebooks;
    const scenarios = checkNamedDocuments(value.scenarios ?? [], 'scenarios', { schemaVersion: true });
    if (!scenarios.ok) return scenarios;
    const mappingTemplates = checkNamedDocuments(value.mappingTemplates ?? [], 'mappingTemplates', { schemaVersion: false });
    if (!mappingTemplates.ok) return mappingTemplates;
    let results: JsonObject | null = null;
    if (value.results !== null && value.results !== undefined) {
      const r = checkObject(value.results, 'results');
      if (!r.ok) return r;
      results = r.value;
    }
    return {
      ok: true,
      value: { name: value.name, created, data: data.value, rulebooks: rulebooks.value, scenarios: scenarios.value, mappingTemplates: mappingTemplates.value, results },
    };
  } catch (e) {
    // A getter that throws, a revoked proxy: whatever it was, it is not a project.
    return bad(`the project could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}
