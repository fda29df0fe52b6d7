/**
 * Loads a rulebook from parsed JSON: migrates older schema versions, then checks every part and collects every
 * issue with its JSON path (it never throws on a bad file). Formula checks run in check.ts once the shape is sound.
 */
import { RULEBOOK_SCHEMA_VERSION, type Bands, type BandRule, type DatedValue, type Exception, type Indexation, type Parameter, type ParameterValue, type Rulebook, type Tariff, type TransitionalProtection } from './rulebook';
import { isDate, fyStartYear } from '../projection/calendar';

export interface RuleIssue {
  severity: 'error' | 'warning';
  file: string;
  /** Where in the rulebook, e.g. "parameters.base_price.values[1].from" or "bands.list[2].when". */
  path: string;
  rule: string;
  message: string;
}

/** @example formatRuleIssue({file: 'r.json', path: 'bands.list[0].when', message: 'unknown name "x"', …}) // 'r.json: bands.list[0].when: unknown name "x"' */
export function formatRuleIssue(issue: RuleIssue): string {
  return `${issue.file}: ${issue.path}: ${issue.message}`;
}

type Json = unknown;
type Migration = (doc: Record<string, Json>) => Record<string, Json>;

/**
 * Migrations from each earlier schema version to the next: MIGRATIONS[n] turns version n into n + 1.
 * Version 1 is the first published format, so the list is empty until the format changes.
 */
export const MIGRATIONS: Record<number, Migration> = {};

