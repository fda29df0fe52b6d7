// The scenario being edited as data: diffs over a baseline, band price edits, assumptions by group, 80% ranges.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../models/project/types';
import {
  assumptionItems, basePrice, baselineChain, catalogEntries, draftDocument, draftOfDocument, draftRun, editedRulebook, quantityView, resolveDraft, slug, withCentral, withOverride,
  withPrice, withRange, type ScenarioDraft,
} from '../../../renderer/src/views/scenario/model';

const ROOT = resolve(import.meta.dirname, '../../..');
const json = (p: string) => JSON.parse(readFileSync(resolve(ROOT, p), 'utf8')) as JsonObject;
const shipped = ['england-baseline.scenario.json', 'example-council.scenario.json', 'england-reforms.scenario.json'].map((file) => ({ file, document: json(`scenarios/${file}`) }));
const rulebookPath = 'rulebooks/illustrative-national-bands.rulebook.json';
const rulebooks = { [rulebookPath]: json(`scenarios/${rulebookPath}`) };
const catalog = catalogEntries(shipped, []);
const draft = (over: Partial<ScenarioDraft> = {}): ScenarioDraft => ({ name: 'Option', baseline: 'england-baseline.scenario.json', overrides: {}, prices: [], ...over });

describe('catalog and baselines', () => {
  it('lists shipped scenarios, then saved ones, leaving out the draft’s own copy', () => {
    const saved = [{ name: 'option.scenario.json', document: draftDocument(draft()) }, { name: 'mine.rulebook.json', document: {} }];
    expect(catalogEntries(shipped, saved, 'option.scenario.json').map((c) => c.ref)).toEqual(shipped.map((s) => s.file));
    expect(catalogEntries(shipped, saved).map((c) => [c.ref, c.shipped])).toContainEqual(['option.scenario.json', false]);
  });

  it('follows a diff’s chain of baselines', () => {
    expect(Object.keys(baselineChain('england-reforms.scenario.json', catalog))).toEqual(['england-reforms.scenario.json', 'england-baseline.scenario.json']);
  });

  it('makes file-safe names', () => {
    expect(slug('B4 ISS +£1,000')).toBe('b4-iss-1-000');
  });
});

describe('a draft resolved through its baseline', () => {
  it('applies its overrides and keeps the baseline for comparison', () => {
    const r = resolveDraft(draft({ overrides: { 'demand.joiners.multiplier': 1.2 } }), catalog);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.scenario?.demand.joiners.multiplier).toBe(1.2);
    expect(r.scenario?.name).toBe('Option');
    expect(r.baseline?.demand.joiners.multiplier).toEqual({ dist: 'interval80', low: 0.9, high: 1.1 });
  });

  it('reports a bad override with its path and applies nothing', () => {
    const r = resolveDraft(draft({ overrides: { 'levers.tariff.adoption': 'sometimes' } }), catalog);
    expect(r.scenario).toBeNull();
    expect(r.issues[0].path).toContain('levers.tariff.adoption');
  });

  it('stores only what differs: setting a value back to the baseline’s drops the override', () => {
    const base = resolveDraft(draft(), catalog).baseline;
    const changed = withOverride(draft(), base, 'funding.writeOff.enabled', true);
    expect(changed.overrides).toEqual({ 'funding.writeOff.enabled': true });
    expect(withOverride(changed, base, 'funding.writeOff.enabled', false).overrides).toEqual({});
  });
});

