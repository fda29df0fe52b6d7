// Small main-process decisions: where the window reopens, which command-line words are project files, what the
// page's state report may say and what the menu enables from it, and the recent-projects file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../../models/contract/commands';
import { projectPathsFromArgv } from '../../../electron/argv';
import { checkShellState, INITIAL_SHELL_STATE, menuDiffers, menuEnabled } from '../../../electron/shell-state';
import { RecentProjects, validRecent } from '../../../electron/recent';
import { DEFAULT_WINDOW, loadWindowState, restoreWindowState, saveWindowState } from '../../../electron/window-state';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hntm-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const laptop = [{ x: 0, y: 0, width: 1440, height: 870 }];
const twoScreens = [{ x: 0, y: 0, width: 1920, height: 1050 }, { x: 1920, y: 0, width: 2560, height: 1410 }];

describe('restoreWindowState', () => {
  it('reopens where it was when that is on a screen', () => {
    expect(restoreWindowState({ width: 1300, height: 820, x: 40, y: 30, maximized: false }, laptop)).toEqual({ width: 1300, height: 820, x: 40, y: 30, maximized: false });
    expect(restoreWindowState({ width: 2000, height: 1200, x: 2000, y: 100, maximized: true }, twoScreens)).toEqual({ width: 2000, height: 1200, x: 2000, y: 100, maximized: true });
  });

  it('drops a position on a screen that is gone (second monitor unplugged) and fits the size to what is left', () => {
    expect(restoreWindowState({ width: 2000, height: 1200, x: 2000, y: 100, maximized: false }, laptop)).toEqual({ width: 1440, height: 870, maximized: false });
  });

  it.each([
    ['far off to the left', { width: 1200, height: 800, x: -5000, y: 0 }],
    ['title bar above the screen', { width: 1200, height: 800, x: 100, y: -300 }],
    ['only a sliver showing on the right', { width: 1200, height: 800, x: 1400, y: 100 }],
    ['title bar below the bottom edge', { width: 1200, height: 800, x: 100, y: 860 }],
  ])('ignores a position %s', (_name, saved) => {
    const r = restoreWindowState({ ...saved, maximized: false }, laptop);
    expect(r.x).toBeUndefined();
    expect(r.y).toBeUndefined();
  });

  it.each([
    ['a width below the minimum', { width: 10, height: 800 }],
    ['an absurd height', { width: 1200, height: 1e7 }],
    ['negative sizes', { width: -1200, height: -800 }],
    ['sizes as text', { width: '1200', height: '800' }],
    ['fractional sizes', { width: 1200.5, height: 800 }],
    ['NaN', { width: Number.NaN, height: 800 }],
  ])('ignores %s and uses the defaults', (_name, saved) => {
    expect(restoreWindowState({ ...saved, x: 0, y: 0 }, laptop)).toEqual(DEFAULT_WINDOW);
  });

  it.each([undefined, null, 'garbage', 42, []])('ignores a file that held %j', (saved) => {
    expect(restoreWindowState(saved, laptop)).toEqual(DEFAULT_WINDOW);
  });

  it('round-trips through the state file; a corrupted file reads as nothing', async () => {
    const file = join(dir, 'window-state.json');
    await saveWindowState(file, { width: 1300, height: 820, x: 40, y: 30, maximized: true });
    expect(restoreWindowState(await loadWindowState(file), laptop)).toEqual({ width: 1300, height: 820, x: 40, y: 30, maximized: true });
    writeFileSync(file, '{"width": 13');
    expect(await loadWindowState(file)).toBeUndefined();
    expect(await loadWindowState(join(dir, 'missing.json'))).toBeUndefined();
  });
});

describe('projectPathsFromArgv', () => {
  it('finds .hntm files, resolved against the working folder of the launch that named them', () => {
    expect(projectPathsFromArgv(['/opt/hntm/hntm', '--no-sandbox', 'plans/Barnet.hntm', '/abs/Camden.HNTM', 'notes.txt'], '/home/me')).toEqual(['/home/me/plans/Barnet.hntm', '/abs/Camden.HNTM']);
  });

  it('never takes the executable, a switch or a switch value for a file, and lists each file once', () => {
    expect(projectPathsFromArgv(['/x/evil.hntm', '--open=/etc/a.hntm', '-x.hntm', 'a.hntm', './a.hntm'], '/w')).toEqual(['/w/a.hntm']);
  });

  it('a development launch (electron .) names no file', () => {
    expect(projectPathsFromArgv(['/node_modules/electron/dist/electron', '.'], '/work/main')).toEqual([]);
  });
});

