/**
 * The renderer's half of the command registry: models/contract/commands.ts gives each command its label and
 * shortcut; here each gets `enabled` and `perform`. Nav buttons, the keyboard handler and Electron's menu all call
 * through this one map, so a command behaves the same however it is invoked.
 */
import { COMMANDS, type CommandId, type CommandSpec } from '../../../models/contract/commands';
import type { AppState, AppStore } from '../store';
import type { NavigationVia } from '../store/navigation';
import { selectRunningJobs } from '../store/selectors';
import { selectCanRedo, selectCanUndo } from '../store/undo';
import { selectActiveRun, selectRunningRun } from '../store/results';
import { selectResolvedDraft } from '../store/scenario';
import { matchesChord, parseAccelerator, type KeyInput, type Platform } from './shortcuts';

/** How a command was invoked; views use it to decide whether to take focus. */
export type CommandVia = Exclude<NavigationVia, 'start'>;

export interface CommandBinding {
  spec: CommandSpec;
  enabled(state: AppState): boolean;
  perform(via: CommandVia): void;
}

export type CommandBindings = ReadonlyMap<CommandId, CommandBinding>;

interface Behaviour {
  enabled(state: AppState): boolean;
  perform(via: CommandVia): void;
}

/** Commands whose capability has not landed yet: listed in menus, but disabled, so no key press is swallowed. */
const notYet: Behaviour = { enabled: () => false, perform: () => {} };

/** @example bindCommands(store).get('view.results')!.perform('nav') // opens the Results view */
export function bindCommands(store: AppStore): CommandBindings {
  const navigateTo =
    (view: AppState['view']): Behaviour => ({
      enabled: () => true,
      perform: (via) => store.getState().navigate(view, via),
    });
  // A Record over every CommandId: adding a command to the contract fails the type check until it is bound here.
  // File commands act on the project through the host; a host without project files (tests) leaves them disabled.
  const withFiles = (enabled: (s: AppState) => boolean, perform: () => unknown): Behaviour => ({
    enabled: (s) => s.projectFilesAvailable && enabled(s),
    perform: () => void perform(),
  });
  const behaviour: Record<CommandId, Behaviour> = {
    'file.new': { enabled: () => true, perform: () => void store.getState().newProject() },
    'file.open': withFiles(() => true, () => store.getState().openProject()),
    // The native menu lists recent projects itself (main); the page has no list of its own yet.
    'file.openRecent': notYet,
    // Opens the import wizard on the Data view (the wizard asks for the file).
    'file.import': {
      enabled: () => true,
      perform: (via) => {
        store.getState().navigate('data', via);
        if (!store.getState().importWizard) store.getState().openImportWizard();
      },
    },
    'file.save': withFiles((s) => s.projectDirty, () => store.getState().saveProject()),
    'file.saveAs': withFiles(() => true, () => store.getState().saveProjectAs()),
    // The full results workbook of the run the Results view shows, written in the worker and saved through the host.
    'file.exportResults': { enabled: (s) => selectActiveRun(s) !== null && s.resultsExport.state !== 'writing', perform: () => void store.getState().exportResultsWorkbook() },
    // Undo acts on captured edits (store/undo.ts), in a text field too: typing in a field is captured as one step.
    'edit.undo': { enabled: selectCanUndo, perform: () => void store.getState().undo() },
    'edit.redo': { enabled: selectCanRedo, perform: () => void store.getState().redo() },
    'view.data': navigateTo('data'),
    'view.rulebook': navigateTo('rulebook'),
    'view.scenarios': navigateTo('scenarios'),
    'view.results': navigateTo('results'),
    'view.compare': navigateTo('compare'),
    'view.commissioner': navigateTo('commissioner'),
    'view.policy': navigateTo('policy'),
    // One Monte Carlo run at a time: the worker would only queue a second behind the first.
    'run.start': { enabled: (s) => !!selectResolvedDraft(s)?.scenario && selectRunningRun(s) === null, perform: () => void store.getState().runScenario() },
    'run.cancel': {
      enabled: (s) => selectRunningJobs(s).length > 0,
      perform: () => void store.getState().cancelRunningJobs(),
    },
    'help.about': { enabled: () => true, perform: () => store.getState().setAboutOpen(true) },
    // Electron's main process asks for confirmation itself; the browser keeps no backups, so there is nothing to purge.
    'help.purgeBackups': { enabled: (s) => s.backupsAvailable, perform: () => void store.getState().purgeBackups() },
  };
  return new Map(COMMANDS.map((spec) => [spec.id, { spec, ...behaviour[spec.id] }]));
}

/**
 * Performs a command if it is enabled now; returns whether it ran.
 * @example runCommand(bindings, store, 'view.data', 'menu') // true
 */
export function runCommand(bindings: CommandBindings, store: AppStore, id: CommandId, via: CommandVia): boolean {
  const binding = bindings.get(id);
  if (!binding || !binding.enabled(store.getState())) return false;
  binding.perform(via);
  return true;
}

/**
 * The command a key press asks for, if any is bound to that shortcut and enabled now.
 * @example commandForKey(bindings, store.getState(), {key: '2', ctrlKey: true, …}, 'other') // 'view.rulebook'
 */
export function commandForKey(bindings: CommandBindings, state: AppState, input: KeyInput, platform: Platform): CommandId | null {
  for (const binding of bindings.values()) {
    const accelerator = binding.spec.shortcut;
    if (!accelerator || !matchesChord(input, parseAccelerator(accelerator, platform))) continue;
    return binding.enabled(state) ? binding.spec.id : null;
  }
  return null;
}

/**
 * Installs the keyboard handler on a window; returns the function that removes it. A handled key is not passed on
 * (preventDefault), so in Electron the menu's accelerator for the same key does not run the command a second time.
 */
export function installShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, bindings: CommandBindings, store: AppStore): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return;
    // A modal dialog owns the keyboard (Escape closes it); app shortcuts wait until it is closed.
    if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
    const state = store.getState();
    const id = commandForKey(bindings, state, event, state.platform);
    if (!id) return;
    event.preventDefault();
    runCommand(bindings, store, id, 'shortcut');
  };
  target.addEventListener('keydown', onKeyDown);
  return () => target.removeEventListener('keydown', onKeyDown);
}
