// Loading rulebooks: every shape problem named by its JSON path; versions migrated or refused; shipped
// rulebooks valid against both our loader and the published JSON Schema (checked independently with ajv).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { loadRulebook, migrateRulebook, formatRuleIssue } from '../../../models/rules/load';
import { checkRulebookFormulas } from '../../../models/rules/check';

const dir = join(process.cwd(), 'scenarios', 'rulebooks');
const shipped = readdirSync(dir).filter((f) => f.endsWith('.rulebook.json'));
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));

function minimal(): Record<string, unknown> {
  return {
    schemaVersion: 1, id: 'm', name: 'Minimal', description: '', illustrative: true,
    parameters: { price: { label: 'Price', unit: '£', values: [{ from: '2025-04-01', value: 100, source: 'test' }] } },
    bands: { method: 'rules', list: [{ id: 'A', label: 'All', descriptor: '', when: 'true' }] },
    tariff: { formula: 'price' },
  };
}

describe('shipped rulebooks', () => {
  const schema = JSON.parse(readFileSync(join(process.cwd(), 'models', 'rules', 'rulebook.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true }).compile(schema);

  it('there are the three the engine issue asks for, and the default dataset\'s unit costs', () => {
    expect(shipped.sort()).toEqual(['current-costs.rulebook.json', 'dataset-costs.rulebook.json', 'illustrative-national-bands.rulebook.json', 'iss-price-bands.rulebook.json']);
  });

  it.each(shipped)('%s loads with no issue, its formulas compile and it matches the JSON Schema', (f) => {
    const { rulebook, issues } = loadRulebook(read(f), { file: f });
    expect(issues.map(formatRuleIssue)).toEqual([]);
    expect(checkRulebookFormulas(rulebook!, f).map(formatRuleIssue)).toEqual([]);
    expect(validate(read(f)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(shipped)('%s cites a source for every value', (f) => {
    const { rulebook } = loadRulebook(read(f), { file: f });
    for (const p of Object.values(rulebook!.parameters)) for (const v of p.values) expect(v.source.length).toBeGreaterThan(10);
  });
});

describe('loadRulebook issues', () => {
  const issuesOf = (mutate: (d: Record<string, any>) => void) => {
    const d = minimal() as Record<string, any>;
    mutate(d);
    return loadRulebook(d, { file: 'r.json' }).issues.map(formatRuleIssue);
  };

  it('accepts the minimal rulebook', () => {
    expect(issuesOf(() => {})).toEqual([]);
  });

  it.each([
    ['a value without a source', (d: any) => { d.parameters.price.values[0].source = ''; }, 'r.json: parameters.price.values[0].source: every value needs a source: where the figure comes from.'],
    ['a bad date', (d: any) => { d.parameters.price.values[0].from = '2025-13-01'; }, 'r.json: parameters.price.values[0].from: must be a date written YYYY-MM-DD, not "2025-13-01".'],
    ['two values on one date', (d: any) => { d.parameters.price.values.push({ from: '2025-04-01', value: 1, source: 'x' }); }, 'r.json: parameters.price.values[1].from: two values take effect on 2025-04-01: keep one.'],
    ['a keyed value that is a number', (d: any) => { d.parameters.price.keys = ['band']; }, 'r.json: parameters.price.values[0].value: must be a table keyed by band (an object), not 100.'],
    ['an unknown band method', (d: any) => { d.bands.method = 'magic'; }, 'r.json: bands.method: must be "rules", "data" or "shadow", not "magic".'],
    ['a duplicate band', (d: any) => { d.bands.list.push({ id: 'A', label: 'Again', when: 'true' }); }, 'r.json: bands.list[1].id: band "A" is listed twice.'],
    ['an index naming a missing rate', (d: any) => { d.indexation = { i: { label: 'I', baseYear: '2025-26', rate: 'nope' } }; }, 'r.json: indexation.i.rate: names parameter "nope", which is not in parameters.'],
    ['a bad base year', (d: any) => { d.indexation = { i: { label: 'I', baseYear: '2025-27', rate: 'price' } }; }, 'r.json: indexation.i.baseYear: "2025-27" is not a financial year such as 2026-27.'],
    ['a floor above zero', (d: any) => { d.transitionalProtection = { basis: 'placement', cap: 0.05, floor: 0.02 }; }, 'r.json: transitionalProtection.floor: a floor on falls must be between -1 and 0, not 0.02.'],
    ['a bad parameter name', (d: any) => { d.parameters['base price'] = d.parameters.price; }, 'r.json: parameters.base price: "base price" is not a usable name: use letters, digits and _ and start with a letter.'],
  ])('%s', (_name, mutate, message) => {
    expect(issuesOf(mutate)).toContain(message);
  });

  it('finds overlapping shadow bands and warns about gaps, honouring closure at the edges', () => {
    const shadow = (list: unknown[]) => issuesOf((d) => { d.bands = { method: 'shadow', list }; });
    expect(shadow([{ id: 'L', label: 'L', min: 0, max: 100, closed: 'both' }, { id: 'H', label: 'H', min: 100, closed: 'left' }]))
      .toContain('r.json: bands.list[1]: band "H" overlaps band "L" at £100.');
    expect(shadow([{ id: 'L', label: 'L', min: 0, max: 100, closed: 'left' }, { id: 'H', label: 'H', min: 100, closed: 'left' }])).toEqual([]);
    expect(shadow([{ id: 'L', label: 'L', min: 0, max: 100, closed: 'left' }, { id: 'H', label: 'H', min: 100, closed: 'neither' }]))
      .toContain('r.json: bands.list[1]: no band covers current costs between band "L" and band "H" (£100–£100).');
  });

  it('refuses a rulebook from a newer app, and non-objects, without throwing', () => {
    expect(issuesOf((d) => { d.schemaVersion = 99; })).toEqual(['r.json: schemaVersion: This rulebook was written by a newer version of the app (schema 99; this app reads up to 1). Update the app to open it.']);
    expect(loadRulebook('text', { file: 'r.json' }).issues.map(formatRuleIssue)).toEqual(['r.json: (root): A rulebook must be a JSON object.']);
    expect(loadRulebook(null, { file: 'r.json' }).rulebook).toBeNull();
  });
});

describe('migrateRulebook', () => {
  it('applies each step in order up to the current version', () => {
    const migrations = {
      1: (d: Record<string, unknown>) => ({ ...d, renamed: d.old, old: undefined }),
      2: (d: Record<string, unknown>) => ({ ...d, added: true }),
    };
    const r = migrateRulebook({ schemaVersion: 1, old: 5 }, migrations, 3);
    expect(r).toEqual({ doc: { schemaVersion: 3, renamed: 5, old: undefined, added: true } });
  });
  it('says which step is missing', () => {
    expect(migrateRulebook({ schemaVersion: 1 }, {}, 2)).toEqual({ error: 'No migration from schema version 1 to 2.' });
  });
});
