/**
 * The evaluation context of a rulebook on a table and a date: which fields formulas can read (placement columns,
 * derived phase and sector, per-row look-ups of keyed parameters) and which scalars (parameters in force, indices),
 * each with the parameter entry it came from so explain can cite its date and source.
 */
import type { PlacementTable, CategoryColumn } from '../data/table';
import type { FieldSchema, ColumnData } from '../rules/formula';
import type { DatedValue, Parameter, Rulebook } from '../rules/rulebook';
import { indexOn, lookupKeyed, valueOn, type IndexStep } from '../rules/parameters';
import { SETTING_CODES, sectorOfSetting, SECTOR_CODES } from '../vocab/settings';
import { PHASE_CODES, phaseIndexOfAge } from '../vocab/phases';
import { NEED_CODES } from '../vocab/needs';
import { standardFields } from '../rules/check';

/** Fields derived from placement columns, available to every formula. */
export const DERIVED_FIELDS = ['phase', 'sector'] as const;

export interface ScalarRead {
  name: string;
  value: number;
  entry: DatedValue | null;
  /** For indices: the yearly rates multiplied. */
  steps?: IndexStep[];
}

export interface KeyedRead {
  name: string;
  parameter: Parameter;
  entry: DatedValue;
  keys: string[];
}

export interface EvaluationContext {
  date: string;
  fields: FieldSchema;
  columns: Record<string, ColumnData>;
  scalars: Record<string, number>;
  scalarReads: Record<string, ScalarRead>;
  keyed: Record<string, KeyedRead>;
  /** Parameters with no value on the date: named if a formula uses them. */
  missing: Record<string, string>;
}

const VOCABULARIES: Record<string, readonly string[]> = {
  setting: SETTING_CODES,
  primary_need: NEED_CODES,
  phase: PHASE_CODES,
  sector: SECTOR_CODES,
  governance: ['la_maintained', 'academy'],
};

/**
 * Builds the fields, columns and scalars for formulas on `date`. Keyed parameters become per-row columns once
 * their key fields exist (the band key only after banding: pass `band`).
 * @example const ctx = buildContext(table, rulebook, '2026-04-01'); ctx.scalars.index // 1.02
 */
