// Migrations: every earlier format version has one and a fixture file; each fixture opens as the same project;
// a future version's fixture is refused. The fixtures are files on disk, read as they were committed.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { decodeProject, encodeProject } from '../../../models/project/format';
import { MIGRATIONS } from '../../../models/project/migrations';
import { CURRENT_FORMAT_VERSION } from '../../../models/project/types';
import { EXPECTED, FIXTURE_DIR } from '../../fixtures/project/make-fixtures';

const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));

describe('the migration chain', () => {
  it('has a migration and a fixture for every version before the current one, and a fixture of the current one', () => {
    for (let v = 1; v < CURRENT_FORMAT_VERSION; v++) {
      expect(MIGRATIONS[v], `migration ${v} → ${v + 1}`).toBeDefined();
      expect(existsSync(join(FIXTURE_DIR, `v${v}-example.hntm`)), `fixture v${v}-example.hntm`).toBe(true);
    }
    expect(existsSync(join(FIXTURE_DIR, `v${CURRENT_FORMAT_VERSION}-example.hntm`))).toBe(true);
    expect(Object.keys(MIGRATIONS).map(Number).every((v) => v < CURRENT_FORMAT_VERSION)).toBe(true);
  });

  it.each(Array.from({ length: CURRENT_FORMAT_VERSION }, (_, i) => i + 1))('the format %i fixture opens as the example project', (version) => {
    const decoded = decodeProject(fixture(`v${version}-example.hntm`), `v${version}-example.hntm`);
    expect(decoded.ok, !decoded.ok ? decoded.message : '').toBe(true);
    if (!decoded.ok) return;
    expect(decoded.project).toEqual(EXPECTED);
    expect(decoded.manifest.formatVersion).toBe(version);
    expect(decoded.migratedFrom).toBe(version < CURRENT_FORMAT_VERSION ? version : null);
  });
});

describe('format 1 → 2', () => {
  it('says the file was brought up to date, keeps its app version and times, and writes back as the current format', () => {
    const decoded = decodeProject(fixture('v1-example.hntm'), 'old.hntm');
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.manifest).toEqual({ formatVersion: 1, appVersion: '0.0.9', created: '2026-06-01T09:00:00.000Z', modified: '2026-06-01T09:00:00.000Z' });
    expect(decoded.warnings).toEqual([expect.stringMatching(/old\.hntm was written in project format 1; it has been brought up to format 2/)]);
    const rewritten = encodeProject(decoded.project, { appVersion: '0.1.0', now: new Date('2026-11-23T00:00:00.000Z') });
    if (!rewritten.ok) throw new Error(rewritten.message);
    const again = decodeProject(rewritten.bytes, 'old.hntm');
    expect(again).toMatchObject({ ok: true, migratedFrom: null, warnings: [], project: EXPECTED, manifest: { formatVersion: CURRENT_FORMAT_VERSION } });
  });

  it('a v1 project without a rulebook, data or results migrates to empty lists and nulls', () => {
    const bare = zipSync({
      'manifest.json': strToU8(JSON.stringify({ formatVersion: 1, appVersion: '0.0.9', saved: '2026-05-01T00:00:00.000Z' })),
      'project.json': strToU8(JSON.stringify({ name: 'Bare', data: null, scenarios: [] })),
    });
    expect(decodeProject(bare, 'bare.hntm')).toMatchObject({ ok: true, project: { name: 'Bare', created: '2026-05-01T00:00:00.000Z', data: null, rulebooks: [], scenarios: [], mappingTemplates: [], results: null } });
  });

  it('a v1 file that is not what v1 looked like is reported as damaged, naming what is wrong', () => {
    const broken = zipSync({
      'manifest.json': strToU8(JSON.stringify({ formatVersion: 1 })),
      'project.json': strToU8(JSON.stringify({ name: 'x', data: { file: 'placements.csv' } })),
    });
    const decoded = decodeProject(broken, 'broken.hntm');
    expect(decoded).toMatchObject({ ok: false, reason: 'corrupt', formatVersion: 1 });
    expect(!decoded.ok && decoded.message).toContain('placements.csv (the embedded data) is missing');
  });
});

describe('a newer version', () => {
  it('the format 3 fixture is refused with a clear message', () => {
    const decoded = decodeProject(fixture('v3-future.hntm'), 'v3-future.hntm');
    expect(decoded).toMatchObject({ ok: false, reason: 'newer-version', formatVersion: 3 });
    expect(!decoded.ok && decoded.message).toBe(
      `v3-future.hntm was saved by High Needs Tariff Modeller 2.0.0 (project format 3). This version reads project formats up to ${CURRENT_FORMAT_VERSION}, so it cannot open it. Install the newer version to work on it; the file has not been changed.`,
    );
  });
});
