/**
 * Prices a placement table under a rulebook on a date (DESIGN §4): assign bands, look up parameters, evaluate the
 * tariff formula column-wise, apply exceptions and transitional protection, split place funding from top-up and
 * derive Section 251 lines. Every result is a typed array aligned with the table's rows.
 */
import type { PlacementTable } from '../data/table';
import type { Rulebook } from '../rules/rulebook';
import type { RuleIssue } from '../rules/load';
import { compileFormula, type CompiledFormula, type CompileOptions } from '../rules/formula';
import { buildContext, categoryOf, numberOf, type EvaluationContext } from './context';
import { s251LinesOfSetting } from '../vocab/settings';

export type FormulaMode = NonNullable<CompileOptions['mode']>;

export interface PriceOptions {
  /** The date whose parameters apply, YYYY-MM-DD. */
  date: string;
  /** Funding in the previous year per placement, for transitional protection; defaults to the current cost. */
  previous?: Float64Array;
  /** Multiplies every tariff price (not bespoke packages funded at cost); 1 by default. */
  scale?: number;
  mode?: FormulaMode;
  /** Name used in messages, e.g. the rulebook's file. */
  file?: string;
}

/** Section 251 lines a priced placement's money is reported under. */
export const S251_PLACE_LINE = '1.0.2';

export interface Priced {
  table: PlacementTable;
  rulebook: Rulebook;
  date: string;
  context: EvaluationContext;
  bandIds: string[];
  /** Index into bandIds per row; -1 where no band applies (its price is NaN and an issue says why). */
  band: Int32Array;
  /** Cost to the high-needs block per placement per year as paid today (annual_cost). */
  current: Float64Array;
  /** The tariff formula's price before exceptions, protection and scaling. */
  tariff: Float64Array;
  /** The factor every tariff price was multiplied by (1 unless rescaled, e.g. for budget neutrality). */
  scale: number;
  /** Final price after exceptions and transitional protection. */
  price: Float64Array;
  placePart: Float64Array;
  topUpPart: Float64Array;
  /** Index into rulebook.exceptions, or -1. */
  exception: Int32Array;
  /** The extra top-up of an extra_top_up exception per row (0 elsewhere). */
  extraTopUp: Float64Array;
  /** Place funding per row from the rulebook's placeFunding parameter, or null when it has none. */
  placeFunding: Float64Array | null;
  /** The funding transitional protection compares against (the previous year's, or today's cost). */
  previous: Float64Array;
  /** 1 where the cap on rises bit, -1 where the floor on falls bit, 0 otherwise. */
  protection: Int8Array;
  /** Index into s251Lines for each row's top-up. */
  s251: Int32Array;
  s251Lines: string[];
  /** count per row (cohort rows carry more than one placement). */
  weight: Float64Array;
  compiled: { bands: CompiledFormula[]; tariff: CompiledFormula; exceptions: Array<{ when: CompiledFormula; amount?: CompiledFormula }> };
  issues: RuleIssue[];
}

export class PricingError extends Error {
  constructor(readonly issues: RuleIssue[]) {
    super(issues.map((i) => `${i.file}: ${i.path}: ${i.message}`).join('\n'));
  }
}

/**
 * Prices every row of `table`.
 * @example const priced = price(table, rulebook, {date: '2026-04-01'}); priced.price[0] // £ per year for row 0
 */
