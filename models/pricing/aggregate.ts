/**
 * Totals of a priced table by LA, setting, sector, band, need, provider, phase or S251 line. Every group counts
 * plans (Σ count), current cost and price (Σ £ × count); rows the rulebook could not price are counted apart.
 */
import type { Priced } from './price';
import { categoryOf } from './context';
import { settingLabel } from '../vocab/settings';
import { needLabel } from '../vocab/needs';
import { laName } from '../vocab/las';
import { sectorInfo, type SectorCode } from '../vocab/sectors';
import { phaseInfo, type PhaseCode } from '../vocab/phases';

export const GROUP_BYS = ['la', 'setting', 'sector', 'band', 'need', 'provider', 'phase', 's251'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface PriceTotals {
  plans: number;
  /** Current cost of all placements, £ per year. */
  current: number;
  /** Price of the priced placements, £ per year. */
  price: number;
  /** Σ (price − current) over priced placements. */
  difference: number;
  /** Placements the rulebook could not price (no band or no look-up value). */
  unpriced: number;
}

export interface PriceGroup extends PriceTotals {
  key: string;
  label: string;
}

const empty = (): PriceTotals => ({ plans: 0, current: 0, price: 0, difference: 0, unpriced: 0 });

function add(t: PriceTotals, priced: Priced, i: number): void {
  const w = priced.weight[i];
  const c = priced.current[i], p = priced.price[i];
  t.plans += w;
  t.current += c * w;
  if (Number.isNaN(p)) t.unpriced += w;
  else {
    t.price += p * w;
    t.difference += (p - c) * w;
  }
}

/** @example totals(priced) // {plans: 10, current: 412000, price: 398500, difference: -13500, unpriced: 0} */
export function totals(priced: Priced): PriceTotals {
  const t = empty();
  for (let i = 0; i < priced.table.rowCount; i++) add(t, priced, i);
  return t;
}

/**
 * Groups in key order (band in rulebook order, others alphabetically by key).
 * @example aggregate(priced, 'setting')[0] // {key: 'ap', label: 'Alternative provision', plans: 2, …}
 */
export function aggregate(priced: Priced, by: GroupBy): PriceGroup[] {
  const { codes, keys, label } = groupCodes(priced, by);
  const groups = keys.map(empty);
  const missing = empty();
  for (let i = 0; i < priced.table.rowCount; i++) {
    const c = codes[i];
    add(c < 0 ? missing : groups[c], priced, i);
  }
  const out = keys.map((key, k) => ({ key, label: label(key), ...groups[k] })).filter((g) => g.plans > 0);
  // Vocabularies (setting, need, sector, phase) and bands keep their own order; codes and names sort.
  if (by === 'la' || by === 'provider' || by === 's251') out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (missing.plans > 0) out.push({ key: '(none)', label: by === 'band' ? 'No band' : 'Not recorded', ...missing });
  return out;
}

function groupCodes(priced: Priced, by: GroupBy): { codes: Int32Array; keys: readonly string[]; label: (k: string) => string } {
  const t = priced.table;
  const ctx = priced.context;
  const fromColumn = (name: string, label: (k: string) => string = (k) => k) => {
    const col = categoryOf(t, name);
    return { codes: col.codes, keys: col.dictionary, label };
  };
  switch (by) {
    case 'la':
      return fromColumn('la_code', (k) => laName(k) ?? k);
    case 'setting':
      return fromColumn('setting', (k) => settingLabel(k));
    case 'need':
      return fromColumn('primary_need', (k) => needLabel(k));
    case 'provider': {
      if (t.columns.provider_id?.kind === 'category') {
        const names = t.columns.provider_name?.kind === 'category' ? t.columns.provider_name : null;
        const ids = t.columns.provider_id;
        const nameOf = new Map<string, string>();
        if (names) for (let i = 0; i < t.rowCount; i++) if (ids.codes[i] >= 0 && names.codes[i] >= 0) nameOf.set(ids.dictionary[ids.codes[i]], names.dictionary[names.codes[i]]);
        return { codes: ids.codes, keys: ids.dictionary, label: (k) => nameOf.get(k) ?? k };
      }
      return { codes: new Int32Array(t.rowCount).fill(-1), keys: [], label: (k) => k };
    }
    case 'sector':
    case 'phase': {
      const f = ctx.fields[by];
      const label = by === 'sector' ? (k: string) => sectorInfo(k as SectorCode).label : (k: string) => phaseInfo(k as PhaseCode).label;
      return { codes: ctx.columns[by] as Int32Array, keys: f.kind === 'category' ? f.dictionary : [], label };
    }
    case 'band': {
      const labels = new Map(priced.rulebook.bands.list.map((b) => [b.id, b.label]));
      return { codes: priced.band, keys: priced.bandIds, label: (k) => labels.get(k) ?? k };
    }
    case 's251':
      return { codes: priced.s251, keys: priced.s251Lines, label: (k) => k };
  }
}
