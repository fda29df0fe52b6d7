/** The view navigation: a labelled landmark of buttons, each performing its registry command, with its shortcut shown. */
import { useAppState, useAppStore, useCommands } from '../app-context';
import { runCommand } from '../commands/registry';
import { ariaKeyShortcuts, shortcutLabel } from '../commands/shortcuts';
import { VIEW_COMMAND, VIEW_IDS } from '../views/catalog';

export function NavBar() {
  const commands = useCommands();
  const store = useAppStore();
  const view = useAppState((s) => s.view);
  const platform = useAppState((s) => s.platform);
  const shortcuts = VIEW_IDS.map((id) => commands.get(VIEW_COMMAND[id])?.spec.shortcut).filter((s): s is string => !!s);
  return (
    <nav className="app-nav" aria-label="Views">
      <ul className="nav-list">
        {VIEW_IDS.map((id) => {
          const binding = commands.get(VIEW_COMMAND[id]);
          if (!binding) return null;
          const shortcut = binding.spec.shortcut;
          return (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                aria-current={view === id ? 'page' : undefined}
                aria-keyshortcuts={shortcut ? ariaKeyShortcuts(shortcut, platform) : undefined}
                onClick={() => runCommand(commands, store, binding.spec.id, 'nav')}
              >
                <span className="nav-label">{binding.spec.label}</span>
                {/* The shortcut is announced through aria-keyshortcuts; reading it twice would be noise. */}
                {shortcut ? (
                  <kbd className="nav-shortcut" aria-hidden="true">
                    {shortcutLabel(shortcut, platform)}
                  </kbd>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {shortcuts.length > 1 ? (
        <p className="nav-hint">
          <span className="nav-hint-title">Switch views with</span>
          <kbd>{shortcutLabel(shortcuts[0], platform)}</kbd> to{' '}
          <kbd>{shortcutLabel(shortcuts[shortcuts.length - 1], platform)}</kbd>
        </p>
      ) : null}
    </nav>
  );
}
