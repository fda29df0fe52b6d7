// Shortcut mapping: the registry's CmdOrCtrl accelerators become Ctrl on Linux/Windows and ⌘ (Meta) on macOS.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../models/contract/commands';
import {
  ariaKeyShortcuts, matchesChord, parseAccelerator, platformOf, shortcutLabel, type KeyInput, type Platform,
} from '../../../renderer/src/commands/shortcuts';

const key = (k: string, code: string, mods: Partial<Pick<KeyInput, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>> = {}): KeyInput => ({
  key: k, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
});

describe('platformOf', () => {
  it.each([
    ['darwin', 'mac'], ['MacIntel', 'mac'], ['macOS', 'mac'], ['Win32', 'other'], ['win32', 'other'], ['Linux x86_64', 'other'],
    ['linux', 'other'], ['', 'other'], [undefined, 'other'],
  ] as const)('%s → %s', (name, platform) => {
    expect(platformOf(name)).toBe(platform);
  });
});

describe('parseAccelerator', () => {
  it.each([
    ['CmdOrCtrl+1', 'other', { ctrl: true, meta: false, shift: false, alt: false, key: '1' }],
    ['CmdOrCtrl+1', 'mac', { ctrl: false, meta: true, shift: false, alt: false, key: '1' }],
    ['CmdOrCtrl+Shift+S', 'other', { ctrl: true, meta: false, shift: true, alt: false, key: 'S' }],
    ['CmdOrCtrl+Shift+Z', 'mac', { ctrl: false, meta: true, shift: true, alt: false, key: 'Z' }],
    ['Escape', 'mac', { ctrl: false, meta: false, shift: false, alt: false, key: 'Escape' }],
    ['Ctrl+Alt+K', 'mac', { ctrl: true, meta: false, shift: false, alt: true, key: 'K' }],
  ] as const)('%s on %s', (accelerator, platform, chord) => {
    expect(parseAccelerator(accelerator, platform)).toEqual(chord);
  });
});

describe('matchesChord', () => {
  const view1 = (p: Platform) => parseAccelerator('CmdOrCtrl+1', p);
  it.each([
    ['Ctrl+1 on Linux/Windows', key('1', 'Digit1', { ctrlKey: true }), 'other', true],
    ['⌘1 on Linux/Windows', key('1', 'Digit1', { metaKey: true }), 'other', false],
    ['⌘1 on a Mac', key('1', 'Digit1', { metaKey: true }), 'mac', true],
    ['Ctrl+1 on a Mac', key('1', 'Digit1', { ctrlKey: true }), 'mac', false],
    ['Ctrl+numpad 1', key('1', 'Numpad1', { ctrlKey: true }), 'other', true],
    ['Ctrl+Shift+1 (extra modifier)', key('!', 'Digit1', { ctrlKey: true, shiftKey: true }), 'other', false],
    ['1 alone', key('1', 'Digit1'), 'other', false],
    ['Ctrl+2', key('2', 'Digit2', { ctrlKey: true }), 'other', false],
    // A French AZERTY keyboard gives "&" on the key that says 1 with Shift; the physical key still counts.
    ['Ctrl+& on AZERTY (physical Digit1)', key('&', 'Digit1', { ctrlKey: true }), 'other', true],
  ] as const)('%s', (_name, input, platform, expected) => {
    expect(matchesChord(input, view1(platform))).toBe(expected);
  });

  it('tells Save from Save as by Shift, whatever case the key arrives in', () => {
    const save = parseAccelerator('CmdOrCtrl+S', 'other');
    const saveAs = parseAccelerator('CmdOrCtrl+Shift+S', 'other');
    expect(matchesChord(key('s', 'KeyS', { ctrlKey: true }), save)).toBe(true);
    expect(matchesChord(key('s', 'KeyS', { ctrlKey: true }), saveAs)).toBe(false);
    expect(matchesChord(key('S', 'KeyS', { ctrlKey: true, shiftKey: true }), saveAs)).toBe(true);
    expect(matchesChord(key('S', 'KeyS', { ctrlKey: true, shiftKey: true }), save)).toBe(false);
  });

  it('matches Escape by key', () => {
    expect(matchesChord(key('Escape', 'Escape'), parseAccelerator('Escape', 'other'))).toBe(true);
    expect(matchesChord(key('Escape', 'Escape', { ctrlKey: true }), parseAccelerator('Escape', 'other'))).toBe(false);
  });
});

describe('shortcut labels', () => {
  it.each([
    ['CmdOrCtrl+1', 'other', 'Ctrl+1', 'Control+1'],
    ['CmdOrCtrl+1', 'mac', '⌘1', 'Meta+1'],
    ['CmdOrCtrl+Shift+S', 'other', 'Ctrl+Shift+S', 'Control+Shift+S'],
    ['CmdOrCtrl+Shift+S', 'mac', '⇧⌘S', 'Shift+Meta+S'],
    ['CmdOrCtrl+e', 'other', 'Ctrl+E', 'Control+E'],
    ['Escape', 'other', 'Esc', 'Escape'],
    ['Escape', 'mac', '⎋', 'Escape'],
  ] as const)('%s on %s reads %s', (accelerator, platform, label, aria) => {
    expect(shortcutLabel(accelerator, platform)).toBe(label);
    expect(ariaKeyShortcuts(accelerator, platform)).toBe(aria);
  });
});

describe('the command registry shortcuts', () => {
  it.each(['other', 'mac'] as const)('are all distinct chords on %s', (platform) => {
    const chords = COMMANDS.filter((c) => c.shortcut).map((c) => JSON.stringify(parseAccelerator(c.shortcut!, platform)));
    expect(new Set(chords).size).toBe(chords.length);
    for (const c of chords) expect(JSON.parse(c).key).not.toBe('');
  });

  it('map the seven views to Ctrl+1…7 on Linux and ⌘1…7 on a Mac', () => {
    const views = COMMANDS.filter((c) => c.id.startsWith('view.'));
    expect(views.map((c) => shortcutLabel(c.shortcut!, 'other'))).toEqual(['Ctrl+1', 'Ctrl+2', 'Ctrl+3', 'Ctrl+4', 'Ctrl+5', 'Ctrl+6', 'Ctrl+7']);
    expect(views.map((c) => shortcutLabel(c.shortcut!, 'mac'))).toEqual(['⌘1', '⌘2', '⌘3', '⌘4', '⌘5', '⌘6', '⌘7']);
  });
});
