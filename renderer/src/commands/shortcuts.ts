/** Turns the registry's Electron-style accelerators ("CmdOrCtrl+1") into key matching and labels for this platform. */

export type Platform = 'mac' | 'other';

export interface KeyChord {
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
  /** The key without modifiers, as written in the accelerator: "1", "S", "Escape". */
  key: string;
}

/** The fields of a KeyboardEvent that decide a match (a plain object in tests, a real event in the app). */
export interface KeyInput {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Platform from whatever the shell reports: Electron gives process.platform ('darwin'), browsers give
 * navigator.platform ('MacIntel') or userAgentData.platform ('macOS').
 * @example platformOf('darwin') // 'mac'
 */
export function platformOf(name: string | undefined): Platform {
  return name && /^(darwin|mac)/i.test(name) ? 'mac' : 'other';
}

/**
 * @example parseAccelerator('CmdOrCtrl+Shift+S', 'other') // {ctrl: true, meta: false, shift: true, alt: false, key: 'S'}
 */
export function parseAccelerator(accelerator: string, platform: Platform): KeyChord {
  const chord: KeyChord = { ctrl: false, meta: false, shift: false, alt: false, key: '' };
  for (const part of accelerator.split('+')) {
    switch (part.toLowerCase()) {
      case 'cmdorctrl':
      case 'commandorcontrol':
        if (platform === 'mac') chord.meta = true;
        else chord.ctrl = true;
        break;
      case 'ctrl':
      case 'control':
        chord.ctrl = true;
        break;
      case 'cmd':
      case 'command':
      case 'meta':
      case 'super':
        chord.meta = true;
        break;
      case 'shift':
        chord.shift = true;
        break;
      case 'alt':
      case 'option':
        chord.alt = true;
        break;
      default:
        chord.key = part;
    }
  }
  return chord;
}

/**
 * Whether a key press is this chord. Letters and digits also match by physical key (`code`), because Shift or a
 * keyboard layout changes `key` ("!" for Shift+1) while the user still pressed the key the menu shows.
 * @example matchesChord({key: '1', code: 'Digit1', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false}, parseAccelerator('CmdOrCtrl+1', 'other')) // true
 */
export function matchesChord(input: KeyInput, chord: KeyChord): boolean {
  if (input.ctrlKey !== chord.ctrl || input.metaKey !== chord.meta || input.shiftKey !== chord.shift || input.altKey !== chord.alt) return false;
  const want = chord.key;
  if (/^[a-z]$/i.test(want)) return input.key.toLowerCase() === want.toLowerCase() || input.code === `Key${want.toUpperCase()}`;
  if (/^[0-9]$/.test(want)) return input.key === want || input.code === `Digit${want}` || input.code === `Numpad${want}`;
  if (want.toLowerCase() === 'esc' || want.toLowerCase() === 'escape') return input.key === 'Escape';
  return input.key.toLowerCase() === want.toLowerCase();
}

/**
 * The shortcut as people read it on this platform.
 * @example shortcutLabel('CmdOrCtrl+Shift+S', 'mac') // '⇧⌘S'
 * @example shortcutLabel('CmdOrCtrl+1', 'other') // 'Ctrl+1'
 */
export function shortcutLabel(accelerator: string, platform: Platform): string {
  const c = parseAccelerator(accelerator, platform);
  const key = c.key.toLowerCase() === 'escape' ? (platform === 'mac' ? '⎋' : 'Esc') : c.key.toUpperCase();
  if (platform === 'mac') return `${c.ctrl ? '⌃' : ''}${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.meta ? '⌘' : ''}${key}`;
  return [c.ctrl && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Win', key].filter(Boolean).join('+');
}

/**
 * The value of the `aria-keyshortcuts` attribute (WAI-ARIA names: Control, Meta, Shift, Alt).
 * @example ariaKeyShortcuts('CmdOrCtrl+1', 'mac') // 'Meta+1'
 */
export function ariaKeyShortcuts(accelerator: string, platform: Platform): string {
  const c = parseAccelerator(accelerator, platform);
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key;
  return [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Meta', key].filter(Boolean).join('+');
}
