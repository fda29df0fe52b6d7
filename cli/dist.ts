/**
 * `npm run dist`: builds the app and the installers for this platform with electron-builder (targets in
 * electron-builder.yml). Where Electron's runtime is not on disk it explains why it cannot, and exits 1.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, packageScript } from './build-app';
import { electronDistPath } from './electron-runtime';
import { distPlan } from './launch-plan';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const plan = distPlan(process.platform, electronDistPath(projectRoot));
  if (plan.mode === 'unavailable') {
    for (const line of plan.lines) console.error(line);
    process.exit(plan.exitCode);
  }
  const failure = await buildApp(projectRoot);
  if (failure !== null) {
    console.error(failure);
    process.exit(1);
  }
  const child = spawn(process.execPath, [packageScript(projectRoot, 'electron-builder'), ...plan.builderArgs], { cwd: projectRoot, stdio: 'inherit' });
  child.on('error', (e) => {
    console.error(`Could not run electron-builder: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code) => process.exit(code ?? 1));
}

void main();
