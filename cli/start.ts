/**
 * `npm start` and `npm run web`: builds the app, then opens it in Electron when the runtime is on disk, or serves
 * the same renderer on http://127.0.0.1:<PORT> (default 5170) until stopped.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../models/contract/security';
import { buildApp } from './build-app';
import { electronRuntimePath } from './electron-runtime';
import { servePort, startPlan } from './launch-plan';
import { serveStatic } from './serve.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function serve(port: number, explicit: boolean): Promise<void> {
  const root = join(projectRoot, 'out', 'renderer');
  let started;
  try {
    started = await serveStatic(root, { port, csp: contentSecurityPolicy() });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' || explicit) {
      console.error(code === 'EADDRINUSE' ? `Port ${port} is in use; choose another with PORT=…` : `Could not serve the app: ${(e as Error).message}`);
      process.exit(1);
    }
    // The default port is taken (another copy is running?): any free port will do.
    started = await serveStatic(root, { port: 0, csp: contentSecurityPolicy() });
  }
  console.log(`High Needs Tariff Modeller: ${started.url}  (Ctrl+C to stop)`);
  const stop = (): void => {
    started.server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function launchElectron(runtime: string): void {
  const child = spawn(runtime, [projectRoot], { stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    console.error(`Could not start Electron: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(): Promise<void> {
  const plan = startPlan(process.argv.slice(2), electronRuntimePath(projectRoot));
  const port = servePort(process.env);
  if (plan.mode === 'serve' && !port.ok) {
    console.error(port.message);
    process.exit(2);
  }
  const failure = await buildApp(projectRoot);
  if (failure !== null) {
    console.error(failure);
    console.error('The build failed, so there is nothing to start.');
    process.exit(1);
  }
  if (plan.mode === 'electron') {
    launchElectron(plan.runtime);
    return;
  }
  if (plan.notice) console.log(plan.notice);
  if (port.ok) await serve(port.port, port.explicit);
}

void main();
