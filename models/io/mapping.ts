/** Column mapping: which sheet column gives which placement field — found from header names and council synonyms, editable, and saved as named templates (plain JSON). */
import { PLACEMENT_FIELDS, type PlacementField } from '../data/table';
import { labelKey } from '../vocab/aliases';
import { governanceOf, settingOf } from '../vocab/settings';
import { cleanText, columnLetter, displayCell, isFault, type SheetCell } from './import-values';

/**
 * Header texts councils use for each field, beyond PLACEMENT_FIELDS' own aliases (case, spaces and punctuation are
 * ignored, so "Annual cost (£)" is "annual cost"). Weekly or monthly amounts are deliberately absent: they are not
 * annual costs.
 */
export const HEADER_SYNONYMS: Readonly<Partial<Record<PlacementField, readonly string[]>>> = {
  placement_id: ['child id', 'child ref', 'child reference', 'pupil id', 'case id', 'case ref', 'case number', 'ref', 'ref no', 'reference number', 'record id', 'unique id', 'unique ref', 'ehcp id', 'ehcp ref', 'ehcp reference', 'ehc plan id', 'mosaic id', 'person id', 'client id', 'id number', 'placement reference', 'placement number', 'row id'],
  la_code: ['la number', 'la no', 'la code dfe', 'home la', 'responsible la', 'la name', 'local authority code', 'local authority name', 'authority', 'council', 'new la code', 'la_code'],
  setting: ['provision type', 'type of provision', 'placement', 'placement category', 'establishment type', 'type of establishment', 'provision', 'provision category', 'type of school', 'school category', 'setting', 'setting category', 'sector and setting'],
  age: ['age at 31 august', 'age at 31/08', 'age 31 aug', 'age at 31st august', 'age at january census', 'age at census date', 'current age', 'age years', 'age (years)'],
  ncy: ['ncy', 'year group', 'nc year group', 'school year', 'yr group', 'curriculum year', 'academic year group', 'national curriculum year group'],
  primary_need: ['primary sen need', 'primary sen type', 'type of need', 'sen type', 'main need', 'send need', 'need category', 'primary need code', 'primary need type', 'need type', 'primary send need', 'primary sen'],
  annual_cost: ['total cost', 'annual fee', 'annual fees', 'total annual cost', 'cost per annum', 'yearly cost', 'full year cost', 'fye cost', 'full year effect', 'annual amount', 'cost pa', 'placement cost', 'total placement cost', 'annual placement cost', 'annual cost of placement', 'gross annual cost', 'total annual fee', 'total cost per year', 'cost per year'],
  provider_id: ['provider id', 'provider urn', 'school urn', 'establishment urn', 'laestab', 'dfe number', 'school id', 'provider code', 'setting urn', 'setting id', 'establishment number'],
  provider_name: ['establishment', 'establishment name', 'setting name', 'placement name', 'provision name', 'name of school', 'name of provider', 'name of setting', 'school or setting', 'school provider'],
  band: ['band level', 'top up band', 'matrix band', 'banding level', 'funding level', 'need band'],
  place_funding: ['place value', 'place funding amount', 'e2', 'element 2 funding'],
  top_up: ['top up funding', 'top up amount', 'e3', 'element 3 funding', 'top up value'],
  count: ['no of placements', 'number of placements', 'number of children', 'no of children'],
  need_score: ['matrix score', 'needs score'],
  residential: ['weeks per year', 'weeks pa', 'boarding weeks', 'residential weeks per year', 'residential'],
  ap_tier: ['ap tier level'],
  governance: ['governance', 'maintained or academy', 'academy status', 'school status'],
};

/** Headers that could name more than one field: the column's values decide (see resolveAmbiguous). */
export const AMBIGUOUS_HEADERS: Readonly<Record<string, readonly PlacementField[]>> = {
  [labelKey('school type')]: ['setting', 'governance'],
  [labelKey('type')]: ['setting', 'governance'],
  [labelKey('type of school or setting')]: ['setting', 'governance'],
};

