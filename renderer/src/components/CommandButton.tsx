/** A button that performs a registry command, labelled and enabled by the registry like the menu and the shortcut. */
import type { ReactNode } from 'react';
import type { CommandId } from '../../../models/contract/commands';
import { useAppState, useAppStore, useCommands } from '../app-context';
import { runCommand, type CommandVia } from '../commands/registry';
import { ariaKeyShortcuts } from '../commands/shortcuts';

export interface CommandButtonProps {
  command: CommandId;
  via?: CommandVia;
  className?: string;
  children?: ReactNode;
}

export function CommandButton({ command, via = 'link', className = 'button', children }: CommandButtonProps) {
  const commands = useCommands();
  const store = useAppStore();
  const binding = commands.get(command);
  const enabled = useAppState((s) => binding?.enabled(s) ?? false);
  const platform = useAppState((s) => s.platform);
  if (!binding) return null;
  const shortcut = binding.spec.shortcut;
  return (
    <button
      type="button"
      className={className}
      disabled={!enabled}
      aria-keyshortcuts={shortcut ? ariaKeyShortcuts(shortcut, platform) : undefined}
      onClick={() => runCommand(commands, store, command, via)}
    >
      {children ?? binding.spec.label}
    </button>
  );
}
