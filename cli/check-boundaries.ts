/** Runs the import-boundary check over the project and exits 1 with one line per stray import. */
import { findViolations } from './boundaries';

const root = process.argv[2] ?? process.cwd();
const violations = findViolations(root);
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.rule} ("${v.specifier}")`);
if (violations.length > 0) {
  console.error(`Import boundaries: ${violations.length} stray import(s) across zones (DESIGN §5).`);
  process.exit(1);
}
console.log('Import boundaries: every zone imports only what DESIGN §5 allows.');
