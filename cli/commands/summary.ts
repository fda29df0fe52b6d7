/** `hntm summary [FILE] [--format table|json]`: plans and cost by setting, sector, LA, need and age (DESIGN §6); no FILE = the default England dataset. */
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { readData } from '../sources';
import { loadDataset, DATASET_ATTRIBUTION } from '../datasets';
import { summarise, type PlacementSummary, type PlansAndCost } from '../../models/data/summary';
import { settingLabel } from '../../models/vocab/settings';
import { needLabel } from '../../models/vocab/needs';
import { laName } from '../../models/vocab/las';
import { sectorInfo, type SectorCode } from '../../models/vocab/sectors';
import { pounds, count, table } from '../format';
import type { Command, Out } from './types';

export const summaryCommand: Command = {
  name: 'summary',
  usage: 'hntm summary [FILE] [--format table|json]   (no FILE: the default England dataset, January 2025)',
  run: runSummary,
};

async function runSummary(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, { format: 'value' });
  if (args.positionals.length > 1) throw new UsageError('summary takes at most one FILE');
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const file = args.positionals[0];
  let summary: PlacementSummary;
  let rejected = 0;
  if (file === undefined) summary = summarise(loadDataset('england-2025'), { source: DATASET_ATTRIBUTION });
  else {
    // readData may become asynchronous (the .xlsx reader streams): awaiting works either way.
    const data = await readData(file);
    summary = summarise(data.table, { source: data.description });
    rejected = data.rejected.length;
  }
  if (format === 'json') out.log(JSON.stringify(summary, null, 2));
  else out.log(summaryTable(summary));
  if (rejected > 0) {
    // The summary covers the accepted rows only; say so where a script will see it, and fail as `validate` does.
    out.error(`hntm: ${count(rejected)} row(s) of ${file} were rejected and are not in the summary: run \`hntm validate ${file}\` to list them`);
    return 1;
  }
  return 0;
}

/**
 * The summary as aligned tables a finance officer can read: totals, then each grouping with plans, share, cost and mean.
 * @example summaryTable(summarise(table, {source: 'Camden'})).split('\n')[0] // 'Camden'
 */
export function summaryTable(s: PlacementSummary): string {
  const rows = (entries: Array<[string, PlansAndCost]>) =>
    entries.map(([label, g]) => [label, count(g.plans), s.plans > 0 ? `${((100 * g.plans) / s.plans).toFixed(1)}%` : '—', pounds(g.cost), g.plans > 0 ? pounds(g.cost / g.plans) : '—']);
  const section = (title: string, heading: string, entries: Array<[string, PlansAndCost]>) =>
    `${title}\n${table([heading, 'Plans', 'Share', 'Cost a year', 'Mean per plan'], [...rows(entries), ['Total', count(s.plans), '100.0%', pounds(s.cost), s.plans > 0 ? pounds(s.cost / s.plans) : '—']])}`;
  const parts = [
    s.source ?? 'Placements',
    `${count(s.plans)} plans, ${pounds(s.cost)} a year (${s.plans > 0 ? pounds(s.cost / s.plans) : '—'} per plan on average)`,
    section('By sector', 'Sector', (Object.entries(s.bySector) as Array<[SectorCode, PlansAndCost]>).map(([k, g]) => [sectorInfo(k).label, g])),
    section('By setting', 'Setting', Object.entries(s.bySetting).map(([k, g]) => [settingLabel(k), g])),
    section('By primary need', 'Primary need', Object.entries(s.byNeed).map(([k, g]) => [`${k} ${needLabel(k)}`, g])),
    section('By age (at the January census)', 'Age', Object.entries(s.byAge).map(([k, g]) => [k, g])),
    section('By local authority', 'Local authority', Object.entries(s.byLa).map(([k, g]) => [`${k} ${laName(k) ?? ''}`.trim(), g])),
  ];
  return parts.join('\n\n');
}