export function buildContext(table: PlacementTable, rulebook: Rulebook, date: string, band?: { ids: readonly string[]; codes: Int32Array }): EvaluationContext {
  const fields: FieldSchema = {};
  const columns: Record<string, ColumnData> = {};
  for (const [name, col] of Object.entries(table.columns)) {
    if (col.kind === 'number') {
      fields[name] = { kind: 'number' };
      columns[name] = col.values;
    } else {
      const vocabulary = VOCABULARIES[name];
      fields[name] = vocabulary ? { kind: 'category', dictionary: col.dictionary, vocabulary } : { kind: 'category', dictionary: col.dictionary };
      columns[name] = col.codes;
    }
  }
  const n = table.rowCount;
  // Optional placement fields the data lacks read as missing (NaN, or no category), so a rule such as
  // "residential >= 52" works on any table and is simply false where the data does not say.
  for (const [name, kind] of Object.entries(standardFields())) {
    if (fields[name] || name === 'phase' || name === 'sector') continue;
    fields[name] = kind;
    columns[name] = kind.kind === 'number' ? new Float64Array(n).fill(NaN) : new Int32Array(n).fill(-1);
  }
  // Derived: phase from age, sector from setting.
  const age = numberOf(table, 'age');
  const phase = new Int32Array(n);
  for (let i = 0; i < n; i++) phase[i] = phaseIndexOfAge(age[i]);
  fields.phase = { kind: 'category', dictionary: PHASE_CODES, vocabulary: PHASE_CODES };
  columns.phase = phase;
  const setting = categoryOf(table, 'setting');
  const sectorBySettingCode = setting.dictionary.map((s) => SECTOR_CODES.indexOf(sectorOfSetting(s)));
  const sector = new Int32Array(n);
  for (let i = 0; i < n; i++) sector[i] = setting.codes[i] < 0 ? -1 : sectorBySettingCode[setting.codes[i]];
  fields.sector = { kind: 'category', dictionary: SECTOR_CODES, vocabulary: SECTOR_CODES };
  columns.sector = sector;
  if (band) {
    fields.band = { kind: 'category', dictionary: band.ids, vocabulary: band.ids };
    columns.band = band.codes;
  }

  // Scalars: parameters in force on the date, and indices.
  const scalars: Record<string, number> = {};
  const scalarReads: Record<string, ScalarRead> = {};
  const keyed: Record<string, KeyedRead> = {};
  const missing: Record<string, string> = {};
  for (const [name, p] of Object.entries(rulebook.parameters)) {
    const entry = valueOn(p, date);
    if (!entry) {
      missing[name] = `parameter "${name}" has no value on or before ${date} (its first takes effect on ${p.values.map((v) => v.from).sort()[0]}).`;
      continue;
    }
    if (!p.keys || p.keys.length === 0) {
      scalars[name] = entry.value as number;
      scalarReads[name] = { name, value: entry.value as number, entry };
    } else {
      keyed[name] = { name, parameter: p, entry, keys: p.keys };
    }
  }
  for (const [name, ix] of Object.entries(rulebook.indexation)) {
    const { value, steps } = indexOn(rulebook, ix, date);
    scalars[name] = value;
    scalarReads[name] = { name, value, entry: null, steps };
  }
  if (rulebook.tariff.indexation && scalarReads[rulebook.tariff.indexation]) {
    scalars.index = scalars[rulebook.tariff.indexation];
    scalarReads.index = { ...scalarReads[rulebook.tariff.indexation], name: 'index' };
  }
  // Keyed look-ups whose keys are all available become per-row columns.
  for (const k of Object.values(keyed)) {
    if (k.keys.every((key) => columns[key] instanceof Int32Array)) {
      columns[k.name] = lookupColumn(k, k.keys.map((key) => ({ codes: columns[key] as Int32Array, dictionary: (fields[key] as { dictionary: readonly string[] }).dictionary })), n);
      fields[k.name] = { kind: 'number' };
    }
  }
  return { date, fields, columns, scalars, scalarReads, keyed, missing };
}

/**
 * Resolves a keyed parameter for every row: the value is computed once per combination of key codes (a dense
 * grid, e.g. 6 bands × 15 settings × 5 phases), then gathered per row; NaN where no value (or a missing key).
 */
export function lookupColumn(read: KeyedRead, keys: Array<{ codes: Int32Array; dictionary: readonly string[] }>, n: number): Float64Array {
  // One extra slot per key for a missing value: its key text matches nothing, so only "*" can apply.
  const sizes = keys.map((k) => k.dictionary.length + 1);
  const grid = new Float64Array(sizes.reduce((a, b) => a * b, 1));
  const combo = new Array<string>(keys.length);
  const fill = (level: number, offset: number): void => {
    if (level === keys.length) {
      grid[offset] = lookupKeyed(read.entry.value, combo) ?? NaN;
      return;
    }
    for (let c = 0; c < sizes[level]; c++) {
      combo[level] = c < keys[level].dictionary.length ? keys[level].dictionary[c] : MISSING_KEY;
      fill(level + 1, offset * sizes[level] + c);
    }
  };
  fill(0, 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let idx = 0;
    for (let k = 0; k < keys.length; k++) {
      const c = keys[k].codes[i];
      idx = idx * sizes[k] + (c < 0 ? sizes[k] - 1 : c);
    }
    out[i] = grid[idx];
  }
  return out;
}

const MISSING_KEY = '\u0000missing';

export function numberOf(table: PlacementTable, name: string): Float64Array {
  const c = table.columns[name];
  if (!c || c.kind !== 'number') throw new Error(`The table has no number column "${name}".`);
  return c.values;
}

export function categoryOf(table: PlacementTable, name: string): CategoryColumn {
  const c = table.columns[name];
  if (!c || c.kind !== 'category') throw new Error(`The table has no category column "${name}".`);
  return c;
}

export { NEED_CODES, SETTING_CODES };
