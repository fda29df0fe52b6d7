// The scenario format: shipped scenarios are valid against the validator and the JSON Schema; overrides are checked
// one by one before any is applied (nothing half-applied); diffs round-trip; any scenario can be a baseline.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { applyOverrides, diffScenario, resolveScenario, validateScenario, type Scenario } from '../../../models/projection/scenario';
import { scenarioJson, scenarioOf } from './helpers';

const dir = join(process.cwd(), 'scenarios');
const shipped = readdirSync(dir).filter((f) => f.endsWith('.scenario.json'));
const readJson = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const schema = JSON.parse(readFileSync(join(dir, 'schema', 'scenario.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validSchema = ajv.compile(schema);
const resolveShipped = (f: string) => resolveScenario(readJson(f), f, (ref) => ({ json: readJson(ref), file: ref }));

describe('shipped scenarios', () => {
  it('include the England baseline and the example council', () => {
    expect(shipped).toEqual(expect.arrayContaining(['england-baseline.scenario.json', 'example-council.scenario.json']));
  });

  it.each(shipped)('%s is valid against the JSON Schema and the validator (through its baselines)', (f) => {
    expect(validSchema(readJson(f)), JSON.stringify(validSchema.errors)).toBe(true);
    const r = resolveShipped(f);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.scenario).not.toBeNull();
  });

  it('the England baseline: default dataset, five years from 2025-26, at least two uncertain inputs', () => {
    const s = resolveShipped('england-baseline.scenario.json').scenario as Scenario;
    expect(s.data).toEqual({ dataset: 'england-2025' });
    expect(s.horizon).toEqual({ firstYear: '2025-26', years: 5 });
    const text = JSON.stringify(s);
    expect((text.match(/"dist":/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it('every assumption carries a source', () => {
    const s = resolveShipped('england-baseline.scenario.json').scenario as Scenario;
    expect(s.demand.joiners.source).toMatch(/DfE/);
    for (const u of s.costs.uplift) expect(u.source.length).toBeGreaterThan(10);
    for (const l of Object.values(s.funding.nonPlacement.lines)) expect(l.source.length).toBeGreaterThan(10);
  });
});

describe('validation', () => {
  it('names the field and says what is wrong', () => {
    const r = validateScenario(scenarioJson((s) => ((s.horizon.years = 12), (s.levers.tariff.adoption = 'sometimes'), (s.demand.joiners.multiplier = { dist: 'interval80', low: 2, high: 1 }))), { file: 'x.json' });
    expect(r.scenario).toBeNull();
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    expect(byPath['horizon.years']).toMatch(/1 to 10/);
    expect(byPath['levers.tariff.adoption']).toMatch(/"none", "all", "new" or "phased"/);
    expect(byPath['demand.joiners.multiplier']).toMatch(/low \(2\) must be below high \(1\)/);
  });

  it('rejects unknown fields rather than ignoring a misspelt lever', () => {
    const r = validateScenario(scenarioJson((s) => (s.levers.issFeeCapp = null)), { file: 'x.json' });
    expect(r.issues.map((i) => i.path)).toContain('levers.issFeeCapp');
  });

  it('requires a source for every assumption', () => {
    const r = validateScenario(scenarioJson((s) => (s.costs.uplift[0].source = '')), { file: 'x.json' });
    expect(r.issues.find((i) => i.path === 'costs.uplift[0].source')?.message).toMatch(/source/);
  });

  it('refuses a newer schema version with a clear message', () => {
    const r = validateScenario(scenarioJson((s) => (s.schemaVersion = 2)), { file: 'x.json' });
    expect(r.issues[0].message).toMatch(/newer version of the app/);
  });
});

describe('overrides over a baseline', () => {
  const baseline = scenarioOf();
  const frozen = JSON.stringify(baseline);

  it('applies valid overrides (including list items) to a copy', () => {
    const r = applyOverrides(baseline, { 'levers.tariff.adoption': 'all', 'demand.joiners.multiplier': { dist: 'uniform', min: 0.9, max: 1.1 }, 'costs.uplift.0.rate': 0.02 }, { file: 'reform.json' });
    expect(r.issues).toEqual([]);
    expect(r.scenario?.levers.tariff.adoption).toBe('all');
    expect(r.scenario?.costs.uplift[0].rate).toBe(0.02);
    expect(JSON.stringify(baseline)).toBe(frozen);
  });

  it('an invalid override leaves nothing half-applied: no scenario, the baseline untouched, the bad override named', () => {
    const r = applyOverrides(baseline, { 'levers.tariff.adoption': 'all', 'horizon.years': 0, 'demand.movers.multiplier': 2 }, { file: 'reform.json' });
    expect(r.scenario).toBeNull();
    expect(r.issues.map((i) => i.path)).toEqual(['overrides["horizon.years"]']);
    expect(JSON.stringify(baseline)).toBe(frozen);
  });

  it('overrides that only make sense together are checked together (phased adoption and its years)', () => {
    expect(applyOverrides(baseline, { 'levers.tariff.adoption': 'phased', 'levers.tariff.years': 3 }, { file: 'p.json' }).scenario?.levers.tariff.years).toBe(3);
    const alone = applyOverrides(baseline, { 'levers.tariff.adoption': 'phased' }, { file: 'p.json' });
    expect(alone.scenario).toBeNull();
    expect(alone.issues[0].path).toBe('levers.tariff.years');
    expect(JSON.stringify(baseline)).toBe(frozen);
  });

  it('an override of a field the format does not have is refused', () => {
    const r = applyOverrides(baseline, { 'levers.tarif.adoption': 'all' }, { file: 'reform.json' });
    expect(r.scenario).toBeNull();
    expect(r.issues[0].path).toBe('overrides["levers.tarif.adoption"]');
  });

  it('a diff of a scenario against its baseline stores only what differs, and applying it gives the scenario back', () => {
    const target = applyOverrides(baseline, { 'horizon.years': 5, 'levers.issFeeCap': { from: '2026-27', premium: 0.1, source: 't' } }, { file: 't' }).scenario as Scenario;
    const diff = diffScenario(baseline, target);
    expect(Object.keys(diff).sort()).toEqual(['horizon.years', 'levers.issFeeCap']);
    expect(applyOverrides(baseline, diff, { file: 't' }).scenario).toEqual(target);
  });

  it('any saved scenario can be a baseline: diffs chain, and a loop is an error', () => {
    const files: Record<string, unknown> = {
      'a.json': scenarioJson(),
      'b.json': { schemaVersion: 1, name: 'B', baseline: 'a.json', overrides: { 'horizon.years': 4 } },
      'c.json': { schemaVersion: 1, name: 'C', baseline: 'b.json', overrides: { 'levers.tariff.adoption': 'all' } },
      'x.json': { schemaVersion: 1, name: 'X', baseline: 'y.json', overrides: {} },
      'y.json': { schemaVersion: 1, name: 'Y', baseline: 'x.json', overrides: {} },
    };
    const read = (ref: string) => (ref in files ? { json: files[ref], file: ref } : { error: `${ref}: no such file.` });
    const c = resolveScenario(files['c.json'], 'c.json', read);
    expect(c.scenario?.name).toBe('C');
    expect(c.scenario?.horizon.years).toBe(4);
    expect(c.scenario?.levers.tariff.adoption).toBe('all');
    expect(c.chain).toEqual(['c.json', 'b.json', 'a.json']);
    const loop = resolveScenario(files['x.json'], 'x.json', read);
    expect(loop.scenario).toBeNull();
    expect(loop.issues.some((i) => /loop/.test(i.message))).toBe(true);
  });
});
