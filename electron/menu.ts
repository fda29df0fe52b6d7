/** The application menu, built from the shared command registry; choosing an item tells the window which command. */
import type { MenuItemConstructorOptions } from 'electron';
import type { CommandId, CommandSpec, MenuName } from '../models/contract/commands';
import { MENU_ORDER } from '../models/contract/commands';

export interface MenuOptions {
  /** process.platform: macOS wants the application menu first and text-editing roles in Edit. */
  platform?: string;
  /** Adds View › Toggle Developer Tools (development builds only). */
  devTools?: boolean;
}

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
      submenu.push({
        id: command.id,
        label: command.label,
        ...(command.shortcut ? { accelerator: command.shortcut, registerAccelerator: hasModifier(command.shortcut) } : {}),
        click: () => send(command.id),
      });
    }
    for (const extra of menuExtras(menu, options)) submenu.push(extra);
    if (submenu.length > 0) template.push({ label: menuLabel(menu, options.platform), submenu });
  }
  return template;
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
