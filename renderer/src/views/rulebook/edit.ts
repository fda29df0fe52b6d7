/**
 * Pure edits of a rulebook document for the Rulebook view: the parameter table (values by financial year, each edit a
 * dated value from 1 April), sources, bands, the price formula, and the diff between two rulebooks. No React here,
 * so every edit and the diff are unit-tested on their own.
 */
import type { BandRule, DatedValue, Parameter, ParameterValue, Rulebook } from '../../../../models/rules/rulebook';
import { laName } from '../../../../models/vocab/las';
import { settingLabel } from '../../../../models/vocab/settings';
import { needLabel } from '../../../../models/vocab/needs';

/** The financial years the parameter table shows: the projection horizon of the shipped scenarios. */
export const HORIZON_YEARS = ['2025-26', '2026-27', '2027-28', '2028-29', '2029-30'] as const;
export type FinancialYear = string;

/** Marks a value whose source the user has still to give; such values are flagged until it is replaced. */
export const SOURCE_NEEDED = '[Source needed]';

/** @example fyStart('2027-28') // '2027-04-01' */
export function fyStart(fy: FinancialYear): string {
  return `${fy.slice(0, 4)}-04-01`;
}

/** @example fyOfDate('2027-04-01') // '2027-28' */
export function fyOfDate(date: string): FinancialYear {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const start = m >= 4 ? y : y - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Whether a source still has to be given (blank, or the placeholder an edit leaves). */
export function needsSource(source: string | undefined): boolean {
  return !source || source.trim() === '' || source.trim().startsWith(SOURCE_NEEDED);
}

/** The entry in force on 1 April of a financial year (the latest on or before it), or null. */
export function entryInYear(parameter: Parameter, fy: FinancialYear): DatedValue | null {
  const date = fyStart(fy);
  let best: DatedValue | null = null;
  for (const v of parameter.values) if (v.from <= date && (!best || v.from >= best.from)) best = v;
  return best;
}

/** The value written at a key path (no "*" fallback): what a cell of the table holds. */
export function literalAt(value: ParameterValue | undefined, path: readonly string[]): number | undefined {
  let v: ParameterValue | undefined = value;
  for (const k of path) {
    if (v === undefined || typeof v === 'number' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = v[k];
  }
  return typeof v === 'number' ? v : undefined;
}

/** The value that applies to a key path: exact keys first, then "*" at each level (as pricing reads it). */
export function effectiveAt(value: ParameterValue | undefined, path: readonly string[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return path.length === 0 ? value : undefined;
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  if (Object.prototype.hasOwnProperty.call(value, head)) {
    const exact = effectiveAt(value[head], rest);
    if (exact !== undefined) return exact;
  }
  return Object.prototype.hasOwnProperty.call(value, '*') ? effectiveAt(value['*'], rest) : undefined;
}

/** A copy of `value` with the number at `path` set (missing levels are created). */
export function setAt(value: ParameterValue | undefined, path: readonly string[], n: number): ParameterValue {
  if (path.length === 0) return n;
  const [head, ...rest] = path;
  const base: { [key: string]: ParameterValue } = value !== undefined && typeof value !== 'number' ? { ...value } : {};
  base[head] = setAt(base[head], rest, n);
  return base;
}

/** Every key path written in any of a parameter's values, in the order first met ([[]] for a scalar). */
export function keyPaths(parameter: Parameter): string[][] {
  const depth = parameter.keys?.length ?? 0;
  if (depth === 0) return [[]];
  const seen = new Map<string, string[]>();
  const walk = (v: ParameterValue, path: string[]): void => {
    if (path.length === depth) {
      if (typeof v === 'number') seen.set(JSON.stringify(path), path);
      return;
    }
    if (typeof v === 'number') return;
    for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
  };
  for (const entry of parameter.values) walk(entry.value, []);
  return [...seen.values()];
}

/** A key as people read it: "Any other" for "*", names for settings, LAs and needs. */
export function keyLabel(field: string, key: string): string {
  if (key === '*') return 'Any other';
  switch (field) {
    case 'setting':
      return settingLabel(key);
    case 'la_code':
      return `${key} ${laName(key) ?? ''}`.trim();
    case 'primary_need':
      return `${key} ${needLabel(key) === key ? '' : needLabel(key)}`.trim();
    default:
      return key;
  }
}

/** @example describeKey(['band', 'setting'], ['B3', 'iss']) // 'B3 × Independent special school' */
export function describeKey(keys: readonly string[] | undefined, path: readonly string[]): string {
  if (!keys || path.length === 0) return '';
  return path.map((k, i) => keyLabel(keys[i] ?? '', k)).join(' × ');
}

/**
 * Sets a parameter's value at a key path for a financial year. The change takes effect on 1 April of that year: an
 * existing value dated that day is changed; otherwise a new dated value is added, copied from the one in force, so
 * later years follow it until the next dated value. A new value's source is a placeholder the view flags.
 * @example setYearValue(rb, 'base_price', ['B3', 'iss'], '2027-28', 46000) // adds {from: '2027-04-01', …}
 */
export function setYearValue(doc: Rulebook, name: string, path: readonly string[], fy: FinancialYear, n: number): Rulebook {
  const p = doc.parameters[name];
  if (!p) return doc;
  const from = fyStart(fy);
  const at = p.values.findIndex((v) => v.from === from);
  let values: DatedValue[];
  if (at >= 0) {
    values = p.values.map((v, i) => (i === at ? { ...v, value: setAt(v.value, path, n) } : v));
  } else {
    const inForce = entryInYear(p, fy);
    const was = inForce ? `was ${inForce.from}: ${inForce.source}` : 'no earlier value';
    const added: DatedValue = { from, value: setAt(inForce ? structuredClone(inForce.value) : undefined, path, n), source: `${SOURCE_NEEDED} changed for ${fy} in the Rulebook view (${was})` };
    values = [...p.values, added].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }
  return { ...doc, parameters: { ...doc.parameters, [name]: { ...p, values } } };
}

/** Sets the source of the value dated `from`. */
export function setSource(doc: Rulebook, name: string, from: string, source: string): Rulebook {
  const p = doc.parameters[name];
  if (!p) return doc;
  return { ...doc, parameters: { ...doc.parameters, [name]: { ...p, values: p.values.map((v) => (v.from === from ? { ...v, source } : v)) } } };
}

export type BandField = 'label' | 'descriptor' | 'when';

export function setBandField(doc: Rulebook, index: number, field: BandField, text: string): Rulebook {
  const list = doc.bands.list.map((b, i) => (i === index ? { ...b, [field]: text } : b));
  return { ...doc, bands: { ...doc.bands, list } };
}

export function setFormula(doc: Rulebook, text: string): Rulebook {
  return { ...doc, tariff: { ...doc.tariff, formula: text } };
}

/** The keyed parameters the tariff formula reads that are keyed by band: the tariff grid(s). */
export function tariffGridParameters(doc: Rulebook): string[] {
  return Object.entries(doc.parameters)
    .filter(([name, p]) => p.keys?.includes('band') && new RegExp(`\\b${name}\\b`).test(doc.tariff.formula))
    .map(([name]) => name);
}

/** The area cost factor parameter: keyed by LA alone. */
export function areaCostParameter(doc: Rulebook): string | null {
  const found = Object.entries(doc.parameters).find(([, p]) => p.keys?.length === 1 && p.keys[0] === 'la_code');
  return found ? found[0] : null;
}

/** Every value without a source yet, for the flag count. */
export function missingSources(doc: Rulebook): Array<{ name: string; from: string }> {
  const out: Array<{ name: string; from: string }> = [];
  for (const [name, p] of Object.entries(doc.parameters)) for (const v of p.values) if (needsSource(v.source)) out.push({ name, from: v.from });
  return out;
}

// ---- Diff --------------------------------------------------------------------------------------------------------

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ValueChange {
  /** "B3 × Independent special school", or '' for a scalar. */
  key: string;
  /** The years where the value differs, with the value before and after (undefined when it has none). */
  years: Array<{ fy: FinancialYear; before: number | undefined; after: number | undefined }>;
}

export interface ParameterDiff {
  name: string;
  label: string;
  unit: string;
  kind: ChangeKind;
  changes: ValueChange[];
  /** Sources that differ, by date. */
  sources: Array<{ from: string; before: string | undefined; after: string | undefined }>;
}

export interface BandDiff {
  id: string;
  label: string;
  kind: ChangeKind;
  fields: Array<{ field: string; before: string; after: string }>;
}

export interface RulebookDiff {
  parameters: ParameterDiff[];
  bands: BandDiff[];
  formula: { before: string; after: string } | null;
  method: { before: string; after: string } | null;
  exceptions: Array<{ id: string; kind: ChangeKind; before: string; after: string }>;
  /** True when nothing differs. */
  same: boolean;
}

function bandText(b: BandRule | undefined, field: keyof BandRule): string {
  const v = b?.[field];
  return v === undefined ? '' : String(v);
}

/**
 * What changes from rulebook `a` to rulebook `b`: parameters compared by the value in force in each financial year of
 * the horizon (so a new dated value shows as the years it changes), bands, the price formula and exceptions.
 * @example diffRulebooks(opened, edited).parameters[0] // {name: 'base_price', kind: 'changed', changes: [{key: 'B3 × …', years: [{fy: '2027-28', before: 45000, after: 46000}, …]}]}
 */
export function diffRulebooks(a: Rulebook, b: Rulebook, years: readonly FinancialYear[] = HORIZON_YEARS): RulebookDiff {
  const parameters: ParameterDiff[] = [];
  const names = [...new Set([...Object.keys(a.parameters), ...Object.keys(b.parameters)])];
  for (const name of names) {
    const pa = a.parameters[name];
    const pb = b.parameters[name];
    const p = (pb ?? pa)!;
    const kind: ChangeKind = !pa ? 'added' : !pb ? 'removed' : 'changed';
    const paths = new Map<string, string[]>();
    for (const x of [pa, pb]) if (x) for (const path of keyPaths(x)) paths.set(JSON.stringify(path), path);
    const changes: ValueChange[] = [];
    for (const path of paths.values()) {
      const diffYears = years
        .map((fy) => ({ fy, before: pa ? effectiveAt(entryInYear(pa, fy)?.value, path) : undefined, after: pb ? effectiveAt(entryInYear(pb, fy)?.value, path) : undefined }))
        .filter((y) => y.before !== y.after);
      if (diffYears.length) changes.push({ key: describeKey(p.keys, path), years: diffYears });
    }
    const sources: ParameterDiff['sources'] = [];
    const dates = [...new Set([...(pa?.values ?? []), ...(pb?.values ?? [])].map((v) => v.from))].sort();
    for (const from of dates) {
      const before = pa?.values.find((v) => v.from === from)?.source;
      const after = pb?.values.find((v) => v.from === from)?.source;
      if (before !== after) sources.push({ from, before, after });
    }
    if (kind !== 'changed' || changes.length || sources.length) parameters.push({ name, label: p.label, unit: p.unit, kind, changes, sources });
  }
  const bands: BandDiff[] = [];
  const ids = [...new Set([...a.bands.list.map((x) => x.id), ...b.bands.list.map((x) => x.id)])];
  for (const id of ids) {
    const ba = a.bands.list.find((x) => x.id === id);
    const bb = b.bands.list.find((x) => x.id === id);
    const kind: ChangeKind = !ba ? 'added' : !bb ? 'removed' : 'changed';
    const fields = (['label', 'descriptor', 'when', 'min', 'max'] as const).map((f) => ({ field: f, before: bandText(ba, f), after: bandText(bb, f) })).filter((f) => f.before !== f.after);
    if (kind !== 'changed' || fields.length) bands.push({ id, label: (bb ?? ba)!.label, kind, fields });
  }
  const exceptions: RulebookDiff['exceptions'] = [];
  const xids = [...new Set([...a.exceptions.map((x) => x.id), ...b.exceptions.map((x) => x.id)])];
  for (const id of xids) {
    const xa = a.exceptions.find((x) => x.id === id);
    const xb = b.exceptions.find((x) => x.id === id);
    const text = (x: typeof xa): string => (x ? `${x.label}: when ${x.when}, ${x.action === 'current_cost' ? 'funded at current cost' : `extra top-up ${x.amount ?? ''}`}` : '');
    if (text(xa) !== text(xb)) exceptions.push({ id, kind: !xa ? 'added' : !xb ? 'removed' : 'changed', before: text(xa), after: text(xb) });
  }
  const formula = a.tariff.formula !== b.tariff.formula ? { before: a.tariff.formula, after: b.tariff.formula } : null;
  const method = a.bands.method !== b.bands.method ? { before: a.bands.method, after: b.bands.method } : null;
  return { parameters, bands, formula, method, exceptions, same: !parameters.length && !bands.length && !formula && !method && !exceptions.length };
}
