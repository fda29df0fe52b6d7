/** `hntm price`: prices placement data under a rulebook on a date, grouped by LA, setting, band and more; --out writes the results workbook. */
import { basename } from 'node:path';
import { parseArgs, stringFlag, oneOf, UsageError } from '../args';
import { requireRulebook, readData, formatIssue } from '../sources';
import { formatRuleIssue } from '../../models/rules/load';
import { price } from '../../models/pricing/price';
import { aggregate, totals, GROUP_BYS, type GroupBy, type PriceGroup } from '../../models/pricing/aggregate';
import { toCsv } from '../../models/io/csv';
import { buildPricingResults } from '../../models/io/results';
import { writeResultsWorkbookFile } from '../workbook-stream';
import { pounds, count, percent, table } from '../format';
import { dateFlag, required } from './shared';
import type { Command, Out } from './types';
import type { DataIssue } from '../../models/data/issues';

export const priceCommand: Command = {
  name: 'price',
  usage: 'hntm price --rules FILE --data FILE [--date YYYY-MM-DD] [--by la|setting|sector|band|need|provider|phase|s251] [--format table|json|csv] [--out results.xlsx]',
  run: runPrice,
};

async function runPrice(argv: string[], out: Out): Promise<number> {
  const args = parseArgs(argv, { rules: 'value', data: 'value', date: 'value', by: 'value', format: 'value', out: 'value' });
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const rulesPath = required(stringFlag(args, 'rules'), 'rules');
  const dataSpec = required(stringFlag(args, 'data'), 'data');
  const date = dateFlag(stringFlag(args, 'date'));
  const by = oneOf(stringFlag(args, 'by'), GROUP_BYS, 'by', 'setting');
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json', 'csv'] as const, 'format', 'table');
  const outPath = stringFlag(args, 'out');
  if (outPath !== undefined && !/\.xlsx$/i.test(outPath)) throw new UsageError(`--out must name an .xlsx workbook, not "${outPath}"`);
  const rulebook = requireRulebook(rulesPath);
  const data = readData(dataSpec);
  const priced = price(data.table, rulebook, { date, file: basename(rulesPath) });
  const groups = aggregate(priced, by);
  const total = totals(priced);
  const issues = [...data.issues.map(formatIssue), ...priced.issues.map(formatRuleIssue)];
  if (format === 'json') {
    out.log(JSON.stringify({
      rulebook: { id: rulebook.id, name: rulebook.name, illustrative: rulebook.illustrative, file: basename(rulesPath) },
      data: data.description, date, by, totals: total, groups, rejectedRows: data.rejected.length, issues,
    }, null, 2));
  } else if (format === 'csv') {
    out.log(toCsv([by, 'label', 'plans', 'current_cost', 'price', 'difference', 'unpriced'],
      [...groups, { key: 'total', label: 'Total', ...total }].map((g) => [g.key, g.label, g.plans, g.current, g.price, g.difference, g.unpriced])).trimEnd());
  } else {
    out.log(`${rulebook.name}${rulebook.illustrative ? ' — illustrative values, not official' : ''}`);
    out.log(`Data: ${data.description}. Prices on ${date}, £ per year.`);
    out.log('');
    out.log(priceTable(by, groups, total));
    if (data.rejected.length) out.log(`\n${count(data.rejected.length)} row(s) rejected: run \`hntm validate ${dataSpec}\` to list them.`);
    for (const i of issues) out.log(i);
  }
  if (outPath !== undefined) {
    const rejected = data.rejected.length ? [`${count(data.rejected.length)} row(s) of ${data.description} were rejected on import and are not priced.`] : [];
    const results = buildPricingResults(priced, { data: data.description, issues: [...rejected, ...groupedIssues(data.issues)] });
    const written = await writeResultsWorkbookFile(results, outPath);
    if (format === 'table') out.log(`\nWrote ${written.path}: ${count(priced.table.rowCount)} placements, totals as live formulas (${Math.round(written.bytes / 1024).toLocaleString('en-GB')} KB).`);
  }
  return 0;
}

function priceTable(by: GroupBy, groups: PriceGroup[], total: PriceGroup | Omit<PriceGroup, 'key' | 'label'>): string {
  const row = (label: string, g: Omit<PriceGroup, 'key' | 'label'>) => [
    label, count(g.plans), pounds(g.current), pounds(g.price), pounds(g.difference), percent(g.difference / (g.current - 0 || NaN)), g.unpriced ? count(g.unpriced) : '',
  ];
  const heading = { la: 'Local authority', setting: 'Setting', sector: 'Sector', band: 'Band', need: 'Primary need', provider: 'Provider', phase: 'Phase', s251: 'S251 top-up line' }[by];
  return table([heading, 'Plans', 'Current cost', 'Tariff price', 'Difference', 'Change', 'Unpriced'], [...groups.map((g) => row(by === 'la' ? `${g.key} ${g.label}` : g.label, g)), row('Total', total)]);
}

/** Data issues for the workbook's notes: the same message in the same column once, with how many rows and the first. */
function groupedIssues(issues: DataIssue[]): string[] {
  const groups = new Map<string, { issue: DataIssue; rows: number }>();
  for (const i of issues) {
    const key = `${i.severity}|${i.sheet ?? ''}|${i.column}|${i.message}`;
    const g = groups.get(key);
    if (g) g.rows++;
    else groups.set(key, { issue: i, rows: 1 });
  }
  return [...groups.values()].map(({ issue, rows }) => (rows === 1 ? formatIssue(issue) : `${formatIssue(issue)} (and ${count(rows - 1)} more row(s) like it)`));
}
