/** `hntm providers`: independent providers' fees against band prices, outliers and the saving from a fee cap. */
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { requireRulebook, readData } from '../sources';
import { writeFileSync } from 'node:fs';
import { analyseProviders, capSavingByYear } from '../../models/workbench/commissioner';
import { financialYearOf, fyLabel, fyStartYear } from '../../models/projection/calendar';
import { pounds, count, percent, table } from '../format';
import { dateFlag, required } from './shared';
import type { Command, Out } from './types';

export const providersCommand: Command = {
  name: 'providers',
  usage: 'hntm providers --rules FILE --data FILE [--cap 10%] [--date YYYY-MM-DD] [--format table|json] [--out pack.xlsx]',
  run: runProviders,
};

/** @example capFlag('10%') // 0.1 ; capFlag('0.15') // 0.15 */
export function capFlag(value: string | undefined): number {
  if (value === undefined) return 0.1;
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(value.trim());
  if (!m) throw new UsageError(`--cap must be a percentage such as 10% (or a fraction such as 0.1), not "${value}"`);
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

async function runProviders(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, { rules: 'value', data: 'value', cap: 'value', date: 'value', format: 'value', out: 'value' });
  const outPath = stringFlag(args, 'out');
  if (outPath !== undefined && !/\.xlsx$/i.test(outPath)) throw new UsageError('--out must name an .xlsx file');
  const rulebook = requireRulebook(required(stringFlag(args, 'rules'), 'rules'));
  const data = readData(required(stringFlag(args, 'data'), 'data'));
  const cap = capFlag(stringFlag(args, 'cap'));
  const date = dateFlag(stringFlag(args, 'date'));
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const a = analyseProviders(data.table, rulebook, { date, cap });
  if (outPath) {
    // The commissioning pack: five financial years from the date's, fees held at today's level while band prices
    // follow the rulebook's indexation (the cap's saving as the tariff moves; growth in numbers is the simulation's).
    const first = fyStartYear(financialYearOf(date));
    const years = Array.from({ length: 5 }, (_, k) => fyLabel(first + k));
    const byYear = capSavingByYear(data.table, rulebook, { cap, years, feeGrowth: 0 });
    const { writeCommissioningPack } = await import('../../models/io/commissioning-pack');
    writeFileSync(outPath, await writeCommissioningPack(a, { data: data.description, capByYear: { ...byYear, note: "Today's placements and fees; band prices follow the rulebook's indexation on each 1 April." } }));
  }
  if (format === 'json') {
    out.log(JSON.stringify({ data: data.description, ...a }, null, 2));
    return 0;
  }
  out.log(`${rulebook.name}${rulebook.illustrative ? ' — illustrative band prices, not official' : ''}. Data: ${data.description}. Fees on ${date}, £ per year.`);
  out.log(`${count(a.plans)} placements with ${count(a.providers.length)} independent providers cost ${pounds(a.totalFees)}; at band prices they would cost ${pounds(a.totalAtBandPrice)}, so fees are ${percent(Math.abs(a.totalFees / a.totalAtBandPrice - 1)).replace('+', '')} ${a.totalFees >= a.totalAtBandPrice ? 'above' : 'below'} band prices overall.`);
  out.log(`Capping fees at band price + ${percent(cap).replace('+', '')} would save ${pounds(a.capSaving)} a year.`);
  if (a.unpriced) out.log(`${count(a.unpriced)} placement(s) have no band price in this rulebook (unbanded, or funded at cost by an exception) and are left out.`);
  out.log('');
  out.log('The ten placements furthest above band price');
  out.log(table(['Placement', 'Provider', 'Setting', 'Band', 'Need', 'Fee', 'Band price', 'Premium', '%', 'Outlier'],
    a.placements.slice(0, 10).map((p) => [p.placementId, p.providerId ?? '—', p.setting, p.band, p.need, pounds(p.fee), pounds(p.bandPrice), pounds(p.premium), percent(p.premiumPct), p.outlier ?? ''])));
  out.log('');
  out.log('Providers by total fees (largest 20)');
  out.log(table(['Provider', 'Plans', 'Mean fee', 'Range', 'Band price', 'Premium', 'Outliers', 'Cap saving'],
    a.providers.slice(0, 20).map((p) => [p.providerName, count(p.plans), pounds(p.meanFee), `${pounds(p.minFee)}–${pounds(p.maxFee)}`, pounds(p.meanBandPrice), percent(p.premiumPct), count(p.outliers), pounds(p.capSaving)])));
  if (outPath) out.log(`Commissioning pack written: ${outPath}`);
  return 0;
}
