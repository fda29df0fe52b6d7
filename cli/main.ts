/**
 * The command-line runner `hntm` (DESIGN §6): the same engine as the app, for scripts, auditors and the benchmark.
 * Exit codes: 0 success, 1 rejected data or an invalid rule, 2 a usage error.
 */
import { UsageError } from './args';
import { InputError } from './sources';
import { formatRuleIssue } from '../models/rules/load';
import { PricingError } from '../models/pricing/price';
import { COMMANDS } from './commands/index';
import type { Out } from './commands/types';

function usage(): string {
  return `Usage:\n${COMMANDS.map((c) => c.usage.split('\n').map((l) => `  ${l}`).join('\n')).join('\n')}\n\nDATA may be a CSV file or synthetic:ROWS[:SEED] (a generated national-size table).`;
}

const defaultOut: Out = { log: (s) => process.stdout.write(s + '\n'), error: (s) => process.stderr.write(s + '\n') };

/** Runs one command; returns the exit code. */
export async function main(argv: string[], out: Out = defaultOut): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help') {
      out.log(usage());
      return name === undefined ? 2 : 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command.run(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      out.error(`hntm: ${e.message}\n\n${usage()}`);
      return 2;
    }
    if (e instanceof InputError) {
      out.error(`hntm: ${e.message}`);
      for (const l of e.lines) out.error(l);
      return 1;
    }
    if (e instanceof PricingError) {
      out.error('hntm: the rulebook cannot price this data:');
      for (const i of e.issues) out.error(formatRuleIssue(i));
      return 1;
    }
    throw e;
  }
}
