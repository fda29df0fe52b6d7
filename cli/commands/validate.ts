/** `hntm validate FILE`: checks a placement file, a rulebook or a scenario; exit 0 clean, 1 rejected rows or invalid rules, 2 usage. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, UsageError } from '../args';
import { readRulebook, readData, formatIssue } from '../sources';
import { formatRuleIssue } from '../../models/rules/load';
import { count } from '../format';
import { validateScenarioFile } from './run';
import type { Command, Out } from './types';

export const validateCommand: Command = {
  name: 'validate',
  usage: 'hntm validate FILE            (a placement file .csv or .xlsx, a rulebook .json or a scenario .scenario.json)',
  run: runValidate,
};

function runValidate(argv: string[], out: Out): number {
  const args = parseArgs(argv, {});
  if (args.positionals.length !== 1) throw new UsageError('validate takes exactly one FILE');
  const path = args.positionals[0];
  if (/\.json$/i.test(path)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      json = null;
    }
    const doc = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : null;
    const looksLikeRulebook = doc !== null && ('bands' in doc || 'tariff' in doc);
    const looksLikeScenario = /\.scenario\.json$/i.test(path) || (doc !== null && ('horizon' in doc || 'baseline' in doc));
    if (looksLikeScenario && !looksLikeRulebook) {
      const { ok, lines } = validateScenarioFile(path);
      for (const l of lines) out.log(l);
      return ok ? 0 : 1;
    }
    if (!looksLikeRulebook) throw new UsageError(`${basename(path)}: neither a rulebook (no "bands" or "tariff") nor a scenario (no "horizon" or "baseline")`);
    const { rulebook, issues } = readRulebook(path);
    for (const i of issues) out.log(`${i.severity === 'error' ? 'error' : 'warning'}: ${formatRuleIssue(i)}`);
    out.log(rulebook ? `${basename(path)}: a valid rulebook (${rulebook.bands.list.length} bands, ${Object.keys(rulebook.parameters).length} parameters).` : `${basename(path)}: ${issues.filter((i) => i.severity === 'error').length} error(s): the rulebook cannot be used.`);
    return rulebook ? 0 : 1;
  }
  const data = readData(path);
  for (const i of data.issues) out.log(`${i.severity}: ${formatIssue(i)}`);
  const warnings = data.issues.filter((i) => i.severity === 'warning').length;
  out.log(`${data.description}: ${count(data.table.rowCount)} row(s) accepted, ${count(data.rejected.length)} rejected, ${count(warnings)} warning(s).`);
  return data.rejected.length > 0 || data.issues.some((i) => i.severity === 'error') ? 1 : 0;
}
