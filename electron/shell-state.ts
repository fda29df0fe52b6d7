/**
 * The small state main keeps about the page (unsaved edits, a run going, the renderer's verdict on each command),
 * checked when it arrives, and what the native menu enables from it.
 */
import { COMMANDS, type CommandId } from '../models/contract/commands';
import type { ShellState } from '../models/contract/host';
import { fail, type Result } from '../models/contract/result';
import { DEFAULT_PROJECT_NAME, PROJECT_LIMITS } from '../models/project/types';
import { wellFormedPath } from './path-grants';

const COMMAND_IDS = new Set<string>(COMMANDS.map((c) => c.id));

/** Commands main performs itself (its own dialogs and lists), so the page's verdict does not decide them. */
export const MAIN_COMMANDS: ReadonlySet<CommandId> = new Set<CommandId>(['file.openRecent', 'help.purgeBackups']);

export const INITIAL_SHELL_STATE: ShellState = { dirty: false, running: false, projectName: DEFAULT_PROJECT_NAME, path: null };

/**
 * Checks a state report from the renderer and rebuilds it from known fields; unknown command ids are dropped.
 * @example checkShellState({dirty: true, running: false, projectName: 'Barnet', path: null}) // {ok: true, data: {...}}
 */
export function checkShellState(value: unknown): Result<ShellState> {
  const bad = (why: string) => fail<ShellState>('invalid-argument', `State report: ${why}.`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('must be an object');
  const v = value as Record<string, unknown>;
  if (typeof v.dirty !== 'boolean' || typeof v.running !== 'boolean') return bad('dirty and running must be true or false');
  if (typeof v.projectName !== 'string' || v.projectName.length > PROJECT_LIMITS.nameChars) return bad('projectName must be text');
  if (v.path !== null && wellFormedPath(v.path) === null) return bad('path must be an absolute path or null');
  let enabled: Partial<Record<CommandId, boolean>> | undefined;
  if (v.enabled !== undefined) {
    if (typeof v.enabled !== 'object' || v.enabled === null || Array.isArray(v.enabled)) return bad('enabled must map command ids to true or false');
    enabled = {};
    for (const [id, on] of Object.entries(v.enabled as Record<string, unknown>)) {
      if (COMMAND_IDS.has(id) && typeof on === 'boolean') enabled[id as CommandId] = on;
    }
  }
  return { ok: true, data: { dirty: v.dirty, running: v.running, projectName: v.projectName || DEFAULT_PROJECT_NAME, path: v.path as string | null, ...(enabled ? { enabled } : {}) } };
}

/**
 * Whether the native menu enables a command. Main's own commands are always available; for the rest the renderer's
 * verdict wins (it is what the page's buttons and shortcuts use), with a fallback from dirty/running for a page that
 * has not said.
 * @example menuEnabled('run.cancel', {...INITIAL_SHELL_STATE, running: true}) // true
 */
export function menuEnabled(id: CommandId, state: ShellState): boolean {
  if (MAIN_COMMANDS.has(id)) return true;
  const said = state.enabled?.[id];
  if (typeof said === 'boolean') return said;
  switch (id) {
    case 'file.save':
      return state.dirty;
    case 'run.start':
      return !state.running;
    case 'run.cancel':
      return state.running;
    default:
      return true;
  }
}

/** Whether two states would give a different menu (so the menu is rebuilt only when something it shows changed). */
export function menuDiffers(a: ShellState, b: ShellState): boolean {
  if (a.dirty !== b.dirty || a.running !== b.running || a.path !== b.path || a.projectName !== b.projectName) return true;
  return COMMANDS.some((c) => menuEnabled(c.id, a) !== menuEnabled(c.id, b));
}