/** Brings a document up to the current schema version, or says why it cannot. */
export function migrateRulebook(doc: Record<string, Json>, migrations: Record<number, Migration> = MIGRATIONS, current = RULEBOOK_SCHEMA_VERSION): { doc: Record<string, Json> } | { error: string } {
  let version = doc.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { error: `schemaVersion must be a whole number from 1 to ${current}, not ${JSON.stringify(version)}.` };
  if (version > current) return { error: `This rulebook was written by a newer version of the app (schema ${version}; this app reads up to ${current}). Update the app to open it.` };
  let out = doc;
  while (version < current) {
    const step = migrations[version];
    if (!step) return { error: `No migration from schema version ${version} to ${version + 1}.` };
    out = { ...step(out), schemaVersion: version + 1 };
    version += 1;
  }
  return { doc: out };
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Validates parsed JSON as a rulebook.
 * @example loadRulebook(JSON.parse(text), {file: 'bands.rulebook.json'}) // {rulebook, issues: []}
 */
export function loadRulebook(json: Json, options: { file: string }): { rulebook: Rulebook | null; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const err = (path: string, rule: string, message: string) => issues.push({ severity: 'error', file: options.file, path, rule, message });
  const warn = (path: string, rule: string, message: string) => issues.push({ severity: 'warning', file: options.file, path, rule, message });

  if (!isObject(json)) {
    err('(root)', 'shape', 'A rulebook must be a JSON object.');
    return { rulebook: null, issues };
  }
  const migrated = migrateRulebook(json);
  if ('error' in migrated) {
    err('schemaVersion', 'version', migrated.error);
    return { rulebook: null, issues };
  }
  const doc = migrated.doc;

  const str = (v: Json, path: string, required = true): string => {
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (required || v !== undefined) err(path, 'type', `must be a non-empty text, not ${JSON.stringify(v)}.`);
    return '';
  };

  const id = str(doc.id, 'id');
  const name = str(doc.name, 'name');
  const description = typeof doc.description === 'string' ? doc.description : (err('description', 'type', 'must be a text.'), '');
  if (typeof doc.illustrative !== 'boolean') err('illustrative', 'type', 'must be true or false: say whether the values are official.');

  // Parameters.
  const parameters: Record<string, Parameter> = {};
  if (!isObject(doc.parameters)) err('parameters', 'type', 'must be an object of named parameters.');
  else {
    for (const [pname, p] of Object.entries(doc.parameters)) {
      const path = `parameters.${pname}`;
      if (!ID.test(pname)) err(path, 'name', `"${pname}" is not a usable name: use letters, digits and _ and start with a letter.`);
      if (!isObject(p)) {
        err(path, 'type', 'must be an object with label, unit and values.');
        continue;
      }
      const keys = p.keys === undefined ? undefined : Array.isArray(p.keys) && p.keys.every((k) => typeof k === 'string') ? (p.keys as string[]) : (err(`${path}.keys`, 'type', 'must be a list of field names.'), undefined);
      const values: DatedValue[] = [];
      if (!Array.isArray(p.values) || p.values.length === 0) err(`${path}.values`, 'type', 'must be a list of at least one {from, value, source}.');
      else {
        const seen = new Set<string>();
        p.values.forEach((v, i) => {
          const vp = `${path}.values[${i}]`;
          if (!isObject(v)) return err(vp, 'type', 'must be an object {from, value, source}.');
          const from = typeof v.from === 'string' && isDate(v.from) ? v.from : (err(`${vp}.from`, 'date', `must be a date written YYYY-MM-DD, not ${JSON.stringify(v.from)}.`), '');
          if (from && seen.has(from)) err(`${vp}.from`, 'date', `two values take effect on ${from}: keep one.`);
          seen.add(from);
          const source = typeof v.source === 'string' && v.source.trim() ? v.source : (err(`${vp}.source`, 'source', 'every value needs a source: where the figure comes from.'), '');
          checkValue(v.value, keys ?? [], `${vp}.value`, err);
          values.push({ from, value: v.value as ParameterValue, source, ...(typeof v.note === 'string' ? { note: v.note } : {}) });
        });
      }
      parameters[pname] = { label: str(p.label, `${path}.label`), unit: str(p.unit, `${path}.unit`), ...(keys ? { keys } : {}), values, ...(typeof p.description === 'string' ? { description: p.description } : {}) };
    }
  }

  // Indexation.
  const indexation: Record<string, Indexation> = {};
  if (doc.indexation !== undefined && !isObject(doc.indexation)) err('indexation', 'type', 'must be an object of named indices.');
  else if (isObject(doc.indexation)) {
    for (const [iname, ix] of Object.entries(doc.indexation)) {
      const path = `indexation.${iname}`;
      if (!isObject(ix)) {
        err(path, 'type', 'must be an object {label, baseYear, rate}.');
        continue;
      }
      const baseYear = str(ix.baseYear, `${path}.baseYear`);
      if (baseYear) {
        try {
          fyStartYear(baseYear);
        } catch (e) {
          err(`${path}.baseYear`, 'year', (e as Error).message);
        }
      }
      const rate = str(ix.rate, `${path}.rate`);
      if (rate && !parameters[rate]) err(`${path}.rate`, 'reference', `names parameter "${rate}", which is not in parameters.`);
      else if (rate && parameters[rate].keys) err(`${path}.rate`, 'reference', `"${rate}" must be a single yearly rate, not a keyed table.`);
      indexation[iname] = { label: str(ix.label, `${path}.label`), baseYear, rate };
    }
  }

  // Bands.
  let bands: Bands = { method: 'rules', list: [] };
  if (!isObject(doc.bands)) err('bands', 'type', 'must be an object {method, list}.');
  else {
    const method = doc.bands.method;
    if (method !== 'rules' && method !== 'data' && method !== 'shadow') err('bands.method', 'enum', `must be "rules", "data" or "shadow", not ${JSON.stringify(method)}.`);
    const list: BandRule[] = [];
    if (!Array.isArray(doc.bands.list) || doc.bands.list.length === 0) err('bands.list', 'type', 'must list at least one band.');
    else {
      const ids = new Set<string>();
      doc.bands.list.forEach((b, i) => {
        const path = `bands.list[${i}]`;
        if (!isObject(b)) return err(path, 'type', 'must be an object {id, label, descriptor, …}.');
        const bid = str(b.id, `${path}.id`);
        if (bid && ids.has(bid)) err(`${path}.id`, 'unique', `band "${bid}" is listed twice.`);
        ids.add(bid);
        const rule: BandRule = { id: bid, label: str(b.label, `${path}.label`), descriptor: typeof b.descriptor === 'string' ? b.descriptor : '' };
        if (method === 'rules') rule.when = str(b.when, `${path}.when`);
        if (method === 'shadow') {
          for (const k of ['min', 'max'] as const) {
            if (b[k] !== undefined && b[k] !== null && (typeof b[k] !== 'number' || !Number.isFinite(b[k]))) err(`${path}.${k}`, 'type', 'must be a number of pounds.');
            else if (typeof b[k] === 'number') rule[k] = b[k] as number;
          }
          const closed = b.closed ?? 'left';
          if (closed !== 'left' && closed !== 'right' && closed !== 'both' && closed !== 'neither') err(`${path}.closed`, 'enum', 'must be "left", "right", "both" or "neither".');
          else rule.closed = closed;
          if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) err(path, 'interval', `min £${rule.min} is above max £${rule.max}.`);
        }
        list.push(rule);
      });
      if (method === 'shadow') checkShadowCoverage(list, err, warn);
    }
    bands = { method: (method === 'data' || method === 'shadow' ? method : 'rules'), list };
  }

  // Tariff.
  let tariff: Tariff = { formula: '' };
  if (!isObject(doc.tariff)) err('tariff', 'type', 'must be an object {formula, placeFunding?, indexation?}.');
  else {
    tariff = { formula: str(doc.tariff.formula, 'tariff.formula') };
    if (doc.tariff.placeFunding !== undefined) {
      const pf = str(doc.tariff.placeFunding, 'tariff.placeFunding');
      if (pf && !parameters[pf]) err('tariff.placeFunding', 'reference', `names parameter "${pf}", which is not in parameters.`);
      tariff.placeFunding = pf;
    }
    if (doc.tariff.indexation !== undefined) {
      const ix = str(doc.tariff.indexation, 'tariff.indexation');
      if (ix && !indexation[ix]) err('tariff.indexation', 'reference', `names indexation "${ix}", which is not in indexation.`);
      tariff.indexation = ix;
    }
  }

  // Exceptions.
  const exceptions: Exception[] = [];
  if (doc.exceptions !== undefined && !Array.isArray(doc.exceptions)) err('exceptions', 'type', 'must be a list.');
  else if (Array.isArray(doc.exceptions)) {
    doc.exceptions.forEach((x, i) => {
      const path = `exceptions[${i}]`;
      if (!isObject(x)) return err(path, 'type', 'must be an object {id, label, when, action}.');
      const action = x.action;
      if (action !== 'current_cost' && action !== 'extra_top_up') err(`${path}.action`, 'enum', 'must be "current_cost" or "extra_top_up".');
      const e: Exception = { id: str(x.id, `${path}.id`), label: str(x.label, `${path}.label`), when: str(x.when, `${path}.when`), action: action === 'extra_top_up' ? 'extra_top_up' : 'current_cost' };
      if (action === 'extra_top_up') e.amount = str(x.amount, `${path}.amount`);
      exceptions.push(e);
    });
  }

  // Transitional protection.
  let transitionalProtection: TransitionalProtection | undefined;
  if (doc.transitionalProtection !== undefined) {
    const tp = doc.transitionalProtection;
    if (!isObject(tp)) err('transitionalProtection', 'type', 'must be an object {basis, cap, floor}.');
    else {
      if (tp.basis !== 'placement' && tp.basis !== 'provider') err('transitionalProtection.basis', 'enum', 'must be "placement" or "provider".');
      const frac = (v: Json, k: string): number | null => {
        if (v === null || v === undefined) return null;
        if (typeof v !== 'number' || !Number.isFinite(v)) return err(`transitionalProtection.${k}`, 'type', 'must be a fraction such as 0.05, or null.'), null;
        return v;
      };
      const cap = frac(tp.cap, 'cap');
      const floor = frac(tp.floor, 'floor');
      if (cap !== null && cap < 0) err('transitionalProtection.cap', 'range', `a cap on rises must be ≥ 0, not ${cap}.`);
      if (floor !== null && (floor > 0 || floor <= -1)) err('transitionalProtection.floor', 'range', `a floor on falls must be between -1 and 0, not ${floor}.`);
      transitionalProtection = { basis: tp.basis === 'provider' ? 'provider' : 'placement', cap, floor };
    }
  }

  const rulebook: Rulebook = { schemaVersion: RULEBOOK_SCHEMA_VERSION, id, name, description, illustrative: doc.illustrative === true, parameters, indexation, bands, tariff, exceptions, ...(transitionalProtection ? { transitionalProtection } : {}) };
  return { rulebook: issues.some((i) => i.severity === 'error') ? null : rulebook, issues };
}

