/**
 * `hntm backtest [--format table|json]`: projects published figures the model did not see and prints its errors —
 * one year in detail (January 2024 → 2025 by LA × setting × age from calendar-2023 flows) and three years of totals
 * (January 2022 → 2025 from the 2019–2022 series), from the committed derived inputs in scenarios/derived/.
 */
import { readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { count, percent, table } from '../format';
import { backtestOneYear, backtestTotals, type ErrorLine, type OneYearInputs, type TotalsInputs } from '../../models/projection/backtest';
import { settingLabel } from '../../models/vocab/settings';
import { laName } from '../../models/vocab/las';
import type { Command, Out } from './types';

export const backtestCommand: Command = {
  name: 'backtest',
  usage: 'hntm backtest [--format table|json]',
  run: runBacktest,
};

const DERIVED = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios', 'derived');

/** Both back-tests from the committed inputs. */
export function runBacktests(dir = DERIVED): { oneYear: ReturnType<typeof backtestOneYear>; threeYear: ReturnType<typeof backtestTotals> } {
  const read = <T>(f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T;
  return { oneYear: backtestOneYear(read<OneYearInputs>('backtest-2024.json')), threeYear: backtestTotals(read<TotalsInputs>('backtest-totals.json')) };
}

function runBacktest(argv: string[], out: Out): number {
  const args = parseArgs(argv, { format: 'value' });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const r = runBacktests();
  if (format === 'json') {
    out.log(JSON.stringify(r));
    return 0;
  }
  const row = (label: string, l: ErrorLine) => [label, count(l.projected), count(l.actual), percent(l.error)];
  const a = r.oneYear, b = r.threeYear;
  out.log('Back-test (a): one year in detail, January 2024 → January 2025 by LA × setting × age.');
  out.log('Rates from calendar-2023 flows, the January 2024 stock and earlier totals only (nothing from 2024 flows or January 2025).');
  out.log('');
  out.log(table(['', 'Projected', 'Actual', 'Error'], [row('England', a.national), ...a.bySetting.map((l) => row(`  ${settingLabel(l.key)}`, l))]));
  out.log('');
  out.log(`Mean absolute percentage error across ${a.byLa.length} LAs: ${(a.mapeLa * 100).toFixed(1)}%. Cells (LA × setting × age): ${(a.cellWape * 100).toFixed(1)}% of plans misplaced (Σ|projected − actual| ÷ Σ actual).`);
  const worst = [...a.byLa].sort((x, y) => Math.abs(y.error) - Math.abs(x.error)).slice(0, 5);
  out.log(`Largest LA errors: ${worst.map((l) => `${laName(l.key) ?? l.key} ${percent(l.error)}`).join('; ')}.`);
  out.log('');
  out.log('Back-test (b): three years of totals, January 2022 → January 2025 from the 2019–2022 series.');
  out.log('');
  out.log(table(['', 'Projected', 'Actual', 'Error'], [row('England (own series)', b.national), row('England (sum of LAs)', b.nationalFromLas), ...(b.cumbria ? [row('Cumbria 909 vs Cumberland 942 + Westmorland & Furness 943', b.cumbria)] : [])]));
  out.log('');
  out.log(`Mean absolute percentage error across ${b.byLa.length} LAs: ${(b.mapeLa * 100).toFixed(1)}%.`);
  for (const n of [...a.notes, ...b.notes]) out.log(`Note: ${n}`);
  return 0;
}
