/**
 * Rulebook ⇄ Excel template: export a rulebook as an editable workbook (About, Parameters, Bands, Tariff,
 * Indexation, Exceptions, Protection) and import an edited one back, checked by loadRulebook and the formula
 * checker, with every problem named by sheet, row and column (DESIGN §6).
 */
import ExcelJS from 'exceljs';
import type { Cell, Worksheet } from 'exceljs';
import type { Rulebook } from '../rules/rulebook';
import { loadRulebook, type RuleIssue } from '../rules/load';
import { checkRulebookFormulas } from '../rules/check';
import type { DataIssue } from '../data/issues';
import { flattenValue } from './results';
import { columnLetter } from './workbook-layout';

export const TEMPLATE_SHEETS = ['About', 'Parameters', 'Bands', 'Tariff', 'Indexation', 'Exceptions', 'Protection'] as const;

/** Column headers of each list sheet (their text is what messages name). */
export const TEMPLATE_COLUMNS = {
  About: ['field', 'value', 'notes'],
  Parameters: ['name', 'label', 'unit', 'keys', 'description', 'from', /* one column per key field */ 'value', 'source', 'note'],
  Bands: ['id', 'label', 'descriptor', 'when', 'min', 'max', 'closed'],
  Tariff: ['field', 'value', 'notes'],
  Indexation: ['name', 'label', 'baseYear', 'rate'],
  Exceptions: ['id', 'label', 'when', 'action', 'amount'],
  Protection: ['field', 'value', 'notes'],
} as const;

const ABOUT_FIELDS: Array<[string, string]> = [
  ['schemaVersion', 'Rulebook format version (keep as it is).'],
  ['id', 'Short identifier: letters, digits, - and _.'],
  ['name', 'The name shown in the app and on every output.'],
  ['description', 'What the rulebook models and where its figures come from.'],
  ['illustrative', 'TRUE when the values are not official: every output then says so.'],
  ['bands method', 'rules (ordered "when" formulas, first match wins), shadow (bands by current cost: min, max, closed) or data (the data\'s band column).'],
];

