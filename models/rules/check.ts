/**
 * Checks every formula of a rulebook without data: band rules, the tariff formula and exceptions are compiled
 * against the placement fields every table may have, so a typo is caught when the rulebook is loaded, not when
 * a run reaches it. Errors name the rule, its path in the file, and the position in the formula.
 */
import type { Rulebook } from './rulebook';
import type { RuleIssue } from './load';
import { checkFormula, type FieldSchema } from './formula';
import { SETTING_CODES, SECTOR_CODES } from '../vocab/settings';
import { NEED_CODES } from '../vocab/needs';
import { PHASE_CODES } from '../vocab/phases';

/** The placement fields (DESIGN §2, engine issue) with their kinds, plus the derived phase and sector. */
export function standardFields(bandIds?: readonly string[]): FieldSchema {
  const free: readonly string[] = [];
  const fields: FieldSchema = {
    age: { kind: 'number' },
    annual_cost: { kind: 'number' },
    count: { kind: 'number' },
    need_score: { kind: 'number' },
    residential: { kind: 'number' },
    ap_tier: { kind: 'number' },
    place_funding: { kind: 'number' },
    top_up: { kind: 'number' },
    setting: { kind: 'category', dictionary: SETTING_CODES, vocabulary: SETTING_CODES },
    primary_need: { kind: 'category', dictionary: NEED_CODES, vocabulary: NEED_CODES },
    phase: { kind: 'category', dictionary: PHASE_CODES, vocabulary: PHASE_CODES },
    sector: { kind: 'category', dictionary: SECTOR_CODES, vocabulary: SECTOR_CODES },
    governance: { kind: 'category', dictionary: ['la_maintained', 'academy'], vocabulary: ['la_maintained', 'academy'] },
    la_code: { kind: 'category', dictionary: free },
    provider_id: { kind: 'category', dictionary: free },
    provider_name: { kind: 'category', dictionary: free },
  };
  if (bandIds) fields.band = { kind: 'category', dictionary: bandIds, vocabulary: bandIds };
  return fields;
}

/** Every formula error and reference problem in the rulebook; empty when all formulas compile. */
export function checkRulebookFormulas(rulebook: Rulebook, file: string): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const bandIds = rulebook.bands.list.map((b) => b.id);
  // Scalars are checked by name only (value 1), so a division by a parameter is never mistaken for one by zero.
  const scalars: Record<string, number> = {};
  for (const [name, p] of Object.entries(rulebook.parameters)) if (!p.keys || p.keys.length === 0) scalars[name] = 1;
  for (const name of Object.keys(rulebook.indexation)) scalars[name] = 1;
  if (rulebook.tariff.indexation) scalars.index = 1;

  const fieldsFor = (withBand: boolean): FieldSchema => {
    const fields = standardFields(withBand ? bandIds : undefined);
    for (const [name, p] of Object.entries(rulebook.parameters)) {
      if (!p.keys || p.keys.length === 0) continue;
      const unknownKey = p.keys.find((k) => !(k in standardFields(bandIds)));
      if (unknownKey) continue;
      if (!withBand && p.keys.includes('band')) continue;
      fields[name] = { kind: 'number' };
    }
    return fields;
  };
  for (const [name, p] of Object.entries(rulebook.parameters)) {
    const unknownKey = p.keys?.find((k) => !(k in standardFields(bandIds)));
    if (unknownKey) issues.push({ severity: 'error', file, path: `parameters.${name}.keys`, rule: 'reference', message: `"${unknownKey}" is not a placement field a table can be keyed by.` });
  }
  const check = (text: string, rule: string, path: string, withBand: boolean, expect: 'number' | 'boolean') => {
    for (const e of checkFormula(text, { rule, fields: fieldsFor(withBand), scalars, expect })) {
      issues.push({ severity: 'error', file, path, rule: 'formula', message: e.message });
    }
  };
  if (rulebook.bands.method === 'rules') {
    rulebook.bands.list.forEach((b, i) => check(b.when ?? '', `band ${b.id}`, `bands.list[${i}].when`, false, 'boolean'));
  }
  check(rulebook.tariff.formula, 'tariff formula', 'tariff.formula', true, 'number');
  rulebook.exceptions.forEach((x, i) => {
    check(x.when, `exception ${x.id}`, `exceptions[${i}].when`, true, 'boolean');
    if (x.action === 'extra_top_up') check(x.amount ?? '', `exception ${x.id} amount`, `exceptions[${i}].amount`, true, 'number');
  });
  if (rulebook.tariff.placeFunding) {
    const pf = rulebook.parameters[rulebook.tariff.placeFunding];
    if (pf && (!pf.keys || pf.keys.some((k) => k !== 'setting' && k !== 'governance'))) {
      issues.push({ severity: 'error', file, path: 'tariff.placeFunding', rule: 'reference', message: `place funding "${rulebook.tariff.placeFunding}" must be keyed by setting (and optionally governance).` });
    }
  }
  return issues;
}
