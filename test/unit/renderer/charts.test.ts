// Series transforms, chart findings, number formats and exports: the pure functions every Results chart draws from.
import { describe, expect, it } from 'vitest';
import { handWorkedRun } from './charts-fixture';
import {
  bandSeries, compareRows, dsgSeries, fanSeries, headlineFigures, settingCostSeries, stackedSectorSeries, tornadoBars, waterfallSteps,
} from '../../../renderer/src/charts/series';
import { bandTitle, compareTitle, dsgTitle, fanTitle, headlineSentence, settingTitle, stackedTitle, tornadoTitle, waterfallTitle } from '../../../renderer/src/charts/findings';
import { count, money, moneyBn, moneyM, moneyTick, percent, pounds, signedMoneyM } from '../../../renderer/src/charts/format';
import { compareTable, dsgTable, sectorTable, toCsv, toXlsx, waterfallTable } from '../../../renderer/src/charts/export';
import { inputLabel, inputValueText } from '../../../renderer/src/charts/labels';
import type { PricingSummary } from '../../../models/service/workspace-jobs';
import ExcelJS from 'exceljs';

describe('number formats', () => {
  it.each([
    [moneyM(10_309_034_771.9), '£10,309.0m'],
    [moneyM(-3_600_000_000), '−£3,600.0m'],
    [moneyM(-40_000), '£0.0m'],
    [moneyBn(17_221_660_273), '£17.2bn'],
    [money(17_221_660_273), '£17.2bn'],
    [money(48_250_000), '£48.3m'],
    [pounds(63_500), '£63,500'],
    [signedMoneyM(12_300_000), '+£12.3m'],
    [signedMoneyM(-12_300_000), '−£12.3m'],
    [count(711_320.25), '711,320'],
    [percent(0.0211, 2), '2.11%'],
    [moneyTick(1.5e10)(5e9), '£5bn'],
    [moneyTick(5e7)(2.5e7), '£25m'],
  ])('%s', (got, want) => expect(got).toBe(want));
});

describe('assumption names and values in their units', () => {
  it.each([
    ['demand.joiners.multiplier', 1.1, 'Joiners (new plans)', '× 1.1'],
    ['demand.netOtherChange.rate', 0.0075, 'Net other change', '0.75% a year'],
    ['levers.issFeeCap.premium', 0.1, 'ISS fee cap premium', '10.0%'],
    ['costs.uplift.2.rate', 0.04, 'Cost uplift', '4.00% a year'],
  ])('%s', (path, value, label, text) => {
    expect(inputLabel(path)).toBe(label);
    expect(inputValueText(path, value)).toBe(text);
  });
});

describe('series of a run', () => {
  const run = handWorkedRun();

  it('stacks spend by sector, each year summing to the total', () => {
    const rows = stackedSectorSeries(run);
    expect(rows.map((r) => r.year)).toEqual(['2025-26', '2026-27', '2027-28']);
    for (const r of rows) expect(r.maintained + r.independent + r.ap + r.other).toBe(r.total);
    expect(rows[2]).toMatchObject({ maintained: 1_320_000, independent: 945_000, total: 2_265_000 });
  });

  it('fans out p10–p90 around the median, and collapses to the central run without draws', () => {
    expect(fanSeries(run)[2]).toEqual({ year: '2027-28', central: 2_265_000, p10: 2_100_000, p50: 2_265_000, p90: 2_400_000, range: [2_100_000, 2_400_000] });
    const noDraws = { ...run, draws: 0 };
    expect(fanSeries(noDraws)[1].range).toEqual([1_896_600, 1_896_600]);
  });

  it('compares today’s cost with the tariff by setting, dearest first, leaving out empty settings', () => {
    const rows = settingCostSeries(run, 0);
    expect(rows.map((r) => r.setting)).toEqual(['mainstream', 'iss']);
    expect(rows[1]).toMatchObject({ plans: 10, current: 600_000, tariff: 500_000, difference: -100_000 });
  });

  it('carries the DSG balance with its range and the statutory override marker', () => {
    const s = dsgSeries(run);
    expect(s.rows.map((r) => r.cumulative)).toEqual([-200_000, -196_600, -561_600]);
    expect(s.rows[2].range).toEqual([-800_000, -300_000]);
    expect(s).toMatchObject({ overrideEnds: '2027-28', overrideInside: true, openingBalance: -500_000 });
  });

  it('explains the change from the first year to the last in steps that add up exactly (hand-worked)', () => {
    const steps = waterfallSteps(run);
    expect(steps.map((s) => s.key)).toEqual(['start', 'newMinusCeased', 'netOther', 'mix', 'price', 'policy', 'end']);
    const by = Object.fromEntries(steps.map((s) => [s.key, s.value]));
    expect(by.start).toBe(1_600_000);
    expect(by.newMinusCeased).toBeCloseTo(320_000, 6);
    expect(by.netOther).toBeCloseTo(43_636.3636, 3);
    expect(by.mix).toBeCloseTo(136_363.6364, 3);
    expect(by.price).toBeCloseTo(165_000, 6);
    expect(by.policy).toBeCloseTo(0, 6);
    expect(by.end).toBe(2_265_000);
    // Each floating bar starts where the last ended, and the last moving bar ends at the final total.
    const moving = steps.filter((s) => s.kind !== 'total');
    expect(moving[0].from).toBe(1_600_000);
    for (let k = 1; k < moving.length; k++) expect(moving[k].from).toBeCloseTo(moving[k - 1].to, 6);
    expect(moving[moving.length - 1].to).toBeCloseTo(2_265_000, 6);
  });

  it('puts the tariff’s difference from today’s costs in the policy step on the tariff basis', () => {
    const steps = waterfallSteps(run, 'tariff');
    const total = steps.filter((s) => s.kind !== 'total').reduce((a, s) => a + s.value, 0);
    expect(steps[0].value + total).toBeCloseTo(1_888_000, 6);
    expect(steps.find((s) => s.key === 'policy')!.value).not.toBeCloseTo(0, 0);
  });

  it('ranks tornado bars by swing around the central output', () => {
    const rows = tornadoBars(
      {
        metric: { series: 'scenario', year: '2027-28' },
        central: 2_000_000,
        bars: [
          { path: 'demand.netOtherChange.rate', inputP10: 0.0075, inputP90: 0.0235, atP10: 1_950_000, atP90: 2_060_000, swing: 110_000 },
          { path: 'demand.joiners.multiplier', inputP10: 0.9, inputP90: 1.1, atP10: 1_800_000, atP90: 2_250_000, swing: 450_000 },
        ],
      },
      (p) => inputLabel(p),
    );
    expect(rows.map((r) => r.label)).toEqual(['Joiners (new plans)', 'Net other change']);
    expect(rows[0]).toMatchObject({ low: -200_000, high: 250_000, bar: [-200_000, 250_000] });
    expect(tornadoTitle(rows, 'placement spend in 2027-28')).toBe('Joiners (new plans) moves placement spend in 2027-28 the most: −£0.2m to +£0.3m');
  });

  it('differences each compared run from the baseline per year', () => {
    const option = handWorkedRun();
    option.scenario = 'Option';
    option.central.spend.tariff = { ...option.central.spend.tariff, total: option.central.spend.tariff.total.map((x) => x + 12_000) };
    const rows = compareRows(run, [option], 'tariff');
    expect(rows.map((r) => r.deltas[0])).toEqual([12_000, 12_000, 12_000]);
    expect(compareTitle(rows, ['Option'], 'tariff')).toBe('Option adds £0.0m to placement spend at full tariff in 2027-28');
  });
});