/** How a header was matched, best first. */
export type MatchHow = 'field name' | 'alias' | 'synonym' | 'relaxed' | 'content' | 'mapping';
const QUALITY: Record<MatchHow, number> = { mapping: 5, 'field name': 4, alias: 3, synonym: 2, relaxed: 1, content: 1 };

const HEADER_INDEX: ReadonlyMap<string, { field: PlacementField; how: MatchHow }> = (() => {
  const map = new Map<string, { field: PlacementField; how: MatchHow }>();
  const add = (label: string, field: PlacementField, how: MatchHow): void => {
    const key = labelKey(label);
    if (key === '' || key in AMBIGUOUS_HEADERS) return;
    const existing = map.get(key);
    if (existing && existing.field !== field && QUALITY[existing.how] >= QUALITY[how]) {
      if (QUALITY[existing.how] === QUALITY[how]) throw new Error(`Header synonym conflict: "${label}" would mean both ${existing.field} and ${field}.`);
      return;
    }
    if (!existing || QUALITY[how] > QUALITY[existing.how]) map.set(key, { field, how });
  };
  for (const f of PLACEMENT_FIELDS) add(f.name, f.name, 'field name');
  for (const f of PLACEMENT_FIELDS) for (const a of f.aliases) add(a, f.name, 'alias');
  for (const [field, labels] of Object.entries(HEADER_SYNONYMS) as Array<[PlacementField, readonly string[]]>) for (const l of labels) add(l, field, 'synonym');
  return map;
})();

/** Years ("2024-25", "2025/26"), currency and "per annum" words that decorate a header without changing its meaning. */
const DECORATION = /\b(?:19|20)\d{2}(?:\s*[-/–]\s*(?:19|20)?\d{2})?\b|\bfy\b|£|\bgbp\b|\bp\.?\s?a\.?(?=\s|$|\))|\bper annum\b|\b(?:in|excl?|incl?)\.?\s+vat\b|\bvat\b/gi;

/**
 * The field a header names, and how: exact field names first, then PLACEMENT_FIELDS' aliases, then council synonyms,
 * then the same after dropping years and currency words ("Cost 2024-25 (£)" is "cost"). 'ambiguous' when the header
 * could mean more than one field; null when it names none.
 * @example matchHeader('Annual cost (£)') // {field: 'annual_cost', how: 'alias'}
 * @example matchHeader('Total cost 2024-25') // {field: 'annual_cost', how: 'relaxed'}
 * @example matchHeader('School type') // 'ambiguous'
 */
export function matchHeader(header: string): { field: PlacementField; how: MatchHow } | 'ambiguous' | null {
  const key = labelKey(header);
  if (key === '') return null;
  if (key in AMBIGUOUS_HEADERS) return 'ambiguous';
  const exact = HEADER_INDEX.get(key);
  if (exact) return exact;
  const relaxedKey = labelKey(header.replace(DECORATION, ' '));
  if (relaxedKey !== '' && relaxedKey !== key) {
    if (relaxedKey in AMBIGUOUS_HEADERS) return 'ambiguous';
    const relaxed = HEADER_INDEX.get(relaxedKey);
    if (relaxed) return { field: relaxed.field, how: 'relaxed' };
  }
  return null;
}

/**
 * The text of a header cell as a user reads it: whitespace (including line breaks inside the cell) collapsed.
 * @example headerText('Annual cost\n(£)') // 'Annual cost (£)'
 */
export function headerText(cell: SheetCell | undefined): string {
  if (cell === undefined || cell === null) return '';
  const s = isFault(cell) ? cell.text : displayCell(cell);
  return cleanText(s).replace(/\s+/g, ' ');
}

/**
 * A saved mapping: which header gives each field. Plain JSON, so it can be kept in a file and edited by hand.
 * `fields[f]` is the header text (matched ignoring case, spaces and punctuation); null means "do not read this field
 * even if a header matches"; a field left out is matched automatically.
 */
