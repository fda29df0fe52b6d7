/**
 * The window's size and position, remembered in the user-data folder and checked when read: a position that is off
 * every screen now (a monitor was unplugged) or a size that is absurd (a corrupted file) is ignored, so the window
 * always opens somewhere the user can see and reach.
 */
import { readFile } from 'node:fs/promises';
import { nodeAtomicWriteOps, writeFileAtomic, type AtomicWriteOps } from './files';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  width: number;
  height: number;
  /** Absent when the saved position was unusable: the window is then centred by the system. */
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WINDOW = { width: 960, height: 600 };
/** Larger than any real screen arrangement; anything beyond is a corrupted file, not a window. */
const MAX_SIDE = 16_384;
/** How much of the title bar must lie on a screen for the window to be reachable with the mouse. */
const VISIBLE = { width: 120, height: 40 };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * The state to open the window with, from what was saved and the screens' work areas now.
 * @example restoreWindowState({width: 1400, height: 900, x: 100, y: 80, maximized: false}, [{x: 0, y: 0, width: 1920, height: 1040}])
 * // {width: 1400, height: 900, x: 100, y: 80, maximized: false}
 * @example restoreWindowState({width: 1400, height: 900, x: 5000, y: 80, maximized: false}, [{x: 0, y: 0, width: 1920, height: 1040}])
 * // {width: 1400, height: 900, maximized: false} (off-screen: position dropped)
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return { ...DEFAULT_WINDOW };
  const s = saved as Record<string, unknown>;
  const maximized = s.maximized === true;
  if (!isInt(s.width) || !isInt(s.height) || s.width < MIN_WINDOW.width || s.height < MIN_WINDOW.height || s.width > MAX_SIDE || s.height > MAX_SIDE) {
    return { ...DEFAULT_WINDOW, maximized };
  }
  let width = s.width;
  let height = s.height;
  if (!isInt(s.x) || !isInt(s.y) || Math.abs(s.x) > MAX_SIDE * 4 || Math.abs(s.y) > MAX_SIDE * 4) return { width: fitWidth(width, workAreas), height: fitHeight(height, workAreas), maximized };
  const x = s.x;
  const y = s.y;
  // The top strip (title bar) of the window must overlap some screen enough to grab it.
  const screen = workAreas.find((a) => overlap(x, x + width, a.x, a.x + a.width) >= Math.min(VISIBLE.width, width) && y >= a.y && y <= a.y + a.height - VISIBLE.height);
  if (!screen) return { width: fitWidth(width, workAreas), height: fitHeight(height, workAreas), maximized };
  // A window larger than the screen it is on (saved on a bigger monitor) is shrunk to fit it.
  width = Math.max(MIN_WINDOW.width, Math.min(width, screen.width));
  height = Math.max(MIN_WINDOW.height, Math.min(height, screen.height));
  return { width, height, x, y, maximized };
}

function overlap(a1: number, a2: number, b1: number, b2: number): number {
  return Math.max(0, Math.min(a2, b2) - Math.max(a1, b1));
}

function fitWidth(width: number, areas: readonly Rect[]): number {
  const widest = Math.max(0, ...areas.map((a) => a.width));
  return widest > 0 ? Math.max(MIN_WINDOW.width, Math.min(width, widest)) : width;
}

function fitHeight(height: number, areas: readonly Rect[]): number {
  const tallest = Math.max(0, ...areas.map((a) => a.height));
  return tallest > 0 ? Math.max(MIN_WINDOW.height, Math.min(height, tallest)) : height;
}

/** Reads the saved state; a missing or unreadable file gives undefined (the defaults are used). */
export async function loadWindowState(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function saveWindowState(file: string, state: WindowState, ops: AtomicWriteOps = nodeAtomicWriteOps): Promise<void> {
  const clean: WindowState = { width: state.width, height: state.height, maximized: state.maximized, ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}) };
  await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(clean) + '\n'), ops);
}
