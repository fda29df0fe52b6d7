/** The shortcut of a registry command as this platform writes it ("Ctrl+R" or "⌘R"), for text that mentions it. */
import { commandById, type CommandId } from '../../../models/contract/commands';
import { useAppState } from '../app-context';
import { shortcutLabel } from '../commands/shortcuts';

export function useShortcutLabel(id: CommandId): string {
  const platform = useAppState((s) => s.platform);
  const accelerator = commandById(id).shortcut;
  return accelerator ? shortcutLabel(accelerator, platform) : '';
}
