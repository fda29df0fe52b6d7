/**
 * Explains a priced figure (DESIGN §4): for one placement, the band rule that matched, every parameter read with
 * its effective date and source, each intermediate value and the final price; for one group, how its total is made.
 * Traces are plain data so the UI, the CLI and workbooks can show them.
 */
import type { Priced } from './price';
import { aggregate, type GroupBy, type PriceGroup } from './aggregate';
import { inInterval } from './price';

export interface ParameterUse {
  name: string;
  label: string;
  unit: string;
  /** For keyed parameters: the key values this placement looked up, e.g. {band: 'B3', setting: 'iss'}. */
  keys?: Record<string, string>;
  value: number;
  from: string | null;
  source: string;
  /** For indices: each year's rate. */
  steps?: Array<{ year: string; rate: number; from: string; source: string }>;
}

export interface PlacementTrace {
  placementId: string;
  row: number;
  date: string;
  rulebook: { id: string; name: string; illustrative: boolean };
  fields: Record<string, string | number | null>;
  band: {
    method: 'rules' | 'data' | 'shadow';
    id: string | null;
    label: string | null;
    tested: Array<{ id: string; rule: string; matched: boolean }>;
  };
  parameters: ParameterUse[];
  formula: { text: string; steps: Array<{ text: string; value: number | boolean | string }>; value: number };
  exception: { id: string; label: string; action: string; amount?: number } | null;
  protection: { basis: string; previous: number; cap: number | null; floor: number | null; applied: 'cap' | 'floor' | null } | null;
  current: number;
  price: number;
  difference: number;
  placeFunding: number;
  topUp: number;
  s251: { place: string | null; topUp: string };
}

/**
 * @example explain(priced, 'P0003').price === priced.price[2] // true
 */
export function explain(priced: Priced, placementId: string): PlacementTrace {
  const row = priced.table.ids.indexOf(placementId);
  if (row < 0) throw new Error(`No placement with id "${placementId}" in the data.`);
  return explainRow(priced, row);
}

export function explainRow(priced: Priced, row: number): PlacementTrace {
  const { table, rulebook, context: ctx } = priced;
  const values: Record<string, number | string | null> = {};
  const fields: Record<string, string | number | null> = {};
  for (const [name, f] of Object.entries(ctx.fields)) {
    const col = ctx.columns[name];
    if (!col) continue;
    let v: string | number | null;
    if (f.kind === 'number') v = Number.isNaN(col[row]) ? null : col[row];
    else v = col[row] < 0 ? null : f.dictionary[col[row]];
    values[name] = v;
    if (!ctx.keyed[name]) fields[name] = v;
  }
  for (const [name, v] of Object.entries(ctx.scalars)) values[name] = v;

  // Band.
  const b = priced.band[row];
  const tested: PlacementTrace['band']['tested'] = [];
  const list = rulebook.bands.list;
  if (rulebook.bands.method === 'rules') {
    for (let k = 0; k < priced.compiled.bands.length; k++) {
      const matched = priced.compiled.bands[k].evaluateRow(values).value === true;
      tested.push({ id: list[k].id, rule: list[k].when ?? '', matched });
      if (matched) break;
    }
  } else if (rulebook.bands.method === 'shadow') {
    for (const band of list) {
      const matched = inInterval(priced.current[row], band);
      tested.push({ id: band.id, rule: intervalText(band), matched });
      if (matched) break;
    }
  } else {
    tested.push({ id: b >= 0 ? list[b].id : '(none)', rule: 'the band column of the data', matched: b >= 0 });
  }

  // Parameters read by the tariff formula (and the place funding split).
  const used = new Set([...priced.compiled.tariff.fieldsUsed, ...priced.compiled.tariff.scalarsUsed]);
  if (rulebook.tariff.placeFunding) used.add(rulebook.tariff.placeFunding);
  const parameters: ParameterUse[] = [];
  for (const name of used) {
    const keyed = ctx.keyed[name];
    if (keyed) {
      const keys: Record<string, string> = {};
      for (const k of keyed.keys) keys[k] = String(values[k] ?? '(missing)');
      parameters.push({ name, label: keyed.parameter.label, unit: keyed.parameter.unit, keys, value: (ctx.columns[name] as Float64Array)[row], from: keyed.entry.from, source: keyed.entry.source });
      continue;
    }
    const read = ctx.scalarReads[name];
    if (read) {
      const p = rulebook.parameters[name];
      const ix = rulebook.indexation[name] ?? (name === 'index' && rulebook.tariff.indexation ? rulebook.indexation[rulebook.tariff.indexation] : undefined);
      parameters.push({
        name,
        label: p?.label ?? ix?.label ?? name,
        unit: p?.unit ?? 'index',
        value: read.value,
        from: read.entry?.from ?? null,
        source: read.entry?.source ?? (ix ? `${ix.label}: base ${ix.baseYear} = 1, × (1 + ${ix.rate}) each later year` : ''),
        ...(read.steps ? { steps: read.steps } : {}),
      });
    }
  }

  const evaluated = priced.compiled.tariff.evaluateRow(values);
  const x = priced.exception[row];
  let exception: PlacementTrace['exception'] = null;
  if (x >= 0) {
    const spec = rulebook.exceptions[x];
    const amount = priced.compiled.exceptions[x].amount?.evaluateRow(values).value;
    exception = { id: spec.id, label: spec.label, action: spec.action, ...(typeof amount === 'number' ? { amount } : {}) };
  }
  const tp = rulebook.transitionalProtection;
  const flag = priced.protection[row];
  const protection: PlacementTrace['protection'] = tp
    ? { basis: tp.basis, previous: priced.current[row], cap: tp.cap, floor: tp.floor, applied: flag > 0 ? 'cap' : flag < 0 ? 'floor' : null }
    : null;

  return {
    placementId: table.ids[row],
    row,
    date: priced.date,
    rulebook: { id: rulebook.id, name: rulebook.name, illustrative: rulebook.illustrative },
    fields,
    band: { method: rulebook.bands.method, id: b >= 0 ? list[b].id : null, label: b >= 0 ? list[b].label : null, tested },
    parameters,
    formula: { text: rulebook.tariff.formula, steps: evaluated.steps, value: typeof evaluated.value === 'number' ? evaluated.value : NaN },
    exception,
    protection,
    current: priced.current[row],
    price: priced.price[row],
    difference: priced.price[row] - priced.current[row],
    placeFunding: priced.placePart[row],
    topUp: priced.topUpPart[row],
    s251: { place: priced.placePart[row] > 0 ? '1.0.2' : null, topUp: priced.s251Lines[priced.s251[row]] },
  };
}