export interface MappingTemplate {
  name: string;
  fields: Partial<Record<PlacementField, string | null>>;
  /** Header texts of columns to drop (never kept or written), e.g. personal data the guard did not spot. */
  drop?: string[];
  /** Header texts of columns flagged as personal data that are nevertheless needed (e.g. a UPN used as the id). */
  keep?: string[];
  /** Spreadsheet row of the header, when it cannot be found automatically. */
  headerRow?: number;
  /** Worksheet to read when the workbook has it (otherwise the sheet is chosen as usual). */
  sheet?: string;
  /** Free text: who made it and for which files. */
  note?: string;
}

/** One column of the sheet as the importer mapped it. */
export interface MappedColumn {
  /** 0-based index. */
  index: number;
  /** Spreadsheet letter. */
  letter: string;
  /** Header text as written ('' when blank). */
  header: string;
  /** A unique name for the column in messages and exports: the header, or "(column F)" when blank, or "Cost (column F)" when repeated. */
  key: string;
  field: PlacementField | null;
  how: MatchHow | null;
  /** The letter of the column whose header cell this one is merged into. */
  mergedInto?: string;
  /** True when the column is dropped: never kept, exported or quoted. */
  dropped: boolean;
}

/** A header-level finding of the mapper. */
export interface MappingFinding {
  severity: 'error' | 'warning';
  column: string;
  rule: string;
  message: string;
}

/**
 * Scores a row as a header: how many different fields its cells name. The header is the first row that names at
 * least three (see findHeaderRow).
 * @example headerScore(['Ref', 'Setting', 'Need', 'Cost']) // 4
 */
export function headerScore(cells: readonly SheetCell[], template?: MappingTemplate): number {
  const fields = new Set<string>();
  const wanted = template ? new Map(Object.entries(template.fields).filter((e): e is [string, string] => typeof e[1] === 'string').map(([f, h]) => [labelKey(h), f])) : null;
  for (const cell of cells) {
    if (typeof cell !== 'string') continue;
    const text = headerText(cell);
    const fromTemplate = wanted?.get(labelKey(text));
    if (fromTemplate) {
      fields.add(fromTemplate);
      continue;
    }
    const m = matchHeader(text);
    if (m === 'ambiguous') fields.add(`?${labelKey(text)}`);
    else if (m) fields.add(m.field);
  }
  return fields.size;
}

/** Fewest fields a row must name to be taken as the header without doubt. */
export const HEADER_MIN_FIELDS = 3;

/**
 * Maps the header row's columns to fields: a template's choices first, then names and synonyms (the best match wins
 * when two columns name the same field; the other is ignored with a warning), then ambiguous headers by their
 * values. Merged header cells: a blank cell merged into a cell to its left is marked as part of it.
 * @example
 * mapColumns(['Ref', 'LA', 'Provision type', 'Age', 'Primary need', 'Annual cost (£)'], []).columns.map((c) => c.field)
 * // ['placement_id', 'la_code', 'setting', 'age', 'primary_need', 'annual_cost']
 */
