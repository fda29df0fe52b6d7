/**
 * The import-boundary check (DESIGN §5): TypeScript alone lets `import 'electron'` through anywhere because
 * electron's types are ambient, so every import specifier is read here and judged against the zone rules.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { builtinModules } from 'node:module';

export type Zone = 'models' | 'renderer' | 'electron' | 'cli' | 'scenarios' | 'test';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Packages each zone may import (DESIGN §5); relative imports are judged by the zone they land in. */
const ALLOWED_PACKAGES: Record<Zone, (pkg: string) => boolean> = {
  models: (p) => p === 'mathjs' || p === 'exceljs' || p === 'fflate',
  renderer: (p) => ['react', 'react-dom', 'zustand', 'recharts', 'mathjs', 'exceljs', 'fflate'].includes(p),
  electron: (p) => !['react', 'react-dom', 'zustand', 'recharts'].includes(p),
  cli: (p) => p !== 'electron' && !['react', 'react-dom', 'zustand', 'recharts'].includes(p),
  scenarios: () => false,
  test: () => true,
};

const ALLOWED_ZONES: Record<Zone, Zone[]> = {
  models: ['models'],
  renderer: ['renderer', 'models'],
  electron: ['electron', 'models'],
  cli: ['cli', 'models'],
  scenarios: [],
  test: ['models', 'renderer', 'electron', 'cli', 'test', 'scenarios'],
};

const NODE_ALLOWED: Record<Zone, boolean> = { models: false, renderer: false, electron: true, cli: true, scenarios: false, test: true };

export function zoneOf(rootDir: string, file: string): Zone | null {
  const first = relative(rootDir, file).split(sep)[0];
  return (['models', 'renderer', 'electron', 'cli', 'scenarios', 'test'] as const).find((z) => z === first) ?? null;
}

/** Every import/export-from/dynamic import/require specifier in a source text, with its line number. */
export function importSpecifiers(source: string): Array<{ specifier: string; line: number }> {
  // Blank out comments (keeping newlines, so line numbers stay true): a comment that mentions an import is not one.
  const text = source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/^(\s*)\/\/.*$/gm, (_m, indent: string) => indent);
  const out: Array<{ specifier: string; line: number }> = [];
  const pattern = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ specifier: m[1], line });
  }
  return out;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The rule a specifier breaks when imported from `file`, or null if it is allowed. */
export function judge(rootDir: string, file: string, specifier: string): string | null {
  const zone = zoneOf(rootDir, file);
  if (!zone || zone === 'test') return null;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const targetZone = zoneOf(rootDir, target);
    if (!targetZone) return `${zone}/ may not import files outside the zones (${specifier})`;
    if (!ALLOWED_ZONES[zone].includes(targetZone)) return `${zone}/ may not import from ${targetZone}/`;
    return null;
  }
  if (NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(packageName(specifier))) {
    return NODE_ALLOWED[zone] ? null : `${zone}/ may not import Node's "${specifier}"`;
  }
  const pkg = packageName(specifier);
  if (pkg === 'electron' && zone !== 'electron') return `${zone}/ may not import electron`;
  if (!ALLOWED_PACKAGES[zone](pkg)) return `${zone}/ may not import the package "${pkg}"`;
  return null;
}

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(sourceFiles(p));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx)$/.test(name)) out.push(p);
  }
  return out;
}

/** Checks every source file under the zone folders of `rootDir`. */
export function findViolations(rootDir: string, zones: Zone[] = ['models', 'renderer', 'electron', 'cli']): Violation[] {
  const violations: Violation[] = [];
  for (const zone of zones) {
    let files: string[] = [];
    try {
      files = sourceFiles(join(rootDir, zone));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const { specifier, line } of importSpecifiers(text)) {
        const rule = judge(rootDir, file, specifier);
        if (rule) violations.push({ file: relative(rootDir, file), line, specifier, rule });
      }
    }
  }
  return violations;
}
