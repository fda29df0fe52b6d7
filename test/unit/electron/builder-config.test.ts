// electron-builder.yml, read with the YAML parser electron-builder itself uses: what gets packed and for which platforms.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('names the app and writes installers to dist/', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('High Needs Tariff Modeller');
    expect(config.directories.output).toBe('dist');
  });

  it('packs only the built app and package.json, in an asar; the main entry is inside it', () => {
    expect(config.asar).toBe(true);
    expect(config.files.filter((f: string) => !f.startsWith('!'))).toEqual(['out/**', 'package.json']);
    expect(pkg.main).toBe('out/main/main.js');
  });

  it('ships scenarios/ beside the asar', () => {
    expect(config.extraResources).toEqual([{ from: 'scenarios', to: 'scenarios', filter: ['**/*'] }]);
  });

  it('builds NSIS on Windows, DMG on macOS, AppImage and deb on Linux', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('associates .hntm files with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'hntm', name: 'High Needs Tariff Modeller project' })]);
  });

  it('bundles renderer libraries instead of packing them: they are devDependencies', () => {
    for (const lib of ['react', 'react-dom', 'zustand', 'recharts', 'electron']) {
      expect(pkg.dependencies?.[lib], lib).toBeUndefined();
      expect(pkg.devDependencies?.[lib], lib).toBeDefined();
    }
  });
});