export function mapColumns(
  headerCells: readonly SheetCell[],
  sample: ReadonlyArray<readonly SheetCell[]>,
  options: { template?: MappingTemplate; mergedInto?: ReadonlyMap<number, number>; width?: number; letters?: (i: number) => string } = {},
): { columns: MappedColumn[]; findings: MappingFinding[] } {
  const letters = options.letters ?? columnLetter;
  const width = Math.max(headerCells.length, options.width ?? 0);
  const findings: MappingFinding[] = [];
  const columns: MappedColumn[] = [];
  for (let i = 0; i < width; i++) {
    const header = headerText(headerCells[i]);
    columns.push({ index: i, letter: letters(i), header, key: header, field: null, how: null, dropped: false });
  }
  // Unique keys: repeated or blank headers get their column letter.
  const used = new Set<string>();
  for (const c of columns) {
    let key = c.header === '' ? `(column ${c.letter})` : c.header;
    if (used.has(key)) key = `${c.header} (column ${c.letter})`;
    used.add(key);
    c.key = key;
  }
  const merged = options.mergedInto ?? new Map<number, number>();
  for (const [slave, master] of merged) {
    const col = columns[slave];
    if (col && col.header === '') col.mergedInto = letters(master);
  }

  const template = options.template;
  const dropKeys = new Set((template?.drop ?? []).map(labelKey));
  for (const c of columns) if (c.header !== '' && dropKeys.has(labelKey(c.header))) c.dropped = true;

  const owner = new Map<PlacementField, MappedColumn>();
  const assign = (c: MappedColumn, field: PlacementField, how: MatchHow): void => {
    const current = owner.get(field);
    if (current && QUALITY[current.how ?? 'relaxed'] >= QUALITY[how]) {
      findings.push({ severity: 'warning', column: c.key, rule: 'duplicate-column', message: `is read as ${field}, which column ${current.letter} "${current.header}" already gives, so it is ignored` });
      return;
    }
    if (current) {
      findings.push({ severity: 'warning', column: current.key, rule: 'duplicate-column', message: `is read as ${field}, which column ${c.letter} "${c.header}" gives by a closer name, so it is ignored` });
      current.field = null;
      current.how = null;
    }
    c.field = field;
    c.how = how;
    owner.set(field, c);
  };

  // 1. The template's choices.
  const banned = new Set<PlacementField>();
  if (template) {
    for (const [field, header] of Object.entries(template.fields) as Array<[PlacementField, string | null | undefined]>) {
      if (header === null) {
        banned.add(field);
        continue;
      }
      if (typeof header !== 'string') continue;
      const col = columns.find((c) => !c.dropped && c.field === null && labelKey(c.header) === labelKey(header));
      if (col) assign(col, field, 'mapping');
      else findings.push({ severity: 'error', column: field, rule: 'mapping-column-missing', message: `the mapping "${template.name}" reads ${field} from a column "${header}", but the header row has no such column` });
    }
  }
  // 2. Names and synonyms.
  const ambiguous: MappedColumn[] = [];
  for (const c of columns) {
    if (c.dropped || c.field !== null || c.header === '') continue;
    const m = matchHeader(c.header);
    if (m === 'ambiguous') ambiguous.push(c);
    else if (m && !banned.has(m.field)) assign(c, m.field, m.how);
  }
  // 3. Ambiguous headers ("School type"): the field most of the column's values belong to, if that field is free.
  for (const c of ambiguous) {
    const field = resolveAmbiguous(c, sample);
    const candidates = AMBIGUOUS_HEADERS[labelKey(c.header)] ?? AMBIGUOUS_HEADERS[labelKey(c.header.replace(DECORATION, ' '))] ?? [];
    if (field && !owner.has(field) && !banned.has(field)) assign(c, field, 'content');
    else
      findings.push({
        severity: 'warning',
        column: c.key,
        rule: 'ambiguous-column',
        message: `could mean ${candidates.join(' or ')}, and its values do not settle which${field && owner.has(field) ? ` (they look like ${field}, which column ${owner.get(field)?.letter} already gives)` : ''}, so it is ignored: name it in a mapping to read it`,
      });
  }
  return { columns, findings };
}

/** For an ambiguous header: setting when most values are settings, governance when most are la_maintained/academy. */
function resolveAmbiguous(c: MappedColumn, sample: ReadonlyArray<readonly SheetCell[]>): PlacementField | null {
  let settings = 0;
  let governances = 0;
  let n = 0;
  for (const row of sample) {
    const v = row[c.index];
    if (typeof v !== 'string' || cleanText(v) === '') continue;
    n++;
    if (settingOf(v) !== null) settings++;
    if (governanceOf(v) !== null) governances++;
  }
  if (n === 0) return null;
  if (settings >= 0.8 * n && settings > governances) return 'setting';
  if (governances >= 0.8 * n && governances > settings) return 'governance';
  return null;
}

/**
 * The mapping actually used, as a template that can be saved and applied to next month's file.
 * @example templateFromColumns('Camden monthly', columns) // {name: 'Camden monthly', fields: {placement_id: 'Child ref', …}, drop: ['Pupil name']}
 */
export function templateFromColumns(name: string, columns: readonly MappedColumn[], extra: Partial<MappingTemplate> = {}): MappingTemplate {
  const fields: MappingTemplate['fields'] = {};
  for (const c of columns) if (c.field && c.header !== '') fields[c.field] = c.header;
  const drop = columns.filter((c) => c.dropped && c.header !== '').map((c) => c.header);
  const t: MappingTemplate = { name, fields };
  if (drop.length) t.drop = drop;
  return { ...t, ...extra, name, fields };
}

