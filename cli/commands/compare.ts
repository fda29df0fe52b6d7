/** `hntm compare`: tariff options (rulebooks) on the same data — totals, winners and losers by LA, budget-neutral scale. */
import { basename } from 'node:path';
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { requireRulebook, readData } from '../sources';
import { price } from '../../models/pricing/price';
import { budgetNeutral, optionResult, CHANGE_BANDS } from '../../models/workbench/policy';
import { pounds, count, percent, table } from '../format';
import { dateFlag, required } from './shared';
import type { Command, Out } from './types';

export const compareCommand: Command = {
  name: 'compare',
  usage: 'hntm compare OPTION_A OPTION_B [OPTION …] --data FILE [--date YYYY-MM-DD] [--format table|json]',
  run: runCompare,
};

function runCompare(argv: string[], out: Out): number {
  const args = parseArgs(argv, { data: 'value', date: 'value', format: 'value' });
  if (args.positionals.length < 2) throw new UsageError('compare needs at least two options (rulebook files)');
  const data = readData(required(stringFlag(args, 'data'), 'data'));
  const date = dateFlag(stringFlag(args, 'date'));
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const options = args.positionals.map((path) => {
    const rulebook = requireRulebook(path);
    const priced = price(data.table, rulebook, { date, file: basename(path) });
    const neutral = budgetNeutral(priced);
    return { file: basename(path), result: optionResult(priced), budgetNeutral: { ok: neutral.ok, scale: neutral.scale, achieved: neutral.achieved, target: neutral.target, message: neutral.message } };
  });
  if (format === 'json') {
    out.log(JSON.stringify({ data: data.description, date, changeBands: CHANGE_BANDS.map((b) => ({ id: b.id, label: b.label })), options: options.map((o) => ({ file: o.file, ...o.result, budgetNeutral: o.budgetNeutral })) }, null, 2));
    return 0;
  }
  out.log(`Data: ${data.description}. Costs on ${date}, £ per year. A council whose cost rises under an option loses; one whose cost falls gains.`);
  out.log('');
  out.log(table(
    ['Option', 'Plans', 'Today', 'Under option', 'Change', '%', ...CHANGE_BANDS.map((b) => b.label), 'Budget-neutral scale'],
    options.map(({ result: r, budgetNeutral: b }) => [
      `${r.name}${r.illustrative && !/illustrative/i.test(r.name) ? ' (illustrative)' : ''}`, count(r.plans), pounds(r.current), pounds(r.total), pounds(r.change), percent(r.changePct),
      ...CHANGE_BANDS.map((band) => count(r.counts[band.id])), b.ok ? `× ${b.scale.toFixed(4)}` : 'none',
    ]),
  ));
  for (const { result: r } of options) {
    const sorted = [...r.byLa].sort((a, b) => b.changePct - a.changePct);
    out.log('');
    out.log(`${r.name}: the five councils losing most and the five gaining most`);
    const rows = [...sorted.slice(0, 5), ...sorted.slice(-5).filter((l) => !sorted.slice(0, 5).includes(l))];
    out.log(table(['Council', 'Plans', 'Today', 'Under option', 'Change'], rows.map((l) => [`${l.la} ${l.name}`, count(l.plans), pounds(l.current), pounds(l.cost), percent(l.changePct)])));
  }
  return 0;
}
