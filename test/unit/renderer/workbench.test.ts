// The workbenches' pure series and sentences, and the workbench slice's choices, keys and stale-answer handling.
import { describe, expect, it } from 'vitest';
import {
  bandStrip, bandStripTitle, budgetNeutralSentence, capYearSeries, commissionerHeadline, nationalSeries, parsePercent, parsePounds, protectionSeries, providerTable,
  sortLas, sortProviders, tornadoRows, tornadoTitle, winnersLosersSeries, winnersLosersTitle,
} from '../../../renderer/src/charts/workbench';
import type { BandDistribution, ProviderSummary } from '../../../models/workbench/commissioner';
import type { LaChange, OptionResult } from '../../../models/workbench/policy';
import type { BudgetNeutralAnswer, CompareAnswer } from '../../../models/service/workbench-jobs';
import { createAppStore } from '../../../renderer/src/store';
import { ok, fail } from '../../../models/contract/result';
import type { Host, JobEvent } from '../../../models/contract/host';

const provider = (id: string, over: Partial<ProviderSummary> = {}): ProviderSummary => ({
  providerId: id, providerName: `School ${id}`, settings: ['iss'], plans: 2, totalFees: 120_000, meanFee: 60_000, minFee: 50_000, maxFee: 70_000,
  bandMix: [{ band: 'I1', plans: 2 }], meanBandPrice: 55_000, premium: 5_000, premiumPct: 5_000 / 55_000, outliers: 0, capSaving: 0, ...over,
});

const band = (id: string, p50: number, price: number, providers: Array<[string, number]>): BandDistribution => ({
  band: id, label: `Band ${id}`, plans: 10, bandPrice: { min: price, max: price },
  fees: { p10: p50 - 10_000, p25: p50 - 5_000, p50, p75: p50 + 5_000, p90: p50 + 20_000, mean: p50 },
  providers: providers.map(([providerId, meanFee]) => ({ providerId, plans: 1, meanFee })),
});

const la = (code: string, changePct: number, bandId: LaChange['band']): LaChange => ({ la: code, name: `Council ${code}`, plans: 100, current: 1e6, cost: 1e6 * (1 + changePct), change: 1e6 * changePct, changePct, band: bandId });

const option = (id: string, counts: OptionResult['counts'], byLa: LaChange[]): OptionResult => ({
  id, name: `${id} bands (illustrative)`, illustrative: true, plans: 400, current: 4e6, total: 4.2e6, change: 2e5, changePct: 0.05, unpriced: 0, byLa, counts,
});

describe('commissioner series', () => {
  it('states the headline with counts, £ and the cap saving', () => {
    // 2 providers' placements cost £1.06bn against £1bn at band price: 6.0% above.
    const text = commissionerHeadline({ plans: 1234, providers: Array.from({ length: 771 }, (_, k) => provider(String(k))), totalFees: 1.06e9, totalAtBandPrice: 1e9, capSaving: 48_250_000, cap: 0.1 });
    expect(text).toBe('1,234 placements with 771 independent providers cost £1.1bn a year, 6.0% above band prices; capping fees at band price + 10% would save £48.3m a year.');
    expect(commissionerHeadline({ plans: 0, providers: [], totalFees: 0, totalAtBandPrice: 0, capSaving: 0, cap: 0.1 })).toMatch(/^No placements/);
  });

  it.each([
    ['capSaving', 'desc', ['b', 'c', 'a']],
    ['capSaving', 'asc', ['a', 'c', 'b']],
    ['providerName', 'asc', ['a', 'b', 'c']],
    ['premiumPct', 'desc', ['c', 'a', 'b']],
  ] as const)('sorts providers by %s %s', (key, dir, order) => {
    const list = [provider('a', { capSaving: 0, premiumPct: 0.1 }), provider('b', { capSaving: 900, premiumPct: -0.2 }), provider('c', { capSaving: 10, premiumPct: 0.3 })];
    expect(sortProviders(list, key, dir).map((p) => p.providerId)).toEqual(order);
  });

  it('keeps ties in provider id order whatever the input order', () => {
    const list = [provider('z'), provider('m'), provider('a')];
    expect(sortProviders(list, 'plans', 'desc').map((p) => p.providerId)).toEqual(['a', 'm', 'z']);
  });

  it('builds one box per band and one dot per provider, dots jittered within their band', () => {
    const byBand = [band('I1', 50_000, 45_000, [['p1', 48_000], ['p2', 52_000]]), band('I2', 60_000, 65_000, [['p1', 61_000]])];
    const { boxes, dots } = bandStrip(byBand);
    expect(boxes.map((b) => [b.x, b.band, b.p10, b.p50, b.p90, b.priceMax])).toEqual([[0, 'I1', 40_000, 50_000, 70_000, 45_000], [1, 'I2', 50_000, 60_000, 80_000, 65_000]]);
    expect(dots).toHaveLength(3);
    for (const d of dots) expect(Math.abs(d.x - (d.band === 'I1' ? 0 : 1))).toBeLessThanOrEqual(0.28);
    expect(bandStrip(byBand).dots).toEqual(dots);
    expect(bandStripTitle(byBand)).toBe('Median fees are above every band price in 1 of 2 bands; I1 spreads widest, from £40,000 to £70,000');
  });

  it('totals the cap saving over the years in its title', () => {
    const { total, title } = capYearSeries([{ year: '2026-27', fees: 10e6, capped: 9e6, saving: 1e6 }, { year: '2027-28', fees: 11e6, capped: 9.5e6, saving: 1.5e6 }], 0.1);
    expect(total).toBe(2.5e6);
    expect(title).toBe('Capping fees at band price + 10% would save £2.5m over 2 years (2026-27 to 2027-28)');
  });

  it('writes every provider to the CSV table with £ to pence', () => {
    const t = providerTable([provider('a', { meanFee: 60_000.123 }), provider('b')], 0.1);
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0][4]).toBe(60_000.12);
    expect(t.columns.at(-1)).toBe('Saving from a cap at band price + 10%');
  });

  it.each([['8', 0.08], ['8%', 0.08], [' 2.5 ', 0.025], ['−1', -0.01], ['abc', null], ['', null]] as const)('reads %j as a percentage', (text, want) => {
    expect(parsePercent(text)).toBe(want);
  });

  it.each([['£9,500m', 9.5e9], ['9.7bn', 9.7e9], ['9700000000', 9.7e9], ['12k', 12_000], ['lots', null]] as const)('reads %j as pounds', (text, want) => {
    expect(parsePounds(text)).toBe(want);
  });
});

