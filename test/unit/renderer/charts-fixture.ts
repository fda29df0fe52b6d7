// A small hand-worked run in the §6 shape (three years, two settings) whose waterfall and balances are worked below.
import type { RunResult } from '../../../renderer/src/charts/series';
import { SETTING_CODES } from '../../../models/vocab/settings';

/**
 * Mainstream: 100 → 110 → 120 plans at £10,000 → £10,500 → £11,000 each (today's costs).
 * ISS: 10 → 12 → 15 plans at £60,000 → £61,800 → £63,000 each.
 * Scenario = today's costs (no tariff adopted). Tariff: mainstream at 90% of today, ISS £500k, £600k, £700k.
 * Waterfall 2025-26 → 2027-28: S0 = £1.6m, ST = £2.265m, P0 = 110, PT = 135, average £14,545.45.
 *   volume = 25 × 14,545.45 = 363,636.36 (new − ceased 22 plans → £320,000; net other 3 plans → £43,636.36)
 *   mix = (120 × 10,000 + 15 × 60,000) − 1.6m − 363,636.36 = 136,363.64
 *   price = 120 × 10,000 × 0.1 + 15 × 60,000 × 0.05 = 165,000;  policy = 0.
 * Funding: allocation £2m a year, non-placement £100k, opening balance −£500k:
 *   in-year [300,000, 3,400, −365,000]; cumulative [−200,000, −196,600, −561,600].
 */
export function handWorkedRun(): RunResult {
  const years = ['2025-26', '2026-27', '2027-28'];
  const zero = [0, 0, 0];
  const bySetting = Object.fromEntries(SETTING_CODES.map((s) => [s, { plans: zero, current: zero, tariff: zero, scenario: zero }])) as RunResult['central']['bySetting'];
  bySetting.mainstream = { plans: [100, 110, 120], current: [1_000_000, 1_155_000, 1_320_000], tariff: [900_000, 1_039_500, 1_188_000], scenario: [1_000_000, 1_155_000, 1_320_000] };
  bySetting.iss = { plans: [10, 12, 15], current: [600_000, 741_600, 945_000], tariff: [500_000, 600_000, 700_000], scenario: [600_000, 741_600, 945_000] };
  const basis = (m: number[], i: number[]) => ({ total: m.map((x, k) => x + i[k]), bySector: { maintained: m, independent: i, ap: zero, other: zero } });
  const current = basis([1_000_000, 1_155_000, 1_320_000], [600_000, 741_600, 945_000]);
  const tariff = basis([900_000, 1_039_500, 1_188_000], [500_000, 600_000, 700_000]);
  const q = (p10: number[], p50: number[], p90: number[]) => ({ mean: p50, p10, p50, p90 });
  return {
    scenario: 'Hand-worked',
    years,
    central: {
      plans: [110, 122, 135],
      spend: { current, tariff, scenario: current },
      nonPlacement: [100_000, 100_000, 100_000],
      funding: { allocation: [2_000_000, 2_000_000, 2_000_000], inYear: [300_000, 3_400, -365_000], writeOff: zero, cumulative: [-200_000, -196_600, -561_600], openingBalance: -500_000 },
      bySetting,
      plansByAgeGroup: { under5: zero, age5to10: zero, age11to15: zero, age16to19: zero, age20to25: zero } as unknown as RunResult['central']['plansByAgeGroup'],
      flows: [
        { census: '2026-01', opening: 100, joiners: 15, leavers: 6, moved: 0, netOther: 1, growthOverrides: 0, capacityMoved: 0, apDiverted: 0, closing: 110 },
        { census: '2027-01', opening: 110, joiners: 20, leavers: 5, moved: 1, netOther: 2, growthOverrides: 0, capacityMoved: 0, apDiverted: 0, closing: 127 },
        { census: '2028-01', opening: 127, joiners: 15, leavers: 8, moved: 0, netOther: 1, growthOverrides: 0, capacityMoved: 0, apDiverted: 0, closing: 135 },
      ],
    },
    quantiles: {
      'scenario.total': q([1_500_000, 1_800_000, 2_100_000], [1_600_000, 1_896_600, 2_265_000], [1_700_000, 2_000_000, 2_400_000]),
      'tariff.total': q([1_300_000, 1_550_000, 1_800_000], [1_400_000, 1_639_500, 1_888_000], [1_500_000, 1_750_000, 2_000_000]),
      cumulative: q([-300_000, -400_000, -800_000], [-200_000, -196_600, -561_600], [-100_000, -50_000, -300_000]),
    },
    draws: 200,
    seed: 7,
    inputs: [],
    markers: { overrideEnds: '2027-28', overrideEndsIndex: 2, writeOffPaidIn: null },
    cells: 2,
    method: 'direct',
    notes: [],
    provenance: { app: '0.1.0', rulebook: 'sha256:r', data: 'sha256:d', seed: 7, draws: 200 },
  };
}
