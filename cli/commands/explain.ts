/** `hntm explain`: traces one placement's price — band rule, parameters with dates and sources, each step. */
import { basename } from 'node:path';
import { parseArgs, stringFlag, oneOf } from '../args';
import { requireRulebook, readData, InputError } from '../sources';
import { price } from '../../models/pricing/price';
import { explain } from '../../models/pricing/explain';
import { pounds } from '../format';
import { dateFlag, required } from './shared';
import type { Command, Out } from './types';

export const explainCommand: Command = {
  name: 'explain',
  usage: 'hntm explain --rules FILE --data FILE --placement ID [--date YYYY-MM-DD] [--format table|json]',
  run: runExplain,
};

function runExplain(argv: string[], out: Out): number {
  const args = parseArgs(argv, { rules: 'value', data: 'value', date: 'value', placement: 'value', format: 'value' });
  const rulesPath = required(stringFlag(args, 'rules'), 'rules');
  const dataSpec = required(stringFlag(args, 'data'), 'data');
  const id = required(stringFlag(args, 'placement'), 'placement');
  const date = dateFlag(stringFlag(args, 'date'));
  const format = oneOf(stringFlag(args, 'format'), ['table', 'json'] as const, 'format', 'table');
  const rulebook = requireRulebook(rulesPath);
  const data = readData(dataSpec);
  if (!data.table.ids.includes(id)) {
    const rejected = data.rejected.find((r) => Object.values(r.values).includes(id));
    throw new InputError(rejected ? `placement "${id}" was rejected on import (row ${rejected.row}: ${rejected.reasons.join('; ')})` : `no placement with id "${id}" in ${data.description}`);
  }
  const priced = price(data.table, rulebook, { date, file: basename(rulesPath) });
  const trace = explain(priced, id);
  if (format === 'json') {
    out.log(JSON.stringify(trace, null, 2));
    return 0;
  }
  const f = trace.fields;
  out.log(`Placement ${trace.placementId}: ${f.setting} in LA ${f.la_code}, age ${f.age}, primary need ${f.primary_need}; current cost ${pounds(trace.current, 2)} a year.`);
  out.log(`Rulebook: ${trace.rulebook.name}${trace.rulebook.illustrative ? ' (illustrative)' : ''}; prices on ${trace.date}.`);
  out.log('');
  out.log(`Band (${trace.band.method}):`);
  for (const t of trace.band.tested) out.log(`  ${t.matched ? '✔' : '✘'} ${t.id}: ${t.rule}`);
  out.log(trace.band.id ? `  → ${trace.band.id} ${trace.band.label}` : '  → no band: not priced');
  out.log('');
  out.log('Parameters read:');
  for (const p of trace.parameters) {
    const keys = p.keys ? ` [${Object.entries(p.keys).map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
    out.log(`  ${p.name}${keys} = ${Number.isInteger(p.value) ? p.value.toLocaleString('en-GB') : p.value.toFixed(6)} ${p.unit}${p.from ? ` (from ${p.from})` : ''}`);
    out.log(`      ${p.source}`);
    for (const s of p.steps ?? []) out.log(`      ${s.year}: × (1 + ${s.rate}) — ${s.source}`);
  }
  out.log('');
  out.log(`Formula: ${trace.formula.text}`);
  for (const s of trace.formula.steps) out.log(`  ${s.text} = ${typeof s.value === 'number' ? s.value.toLocaleString('en-GB', { maximumFractionDigits: 6 }) : s.value}`);
  out.log(`  tariff price = ${pounds(trace.formula.value, 2)}`);
  if (trace.exception) out.log(`Exception: ${trace.exception.label} (${trace.exception.action}${trace.exception.amount !== undefined ? ` ${pounds(trace.exception.amount, 2)}` : ''})`);
  if (trace.protection?.applied) out.log(`Transitional protection (${trace.protection.basis}): the ${trace.protection.applied} applied against ${pounds(trace.protection.previous, 2)}.`);
  out.log('');
  out.log(`Price ${pounds(trace.price, 2)} (place funding ${pounds(trace.placeFunding, 2)}${trace.s251.place ? ` on S251 ${trace.s251.place}` : ''}, top-up ${pounds(trace.topUp, 2)} on S251 ${trace.s251.topUp}); difference from current cost ${pounds(trace.difference, 2)}.`);
  return 0;
}