describe('band price edits', () => {
  it('reads the price in force and writes the edit, with its note, into a copy of the rulebook', () => {
    expect(basePrice(rulebooks[rulebookPath], 'B4', 'iss', '2025-04-01')).toBe(55_000);
    const edited = editedRulebook(rulebooks[rulebookPath], [{ band: 'B4', setting: 'iss', value: 56_000 }], '2025-04-01', 'Option');
    expect(basePrice(edited, 'B4', 'iss', '2025-04-01')).toBe(56_000);
    expect(basePrice(edited, 'B4', 'nmss', '2025-04-01')).toBe(55_000);
    expect(JSON.stringify(edited)).toContain('Changed in scenario “Option”: B4 × iss £55,000 → £56,000.');
    // The shipped rulebook itself is untouched.
    expect(basePrice(rulebooks[rulebookPath], 'B4', 'iss', '2025-04-01')).toBe(55_000);
  });

  it('removes an edit that restores the rulebook’s price', () => {
    const d = withPrice(draft(), { band: 'B4', setting: 'iss', value: 56_000 }, 55_000);
    expect(d.prices).toHaveLength(1);
    expect(withPrice(d, { band: 'B4', setting: 'iss', value: 55_000 }, 55_000).prices).toEqual([]);
  });

  it('sends the edited rulebook with the run and names it in the saved diff', () => {
    const d = draft({ prices: [{ band: 'B4', setting: 'iss', value: 56_000 }] });
    const resolved = resolveDraft(d, catalog).scenario;
    const run = draftRun(d, catalog, rulebooks, resolved);
    expect(basePrice(run.rulebook, 'B4', 'iss', '2025-04-01')).toBe(56_000);
    expect(Object.keys(run.baselines ?? {})).toEqual(['england-baseline.scenario.json']);
    expect(draftDocument(d)).toMatchObject({ baseline: 'england-baseline.scenario.json', overrides: { rulebook: 'option.rulebook.json' } });
    // Without price edits the engine reads the shipped rulebook itself: nothing extra is sent.
    expect(draftRun(draft(), catalog, rulebooks, resolveDraft(draft(), catalog).scenario).rulebook).toBeUndefined();
  });

  it('reads a saved diff back into a draft, price edits included', () => {
    const d = draft({ overrides: { 'demand.joiners.multiplier': 1.2 }, prices: [{ band: 'B4', setting: 'iss', value: 56_000 }] });
    const edited = editedRulebook(rulebooks[rulebookPath], d.prices, '2025-04-01', d.name);
    expect(draftOfDocument(draftDocument(d), edited, rulebooks[rulebookPath], '2025-04-01')).toEqual(d);
  });
});

describe('assumptions by group, with central values and 80% ranges', () => {
  const s = resolveDraft(draft(), catalog).scenario!;

  it('lists demand, levers and funding assumptions with units and sources', () => {
    const items = assumptionItems(s);
    expect(items.demand.map((i) => i.label)).toEqual(['Joiners (new plans)', 'Leavers (ceased plans)', 'Moves between settings', 'Net other change']);
    expect(items.funding.map((i) => i.label)).toContain('Cost uplift from 2027-28');
    expect(items.funding.find((i) => i.path === 'funding.allocation.amounts.2025-26.value')).toMatchObject({ unit: 'pounds', ranged: false });
    expect(items.demand.every((i) => i.sourcePath)).toBe(true);
  });

  it.each([
    [1.1, { central: 1.1, low: null, high: null, kind: 'number' }],
    [{ dist: 'interval80', low: 0.9, high: 1.1 }, { central: 1, low: 0.9, high: 1.1, kind: 'interval80' }],
  ] as const)('shows %j as its central value and range', (q, want) => {
    expect(quantityView(q as never)).toMatchObject(want);
  });

  it('moves a range with its central value, and adds or drops a range', () => {
    expect(withCentral({ dist: 'interval80', low: 0.9, high: 1.1 }, 1.2)).toEqual({ dist: 'interval80', low: 1.1, high: 1.3 });
    expect(withCentral(0.02, 0.03)).toBe(0.03);
    expect(withRange(1, 0.9, 1.1)).toEqual({ dist: 'interval80', low: 0.9, high: 1.1 });
    expect(withRange({ dist: 'interval80', low: 0.9, high: 1.1 }, null, null)).toBe(1);
    expect(withRange({ dist: 'interval80', low: 0.9, high: 1.1 }, 1.2, 0.8)).toEqual({ dist: 'interval80', low: 0.8, high: 1.2 });
  });
});