describe('the state the page reports, and the menu it enables', () => {
  it('accepts a well-formed report and drops unknown command ids', () => {
    const r = checkShellState({ dirty: true, running: false, projectName: 'Barnet', path: '/a/b.hntm', enabled: { 'file.save': true, 'no.such': true, 'run.start': 'yes' }, extra: 1 });
    expect(r).toEqual({ ok: true, data: { dirty: true, running: false, projectName: 'Barnet', path: '/a/b.hntm', enabled: { 'file.save': true } } });
  });

  it.each([
    ['not an object', 'dirty'],
    ['dirty as text', { dirty: 'yes', running: false, projectName: 'x', path: null }],
    ['a relative path', { dirty: false, running: false, projectName: 'x', path: 'b.hntm' }],
    ['enabled as a list', { dirty: false, running: false, projectName: 'x', path: null, enabled: [] }],
    ['a huge name', { dirty: false, running: false, projectName: 'x'.repeat(1000), path: null }],
  ])('refuses %s', (_name, value) => {
    expect(checkShellState(value)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it("follows the page's verdict per command; falls back to dirty/running; main's own commands stay on", () => {
    const state = { ...INITIAL_SHELL_STATE, enabled: { 'file.save': false, 'run.start': false, 'help.purgeBackups': false, 'file.openRecent': false } };
    expect(menuEnabled('file.save', state)).toBe(false);
    expect(menuEnabled('run.start', state)).toBe(false);
    expect(menuEnabled('help.purgeBackups', state)).toBe(true);
    expect(menuEnabled('file.openRecent', state)).toBe(true);
    expect(menuEnabled('file.save', { ...INITIAL_SHELL_STATE, dirty: true })).toBe(true);
    expect(menuEnabled('file.save', INITIAL_SHELL_STATE)).toBe(false);
    expect(menuEnabled('run.cancel', { ...INITIAL_SHELL_STATE, running: true })).toBe(true);
    expect(menuEnabled('run.start', { ...INITIAL_SHELL_STATE, running: true })).toBe(false);
  });

  it('the menu is rebuilt only when something it shows changed', () => {
    expect(menuDiffers(INITIAL_SHELL_STATE, { ...INITIAL_SHELL_STATE })).toBe(false);
    expect(menuDiffers(INITIAL_SHELL_STATE, { ...INITIAL_SHELL_STATE, dirty: true })).toBe(true);
    const all = Object.fromEntries(COMMANDS.map((c) => [c.id, true]));
    expect(menuDiffers({ ...INITIAL_SHELL_STATE, enabled: all }, { ...INITIAL_SHELL_STATE, enabled: { ...all, 'edit.undo': false } })).toBe(true);
  });
});

describe('recent projects', () => {
  it('keeps the newest first, moves a reopened file to the top, caps the list, and survives a restart', async () => {
    const file = join(dir, 'recent-projects.json');
    let t = Date.parse('2026-11-22T10:00:00Z');
    const recent = new RecentProjects(file, { max: 3, clock: () => new Date((t += 1000)) });
    await recent.load();
    for (const name of ['a', 'b', 'c', 'd']) await recent.add(`/p/${name}.hntm`);
    await recent.add('/p/b.hntm');
    expect(recent.list().map((r) => r.fileName)).toEqual(['b.hntm', 'd.hntm', 'c.hntm']);
    const again = new RecentProjects(file, { max: 3 });
    expect((await again.load()).map((r) => r.path)).toEqual(['/p/b.hntm', '/p/d.hntm', '/p/c.hntm']);
    expect(again.has('/p/d.hntm')).toBe(true);
    expect(again.has('/p/a.hntm')).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8')).recent[0]).toEqual({ path: '/p/b.hntm', openedAt: expect.any(String) });
  });

  it('reads a damaged or hand-edited file as far as it makes sense', async () => {
    expect(validRecent({ recent: [{ path: '/a.hntm', openedAt: '2026-01-01T00:00:00Z' }, { path: 'rel.hntm', openedAt: '2026-01-01T00:00:00Z' }, { path: '/a.hntm', openedAt: '2026-01-02T00:00:00Z' }, { path: '/b.hntm' }, 'x', null] }).map((r) => r.path)).toEqual(['/a.hntm']);
    const file = join(dir, 'recent-projects.json');
    writeFileSync(file, 'not json');
    expect(await new RecentProjects(file).load()).toEqual([]);
  });
});
