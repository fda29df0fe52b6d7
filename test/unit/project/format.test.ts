// The .hntm zip: written and read back exactly, inspectable by any zip reader, strict about what it holds, and
// unable to carry a dropped personal-data column whatever is planted in the project object.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { decodeProject, encodeProject, encodeProjectAsync, peekFormatVersion } from '../../../models/project/format';
import { checkProject } from '../../../models/project/validate';
import { CURRENT_FORMAT_VERSION, emptyProject, type ProjectDocument } from '../../../models/project/types';
import { EXPECTED, PLACEMENTS_CSV } from '../../fixtures/project/make-fixtures';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const encode = (p: ProjectDocument, now = NOW) => {
  const r = encodeProject(p, { appVersion: '0.1.0', now });
  if (!r.ok) throw new Error(r.message);
  return r.bytes;
};
const entriesOf = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));

describe('encode then decode', () => {
  it('gives back the same project, with the save time as created on a first save', () => {
    const project: ProjectDocument = { ...EXPECTED, created: null, mappingTemplates: [{ name: 'LA export 2026', document: { columns: { 'UPN': null, 'Cost £': 'annual_cost' } } }] };
    const decoded = decodeProject(encode(project), 'x.hntm');
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.project).toEqual({ ...project, created: NOW.toISOString() });
    expect(decoded.manifest).toEqual({ formatVersion: CURRENT_FORMAT_VERSION, appVersion: '0.1.0', created: NOW.toISOString(), modified: NOW.toISOString() });
    expect(decoded.migratedFrom).toBeNull();
    expect(decoded.warnings).toEqual([]);
  });

  it('keeps created and moves modified on a later save', () => {
    const later = new Date('2026-12-01T08:00:00.000Z');
    const decoded = decodeProject(encode(EXPECTED, later), 'x.hntm');
    expect(decoded.ok && decoded.manifest).toMatchObject({ created: EXPECTED.created, modified: later.toISOString() });
  });

  it('is deterministic: the same project and time give the same bytes', () => {
    expect(encode(EXPECTED)).toEqual(encode(EXPECTED));
  });

  it('the off-thread encoder (Electron) writes a file that reads back the same as the synchronous one', async () => {
    const r = await encodeProjectAsync(EXPECTED, { appVersion: '0.1.0', now: NOW, level: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(decodeProject(r.bytes, 'a.hntm')).toEqual(decodeProject(encode(EXPECTED), 'a.hntm'));
    expect(await encodeProjectAsync({ ...EXPECTED, name: '' }, { appVersion: '0.1.0', now: NOW })).toMatchObject({ ok: false });
  });

  it('an empty project round-trips too', () => {
    const decoded = decodeProject(encode(emptyProject()), 'x.hntm');
    expect(decoded.ok && decoded.project).toEqual({ ...emptyProject(), created: NOW.toISOString() });
  });

  it('keeps a data reference as {path, sha256} without embedding anything', () => {
    const project: ProjectDocument = { ...EXPECTED, data: { kind: 'reference', sourceName: 'placements.xlsx', path: '/data/placements.xlsx', sha256: `sha256:${'a'.repeat(64)}`, droppedColumns: ['UPN'] } };
    const bytes = encode(project);
    expect(Object.keys(entriesOf(bytes))).not.toContain('data/placements.csv');
    expect(decodeProject(bytes, 'x.hntm')).toMatchObject({ ok: true, project: { data: project.data } });
  });
});

describe('with the documents the app ships', () => {
  it('round-trips every shipped rulebook and scenario exactly', () => {
    const folder = resolve(import.meta.dirname, '../../../scenarios');
    const read = (dir: string, suffix: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .map((f) => ({ name: f.replace(suffix, ''), document: JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
    const rulebooks = read(join(folder, 'rulebooks'), '.rulebook.json');
    const scenarios = read(folder, '.scenario.json');
    expect(rulebooks.length).toBeGreaterThan(0);
    const project: ProjectDocument = { ...EXPECTED, rulebooks, scenarios };
    const decoded = decodeProject(encode(project), 'shipped.hntm');
    expect(decoded.ok && decoded.project).toEqual(project);
  });
});

describe('inspectable by other tools', () => {
  it('is a plain zip of JSON and CSV: manifest first, one file per document, the data as CSV', () => {
    const files = entriesOf(encode(EXPECTED));
    expect(Object.keys(files)).toEqual(['manifest.json', 'data/placements.csv', 'rulebooks/01-example-bands.json', 'scenarios/01-baseline.json', 'scenarios/02-cap-iss-fees.json', 'results/summary.json', 'README.txt']);
    expect(files['data/placements.csv']).toBe(PLACEMENTS_CSV);
    expect(JSON.parse(files['scenarios/02-cap-iss-fees.json'])).toEqual(EXPECTED.scenarios[1].document);
    const manifest = JSON.parse(files['manifest.json']);
    expect(manifest).toMatchObject({ format: 'hntm-project', formatVersion: CURRENT_FORMAT_VERSION, app: { name: 'High Needs Tariff Modeller', version: '0.1.0' }, name: EXPECTED.name });
    expect(manifest.data).toMatchObject({ kind: 'embedded', file: 'data/placements.csv', rows: 5, sha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(manifest.scenarios.map((s: { name: string; file: string }) => [s.name, s.file])).toEqual([['Baseline', 'scenarios/01-baseline.json'], ['Cap ISS fees', 'scenarios/02-cap-iss-fees.json']]);
  });

  it('warns, but still opens, when a file inside was edited with another tool or added', () => {
    const files = unzipSync(encode(EXPECTED));
    files['scenarios/01-baseline.json'] = strToU8(JSON.stringify({ schemaVersion: 1, name: 'Baseline', horizon: 10 }));
    files['notes.txt'] = strToU8('my notes');
    const decoded = decodeProject(zipSync(files), 'edited.hntm');
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.project.scenarios[0].document).toEqual({ schemaVersion: 1, name: 'Baseline', horizon: 10 });
    expect(decoded.warnings).toEqual([expect.stringContaining('scenarios/01-baseline.json was changed outside the app'), expect.stringContaining('notes.txt')]);
  });
});

describe('refusals', () => {
  it.each([
    ['a text file', strToU8('placement_id,cost\nP1,100\n'), 'not-a-project', 'not a zip file'],
    ['a zip without a manifest', zipSync({ 'a.txt': strToU8('x') }), 'not-a-project', 'no manifest.json'],
    ['a zip from another program', zipSync({ 'manifest.json': strToU8('{"format":"other","formatVersion":2}') }), 'not-a-project', 'format "other"'],
    ['a manifest that is not JSON', zipSync({ 'manifest.json': strToU8('{') }), 'corrupt', 'manifest.json is not valid JSON'],
    ['a manifest without a version', zipSync({ 'manifest.json': strToU8('{"format":"hntm-project"}') }), 'corrupt', 'no format version'],
    ['a listed scenario that is missing', zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'hntm-project', formatVersion: 2, name: 'x', scenarios: [{ name: 's', file: 'scenarios/01-s.json' }] })) }), 'corrupt', 'scenarios/01-s.json (listed in manifest.json) is missing'],
    ['a scenario without a schemaVersion', zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'hntm-project', formatVersion: 2, name: 'x', scenarios: [{ name: 's', file: 's.json' }] })), 's.json': strToU8('{"growth":1}') }), 'corrupt', 'schemaVersion'],
  ])('%s is refused as %s, naming the file and the reason', (_name, bytes, reason, words) => {
    const decoded = decodeProject(bytes, 'barnet.hntm');
    expect(decoded).toMatchObject({ ok: false, reason });
    expect(!decoded.ok && decoded.message).toContain('barnet.hntm');
    expect(!decoded.ok && decoded.message).toContain(words);
  });

  it('a newer format is refused with a message that says so and that nothing was changed', () => {
    const future = zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'hntm-project', formatVersion: CURRENT_FORMAT_VERSION + 1, app: { version: '9.0.0' } })) });
    const decoded = decodeProject(future, 'future.hntm');
    expect(decoded).toMatchObject({ ok: false, reason: 'newer-version', formatVersion: CURRENT_FORMAT_VERSION + 1 });
    expect(!decoded.ok && decoded.message).toMatch(/future\.hntm was saved by High Needs Tariff Modeller 9\.0\.0 .*reads project formats up to \d.*has not been changed/);
    expect(peekFormatVersion(future)).toBe(CURRENT_FORMAT_VERSION + 1);
  });

  it('a zip that would unpack to too much is refused before it is inflated', () => {
    const files: Record<string, Uint8Array> = { 'manifest.json': strToU8('{}') };
    for (let i = 0; i < 2001; i++) files[`f${i}.txt`] = new Uint8Array(0);
    expect(decodeProject(zipSync(files, { level: 0 }), 'bomb.hntm')).toMatchObject({ ok: false, reason: 'corrupt', message: expect.stringContaining('more than 2000 files') });
  });

  it('encodeProject refuses what is not a project, and says why', () => {
    expect(encodeProject({ ...EXPECTED, name: '' }, { appVersion: '0.1.0', now: NOW })).toMatchObject({ ok: false, message: expect.stringContaining('name') });
    expect(encodeProject({ ...EXPECTED, results: { total: Number.NaN } }, { appVersion: '0.1.0', now: NOW })).toMatchObject({ ok: false, message: expect.stringContaining('results.total') });
    expect(encodeProject({ ...EXPECTED, scenarios: [{ name: 'x', document: { growth: 1 } }] }, { appVersion: '0.1.0', now: NOW })).toMatchObject({ ok: false, message: expect.stringContaining('schemaVersion') });
  });
});