export function price(table: PlacementTable, rulebook: Rulebook, options: PriceOptions): Priced {
  const file = options.file ?? rulebook.id;
  const n = table.rowCount;
  const issues: RuleIssue[] = [];
  const fail = (path: string, rule: string, message: string): never => {
    throw new PricingError([{ severity: 'error', file, path, rule, message }]);
  };
  const compile = (text: string, rule: string, path: string, ctx: EvaluationContext, expect: 'number' | 'boolean'): CompiledFormula => {
    const r = compileFormula(text, { rule, fields: ctx.fields, scalars: ctx.scalars, expect, mode: options.mode ?? 'auto' });
    if (!r.ok) {
      // A formula naming a parameter that has no value yet on this date says so, rather than "unknown name".
      const missing = Object.keys(ctx.missing).filter((m) => new RegExp(`\\b${m}\\b`).test(text));
      throw new PricingError(r.errors.map((e) => ({ severity: 'error' as const, file, path, rule: 'formula', message: missing.length ? `${ctx.missing[missing[0]]} (${e.message})` : e.message })));
    }
    return r.formula;
  };

  const current = numberOf(table, 'annual_cost');
  const weight = table.columns.count?.kind === 'number' ? table.columns.count.values : new Float64Array(n).fill(1);
  const bandIds = rulebook.bands.list.map((b) => b.id);

  // 1. Bands.
  const baseContext = buildContext(table, rulebook, options.date);
  const band = new Int32Array(n).fill(-1);
  const bandFormulas: CompiledFormula[] = [];
  if (rulebook.bands.method === 'rules') {
    const unassigned = new Uint8Array(n).fill(1);
    const hit = new Uint8Array(n);
    rulebook.bands.list.forEach((b, bi) => {
      const f = compile(b.when ?? '', `band ${b.id}`, `bands.list[${bi}].when`, baseContext, 'boolean');
      bandFormulas.push(f);
      hit.fill(0);
      f.evaluate(baseContext.columns, n, hit, unassigned);
      for (let i = 0; i < n; i++) if (unassigned[i] && hit[i]) {
        band[i] = bi;
        unassigned[i] = 0;
      }
    });
  } else if (rulebook.bands.method === 'data') {
    const col = table.columns.band;
    if (!col || col.kind !== 'category') fail('bands.method', 'data', 'bands come "from the data", but the data has no band column.');
    else {
      const map = col.dictionary.map((d) => bandIds.indexOf(d));
      const unknown = new Set<string>();
      for (let i = 0; i < n; i++) {
        const c = col.codes[i];
        band[i] = c < 0 ? -1 : map[c];
        if (c >= 0 && map[c] < 0) unknown.add(col.dictionary[c]);
      }
      for (const u of unknown) issues.push({ severity: 'error', file, path: 'bands.list', rule: 'band', message: `the data's band "${u}" is not one of the rulebook's bands (${bandIds.join(', ')}).` });
    }
  } else {
    const list = rulebook.bands.list;
    for (let i = 0; i < n; i++) {
      const c = current[i];
      for (let bi = 0; bi < list.length; bi++) if (inInterval(c, list[bi])) {
        band[i] = bi;
        break;
      }
    }
  }
  const unbanded = countWhere(band, (b) => b < 0, weight);
  if (unbanded > 0) issues.push({ severity: 'warning', file, path: 'bands', rule: 'unbanded', message: `${fmtCount(unbanded)} placement(s) match no band: they are not priced (add a last band whose rule is "true" to catch them).` });

  // 2. Tariff formula, with band-keyed look-ups now available.
  const ctx = buildContext(table, rulebook, options.date, { ids: bandIds, codes: band });
  const tariffFormula = compile(rulebook.tariff.formula, 'tariff formula', 'tariff.formula', ctx, 'number');
  const tariff = tariffFormula.evaluate(ctx.columns, n) as Float64Array;
  for (let i = 0; i < n; i++) if (band[i] < 0) tariff[i] = NaN;

  // 3. Exceptions: the first that matches applies.
  const exception = new Int32Array(n).fill(-1);
  const extraTopUp = new Float64Array(n);
  const exceptionFormulas: Array<{ when: CompiledFormula; amount?: CompiledFormula }> = [];
  const open = new Uint8Array(n);
  for (let i = 0; i < n; i++) open[i] = band[i] >= 0 ? 1 : 0;
  const hit = new Uint8Array(n);
  rulebook.exceptions.forEach((x, xi) => {
    const when = compile(x.when, `exception ${x.id}`, `exceptions[${xi}].when`, ctx, 'boolean');
    const amount = x.action === 'extra_top_up' ? compile(x.amount ?? '', `exception ${x.id} amount`, `exceptions[${xi}].amount`, ctx, 'number') : undefined;
    exceptionFormulas.push({ when, ...(amount ? { amount } : {}) });
    hit.fill(0);
    when.evaluate(ctx.columns, n, hit, open);
    const extra = amount ? (amount.evaluate(ctx.columns, n) as Float64Array) : null;
    for (let i = 0; i < n; i++) if (open[i] && hit[i]) {
      exception[i] = xi;
      open[i] = 0;
      if (extra) extraTopUp[i] = extra[i];
    }
  });

  const pfName = rulebook.tariff.placeFunding;
  const pf = pfName ? (ctx.columns[pfName] as Float64Array | undefined) : undefined;
  if (pfName && !pf) fail('tariff.placeFunding', 'reference', `place funding parameter "${pfName}" must be keyed by fields the data has (its keys: ${rulebook.parameters[pfName]?.keys?.join(', ') ?? 'none'}).`);
  const { s251, s251Lines } = s251Of(table);

  const priced: Priced = {
    table, rulebook, date: options.date, context: ctx, bandIds, band, current, tariff, scale: 1, price: new Float64Array(n), placePart: new Float64Array(n), topUpPart: new Float64Array(n),
    exception, extraTopUp, placeFunding: pf ?? null, protection: new Int8Array(n), previous: options.previous ?? current, s251, s251Lines, weight,
    compiled: { bands: bandFormulas, tariff: tariffFormula, exceptions: exceptionFormulas }, issues,
  };
  finishPrices(priced, options.scale ?? 1);
  // Look-ups with no value leave a placement unpriced unless an exception prices it: name each combination.
  reportMissingLookups(tariffFormula, ctx, priced.price, band, bandIds, weight, file, issues);
  return priced;
}

