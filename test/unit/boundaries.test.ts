// The import-boundary check: each stray import the skeleton issue names is caught, allowed imports pass.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findViolations, importSpecifiers, judge } from '../../cli/boundaries';

const root = '/project';

describe('judge', () => {
  it.each([
    ['models/a.ts', 'node:fs', 'models/ may not import Node\'s "node:fs"'],
    ['models/a.ts', 'fs', 'models/ may not import Node\'s "fs"'],
    ['models/a.ts', 'electron', 'models/ may not import electron'],
    ['renderer/src/a.ts', 'electron', 'renderer/ may not import electron'],
    ['renderer/src/a.ts', 'node:path', 'renderer/ may not import Node\'s "node:path"'],
    ['electron/main.ts', '../renderer/src/App', 'electron/ may not import from renderer/'],
    ['models/a.ts', '../renderer/src/App', 'models/ may not import from renderer/'],
    ['models/a.ts', 'react', 'models/ may not import the package "react"'],
    ['cli/a.ts', '../electron/main', 'cli/ may not import from electron/'],
  ])('%s importing %s is refused', (file, spec, rule) => {
    expect(judge(root, join(root, file), spec)).toBe(rule);
  });

  it.each([
    ['models/pricing/a.ts', 'mathjs'],
    ['models/pricing/a.ts', '../contract/host'],
    ['renderer/src/a.tsx', 'react'],
    ['renderer/src/a.tsx', '../../models/contract'],
    ['electron/main.ts', 'electron'],
    ['electron/main.ts', 'node:path'],
    ['electron/main.ts', '../models/contract'],
    ['cli/hntm.ts', 'node:fs'],
    ['test/unit/x.test.ts', 'electron'],
  ])('%s importing %s is allowed', (file, spec) => {
    expect(judge(root, join(root, file), spec)).toBeNull();
  });
});

describe('importSpecifiers', () => {
  it('finds static, type, re-export, dynamic and require imports with their lines, ignoring comments', () => {
    const text = [
      "import { a } from 'x';",
      "import type { B } from \"y\";",
      "export * from './z';",
      "const m = await import('w');",
      "// import { app } from 'electron';",
      "/* import 'node:fs' */ const q = require('v');",
      "import 'side-effect';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual([
      { specifier: 'x', line: 1 },
      { specifier: 'y', line: 2 },
      { specifier: './z', line: 3 },
      { specifier: 'w', line: 4 },
      { specifier: 'v', line: 6 },
      { specifier: 'side-effect', line: 7 },
    ]);
  });
});

describe('findViolations on a real tree', () => {
  it('reports the planted stray imports with file and line, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hntm-boundaries-'));
    for (const z of ['models', 'renderer', 'electron', 'cli']) mkdirSync(join(dir, z));
    writeFileSync(join(dir, 'models', 'ok.ts'), "import { create } from 'mathjs';\n");
    writeFileSync(join(dir, 'models', 'bad.ts'), "export const x = 1;\nimport { readFileSync } from 'node:fs';\n");
    writeFileSync(join(dir, 'renderer', 'bad.tsx'), "import { ipcRenderer } from 'electron';\n");
    writeFileSync(join(dir, 'electron', 'bad.ts'), "import { App } from '../renderer/bad';\n");
    const found = findViolations(dir).map((v) => `${v.file}:${v.line}`).sort();
    expect(found).toEqual(['electron/bad.ts:1', 'models/bad.ts:2', 'renderer/bad.tsx:1']);
  });

  it('passes on this project itself', () => {
    expect(findViolations(process.cwd())).toEqual([]);
  });
});
