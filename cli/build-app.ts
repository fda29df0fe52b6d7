/** Runs `electron-vite build` (main, preload and renderer into out/) for the start and dist scripts. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * A package's command-line script, run with this Node rather than through node_modules/.bin: no shell is
 * needed on Windows (where .bin holds .cmd files), so paths with spaces need no quoting.
 */
export function packageScript(projectRoot: string, script: 'electron-vite' | 'electron-builder'): string {
  return script === 'electron-vite'
    ? join(projectRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
    : join(projectRoot, 'node_modules', 'electron-builder', 'cli.js');
}

/** Builds the app; resolves to the build's output on failure (shown to the user) or null on success. */
export function buildApp(projectRoot: string): Promise<string | null> {
  return new Promise((resolve) => {
    // Output is kept back unless the build fails: a successful build is not news, a failed one needs every line.
    const child = spawn(process.execPath, [packageScript(projectRoot, 'electron-vite'), 'build'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve(`Could not run electron-vite: ${e.message}`));
    child.on('close', (code) => resolve(code === 0 ? null : output || `electron-vite build exited with code ${code}`));
  });
}