/**
 * Reprices with every tariff price multiplied by `scale` (exceptions funded at cost stay at cost; protection and the
 * place/top-up split are recomputed), reusing the bands, look-ups and formula results: what budget-neutral goal seek
 * needs, at a fraction of the cost of pricing again.
 * @example rescale(priced, 0.95).price // each tariff price 5% lower, bespoke packages unchanged
 */
export function rescale(priced: Priced, scale: number): Priced {
  const n = priced.table.rowCount;
  const out: Priced = { ...priced, price: new Float64Array(n), placePart: new Float64Array(n), topUpPart: new Float64Array(n), protection: new Int8Array(n) };
  finishPrices(out, scale);
  return out;
}

/** Exceptions, transitional protection and the place-funding split, in place, for a tariff multiplied by `scale`. */
function finishPrices(p: Priced, scale: number): void {
  const n = p.table.rowCount;
  const { rulebook, tariff, current, exception, extraTopUp, price: out } = p;
  p.scale = scale;
  for (let i = 0; i < n; i++) {
    const x = exception[i];
    if (x < 0) out[i] = scale * tariff[i];
    else out[i] = rulebook.exceptions[x].action === 'current_cost' ? current[i] : scale * tariff[i] + extraTopUp[i];
  }
  p.protection.fill(0);
  const tp = rulebook.transitionalProtection;
  if (tp) applyProtection(tp, out, p.previous, p.table, p.weight, p.protection);
  const pf = p.placeFunding;
  for (let i = 0; i < n; i++) {
    const v = out[i];
    const place = pf && !Number.isNaN(pf[i]) ? Math.min(Math.max(v, 0), pf[i]) : 0;
    p.placePart[i] = Number.isNaN(v) ? NaN : place;
    p.topUpPart[i] = v - place;
  }
}

/** Whether a current cost falls in a shadow band's interval, honouring its explicit closure. */
export function inInterval(cost: number, b: { min?: number; max?: number; closed?: 'left' | 'right' | 'both' | 'neither' }): boolean {
  if (Number.isNaN(cost)) return false;
  const closed = b.closed ?? 'left';
  const lo = b.min ?? -Infinity, hi = b.max ?? Infinity;
  const leftOk = closed === 'left' || closed === 'both' ? cost >= lo : cost > lo;
  const rightOk = closed === 'right' || closed === 'both' ? cost <= hi : cost < hi;
  return leftOk && rightOk;
}

