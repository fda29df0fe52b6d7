/** Every `hntm` command, in the order `hntm help` lists them. Add a command by adding its file and one line here. */
import type { Command } from './types';
import { priceCommand } from './price';
import { explainCommand } from './explain';
import { validateCommand } from './validate';
import { runCommand } from './run';
import { backtestCommand } from './backtest';
import { summaryCommand } from './summary';
import { compareCommand } from './compare';
import { providersCommand } from './providers';
import { importCommand } from './import';

export const COMMANDS: Command[] = [
  priceCommand,
  explainCommand,
  validateCommand,
  runCommand,
  backtestCommand,
  summaryCommand,
  compareCommand,
  providersCommand,
  importCommand,
];