const HEADER_STYLE = { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FF1F4E78' } } };

/**
 * Writes a rulebook as an Excel template, one dated value (and key combination) per Parameters row.
 * @example const bytes = await rulebookToTemplate(rulebook); // save as national-bands.xlsx, edit, import back
 */
export async function rulebookToTemplate(rulebook: Rulebook): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'High Needs Tariff Modeller';
  const sheet = (name: string, widths: number[]): Worksheet => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    widths.forEach((w, k) => {
      ws.getColumn(k + 1).width = w;
    });
    return ws;
  };
  const table = (ws: Worksheet, name: string, headers: string[], rows: unknown[][]) => {
    if (rows.length === 0) {
      ws.addRow(headers);
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
    } else {
      ws.addTable({ name, ref: 'A1', headerRow: true, style: { theme: 'TableStyleLight9', showRowStripes: true }, columns: headers.map((h) => ({ name: h, filterButton: true })), rows });
    }
    ws.getRow(1).eachCell((c) => {
      c.style = HEADER_STYLE;
    });
    ws.pageSetup.printArea = `A1:${columnLetter(headers.length)}${rows.length + 1}`;
  };

  const about = sheet('About', [16, 60, 90]);
  const aboutValues: Record<string, string | number | boolean> = {
    schemaVersion: rulebook.schemaVersion, id: rulebook.id, name: rulebook.name, description: rulebook.description, illustrative: rulebook.illustrative, 'bands method': rulebook.bands.method,
  };
  table(about, 'About', [...TEMPLATE_COLUMNS.About], ABOUT_FIELDS.map(([field, note]) => [field, aboutValues[field], note]));

  // Parameters: a column for every key field any parameter uses, between "from" and "value".
  const keyFields: string[] = [];
  for (const p of Object.values(rulebook.parameters)) for (const k of p.keys ?? []) if (!keyFields.includes(k)) keyFields.push(k);
  const paramHeaders = ['name', 'label', 'unit', 'keys', 'description', 'from', ...keyFields, 'value', 'source', 'note'];
  const paramRows: unknown[][] = [];
  for (const [name, p] of Object.entries(rulebook.parameters)) {
    const keys = p.keys ?? [];
    for (const v of p.values) {
      for (const { keyValues, value } of flattenValue(v.value, keys.length)) {
        paramRows.push([name, p.label, p.unit, keys.join(', '), p.description ?? null, dateCell(v.from), ...keyFields.map((k) => (keys.includes(k) ? keyValues[keys.indexOf(k)] : null)), value, v.source, v.note ?? null]);
      }
    }
  }
  const params = sheet('Parameters', [20, 36, 22, 14, 20, 12, ...keyFields.map(() => 14), 14, 80, 20]);
  table(params, 'Parameters', paramHeaders, paramRows);
  // A blank-looking cell after the last column stops long sources running across the page when printed
  // (the import reads only headed columns, and a space as blank).
  for (let r = 1; r <= paramRows.length + 1; r++) params.getRow(r).getCell(paramHeaders.length + 1).value = ' ';
  params.getColumn(6).numFmt = 'yyyy-mm-dd';
  params.getColumn(6 + keyFields.length + 1).numFmt = 'General';

  const bands = sheet('Bands', [8, 30, 60, 70, 12, 12, 10]);
  table(bands, 'Bands', [...TEMPLATE_COLUMNS.Bands], rulebook.bands.list.map((b) => [b.id, b.label, b.descriptor, b.when ?? null, b.min ?? null, b.max ?? null, b.closed ?? null]));

  const tariff = sheet('Tariff', [14, 60, 80]);
  table(tariff, 'Tariff', [...TEMPLATE_COLUMNS.Tariff], [
    ['formula', rulebook.tariff.formula, 'The price formula over placement fields, looked-up parameters and scalars (mathjs syntax).'],
    ['placeFunding', rulebook.tariff.placeFunding ?? null, 'A parameter keyed by setting: the part of the price paid as place funding (blank: none).'],
    ['indexation', rulebook.tariff.indexation ?? null, 'The index (Indexation sheet) read as "index" in formulas (blank: none).'],
  ]);

  const indexation = sheet('Indexation', [18, 36, 10, 18]);
  table(indexation, 'Indexation', [...TEMPLATE_COLUMNS.Indexation], Object.entries(rulebook.indexation).map(([name, ix]) => [name, ix.label, ix.baseYear, ix.rate]));

  const exceptions = sheet('Exceptions', [16, 50, 60, 14, 20]);
  table(exceptions, 'Exceptions', [...TEMPLATE_COLUMNS.Exceptions], rulebook.exceptions.map((x) => [x.id, x.label, x.when, x.action, x.amount ?? null]));

  const protection = sheet('Protection', [10, 14, 80]);
  const tp = rulebook.transitionalProtection;
  table(protection, 'Protection', [...TEMPLATE_COLUMNS.Protection], [
    ['basis', tp?.basis ?? null, 'placement or provider; leave basis, cap and floor blank for no protection.'],
    ['cap', tp ? tp.cap : null, 'Largest rise allowed as a fraction of the previous funding (0.05 = +5%); blank or "none" for no cap.'],
    ['floor', tp ? tp.floor : null, 'Largest fall allowed as a fraction (-0.05 = −5%); blank or "none" for no floor.'],
  ]);
  if (tp) protection.getColumn(2).numFmt = 'General';

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function dateCell(iso: string): Date | string {
  const d = new Date(`${iso}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(d.getTime()) ? d : iso;
}

// ---------------------------------------------------------------------------------------------------------------
// Import

export interface TemplateImport {
  /** The rulebook, when it loads and every formula checks; null otherwise. */
  rulebook: Rulebook | null;
  /** The rulebook as JSON (what a .rulebook.json file would hold), or null when the workbook could not be read. */
  document: Record<string, unknown> | null;
  /** Every problem, by sheet, row and column (format with formatIssue). */
  issues: DataIssue[];
}

interface Where {
  sheet: string;
  row: number;
  column: string;
}

type Primitive = string | number | boolean | Date | null;

/** A cell's value as a plain primitive: formulas give their result, rich text its text, errors a marker text. */
function read(cell: Cell): Primitive | { error: string } {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('error' in v) return { error: String(v.error) };
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: unknown }).result;
      if (r === undefined || r === null) return cell.result === undefined ? null : (cell.result as Primitive);
      if (typeof r === 'object' && r !== null && 'error' in r) return { error: String((r as { error: unknown }).error) };
      return r as Primitive;
    }
    if ('richText' in v) return v.richText.map((t) => t.text).join('') || null;
    if ('text' in v) return String((v as { text: unknown }).text);
  }
  return String(v);
}

/**
 * Reads an edited template back as a rulebook. Issues name the file, sheet, row and column, e.g.
 * "bands.xlsx [Bands]: row 4, column when: Rule "band B3": …".
 * @example
 * const {rulebook, issues} = await rulebookFromTemplate(bytes, {file: 'bands.xlsx'});
 * issues.map(formatIssue) // [] when the edited rulebook is sound
 */
export async function rulebookFromTemplate(bytes: Uint8Array, options: { file: string }): Promise<TemplateImport> {
  const file = options.file;
  const issues: DataIssue[] = [];
  const issue = (w: Where, rule: string, message: string, severity: 'error' | 'warning' = 'error') => issues.push({ severity, file, sheet: w.sheet, row: w.row, column: w.column, rule, message });

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    issues.push({ severity: 'error', file, row: 1, column: '(file)', rule: 'workbook', message: `is not a workbook this app can read (${e instanceof Error ? e.message : String(e)}).` });
    return { rulebook: null, document: null, issues };
  }

  const locations = new Map<string, Where>();
  const at = (path: string, w: Where) => {
    if (!locations.has(path)) locations.set(path, w);
  };

  /** A sheet's header columns (lower-cased text → column number) and its non-blank rows after the header. */
  const open = (name: string, required: boolean): { ws: Worksheet; col: Map<string, number>; header: string[]; rows: number[] } | null => {
    const ws = wb.worksheets.find((w) => w.name.trim().toLowerCase() === name.toLowerCase());
    if (!ws) {
      if (required) issue({ sheet: name, row: 1, column: '(sheet)' }, 'sheet', `the workbook has no sheet "${name}" (a rulebook template has ${TEMPLATE_SHEETS.join(', ')}).`);
      return null;
    }
    const col = new Map<string, number>();
    const header: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: false }, (cell, c) => {
      const text = read(cell);
      if (typeof text === 'string') {
        header[c] = text.trim();
        if (!col.has(text.trim().toLowerCase())) col.set(text.trim().toLowerCase(), c);
      }
    });
    const rows: number[] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (r === 1) return;
      let anyValue = false;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (read(cell) !== null) anyValue = true;
      });
      if (anyValue) rows.push(r);
    });
    return { ws, col, header, rows };
  };

  /** Reads the cell of a row under a named column, recording an error for spreadsheet error values. */
  const cellOf = (s: { ws: Worksheet; col: Map<string, number>; header: string[] }, sheet: string, r: number, name: string): { value: Primitive; where: Where } => {
    const c = s.col.get(name.toLowerCase());
    const where: Where = { sheet, row: r, column: c ? s.header[c] : name };
    if (!c) return { value: null, where };
    const v = read(s.ws.getRow(r).getCell(c));
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      issue(where, 'cell', `the cell holds the spreadsheet error ${v.error}.`);
      return { value: null, where };
    }
    return { value: v, where };
  };
  const requireColumns = (s: { col: Map<string, number> } | null, sheet: string, names: readonly string[]) => {
    if (!s) return;
    for (const n of names) if (!s.col.has(n.toLowerCase())) issue({ sheet, row: 1, column: n }, 'column', `the sheet has no column "${n}" in its header row.`);
  };

  const text = (v: Primitive): string | null => (v === null ? null : v instanceof Date ? isoOf(v) : typeof v === 'string' ? v.trim() : String(v));
  const textOrRaw = (v: Primitive): unknown => (v === null ? undefined : v instanceof Date ? isoOf(v) : typeof v === 'string' ? v.trim() : v);

  // About.
  const doc: Record<string, unknown> = {};
  const about = open('About', true);
  requireColumns(about, 'About', ['field', 'value']);
  let bandsMethod: unknown = undefined;
  if (about) {
    for (const r of about.rows) {
      const field = text(cellOf(about, 'About', r, 'field').value);
      const { value, where } = cellOf(about, 'About', r, 'value');
      if (!field) continue;
      const key = ABOUT_FIELDS.find(([f]) => f.toLowerCase() === field.toLowerCase())?.[0];
      if (!key) {
        issue({ ...where, column: about.header[about.col.get('field') ?? 1] ?? 'field' }, 'field', `"${field}" is not an About field (${ABOUT_FIELDS.map(([f]) => f).join(', ')}).`);
        continue;
      }
      if (key === 'bands method') {
        bandsMethod = textOrRaw(value);
        at('bands.method', where);
        continue;
      }
      if (key === 'illustrative') doc.illustrative = booleanOf(value);
      else if (key === 'schemaVersion') doc.schemaVersion = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : textOrRaw(value);
      else doc[key] = key === 'description' ? (text(value) ?? '') : textOrRaw(value);
      at(key, where);
    }
  }
  const ordered: Record<string, unknown> = { schemaVersion: doc.schemaVersion, id: doc.id, name: doc.name, description: doc.description, illustrative: doc.illustrative };

  // Parameters: rows grouped by name, then by effective date, then nested by key values in row order.
  const parameters: Record<string, Record<string, unknown>> = {};
  const params = open('Parameters', true);
  requireColumns(params, 'Parameters', ['name', 'label', 'unit', 'from', 'value', 'source']);
  if (params) {
    const firstSeen = new Map<string, { row: number; value: string }>(); // "param|field" → first non-blank
    const agree = (pname: string, field: string, v: string | null, where: Where): void => {
      if (v === null) return;
      const k = `${pname}|${field}`;
      const seen = firstSeen.get(k);
      if (!seen) firstSeen.set(k, { row: where.row, value: v });
      else if (seen.value !== v) issue(where, 'consistent', `${field} of parameter "${pname}" is "${v}" here but "${seen.value}" in row ${seen.row}: every row of a parameter must agree.`);
    };
    const dated = new Map<string, Map<string, { index: number; entry: Record<string, unknown>; row: number }>>();
    for (const r of params.rows) {
      const name = cellOf(params, 'Parameters', r, 'name');
      const pname = text(name.value);
      if (!pname) {
        issue(name.where, 'name', 'a parameter row needs a name.');
        continue;
      }
      const base = `parameters.${pname}`;
      let p = parameters[pname];
      if (!p) {
        p = parameters[pname] = { values: [] };
        at(base, name.where);
        at(`${base}.values`, name.where);
        dated.set(pname, new Map());
      }
      for (const field of ['label', 'unit', 'keys', 'description'] as const) {
        const c = cellOf(params, 'Parameters', r, field);
        const v = text(c.value);
        agree(pname, field, v, c.where);
        if (v !== null && p[field] === undefined) {
          p[field] = field === 'keys' ? v.split(/[,;×]/).map((k) => k.trim()).filter(Boolean) : v;
          at(`${base}.${field}`, c.where);
        }
      }
      const keys = Array.isArray(p.keys) ? (p.keys as string[]) : [];
      const fromCell = cellOf(params, 'Parameters', r, 'from');
      const from = dateOf(fromCell.value);
      const valueCell = cellOf(params, 'Parameters', r, 'value');
      const sourceCell = cellOf(params, 'Parameters', r, 'source');
      const noteCell = cellOf(params, 'Parameters', r, 'note');
      const byDate = dated.get(pname)!;
      const dateKey = typeof from === 'string' ? from : JSON.stringify(from);
      let d = byDate.get(dateKey);
      if (!d) {
        const values = p.values as Array<Record<string, unknown>>;
        d = { index: values.length, entry: { from }, row: r };
        values.push(d.entry);
        byDate.set(dateKey, d);
        const vp = `${base}.values[${d.index}]`;
        at(vp, fromCell.where);
        at(`${vp}.from`, fromCell.where);
        at(`${vp}.value`, valueCell.where);
        at(`${vp}.source`, sourceCell.where);
      }
      const vp = `${base}.values[${d.index}]`;
      for (const [field, c] of [['source', sourceCell], ['note', noteCell]] as const) {
        const v = text(c.value);
        agree(`${pname}" on "${dateKey}`, field, v, c.where);
        if (v !== null && d.entry[field] === undefined) d.entry[field] = v;
      }
      const value = numberOf(valueCell.value);
      if (value === null) {
        issue(valueCell.where, 'value', valueCell.value === null ? `parameter "${pname}" needs a value here.` : `${JSON.stringify(text(valueCell.value))} is not a number.`);
        continue;
      }
      if (keys.length === 0) {
        if (d.entry.value !== undefined) issue(valueCell.where, 'duplicate', `parameter "${pname}" already has a value from ${dateKey} in row ${d.row}.`);
        else d.entry.value = value;
        continue;
      }
      // A keyed value: walk (and build) the nested table by this row's key values.
      const keyValues: string[] = [];
      let missing = false;
      for (const k of keys) {
        if (!params.col.has(k.toLowerCase())) {
          const kc = cellOf(params, 'Parameters', r, 'keys');
          issue(kc.where, 'column', `parameter "${pname}" is keyed by "${k}", but the sheet has no column "${k}": add one.`);
          missing = true;
          break;
        }
        const kc = cellOf(params, 'Parameters', r, k);
        const kv = text(kc.value);
        if (kv === null) {
          issue(kc.where, 'key', `parameter "${pname}" is keyed by ${keys.join(', ')}: give a ${k} here ("*" for any).`);
          missing = true;
          break;
        }
        keyValues.push(kv);
      }
      if (missing) continue;
      if (d.entry.value === undefined) d.entry.value = {};
      let node = d.entry.value as Record<string, unknown>;
      let path = `${vp}.value`;
      for (let k = 0; k < keyValues.length - 1; k++) {
        path += `.${keyValues[k]}`;
        if (node[keyValues[k]] === undefined) node[keyValues[k]] = {};
        node = node[keyValues[k]] as Record<string, unknown>;
        at(path, valueCell.where);
      }
      const leaf = keyValues[keyValues.length - 1];
      path += `.${leaf}`;
      if (node[leaf] !== undefined) issue(valueCell.where, 'duplicate', `parameter "${pname}" from ${dateKey} already has a value for ${keys.map((k, i) => `${k} ${keyValues[i]}`).join(', ')} (row ${locations.get(path)?.row ?? '?'}).`);
      else {
        node[leaf] = value;
        at(path, valueCell.where);
      }
    }
    // The JSON form: label, unit, keys, values, description in the rulebook's own order.
    for (const [pname, p] of Object.entries(parameters)) {
      parameters[pname] = { label: p.label, unit: p.unit, ...(p.keys !== undefined ? { keys: p.keys } : {}), values: p.values, ...(p.description !== undefined ? { description: p.description } : {}) };
    }
  }
  ordered.parameters = parameters;

  // Indexation.
  const indexation: Record<string, unknown> = {};
  const ix = open('Indexation', false);
  requireColumns(ix, 'Indexation', TEMPLATE_COLUMNS.Indexation);
  if (ix) {
    for (const r of ix.rows) {
      const n = cellOf(ix, 'Indexation', r, 'name');
      const name = text(n.value);
      if (!name) {
        issue(n.where, 'name', 'an index needs a name.');
        continue;
      }
      if (indexation[name]) issue(n.where, 'duplicate', `index "${name}" is listed twice.`);
      at(`indexation.${name}`, n.where);
      const entry: Record<string, unknown> = {};
      for (const field of ['label', 'baseYear', 'rate']) {
        const c = cellOf(ix, 'Indexation', r, field);
        entry[field] = textOrRaw(c.value);
        at(`indexation.${name}.${field}`, c.where);
      }
      indexation[name] = entry;
    }
  }
  ordered.indexation = indexation;

  // Bands.
  const bands = open('Bands', true);
  requireColumns(bands, 'Bands', ['id', 'label']);
  const list: Array<Record<string, unknown>> = [];
  if (bands) {
    at('bands', { sheet: 'Bands', row: 1, column: 'id' });
    at('bands.list', { sheet: 'Bands', row: 1, column: 'id' });
    for (const r of bands.rows) {
      const i = list.length;
      const b: Record<string, unknown> = {};
      for (const field of TEMPLATE_COLUMNS.Bands) {
        const c = cellOf(bands, 'Bands', r, field);
        at(`bands.list[${i}]${field === 'id' ? '' : `.${field}`}`, c.where);
        at(`bands.list[${i}].${field}`, c.where);
        const raw = c.value;
        if (raw === null) continue;
        b[field] = field === 'min' || field === 'max' ? (numberOf(raw) ?? textOrRaw(raw)) : field === 'descriptor' ? (text(raw) ?? '') : textOrRaw(raw);
      }
      list.push(b);
    }
  }
  ordered.bands = { method: bandsMethod, list };

  // Tariff.
  const tariff: Record<string, unknown> = {};
  const tf = open('Tariff', true);
  requireColumns(tf, 'Tariff', ['field', 'value']);
  if (tf) {
    for (const r of tf.rows) {
      const field = text(cellOf(tf, 'Tariff', r, 'field').value);
      const { value, where } = cellOf(tf, 'Tariff', r, 'value');
      if (!field) continue;
      const key = ['formula', 'placeFunding', 'indexation'].find((k) => k.toLowerCase() === field.toLowerCase());
      if (!key) {
        issue({ ...where, column: 'field' }, 'field', `"${field}" is not a Tariff field (formula, placeFunding, indexation).`);
        continue;
      }
      at(`tariff.${key}`, where);
      if (value !== null) tariff[key] = textOrRaw(value);
    }
    at('tariff', { sheet: 'Tariff', row: 1, column: 'value' });
  }
  ordered.tariff = tariff;

  // Exceptions.
  const exceptions: Array<Record<string, unknown>> = [];
  const ex = open('Exceptions', false);
  requireColumns(ex, 'Exceptions', ['id', 'label', 'when', 'action']);
  if (ex) {
    for (const r of ex.rows) {
      const i = exceptions.length;
      const x: Record<string, unknown> = {};
      for (const field of TEMPLATE_COLUMNS.Exceptions) {
        const c = cellOf(ex, 'Exceptions', r, field);
        at(`exceptions[${i}]${field === 'id' ? '' : `.${field}`}`, c.where);
        at(`exceptions[${i}].${field}`, c.where);
        if (c.value !== null) x[field] = textOrRaw(c.value);
      }
      exceptions.push(x);
    }
  }
  ordered.exceptions = exceptions;

  // Transitional protection: absent when basis, cap and floor are all blank.
  const pr = open('Protection', false);
  requireColumns(pr, 'Protection', ['field', 'value']);
  if (pr) {
    const tp: Record<string, unknown> = {};
    let given = false;
    for (const r of pr.rows) {
      const field = text(cellOf(pr, 'Protection', r, 'field').value);
      const { value, where } = cellOf(pr, 'Protection', r, 'value');
      if (!field) continue;
      const key = ['basis', 'cap', 'floor'].find((k) => k === field.toLowerCase());
      if (!key) {
        issue({ ...where, column: 'field' }, 'field', `"${field}" is not a Protection field (basis, cap, floor).`);
        continue;
      }
      at(`transitionalProtection.${key}`, where);
      if (!locations.has('transitionalProtection')) at('transitionalProtection', where);
      if (value === null || (typeof value === 'string' && value.trim().toLowerCase() === 'none')) tp[key] = null;
      else {
        given = true;
        tp[key] = key === 'basis' ? textOrRaw(value) : (numberOf(value) ?? textOrRaw(value));
      }
    }
    if (given) ordered.transitionalProtection = { basis: tp.basis ?? undefined, cap: tp.cap ?? null, floor: tp.floor ?? null };
  }

  if (issues.some((i) => i.severity === 'error')) return { rulebook: null, document: ordered, issues };

  // The rulebook's own checks, each mapped back to the cell it came from.
  const where = (path: string): Where => {
    for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      const w = locations.get(p);
      if (w) return w;
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
    }
    return { sheet: 'About', row: 1, column: '(rulebook)' };
  };
  const mapIssue = (i: RuleIssue) => issue(where(i.path), i.rule, i.message, i.severity);
  const loaded = loadRulebook(ordered, { file });
  loaded.issues.forEach(mapIssue);
  if (!loaded.rulebook) return { rulebook: null, document: ordered, issues };
  const formulaIssues = checkRulebookFormulas(loaded.rulebook, file);
  formulaIssues.forEach(mapIssue);
  return { rulebook: formulaIssues.some((i) => i.severity === 'error') ? null : loaded.rulebook, document: ordered, issues };
}

function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** An effective date from a date cell, a YYYY-MM-DD text or a spreadsheet day number; anything else as given. */
function dateOf(v: Primitive): unknown {
  if (v instanceof Date) return isoOf(v);
  if (typeof v === 'number' && Number.isInteger(v) && v > 20000 && v < 80000) return isoOf(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000));
  if (typeof v === 'string') return v.trim();
  return v ?? undefined;
}

/** A number from a number cell or a plain numeric text ("1,600", "£1,600.50"); null when blank or not a number. */
function numberOf(v: Primitive): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim().replace(/^£/, '').replace(/,/g, '');
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  }
  return null;
}

function booleanOf(v: Primitive): unknown {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['true', 'yes', 'y'].includes(t)) return true;
    if (['false', 'no', 'n'].includes(t)) return false;
  }
  return v ?? undefined;
}