function applyProtection(tp: NonNullable<Rulebook['transitionalProtection']>, priceOut: Float64Array, previous: Float64Array, table: PlacementTable, weight: Float64Array, flag: Int8Array): void {
  const hi = (prev: number) => (tp.cap === null ? Infinity : prev * (1 + tp.cap));
  const lo = (prev: number) => (tp.floor === null ? -Infinity : prev * (1 + tp.floor));
  const provider = tp.basis === 'provider' && table.columns.provider_id?.kind === 'category' ? table.columns.provider_id : null;
  const n = priceOut.length;
  const perPlacement = (i: number) => {
    const p = priceOut[i], prev = previous[i];
    if (Number.isNaN(p) || Number.isNaN(prev)) return;
    if (p > hi(prev)) {
      priceOut[i] = hi(prev);
      flag[i] = 1;
    } else if (p < lo(prev)) {
      priceOut[i] = lo(prev);
      flag[i] = -1;
    }
  };
  if (!provider) {
    for (let i = 0; i < n; i++) perPlacement(i);
    return;
  }
  // Per provider: the provider's total is held within the band; all its placements scale by one factor.
  const k = provider.dictionary.length;
  const newTotal = new Float64Array(k), prevTotal = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = provider.codes[i];
    if (c < 0 || Number.isNaN(priceOut[i]) || Number.isNaN(previous[i])) continue;
    newTotal[c] += priceOut[i] * weight[i];
    prevTotal[c] += previous[i] * weight[i];
  }
  const factor = new Float64Array(k).fill(1);
  const which = new Int8Array(k);
  for (let c = 0; c < k; c++) {
    if (newTotal[c] > hi(prevTotal[c]) && newTotal[c] > 0) {
      factor[c] = hi(prevTotal[c]) / newTotal[c];
      which[c] = 1;
    } else if (newTotal[c] < lo(prevTotal[c]) && newTotal[c] > 0) {
      factor[c] = lo(prevTotal[c]) / newTotal[c];
      which[c] = -1;
    }
  }
  for (let i = 0; i < n; i++) {
    const c = provider.codes[i];
    if (c < 0) perPlacement(i);
    else if (which[c] !== 0 && !Number.isNaN(priceOut[i])) {
      priceOut[i] *= factor[c];
      flag[i] = which[c];
    }
  }
}

function s251Of(table: PlacementTable): { s251: Int32Array; s251Lines: string[] } {
  const setting = categoryOf(table, 'setting');
  const gov = table.columns.governance?.kind === 'category' ? table.columns.governance : null;
  const lines: string[] = [];
  const indexOf = (l: string) => {
    let k = lines.indexOf(l);
    if (k < 0) k = lines.push(l) - 1;
    return k;
  };
  const n = table.rowCount;
  const s251 = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = setting.codes[i] < 0 ? 'unknown' : setting.dictionary[setting.codes[i]];
    const g = gov && gov.codes[i] >= 0 ? gov.dictionary[gov.codes[i]] : null;
    s251[i] = indexOf(s251LineOf(s, g));
  }
  return { s251, s251Lines: lines };
}

/**
 * The top-up line for a setting and (optional) governance. Where the line depends on governance and the data
 * does not say, the line is reported as both ("1.2.1/1.2.2"), never guessed.
 * @example s251LineOf('mainstream', 'academy') // '1.2.2'
 */
export function s251LineOf(setting: string, governance: string | null): string {
  const lines = s251LinesOfSetting(setting);
  if (lines.length === 0) return 'none';
  if (lines.length === 1) return lines[0].line;
  const match = governance ? lines.find((l) => l.governance === governance) : undefined;
  return match ? match.line : lines.map((l) => l.line).join('/');
}

function countWhere(a: Int32Array, pred: (v: number) => boolean, weight: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (pred(a[i])) s += weight[i];
  return s;
}

const fmtCount = (x: number) => x.toLocaleString('en-GB');

function reportMissingLookups(f: CompiledFormula, ctx: EvaluationContext, priceOut: Float64Array, band: Int32Array, bandIds: string[], weight: Float64Array, file: string, issues: RuleIssue[]): void {
  for (const name of f.fieldsUsed) {
    const read = ctx.keyed[name];
    if (!read) continue;
    const col = ctx.columns[name] as Float64Array;
    const combos = new Map<string, number>();
    for (let i = 0; i < col.length; i++) {
      if (band[i] < 0 || !Number.isNaN(col[i]) || !Number.isNaN(priceOut[i])) continue;
      const key = read.keys.map((k) => keyText(k, i, ctx, bandIds)).join(' × ');
      combos.set(key, (combos.get(key) ?? 0) + weight[i]);
    }
    for (const [key, count] of combos) {
      issues.push({ severity: 'error', file, path: `parameters.${name}`, rule: 'lookup', message: `no value of "${name}" for ${read.keys.join(' × ')} = ${key} (${fmtCount(count)} placement(s) unpriced).` });
    }
  }
}

function keyText(key: string, row: number, ctx: EvaluationContext, bandIds: string[]): string {
  const codes = ctx.columns[key] as Int32Array;
  const c = codes[row];
  if (c < 0) return '(missing)';
  if (key === 'band') return bandIds[c];
  const f = ctx.fields[key];
  return f.kind === 'category' ? f.dictionary[c] : String(c);
}
