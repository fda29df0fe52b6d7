/**
 * The rulebook: a versioned file of dated parameters, band rules, tariff tables and formulas (DESIGN §2).
 * These are its types; loadRulebook (load.ts) validates JSON into them, collecting every issue.
 */

export const RULEBOOK_SCHEMA_VERSION = 1;

/** A date written YYYY-MM-DD; parameters take effect on it. */
export type IsoDate = string;

/** A value is a number, or a table keyed by category fields (nested in the order of `keys`); "*" matches any key. */
export type ParameterValue = number | { [key: string]: ParameterValue };

export interface DatedValue {
  from: IsoDate;
  value: ParameterValue;
  /** Where the figure comes from: a publication, a local framework, or "illustrative: derived from …". */
  source: string;
  note?: string;
}

export interface Parameter {
  label: string;
  unit: string;
  /** Category fields the value is keyed by, outermost first: e.g. ["band", "setting"]. Absent for a scalar. */
  keys?: string[];
  /** Each entry holds from its date until the next; look-up takes the latest on or before the date. */
  values: DatedValue[];
  description?: string;
}

/** An index built from annual uplift rates: index = 1 in the base year, × (1 + rate) for each later financial year. */
export interface Indexation {
  label: string;
  /** The financial year in whose prices the tariff's money values are written, e.g. "2025-26". */
  baseYear: string;
  /** A scalar parameter of annual rates (0.02 = 2%); the rate in force on 1 April of a year uprates that year. */
  rate: string;
}

export interface BandRule {
  id: string;
  label: string;
  descriptor: string;
  /** Rules method: a boolean expression over placement fields and parameters; the first band that matches wins. */
  when?: string;
  /** Shadow banding: current cost in [min, max) by default; `closed` makes the interval's closure explicit. */
  min?: number;
  max?: number;
  closed?: 'left' | 'right' | 'both' | 'neither';
}

export interface Bands {
  /** rules: ordered `when` expressions; data: the data's band column; shadow: current-cost thresholds. */
  method: 'rules' | 'data' | 'shadow';
  list: BandRule[];
}

export interface Exception {
  id: string;
  label: string;
  /** Boolean expression: which placements the exception applies to. */
  when: string;
  /** current_cost: funded at what it costs now (bespoke packages); extra_top_up: price + amount. */
  action: 'current_cost' | 'extra_top_up';
  /** Number expression for extra_top_up (e.g. a parameter name). */
  amount?: string;
}

export interface TransitionalProtection {
  /** Per placement or per provider (all a provider's placements together). */
  basis: 'placement' | 'provider';
  /** Largest rise allowed, as a fraction of the previous funding (0.05 = +5%); null for no cap. */
  cap: number | null;
  /** Largest fall allowed, as a fraction (-0.03 = −3%); null for no floor. */
  floor: number | null;
}

export interface Tariff {
  /** The price formula: a number expression over placement fields, looked-up parameters and scalars. */
  formula: string;
  /** A keyed parameter (by setting, optionally governance) giving the part of the price paid as place funding. */
  placeFunding?: string;
  /** The indexation applied as the name `index` in formulas. */
  indexation?: string;
}

export interface Rulebook {
  schemaVersion: number;
  id: string;
  name: string;
  description: string;
  /** True when values are not official: the UI and every export say so. */
  illustrative: boolean;
  parameters: Record<string, Parameter>;
  indexation: Record<string, Indexation>;
  bands: Bands;
  tariff: Tariff;
  exceptions: Exception[];
  transitionalProtection?: TransitionalProtection;
}
