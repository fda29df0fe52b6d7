/** The application menu, built from the shared command registry; choosing an item tells the window which command. */
import type { MenuItemConstructorOptions } from 'electron';
import type { CommandId, CommandSpec, MenuName } from '../models/contract/commands';
import { MENU_ORDER } from '../models/contract/commands';
import type { RecentProject } from '../models/contract/host';

export interface MenuOptions {
  /** process.platform: macOS wants the application menu first and text-editing roles in Edit. */
  platform?: string;
  /** Adds View › Toggle Developer Tools (development builds only). */
  devTools?: boolean;
  /** Whether each command is enabled now (from the state the page reports); all are when omitted. */
  enabled?: (id: CommandId) => boolean;
  /** Commands main performs itself (e.g. the purge confirmation) instead of sending them to the page. */
  handlers?: Partial<Record<CommandId, () => void>>;
  /** Open Recent's entries, newest first. */
  recent?: readonly RecentProject[];
  openRecent?: (path: string) => void;
  clearRecent?: () => void;
}

/** How many recent projects the submenu shows; the list keeps no more anyway. */
const RECENT_SHOWN = 10;

/**
 * An accelerator without a modifier (Escape, F5…) is shown in the menu but not registered with the system:
 * a registered one would swallow the key before the page sees it, and Escape must still close dialogs.
 */
function hasModifier(accelerator: string): boolean {
  return /(^|\+)(CmdOrCtrl|CommandOrControl|Cmd|Command|Ctrl|Control|Alt|Option|AltGr|Shift|Super|Meta)\+/i.test(accelerator);
}

/**
 * The menu template: one top-level menu per MENU_ORDER entry, holding that menu's commands in registry order.
 * Clicking an item calls `send(id)`; main forwards it to the window over CHANNELS.command. Text-editing roles
 * (cut, copy, paste, select all) are added to Edit so that the keyboard shortcuts work in text fields on macOS.
 * @example menuTemplate(COMMANDS, (id) => win.webContents.send(CHANNELS.command, id))[0].label // 'File'
 */
export function menuTemplate(commands: readonly CommandSpec[], send: (id: CommandId) => void, options: MenuOptions = {}): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') template.push({ role: 'appMenu' });
  for (const menu of MENU_ORDER) {
    const submenu: MenuItemConstructorOptions[] = [];
    for (const command of commands.filter((c) => c.menu === menu)) {
      if (command.separatorBefore && submenu.length > 0) submenu.push({ type: 'separator' });
      const enabled = options.enabled ? options.enabled(command.id) : true;
      if (command.submenu === 'recentProjects') {
        submenu.push({ id: command.id, label: command.label, enabled, submenu: recentSubmenu(options) });
        continue;
      }
      const handler = options.handlers?.[command.id];
      submenu.push({
        id: command.id,
        label: command.label,
        enabled,
        ...(command.shortcut ? { accelerator: command.shortcut, registerAccelerator: hasModifier(command.shortcut) } : {}),
        click: handler ? () => handler() : () => send(command.id),
      });
    }
    for (const extra of menuExtras(menu, options)) submenu.push(extra);
    if (submenu.length > 0) template.push({ label: menuLabel(menu, options.platform), submenu });
  }
  return template;
}

/**
 * Open Recent: one item per recent project (its file name, the full path beneath), then Clear.
 * An empty list still needs one item, or some platforms show an empty, broken submenu.
 */
function recentSubmenu(options: MenuOptions): MenuItemConstructorOptions[] {
  const recent = (options.recent ?? []).slice(0, RECENT_SHOWN);
  if (recent.length === 0) return [{ label: 'No recent projects', enabled: false }];
  const items: MenuItemConstructorOptions[] = recent.map((r) => ({
    // An ampersand would be read as an access key on Windows and Linux; macOS shows it as written.
    label: options.platform === 'darwin' ? r.fileName : r.fileName.replace(/&/g, '&&'),
    sublabel: r.path,
    click: () => options.openRecent?.(r.path),
  }));
  items.push({ type: 'separator' }, { label: 'Clear recent projects', click: () => options.clearRecent?.() });
  return items;
}

function menuExtras(menu: MenuName, options: MenuOptions): MenuItemConstructorOptions[] {
  if (menu === 'Edit') return [{ type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }];
  if (menu === 'View' && options.devTools) return [{ type: 'separator' }, { role: 'toggleDevTools' }];
  if (menu === 'File' && options.platform !== 'darwin') return [{ type: 'separator' }, { role: 'quit' }];
  return [];
}

/** Access keys (Alt+F…) on Windows and Linux; macOS shows no underline and would print the ampersand. */
function menuLabel(menu: MenuName, platform?: string): string {
  return platform === 'darwin' ? menu : `&${menu}`;
}
