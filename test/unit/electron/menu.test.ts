// The application menu comes from the command registry: every command once, under its menu, in MENU_ORDER.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, MENU_ORDER, type CommandId } from '../../../models/contract/commands';
import { menuTemplate } from '../../../electron/menu';

const submenuOf = (item: MenuItemConstructorOptions): MenuItemConstructorOptions[] => item.submenu as MenuItemConstructorOptions[];
const commandItems = (template: MenuItemConstructorOptions[]) =>
  template.flatMap((menu) => submenuOf(menu ?? {}) ?? []).filter((i) => typeof i.id === 'string' && COMMANDS.some((c) => c.id === i.id));

describe('menuTemplate', () => {
  for (const platform of ['linux', 'win32', 'darwin']) {
    it(`${platform}: every command appears exactly once, in registry order, under the menus of MENU_ORDER`, () => {
      const template = menuTemplate(COMMANDS, () => {}, { platform });
      const items = commandItems(template);
      expect(items.map((i) => i.id)).toEqual(COMMANDS.map((c) => c.id));
      const topLevel = template.filter((m) => m.role !== 'appMenu').map((m) => String(m.label).replace('&', ''));
      expect(topLevel).toEqual(MENU_ORDER.filter((name) => COMMANDS.some((c) => c.menu === name)));
      for (const menu of template.filter((m) => m.role !== 'appMenu')) {
        const name = String(menu.label).replace('&', '');
        for (const item of submenuOf(menu).filter((i) => i.id)) expect(COMMANDS.find((c) => c.id === item.id)?.menu).toBe(name);
      }
    });
  }

  it('labels and shortcuts come from the registry (File › New, Open recent and Help › Purge among them)', () => {
    const items = commandItems(menuTemplate(COMMANDS, () => {}));
    for (const command of COMMANDS) {
      const item = items.find((i) => i.id === command.id)!;
      expect(item.label).toBe(command.label);
      expect(item.accelerator).toBe(command.shortcut);
    }
    expect(items.find((i) => i.id === 'file.new')).toMatchObject({ label: 'New project', accelerator: 'CmdOrCtrl+N' });
    expect(items.find((i) => i.id === 'file.openRecent')).toMatchObject({ label: 'Open recent' });
    expect(items.find((i) => i.id === 'help.purgeBackups')).toMatchObject({ label: 'Purge backups and recovery files…' });
  });

  it('clicking an item sends its command id, and nothing else (Open recent is a submenu, not a click)', () => {
    const sent: CommandId[] = [];
    const items = commandItems(menuTemplate(COMMANDS, (id) => sent.push(id)));
    for (const item of items) if (!item.submenu) (item.click as () => void)();
    expect(sent).toEqual(COMMANDS.filter((c) => !c.submenu).map((c) => c.id));
  });

  it('a command main performs itself calls its handler instead of the page', () => {
    const sent: CommandId[] = [];
    let purged = 0;
    const items = commandItems(menuTemplate(COMMANDS, (id) => sent.push(id), { handlers: { 'help.purgeBackups': () => void purged++ } }));
    (items.find((i) => i.id === 'help.purgeBackups')!.click as () => void)();
    expect(purged).toBe(1);
    expect(sent).toEqual([]);
  });

  it('enables each item as the state says', () => {
    const off = new Set<CommandId>(['file.save', 'run.cancel', 'edit.undo']);
    const items = commandItems(menuTemplate(COMMANDS, () => {}, { enabled: (id) => !off.has(id) }));
    for (const item of items) expect(item.enabled, item.id).toBe(!off.has(item.id as CommandId));
    expect(commandItems(menuTemplate(COMMANDS, () => {})).every((i) => i.enabled === true)).toBe(true);
  });

  it('Open recent lists recent projects (newest first) and Clear; an empty list says so', () => {
    const opened: string[] = [];
    let cleared = 0;
    const recent = [
      { path: '/home/me/Barnet & Camden.hntm', fileName: 'Barnet & Camden.hntm', openedAt: '2026-11-22T10:00:00.000Z' },
      { path: '/home/me/old.hntm', fileName: 'old.hntm', openedAt: '2026-11-21T10:00:00.000Z' },
    ];
    const item = commandItems(menuTemplate(COMMANDS, () => {}, { platform: 'linux', recent, openRecent: (p) => opened.push(p), clearRecent: () => void cleared++ })).find((i) => i.id === 'file.openRecent')!;
    const sub = submenuOf(item);
    expect(sub.map((i) => i.label ?? i.type)).toEqual(['Barnet && Camden.hntm', 'old.hntm', 'separator', 'Clear recent projects']);
    expect(sub[0].sublabel).toBe('/home/me/Barnet & Camden.hntm');
    (sub[1].click as () => void)();
    (sub[3].click as () => void)();
    expect(opened).toEqual(['/home/me/old.hntm']);
    expect(cleared).toBe(1);
    const empty = commandItems(menuTemplate(COMMANDS, () => {})).find((i) => i.id === 'file.openRecent')!;
    expect(submenuOf(empty)).toEqual([{ label: 'No recent projects', enabled: false }]);
  });

  it('puts a separator before items that ask for one, never first in a menu', () => {
    const file = submenuOf(menuTemplate(COMMANDS, () => {}, { platform: 'linux' })[0]);
    const saveAt = file.findIndex((i) => i.id === 'file.save');
    expect(file[saveAt - 1].type).toBe('separator');
    const exportAt = file.findIndex((i) => i.id === 'file.exportResults');
    expect(file[exportAt - 1].type).toBe('separator');
    for (const menu of menuTemplate(COMMANDS, () => {})) expect(submenuOf(menu)?.[0]?.type).not.toBe('separator');
  });

  it('shows but does not register a shortcut without a modifier, so Escape still reaches the page', () => {
    const items = commandItems(menuTemplate(COMMANDS, () => {}));
    expect(items.find((i) => i.id === 'run.cancel')).toMatchObject({ accelerator: 'Escape', registerAccelerator: false });
    expect(items.find((i) => i.id === 'file.save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: true });
  });

  it('macOS gets the application menu first and no ampersands; Edit keeps the text-editing roles everywhere', () => {
    const mac = menuTemplate(COMMANDS, () => {}, { platform: 'darwin' });
    expect(mac[0].role).toBe('appMenu');
    expect(mac.slice(1).map((m) => m.label)).toEqual([...MENU_ORDER]);
    for (const platform of ['darwin', 'linux']) {
      const edit = menuTemplate(COMMANDS, () => {}, { platform }).find((m) => String(m.label).replace('&', '') === 'Edit')!;
      expect(submenuOf(edit).map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    }
  });

  it('offers DevTools only when asked (development builds)', () => {
    const roles = (devTools: boolean) => menuTemplate(COMMANDS, () => {}, { devTools }).flatMap((m) => submenuOf(m) ?? []).map((i) => i.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('builds from any registry subset, leaving out empty menus', () => {
    const template = menuTemplate(COMMANDS.filter((c) => c.menu === 'Run'), () => {}, { platform: 'darwin' });
    expect(template.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'Edit', 'Run']);
  });
});
