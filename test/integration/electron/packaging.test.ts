// The packaging config, exercised for real as far as this machine allows: electron-builder --dir for Linux with a stub
// Electron folder (TOOLCHAIN §2: the runtime cannot be downloaded here), then app.asar listed with @electron/asar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildElectronApp, ROOT } from './build';

const asar = createRequire(import.meta.url)('@electron/asar') as { listPackage(archive: string, options?: object): string[]; extractFile(archive: string, file: string): Buffer };

let staging: string;
let unpacked: string;
let archive: string;
let listing: string[];

/**
 * Every package a production dependency pulls in, read from node_modules (dependencies and optional dependencies,
 * resolved the way Node resolves them: nested first, then the top level).
 */
function productionClosure(): Set<string> {
  const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const seen = new Set<string>();
  const visit = (name: string, fromDir: string): void => {
    let dir = fromDir;
    let pkgDir: string | null = null;
    for (;;) {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        pkgDir = candidate;
        break;
      }
      if (dir === ROOT) break;
      dir = join(dir, '..');
    }
    if (!pkgDir || seen.has(pkgDir)) return;
    seen.add(pkgDir);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, pkgDir);
  };
  for (const dep of Object.keys(rootPkg.dependencies)) visit(dep, ROOT);
  return new Set([...seen].map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length)));
}

beforeAll(async () => {
  const built = await buildElectronApp('packaging-build');
  // A project folder outside the repository holding what electron-builder packs: the build, package.json, the
  // config, scenarios/ (extraResources) and the installed node_modules (linked, not copied).
  staging = mkdtempSync(join(tmpdir(), 'hntm-packaging-'));
  const app = join(staging, 'app');
  mkdirSync(app);
  cpSync(built, join(app, 'out'), { recursive: true });
  for (const file of ['package.json', 'electron-builder.yml']) copyFileSync(join(ROOT, file), join(app, file));
  cpSync(join(ROOT, 'scenarios'), join(app, 'scenarios'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), 'dir');
  // The stub Electron folder of TOOLCHAIN §2: an executable `electron`, LICENSE, version and an empty resources/.
  const stub = join(staging, 'electron-stub');
  mkdirSync(join(stub, 'resources'), { recursive: true });
  writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho "stub Electron: the real runtime cannot be downloaded here" >&2\nexit 1\n');
  chmodSync(join(stub, 'electron'), 0o755);
  writeFileSync(join(stub, 'LICENSE'), 'Stub standing in for the Electron runtime in packaging tests.\n');
  writeFileSync(join(stub, 'version'), '45.4.1');
  const cli = join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  try {
    await promisify(execFile)(process.execPath, [cli, '--dir', '--linux', `-c.electronDist=${stub}`, `-c.directories.output=${join(staging, 'dist')}`, '--publish', 'never'], {
      cwd: app,
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`electron-builder --dir failed:\n${err.stdout ?? ''}${err.stderr ?? ''}${err.message}`);
  }
  unpacked = join(staging, 'dist', 'linux-unpacked');
  archive = join(unpacked, 'resources', 'app.asar');
  listing = asar.listPackage(archive, { isPack: false });
}, 300_000);

afterAll(() => {
  if (staging) rmSync(staging, { recursive: true, force: true });
});

describe('electron-builder --dir --linux with a stub Electron', () => {
  it('produces the unpacked app: the renamed executable, app.asar and scenarios/ beside it', () => {
    // The executable is the stub, renamed after the product: electron-builder used the given electronDist.
    expect(readFileSync(join(unpacked, 'high-needs-tariff-modeller'), 'utf8')).toContain('stub Electron');
    expect(statSync(join(unpacked, 'high-needs-tariff-modeller')).mode & 0o111).not.toBe(0);
    expect(statSync(archive).isFile()).toBe(true);
    const shipped = readdirSync(join(unpacked, 'resources', 'scenarios', 'rulebooks')).sort();
    expect(shipped).toEqual(readdirSync(join(ROOT, 'scenarios', 'rulebooks')).sort());
  });

  it('app.asar holds the built app and package.json, whose main entry is in it', () => {
    for (const file of ['/package.json', '/out/main/main.js', '/out/main/engine-worker.js', '/out/preload/preload.cjs', '/out/renderer/index.html']) expect(listing, file).toContain(file);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string };
    expect(listing).toContain(`/${pkg.main}`);
    const outside = listing.filter((p) => !p.startsWith('/out') && !p.startsWith('/node_modules') && p !== '/package.json');
    expect(outside).toEqual([]);
    const outFolders = new Set(listing.filter((p) => p.startsWith('/out/')).map((p) => p.split('/')[2]));
    expect([...outFolders].sort()).toEqual(['main', 'preload', 'renderer']);
  });

  it('packs only production dependencies (mathjs, exceljs, fflate and what they need), no renderer or build tools', () => {
    const topLevel = new Set(
      listing
        .filter((p) => p.startsWith('/node_modules/'))
        .map((p) => p.split('/'))
        .map((parts) => (parts[2].startsWith('@') ? `${parts[2]}/${parts[3]}` : parts[2]))
        .filter((name) => name !== undefined && !name.endsWith('/undefined')),
    );
    for (const dep of ['mathjs', 'exceljs', 'fflate']) expect(topLevel.has(dep), dep).toBe(true);
    for (const dev of ['react', 'react-dom', 'zustand', 'recharts', 'electron', 'electron-builder', 'vite', 'vitest', 'typescript', 'playwright-core', 'tsx', '@doyensec/electronegativity']) {
      expect(topLevel.has(dev), dev).toBe(false);
    }
    const closure = productionClosure();
    expect([...topLevel].filter((name) => !closure.has(name))).toEqual([]);
  });

  it('ships no source maps, no type declarations, no tests and no TypeScript sources of ours', () => {
    expect(listing.filter((p) => p.endsWith('.map'))).toEqual([]);
    expect(listing.filter((p) => /\.d\.[cm]?ts$/.test(p))).toEqual([]);
    expect(listing.filter((p) => /(^|\/)(test|tests|__tests__)\//.test(p.replace(/^\/node_modules\/.*?\/node_modules\//, '/')) && !p.startsWith('/node_modules'))).toEqual([]);
    expect(listing.filter((p) => !p.startsWith('/node_modules') && /\.(ts|tsx)$/.test(p))).toEqual([]);
    expect(listing.filter((p) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(p))).toEqual([]);
  });
});