describe('policy series', () => {
  const a = option('a', { 'lose>5': 1, 'lose0-5': 1, 'gain0-5': 1, 'gain>5': 1 }, [la('201', 0.08, 'lose>5'), la('202', 0.02, 'lose0-5'), la('203', -0.01, 'gain0-5'), la('204', -0.2, 'gain>5')]);
  const b = option('b', { 'lose>5': 0, 'lose0-5': 0, 'gain0-5': 4, 'gain>5': 0 }, [la('201', 0, 'gain0-5'), la('202', 0, 'gain0-5'), la('203', 0, 'gain0-5'), la('204', 0, 'gain0-5')]);
  const c: CompareAnswer = { date: '2026-04-01', today: 4e6, plans: 400, options: [a, b] };

  it('counts councils per band and per option; the counts add up to the councils', () => {
    const rows = winnersLosersSeries(c.options);
    for (const r of rows) expect(r['lose>5'] + r['lose0-5'] + r['gain0-5'] + r['gain>5']).toBe(r.total);
    expect(rows.map((r) => r.name)).toEqual(['a bands', 'b bands']);
    expect(winnersLosersTitle(c.options)).toBe('2 of 4 councils would pay more under a bands; 0 of 4 councils would pay more under b bands');
  });

  it('puts today first in the national series', () => {
    expect(nationalSeries(c).map((r) => [r.name, r.total])).toEqual([['Today', 4e6], ['a bands', 4.2e6], ['b bands', 4.2e6]]);
  });

  it.each([
    ['changePct', 'desc', ['201', '202', '203', '204']],
    ['changePct', 'asc', ['204', '203', '202', '201']],
    ['la', 'asc', ['201', '202', '203', '204']],
  ] as const)('sorts councils by %s %s', (key, dir, order) => {
    expect(sortLas([...a.byLa].reverse(), key, dir).map((l) => l.la)).toEqual(order);
  });

  it('says what budget neutrality does to band prices', () => {
    const bn: BudgetNeutralAnswer = {
      ok: true, scale: 1.061, achieved: 4e6, target: 4e6, iterations: 5, message: 'Found.', rulebook: { id: 'iss', name: 'ISS price bands (illustrative)' }, total: 3.77e6, today: 4e6,
      bands: [{ band: 'I3', label: 'ISS band 3 — severe', setting: 'iss', before: 50_000, after: 53_050 }, { band: 'I4', label: 'ISS band 4 — profound', setting: 'iss', before: 55_000, after: 58_355 }],
    };
    expect(budgetNeutralSentence(bn)).toMatch(/^To cost the same as today \(£4\.0m\), prices under ISS price bands would be 6\.1% higher: ISS band 4 in an? .+ £58,355 \(from £55,000\); ISS band 3 in/);
    expect(budgetNeutralSentence({ ...bn, ok: false, message: 'No scale reaches it.' })).toBe('No budget-neutral scale was found: No scale reaches it.');
  });

  it('sees whether protection closes the gap to the full tariff', () => {
    const closing = protectionSeries([{ year: '2026-27', tariff: 100e6, funded: 120e6, capped: 0, floored: 5 }, { year: '2027-28', tariff: 100e6, funded: 100e6, capped: 0, floored: 0 }], 'X (illustrative)');
    expect(closing.title).toBe('Protection closes the gap to the full tariff by 2027-28: +£20.0m in 2026-27');
    expect(protectionSeries([], 'X (illustrative)').title).toMatch(/^X has no transitional protection/);
  });

  it('centres tornado bars on the base and names the widest', () => {
    const rows = tornadoRows([{ parameter: 'acf', label: 'Area cost factor', low: 90e6, high: 110e6, swing: 20e6 }, { parameter: 'flat', label: 'Flat', low: 100e6, high: 100e6, swing: 0 }], 100e6);
    expect(rows).toEqual([{ label: 'Area cost factor', parameter: 'acf', bar: [-10e6, 10e6], low: -10e6, high: 10e6 }]);
    expect(tornadoTitle(rows, 'Bands (illustrative)')).toBe('Area cost factor moves Bands’s total most: −£10.0m to +£10.0m with it 10% lower or higher');
  });
});

