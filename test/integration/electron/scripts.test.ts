// `npm start` without Electron's runtime serves the app in the browser; `npm run dist` explains why it cannot build.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { contentSecurityPolicy } from '../../../models/contract/security';
import { DIST_UNAVAILABLE_LINES, RUNTIME_MISSING_NOTICE } from '../../../cli/launch-plan';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
// An empty folder as Electron's dist: the runtime is "absent" whatever this machine has, as it is here anyway.
const noRuntime = mkdtempSync(join(tmpdir(), 'hntm-no-electron-'));
const children: ChildProcess[] = [];

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [TSX, script, ...args], { cwd: ROOT, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noRuntime, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (output.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output.stderr += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output, exited };
}

afterEach(() => {
  // tsx passes SIGTERM on to the script, whose handler closes the server.
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});
afterAll(() => rmSync(noRuntime, { recursive: true, force: true }));

describe('npm start without the Electron runtime', () => {
  it('builds, says in one line that it serves in the browser instead, and serves index.html with the CSP', async () => {
    const { child, output, exited } = run('cli/start.ts', [], { PORT: '0' });
    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url) {
      url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1];
      if (Date.now() > deadline) throw new Error(`no URL within 60 s.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`);
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 100))]);
      if (code !== 'running' && !url) throw new Error(`start exited with ${code} before serving.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`);
    }
    const lines = output.stdout.trim().split('\n');
    expect(lines).toEqual([RUNTIME_MISSING_NOTICE, expect.stringContaining(url)]);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    const html = await response.text();
    expect(html).toBe(readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8'));
    expect(html).toContain('<div id="root">');
    // The page's script is served too, and nothing outside out/renderer is.
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(new URL(script!, url))).status).toBe(200);
    expect((await fetch(new URL('..%2f..%2fpackage.json', url))).status).toBe(403);

    // It serves until stopped, and stops cleanly.
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);

  it('npm run web serves without the notice', async () => {
    const { output, exited } = run('cli/start.ts', ['--web'], { PORT: '0' });
    const deadline = Date.now() + 60_000;
    while (!/http:\/\/127\.0\.0\.1:\d+\//.test(output.stdout)) {
      if (Date.now() > deadline || (await Promise.race([exited, new Promise((r) => setTimeout(() => r('running'), 100))])) !== 'running') {
        throw new Error(`web did not serve.\nstdout: ${output.stdout}\nstderr: ${output.stderr}`);
      }
    }
    expect(output.stdout).not.toContain(RUNTIME_MISSING_NOTICE);
    expect(output.stdout.trim().split('\n')).toHaveLength(1);
  }, 90_000);

  it('refuses a malformed PORT with exit code 2', async () => {
    const { output, exited } = run('cli/start.ts', [], { PORT: 'eighty' });
    expect(await exited).toBe(2);
    expect(output.stderr).toContain('PORT must be a whole number');
  }, 30_000);
});

describe('npm run dist without the Electron runtime', () => {
  it('explains in two lines why installers cannot be built here and exits 1', async () => {
    const { output, exited } = run('cli/dist.ts', [], {});
    expect(await exited).toBe(1);
    expect(output.stderr.trim().split('\n')).toEqual(DIST_UNAVAILABLE_LINES);
    expect(output.stdout).toBe('');
  }, 30_000);
});
