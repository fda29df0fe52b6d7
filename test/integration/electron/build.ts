// Builds the app once per test file into a private folder, so tests never swap files under `npm start` or each other.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Runs the real `electron-vite build` (same config as `npm run build`) with --outDir pointing at
 * test-output/<name>; out/ belongs to `npm start`/`npm run build`. Throws with the build's output when it fails,
 * e.g. while renderer/index.html does not exist yet.
 */
export async function buildElectronApp(name: string): Promise<string> {
  const outDir = resolve(ROOT, 'test-output', name);
  const cli = resolve(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');
  try {
    await promisify(execFile)(process.execPath, [cli, 'build', '--outDir', outDir, '--logLevel', 'warn'], { cwd: ROOT, timeout: 240_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`electron-vite build failed:\n${err.stdout ?? ''}${err.stderr ?? ''}${err.message}`);
  }
  for (const file of ['main/main.js', 'main/engine-worker.js', 'preload/preload.cjs', 'renderer/index.html']) {
    if (!existsSync(resolve(outDir, file))) throw new Error(`electron-vite build did not produce ${file} in ${outDir}`);
  }
  return outDir;
}