describe('workbench slice', () => {
  /** A host whose jobs answer from a script, and which records what was asked. */
  function scriptedHost(answer: (kind: string, payload: unknown) => unknown) {
    const listeners = new Set<(e: JobEvent) => void>();
    const asked: Array<{ kind: string; payload: unknown }> = [];
    let n = 0;
    const host = {
      appInfo: async () => ok({ name: 'x', version: '0', shell: 'browser', platform: 'Linux' }),
      openFile: async () => ok(null),
      saveFile: async () => ok(null),
      startJob: async (r: { kind: string; payload: unknown }) => {
        const jobId = `j${++n}`;
        asked.push(r);
        setTimeout(() => {
          const result = answer(r.kind, r.payload);
          listeners.forEach((l) => l(result instanceof Error ? { jobId, type: 'error', error: { code: 'job-failed', message: result.message } } : { jobId, type: 'done', result }));
        }, 0);
        return ok({ jobId });
      },
      cancelJob: async () => ok({ cancelled: true }),
      onJobEvent: (l: (e: JobEvent) => void) => {
        listeners.add(l);
        return () => void listeners.delete(l);
      },
      listTables: async () => ok([]),
      queryRows: async () => fail('not-found', 'none'),
    } as unknown as Host;
    return { host, asked };
  }
  const withData = (store: ReturnType<typeof createAppStore>['store']) => store.setState({ dataSummary: { source: 'England', tableRows: 10 } as never });

  it('waits for data, then asks for providers and the cap by year once per choice', async () => {
    const { host, asked } = scriptedHost((kind) => (kind === 'workbench.providers' ? { plans: 1 } : { years: [], total: 0, feeGrowth: 0 }));
    const { store, dispose } = createAppStore(host, 'other');
    await store.getState().loadCommissioner();
    expect(asked).toEqual([]);
    withData(store);
    await store.getState().loadCommissioner();
    expect(asked.map((a) => a.kind)).toEqual(['workbench.providers', 'workbench.capByYear']);
    expect(asked[0].payload).toEqual({ rulebook: 'iss-price-bands.rulebook.json', date: '2026-04-01', cap: 0.1 });
    expect(store.getState().providersAnswer).toMatchObject({ state: 'ready', data: { plans: 1 } });
    await store.getState().loadCommissioner();
    expect(asked).toHaveLength(2);
    store.getState().setCommissionerCap(0.2);
    await store.getState().loadCommissioner();
    expect(asked).toHaveLength(4);
    expect(asked[2].payload).toMatchObject({ cap: 0.2 });
    store.getState().setCommissionerCap(-1);
    expect(store.getState().commissionerCap).toBe(0.2);
    dispose();
  });

  it('keeps the newest answer when an older one arrives late, and reports failures in words', async () => {
    const { host } = scriptedHost((kind, p) => (kind === 'workbench.compare' ? ((p as { rulebooks: string[] }).rulebooks.length === 1 ? new Error('No data.') : { options: [] }) : {}));
    const { store, dispose } = createAppStore(host, 'other');
    withData(store);
    const first = store.getState().loadPolicy();
    store.getState().togglePolicyOption('iss-price-bands.rulebook.json');
    expect(store.getState().policyOptions).toEqual(['illustrative-national-bands.rulebook.json']);
    const second = store.getState().loadPolicy();
    await Promise.all([first, second]);
    expect(store.getState().compareAnswer).toMatchObject({ state: 'failed', message: 'No data.' });
    dispose();
  });

  it('moves the focus when its option is dropped, and ignores a target that is not an amount', () => {
    const { host } = scriptedHost(() => ({}));
    const { store, dispose } = createAppStore(host, 'other');
    expect(store.getState().policyFocus).toBe('illustrative-national-bands.rulebook.json');
    store.getState().togglePolicyOption('illustrative-national-bands.rulebook.json');
    expect(store.getState().policyFocus).toBe('iss-price-bands.rulebook.json');
    store.getState().setPolicyTarget(Number.NaN);
    expect(store.getState().policyTarget).toBeNull();
    store.getState().setPolicyTarget(9e9);
    expect(store.getState().policyTarget).toBe(9e9);
    dispose();
  });
});