export interface GroupTrace extends PriceGroup {
  by: GroupBy;
  bandMix: Array<{ band: string; plans: number }>;
  exceptions: Array<{ id: string; plans: number }>;
  protected: { capped: number; floored: number };
  /** The placements contributing most to the difference, largest first. */
  largestDifferences: Array<{ placementId: string; current: number; price: number; difference: number }>;
}

/** How one group's total is made: its band mix, exceptions, protection and largest contributors. */
export function explainGroup(priced: Priced, by: GroupBy, key: string): GroupTrace {
  const group = aggregate(priced, by).find((g) => g.key === key);
  if (!group) throw new Error(`No ${by} group "${key}" in the priced data.`);
  const codes = groupRowCodes(priced, by, key);
  const bandMix = new Map<string, number>();
  const exceptions = new Map<string, number>();
  let capped = 0, floored = 0;
  const rows: number[] = [];
  for (let i = 0; i < priced.table.rowCount; i++) {
    if (!codes(i)) continue;
    rows.push(i);
    const w = priced.weight[i];
    const band = priced.band[i] >= 0 ? priced.bandIds[priced.band[i]] : '(none)';
    bandMix.set(band, (bandMix.get(band) ?? 0) + w);
    if (priced.exception[i] >= 0) {
      const id = priced.rulebook.exceptions[priced.exception[i]].id;
      exceptions.set(id, (exceptions.get(id) ?? 0) + w);
    }
    if (priced.protection[i] > 0) capped += w;
    if (priced.protection[i] < 0) floored += w;
  }
  const diff = (i: number) => (priced.price[i] - priced.current[i]) * priced.weight[i];
  rows.sort((a, b) => Math.abs(diff(b)) - Math.abs(diff(a)) || a - b);
  return {
    ...group,
    by,
    bandMix: [...bandMix].map(([band, plans]) => ({ band, plans })),
    exceptions: [...exceptions].map(([id, plans]) => ({ id, plans })),
    protected: { capped, floored },
    largestDifferences: rows.slice(0, 10).map((i) => ({ placementId: priced.table.ids[i], current: priced.current[i], price: priced.price[i], difference: priced.price[i] - priced.current[i] })),
  };
}

function groupRowCodes(priced: Priced, by: GroupBy, key: string): (i: number) => boolean {
  const ctx = priced.context;
  const byColumn: Record<GroupBy, string> = { la: 'la_code', setting: 'setting', need: 'primary_need', provider: 'provider_id', sector: 'sector', phase: 'phase', band: 'band', s251: 's251' };
  if (by === 'band') {
    const k = priced.bandIds.indexOf(key);
    return (i) => priced.band[i] === k;
  }
  if (by === 's251') {
    const k = priced.s251Lines.indexOf(key);
    return (i) => priced.s251[i] === k;
  }
  const name = byColumn[by];
  const f = ctx.fields[name];
  const col = ctx.columns[name] as Int32Array | undefined;
  if (!f || f.kind !== 'category' || !col) return () => false;
  const k = f.dictionary.indexOf(key);
  return (i) => col[i] === k;
}

function intervalText(b: { min?: number; max?: number; closed?: string }): string {
  const closed = b.closed ?? 'left';
  const l = closed === 'left' || closed === 'both' ? '[' : '(';
  const r = closed === 'right' || closed === 'both' ? ']' : ')';
  return `current cost in ${l}${b.min ?? '−∞'}, ${b.max ?? '∞'}${r}`;
}
