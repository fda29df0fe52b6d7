// Finding Electron's runtime on disk (never by require('electron')), and what start/web/dist decide from it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronDistPath, electronRuntimePath } from '../../../cli/electron-runtime';
import { DEFAULT_PORT, DIST_UNAVAILABLE_LINES, RUNTIME_MISSING_NOTICE, distPlan, servePort, startPlan } from '../../../cli/launch-plan';

let project: string;
const noEnv = {};

function electronPackage(): string {
  const dir = join(project, 'node_modules', 'electron');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  return dir;
}

function executable(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'hntm-runtime-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('electronRuntimePath', () => {
  it('is null without node_modules/electron at all', () => {
    expect(electronRuntimePath(project, noEnv)).toBeNull();
  });

  it('is null when the package is installed but never downloaded its binary (no path.txt): this machine', () => {
    electronPackage();
    expect(electronRuntimePath(project, noEnv)).toBeNull();
  });

  it('is null when path.txt names a binary that dist/ does not hold (a half-finished download)', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    expect(electronRuntimePath(project, noEnv)).toBeNull();
  });

  it('is null when the named path is a folder, not a file', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist', 'electron'), { recursive: true });
    expect(electronRuntimePath(project, noEnv)).toBeNull();
  });

  it.each([['electron'], ['electron.exe'], ['Electron.app/Contents/MacOS/Electron']])('finds dist/%s named by path.txt', (name) => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), name);
    executable(join(dir, 'dist', name));
    expect(electronRuntimePath(project, noEnv)).toBe(join(dir, 'dist', name));
    expect(electronDistPath(project, noEnv)).toBe(join(dir, 'dist'));
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron itself does, and only if the binary is there', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    const override = join(project, 'custom-dist');
    expect(electronRuntimePath(project, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeNull();
    executable(join(override, 'electron'));
    expect(electronRuntimePath(project, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(join(override, 'electron'));
    expect(electronDistPath(project, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(override);
  });

  it('ignores a trailing newline in path.txt', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron\n');
    executable(join(dir, 'dist', 'electron'));
    expect(electronRuntimePath(project, noEnv)).toBe(join(dir, 'dist', 'electron'));
  });
});

describe('startPlan', () => {
  it('serves in the browser with the one-line notice when the runtime is absent', () => {
    expect(startPlan([], null)).toEqual({ mode: 'serve', notice: RUNTIME_MISSING_NOTICE });
    expect(RUNTIME_MISSING_NOTICE).not.toContain('\n');
    expect(RUNTIME_MISSING_NOTICE).toMatch(/not available on this machine/);
    expect(RUNTIME_MISSING_NOTICE).toMatch(/browser/);
  });

  it('launches Electron when the runtime is on disk', () => {
    expect(startPlan([], '/x/electron')).toEqual({ mode: 'electron', runtime: '/x/electron' });
  });

  it('always serves, without the notice, for npm run web', () => {
    expect(startPlan(['--web'], '/x/electron')).toEqual({ mode: 'serve', notice: null });
    expect(startPlan(['--web'], null)).toEqual({ mode: 'serve', notice: null });
  });
});

describe('servePort', () => {
  it.each([
    [{}, { ok: true, port: DEFAULT_PORT, explicit: false }],
    [{ PORT: '' }, { ok: true, port: 5170, explicit: false }],
    [{ PORT: '0' }, { ok: true, port: 0, explicit: true }],
    [{ PORT: '8080' }, { ok: true, port: 8080, explicit: true }],
  ])('%o → %o', (env, expected) => {
    expect(servePort(env)).toEqual(expected);
  });

  it.each([['-1'], ['65536'], ['80.5'], ['eighty']])('refuses PORT=%s with a message', (raw) => {
    const r = servePort({ PORT: raw });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(raw);
  });
});

describe('distPlan', () => {
  it('explains in two lines and exits 1 when the runtime is absent', () => {
    const plan = distPlan('linux', null);
    expect(plan).toEqual({ mode: 'unavailable', lines: DIST_UNAVAILABLE_LINES, exitCode: 1 });
    expect(DIST_UNAVAILABLE_LINES).toHaveLength(2);
    expect(DIST_UNAVAILABLE_LINES[0]).toMatch(/GitHub/);
  });

  it.each([
    ['linux', '--linux'],
    ['win32', '--win'],
    ['darwin', '--mac'],
  ])('on %s builds %s targets with the local runtime as electronDist', (platform, flag) => {
    expect(distPlan(platform, '/p/node_modules/electron/dist')).toEqual({
      mode: 'build',
      builderArgs: [flag, '--publish', 'never', '-c.electronDist=/p/node_modules/electron/dist'],
    });
  });

  it('refuses a platform electron-builder does not support', () => {
    expect(distPlan('aix', '/d').mode).toBe('unavailable');
  });
});
