/**
 * The command registry's data: every user action with its label, menu and shortcut. Menus (electron/menu.ts),
 * keyboard shortcuts and buttons (renderer) all read this one list; behaviour is attached by each shell.
 */

export type MenuName = 'File' | 'Edit' | 'View' | 'Run' | 'Help';

export interface CommandSpec {
  id: CommandId;
  label: string;
  menu: MenuName;
  /** Electron accelerator syntax ("CmdOrCtrl+O"); the renderer maps CmdOrCtrl to Ctrl or ⌘. */
  shortcut?: string;
  /** Shown in menus as a separator before this item. */
  separatorBefore?: boolean;
  /**
   * The native menu shows this command as a submenu that main fills in (Open Recent lists recent projects);
   * the renderer may offer the same list its own way.
   */
  submenu?: 'recentProjects';
}

export type CommandId =
  | 'file.new'
  | 'file.open'
  | 'file.openRecent'
  | 'file.import'
  | 'file.save'
  | 'file.saveAs'
  | 'file.exportResults'
  | 'edit.undo'
  | 'edit.redo'
  | 'view.data'
  | 'view.rulebook'
  | 'view.scenarios'
  | 'view.results'
  | 'view.compare'
  | 'view.commissioner'
  | 'view.policy'
  | 'run.start'
  | 'run.cancel'
  | 'help.about'
  | 'help.purgeBackups';

export const COMMANDS: readonly CommandSpec[] = [
  { id: 'file.new', label: 'New project', menu: 'File', shortcut: 'CmdOrCtrl+N' },
  { id: 'file.open', label: 'Open project…', menu: 'File', shortcut: 'CmdOrCtrl+O' },
  { id: 'file.openRecent', label: 'Open recent', menu: 'File', submenu: 'recentProjects' },
  { id: 'file.import', label: 'Import placements…', menu: 'File', shortcut: 'CmdOrCtrl+I' },
  { id: 'file.save', label: 'Save', menu: 'File', shortcut: 'CmdOrCtrl+S', separatorBefore: true },
  { id: 'file.saveAs', label: 'Save as…', menu: 'File', shortcut: 'CmdOrCtrl+Shift+S' },
  { id: 'file.exportResults', label: 'Export results workbook…', menu: 'File', shortcut: 'CmdOrCtrl+E', separatorBefore: true },
  { id: 'edit.undo', label: 'Undo', menu: 'Edit', shortcut: 'CmdOrCtrl+Z' },
  { id: 'edit.redo', label: 'Redo', menu: 'Edit', shortcut: 'CmdOrCtrl+Shift+Z' },
  { id: 'view.data', label: 'Data', menu: 'View', shortcut: 'CmdOrCtrl+1' },
  { id: 'view.rulebook', label: 'Rulebook', menu: 'View', shortcut: 'CmdOrCtrl+2' },
  { id: 'view.scenarios', label: 'Scenarios', menu: 'View', shortcut: 'CmdOrCtrl+3' },
  { id: 'view.results', label: 'Results', menu: 'View', shortcut: 'CmdOrCtrl+4' },
  { id: 'view.compare', label: 'Compare', menu: 'View', shortcut: 'CmdOrCtrl+5' },
  { id: 'view.commissioner', label: 'Commissioner', menu: 'View', shortcut: 'CmdOrCtrl+6' },
  { id: 'view.policy', label: 'Policy options', menu: 'View', shortcut: 'CmdOrCtrl+7' },
  { id: 'run.start', label: 'Run scenario', menu: 'Run', shortcut: 'CmdOrCtrl+R' },
  { id: 'run.cancel', label: 'Cancel run', menu: 'Run', shortcut: 'Escape' },
  { id: 'help.purgeBackups', label: 'Purge backups and recovery files…', menu: 'Help' },
  { id: 'help.about', label: 'About High Needs Tariff Modeller', menu: 'Help', separatorBefore: true },
];

export const MENU_ORDER: readonly MenuName[] = ['File', 'Edit', 'View', 'Run', 'Help'];

/** @example commandById('file.save').shortcut // 'CmdOrCtrl+S' */
export function commandById(id: CommandId): CommandSpec {
  const c = COMMANDS.find((x) => x.id === id);
  if (!c) throw new Error(`Unknown command ${id}`);
  return c;
}