const FIELD_NAMES = new Set<string>(PLACEMENT_FIELDS.map((f) => f.name));

/**
 * Checks a parsed JSON value as a mapping template and returns it, or the problems (each a plain sentence).
 * @example parseMappingTemplate({name: 'x', fields: {annual_cost: 'Fee'}}) // {template: {name: 'x', fields: {annual_cost: 'Fee'}}, problems: []}
 */
export function parseMappingTemplate(json: unknown, fallbackName = 'mapping'): { template: MappingTemplate | null; problems: string[] } {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { template: null, problems: ['a mapping must be an object with "fields"'] };
  const o = json as Record<string, unknown>;
  const name = typeof o.name === 'string' && o.name.trim() !== '' ? o.name : fallbackName;
  const fields: MappingTemplate['fields'] = {};
  if (typeof o.fields !== 'object' || o.fields === null || Array.isArray(o.fields)) problems.push(`mapping "${name}": "fields" must be an object of field → header text`);
  else {
    for (const [k, v] of Object.entries(o.fields as Record<string, unknown>)) {
      if (!FIELD_NAMES.has(k)) problems.push(`mapping "${name}": "${k}" is not a placement field (fields are ${[...FIELD_NAMES].join(', ')})`);
      else if (v !== null && typeof v !== 'string') problems.push(`mapping "${name}": fields.${k} must be header text or null`);
      else fields[k as PlacementField] = v;
    }
  }
  const list = (key: 'drop' | 'keep'): string[] | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      problems.push(`mapping "${name}": "${key}" must be a list of header texts`);
      return undefined;
    }
    return v as string[];
  };
  const t: MappingTemplate = { name, fields };
  const drop = list('drop');
  const keep = list('keep');
  if (drop) t.drop = drop;
  if (keep) t.keep = keep;
  if (o.headerRow !== undefined) {
    if (typeof o.headerRow === 'number' && Number.isInteger(o.headerRow) && o.headerRow >= 1) t.headerRow = o.headerRow;
    else problems.push(`mapping "${name}": "headerRow" must be a row number (1 or more)`);
  }
  if (o.sheet !== undefined) {
    if (typeof o.sheet === 'string') t.sheet = o.sheet;
    else problems.push(`mapping "${name}": "sheet" must be a sheet name`);
  }
  if (typeof o.note === 'string') t.note = o.note;
  return { template: problems.length ? null : t, problems };
}

/** A file of named mapping templates: `{"templates": {"NAME": {fields: …}, …}}`. */
export interface MappingFile {
  templates: Record<string, MappingTemplate>;
}

/**
 * Reads a mapping file (already parsed from JSON): its named templates, or the problems.
 * @example parseMappingFile({templates: {'Camden monthly': {fields: {annual_cost: 'Fee'}}}}).templates['Camden monthly'].name // 'Camden monthly'
 */
export function parseMappingFile(json: unknown): { templates: Record<string, MappingTemplate>; problems: string[] } {
  const problems: string[] = [];
  const templates: Record<string, MappingTemplate> = {};
  const o = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  const t = o?.templates;
  if (!o || typeof t !== 'object' || t === null || Array.isArray(t)) return { templates, problems: ['a mapping file must be {"templates": {"NAME": {"fields": {…}}}}'] };
  for (const [name, value] of Object.entries(t as Record<string, unknown>)) {
    const parsed = parseMappingTemplate(typeof value === 'object' && value !== null ? { ...(value as object), name } : value, name);
    problems.push(...parsed.problems);
    if (parsed.template) templates[name] = parsed.template;
  }
  return { templates, problems };
}

/**
 * Adds or replaces a template in a mapping file, returning the new file (the input is not changed).
 * @example withTemplate({templates: {}}, template).templates[template.name] === template // true
 */
export function withTemplate(file: MappingFile, template: MappingTemplate): MappingFile {
  return { templates: { ...file.templates, [template.name]: template } };
}
