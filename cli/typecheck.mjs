// `npm run typecheck`: each zone with its own tsconfig (models without DOM or Node, renderer without Node, …),
// then the import-boundary check that TypeScript cannot do alone.
import { spawnSync } from 'node:child_process';

const steps = [
  ['models (no DOM, no Node)', ['tsc', '-p', 'tsconfig.models.json']],
  ['renderer (DOM, no Node)', ['tsc', '-p', 'tsconfig.renderer.json']],
  ['electron + cli (Node)', ['tsc', '-p', 'tsconfig.node.json']],
  ['tests', ['tsc', '-p', 'tsconfig.test.json']],
  ['import boundaries', ['tsx', 'cli/check-boundaries.ts']],
];
let failed = 0;
for (const [name, [cmd, ...args]] of steps) {
  const r = spawnSync(new URL(`../node_modules/.bin/${cmd}`, import.meta.url).pathname, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${name} failed`);
  }
}
if (failed) process.exit(1);
console.log('typecheck: all zones pass');