describe('findings in titles and the headline', () => {
  const run = handWorkedRun();

  it('states the headline with the range and the deficit', () => {
    expect(headlineSentence(headlineFigures(run))).toBe(
      'High-needs placement spend rises from £1.6m in 2025-26 to £2.3m in 2027-28 (80% range £2.1m–£2.4m); the cumulative DSG deficit reaches £0.6m by 2027-28.',
    );
  });

  it('titles each chart with what it shows', () => {
    expect(stackedTitle(stackedSectorSeries(run))).toBe('Spend rises in 2 of 4 sectors; the independent and non-maintained share grows from 37.5% to 41.7% by 2027-28');
    expect(fanTitle(fanSeries(run), 200)).toBe('Placement spend in 2027-28 is likely between £2.1m and £2.4m (80% of 200 draws)');
    expect(settingTitle(settingCostSeries(run, 0), '2025-26')).toBe('At full tariff, mainstream school placements would cost £0.1m less than today in 2025-26 (£0.2m less overall)');
    expect(dsgTitle(dsgSeries(run))).toBe('The cumulative DSG deficit reaches £0.6m by 2027-28; the statutory override ends after 2027-28');
    expect(waterfallTitle(waterfallSteps(run))).toBe('Growth in plans explains most of the £0.7m rise from 2025-26 to 2027-28');
  });

  it('names the band with the most plans', () => {
    const summary = {
      bands: [
        { key: 'B1', label: 'Band 1 — universal', descriptor: '', plans: 30, current: 1, price: 1, difference: 0, unpriced: 0 },
        { key: 'B2', label: 'Band 2 — targeted', descriptor: '', plans: 60, current: 1, price: 1, difference: 0, unpriced: 0 },
        { key: '(none)', label: 'No band', descriptor: '', plans: 10, current: 1, price: 1, difference: 0, unpriced: 10 },
      ],
    } as unknown as PricingSummary;
    const rows = bandSeries(summary);
    expect(rows.map((r) => r.share)).toEqual([0.3, 0.6, 0.1]);
    expect(bandTitle(rows)).toBe('Band 2 holds the most plans: 60.0% of 100');
  });
});

describe('exports of exactly the series shown', () => {
  const run = handWorkedRun();

  it('writes CSV with a BOM, the title, headers, values in pounds to the penny and notes', () => {
    const csv = toCsv(waterfallTable(waterfallSteps(run), 'What changes spend'));
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe('What changes spend');
    expect(lines[1]).toBe('Step,Change or total (£),Running total (£),What it measures');
    expect(lines[3].split(',')[1]).toBe('320000');
    expect(lines[4].split(',')[1]).toBe('43636.36');
  });

  it('writes a comparison with a value and a difference column per run', () => {
    const t = compareTable(compareRows(run, [run], 'scenario'), 'T', 'Base', ['Same'], 'scenario');
    expect(t.columns).toEqual(['Financial year', 'Base: Placement spend in the scenario (£)', 'Same: Placement spend in the scenario (£)', 'Same − baseline (£)']);
    expect(t.rows[0]).toEqual(['2025-26', 1_600_000, 1_600_000, 0]);
  });

  it('writes an .xlsx that exceljs opens, with £ formats on money columns', async () => {
    const table = sectorTable(stackedSectorSeries(run), 'Spend by sector');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)).buffer as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('Spend by sector');
    expect(ws.getCell('A3').value).toBe('2025-26');
    expect(ws.getCell('F5').value).toBe(2_265_000);
    expect(ws.getCell('F5').numFmt).toContain('£');
    expect(dsgTable(dsgSeries(run), 'DSG').rows[2]).toEqual(['2027-28', -365_000, -561_600, -800_000, -300_000]);
  });
});
