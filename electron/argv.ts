/**
 * Project files named on a command line: the first launch's own argv, or a second launch's argv forwarded to the
 * running instance (double-clicking a .hntm file on Windows and Linux starts the app with the file as an argument).
 */
import { isAbsolute, resolve } from 'node:path';
import { PROJECT_EXTENSION } from '../models/project/types';

/**
 * The .hntm paths among `argv` (absolute, resolved against the launch's working folder). Switches (`--foo`,
 * `--foo=bar.hntm`) and the executable itself are never taken for files.
 * @example projectPathsFromArgv(['/opt/hntm/hntm', '--no-sandbox', 'Barnet.hntm'], '/home/me') // ['/home/me/Barnet.hntm']
 */
export function projectPathsFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  const out: string[] = [];
  for (const arg of argv.slice(1)) {
    if (typeof arg !== 'string' || arg === '' || arg.startsWith('-') || arg.includes('\0')) continue;
    if (!arg.toLowerCase().endsWith(`.${PROJECT_EXTENSION}`)) continue;
    const path = isAbsolute(arg) ? resolve(arg) : resolve(workingDirectory, arg);
    if (!out.includes(path)) out.push(path);
  }
  return out;
}