describe('dropped personal-data columns have no place in a project file', () => {
  const UPN = 'A123456789012';
  const DOB = '2011-03-14';
  const NAME = 'Jordan Example';

  /** A project object with personal data planted everywhere a careless caller might put it. */
  function planted(): unknown {
    return {
      ...EXPECTED,
      // A dropped column still in the CSV and still in the declared columns, and a stray cell beyond the header.
      data: {
        kind: 'embedded',
        sourceName: '../../secret/placements.csv',
        columns: ['placement_id', 'upn', 'cost'],
        droppedColumns: ['upn', 'name'],
        csv: `placement_id,upn,cost\nP1,${UPN},100\nP2,B987654321098,200,${NAME}\n`,
        // Extra properties a caller might hang the dropped values on.
        dropped: { upn: [UPN], name: [NAME] },
        rows: [{ upn: UPN }],
      },
      personalData: { dob: [DOB] },
      rulebooks: [{ name: 'Bands', document: { id: 'b' }, sourceRows: [UPN] }],
    };
  }

  it('checkProject rebuilds the project from known fields only', () => {
    const checked = checkProject(planted());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(JSON.stringify(checked.value)).not.toContain(UPN);
    expect(JSON.stringify(checked.value)).not.toContain(NAME);
    expect(JSON.stringify(checked.value)).not.toContain(DOB);
    expect(checked.value.data).toEqual({ kind: 'embedded', sourceName: 'placements.csv', columns: ['placement_id', 'cost'], droppedColumns: ['upn', 'name'], csv: 'placement_id,cost\nP1,100\nP2,200\n' });
  });

  it('no entry of the written zip holds a planted value (the names of dropped columns are kept, their values never)', () => {
    const r = encodeProject(planted() as ProjectDocument, { appVersion: '0.1.0', now: NOW });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const [name, text] of Object.entries(entriesOf(r.bytes))) {
      for (const value of [UPN, 'B987654321098', NAME, DOB]) expect(text, `${name} holds ${value}`).not.toContain(value);
    }
    expect(JSON.parse(entriesOf(r.bytes)['manifest.json']).data.droppedColumns).toEqual(['upn', 'name']);
  });
});