function checkValue(value: Json, keys: string[], path: string, err: (path: string, rule: string, message: string) => void): void {
  if (keys.length === 0) {
    if (typeof value !== 'number' || !Number.isFinite(value)) err(path, 'type', `must be a number, not ${JSON.stringify(value)}.`);
    return;
  }
  if (!isObject(value)) {
    err(path, 'type', `must be a table keyed by ${keys[0]} (an object), not ${JSON.stringify(value)}.`);
    return;
  }
  for (const [k, v] of Object.entries(value)) checkValue(v, keys.slice(1), `${path}.${k}`, err);
}

/** Shadow bands must not overlap, so every cost falls in at most one band; gaps are allowed but warned. */
function checkShadowCoverage(list: BandRule[], err: (p: string, r: string, m: string) => void, warn: (p: string, r: string, m: string) => void): void {
  const sorted = list.map((b, i) => ({ b, i })).sort((x, y) => (x.b.min ?? -Infinity) - (y.b.min ?? -Infinity));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1].b, cur = sorted[k].b;
    const pMax = prev.max ?? Infinity, cMin = cur.min ?? -Infinity;
    const prevIncludesMax = prev.closed === 'right' || prev.closed === 'both';
    const curIncludesMin = (cur.closed ?? 'left') === 'left' || cur.closed === 'both';
    if (cMin < pMax || (cMin === pMax && prevIncludesMax && curIncludesMin)) err(`bands.list[${sorted[k].i}]`, 'overlap', `band "${cur.id}" overlaps band "${prev.id}" at £${cMin}.`);
    else if (cMin > pMax || (cMin === pMax && !prevIncludesMax && !curIncludesMin)) warn(`bands.list[${sorted[k].i}]`, 'gap', `no band covers current costs between band "${prev.id}" and band "${cur.id}" (£${pMax}–£${cMin}).`);
  }
}
