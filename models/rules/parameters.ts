/**
 * Dated parameters (OpenFisca style): a value holds from its date until the next; look-up takes the latest
 * value on or before the date. Keyed tables resolve by category keys with "*" as the fallback, and indexation
 * multiplies annual rates from a declared base year, so a future-dated change never freezes earlier uprating.
 */
import type { DatedValue, Indexation, Parameter, ParameterValue, Rulebook } from './rulebook';
import { financialYearOf, fyLabel, fyStartYear } from '../projection/calendar';

/**
 * The entry in force on `date` (ISO dates compare as strings), or null before the first.
 * @example valueOn({label: 'x', unit: '£', values: [{from: '2025-04-01', value: 1, source: 's'}, {from: '2026-04-01', value: 2, source: 's'}]}, '2026-03-31').value // 1
 */
export function valueOn(parameter: Parameter, date: string): DatedValue | null {
  let best: DatedValue | null = null;
  for (const v of parameter.values) if (v.from <= date && (!best || v.from >= best.from)) best = v;
  return best;
}

/** The wildcard key: matches any value of its field. */
export const ANY = '*';

/**
 * Resolves a keyed value for one combination of keys; exact keys win over "*". Undefined when nothing matches.
 * @example lookupKeyed({B1: {iss: 30000, '*': 9000}}, ['B1', 'mainstream']) // 9000
 */
export function lookupKeyed(value: ParameterValue, keys: readonly string[]): number | undefined {
  if (typeof value === 'number') return keys.length === 0 ? value : undefined;
  if (keys.length === 0) return undefined;
  const [head, ...rest] = keys;
  if (Object.prototype.hasOwnProperty.call(value, head)) {
    const exact = lookupKeyed(value[head], rest);
    if (exact !== undefined) return exact;
  }
  return Object.prototype.hasOwnProperty.call(value, ANY) ? lookupKeyed(value[ANY], rest) : undefined;
}

/** A scalar parameter's value on a date, or a clear error. */
export function scalarOn(rulebook: Rulebook, name: string, date: string): { value: number; entry: DatedValue } {
  const p = rulebook.parameters[name];
  if (!p) throw new Error(`The rulebook has no parameter "${name}".`);
  const entry = valueOn(p, date);
  if (!entry) throw new Error(`Parameter "${name}" has no value on or before ${date}.`);
  if (typeof entry.value !== 'number') throw new Error(`Parameter "${name}" is a table keyed by ${p.keys?.join(', ')}, not a single number.`);
  return { value: entry.value, entry };
}

export interface IndexStep {
  year: string;
  rate: number;
  from: string;
  source: string;
}

/**
 * The index on a date: 1 in the base year, multiplied by (1 + rate) for each financial year after it up to the
 * date's financial year (divided for years before the base). The rate for a year is the one in force on 1 April.
 * @example // base 2025-26, rate 2% from 2025-04-01, 3% from 2027-04-01: index on 2027-06-01 = 1.02 × 1.03
 */
export function indexOn(rulebook: Rulebook, indexation: Indexation, date: string): { value: number; steps: IndexStep[] } {
  const rate = rulebook.parameters[indexation.rate];
  if (!rate) throw new Error(`Indexation "${indexation.label}" names rate parameter "${indexation.rate}", which the rulebook does not have.`);
  const base = fyStartYear(indexation.baseYear);
  const target = fyStartYear(financialYearOf(date));
  let value = 1;
  const steps: IndexStep[] = [];
  const step = (y: number): number => {
    const entry = valueOn(rate, `${y}-04-01`);
    if (!entry || typeof entry.value !== 'number') throw new Error(`Rate "${indexation.rate}" has no value for ${fyLabel(y)}.`);
    steps.push({ year: fyLabel(y), rate: entry.value, from: entry.from, source: entry.source });
    return 1 + entry.value;
  };
  for (let y = base + 1; y <= target; y++) value *= step(y);
  for (let y = base; y > target; y--) value /= step(y);
  return { value, steps };
}
