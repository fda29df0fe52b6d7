// @vitest-environment jsdom
// The undo capture policy (store/undo.ts): edits are captured with labels, loads and computed results are not; undo,
// redo, merging, staleness after a load, the dirty mark, the Edit commands and their shortcuts, and the selectors.
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppState } from '../../../renderer/src/store';
import { bindCommands, commandForKey, runCommand } from '../../../renderer/src/commands/registry';
import { keyLens, selectCanRedo, selectCanUndo, selectRedoLabel, selectUndoLabel, UNDO_LIMIT, type UndoLens } from '../../../renderer/src/store/undo';
import { rulebookLens } from '../../../renderer/src/store/rulebook';
import { importChoicesLens } from '../../../renderer/src/store/data';
import type { Rulebook } from '../../../models/rules/rulebook';
import { createServiceHost } from './service-host';

function setUp() {
  const sh = createServiceHost();
  const { store, dispose } = createAppStore(sh.host, 'other', { confirmDiscard: () => true });
  return { store, dispose };
}

/** A lens on the rulebook draft, the value most views edit. */
const draft = (id: string, formula = 'annual_cost'): Rulebook => ({
  schemaVersion: 1,
  id,
  name: id,
  description: '',
  illustrative: false,
  parameters: {},
  indexation: {},
  bands: { method: 'rules', list: [] },
  tariff: { formula },
  exceptions: [],
});

const key = (k: string, extra: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({ key: k, code: `Key${k.toUpperCase()}`, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...extra });

describe('capture policy', () => {
  it('captures an edit with its label, applies it, and marks the project unsaved', () => {
    const { store } = setUp();
    const revision = store.getState().projectRevision;
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'Change band B3 price for 2026-27', lens: rulebookLens, next: draft('a', 'annual_cost * 2') });
    const s = store.getState();
    expect(s.rulebookDraft?.tariff.formula).toBe('annual_cost * 2');
    expect(s.undoPast.map((x) => x.label)).toEqual(['Change band B3 price for 2026-27']);
    expect(s.projectDirty).toBe(true);
    expect(s.projectRevision).toBe(revision + 1);
    expect(selectCanUndo(s)).toBe(true);
    expect(selectUndoLabel(s)).toBe('Undo change band B3 price for 2026-27');
    expect(selectCanRedo(s)).toBe(false);
    expect(selectRedoLabel(s)).toBe('Redo');
  });

  it('undoes and redoes, each marking the project unsaved again', () => {
    const { store } = setUp();
    const a = draft('a');
    const b = draft('a', 'annual_cost * 2');
    store.setState({ rulebookDraft: a });
    store.getState().captureEdit({ label: 'Edit the price formula', lens: rulebookLens, next: b });
    expect(store.getState().undo()).toBe(true);
    expect(store.getState().rulebookDraft).toBe(a);
    expect(selectRedoLabel(store.getState())).toBe('Redo edit the price formula');
    expect(selectCanUndo(store.getState())).toBe(false);
    const revision = store.getState().projectRevision;
    expect(store.getState().redo()).toBe(true);
    expect(store.getState().rulebookDraft).toBe(b);
    expect(store.getState().projectRevision).toBe(revision + 1);
    expect(store.getState().redo()).toBe(false);
  });

  it('keeps what an edit writes into the project: the rulebook lens also stores the draft in project.rulebooks', () => {
    const { store } = setUp();
    store.setState({ rulebookDraft: draft('mine') });
    store.getState().captureEdit({ label: 'x', lens: rulebookLens, next: draft('mine', 'annual_cost * 3') });
    expect(store.getState().project.rulebooks).toEqual([{ name: 'mine', document: expect.objectContaining({ tariff: { formula: 'annual_cost * 3' } }) }]);
    store.getState().undo();
    expect(store.getState().project.rulebooks[0].document).toMatchObject({ tariff: { formula: 'annual_cost' } });
  });

  it('a new edit after an undo forks history: redo is no longer offered', () => {
    const { store } = setUp();
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'one', lens: rulebookLens, next: draft('a', '1') });
    store.getState().undo();
    store.getState().captureEdit({ label: 'two', lens: rulebookLens, next: draft('a', '2') });
    expect(selectCanRedo(store.getState())).toBe(false);
    expect(store.getState().undoPast.map((x) => x.label)).toEqual(['two']);
  });

  it('folds keystrokes with the same merge key into one step until sealed', () => {
    const { store } = setUp();
    const a = draft('a');
    store.setState({ rulebookDraft: a });
    for (const text of ['a', 'an', 'ann']) store.getState().captureEdit({ label: 'Edit band B5 rule', lens: rulebookLens, next: draft('a', text), mergeKey: 'band:B5:when' });
    expect(store.getState().undoPast).toHaveLength(1);
    store.getState().sealUndo();
    store.getState().captureEdit({ label: 'Edit band B5 rule', lens: rulebookLens, next: draft('a', 'annu'), mergeKey: 'band:B5:when' });
    store.getState().captureEdit({ label: 'Edit band B4 rule', lens: rulebookLens, next: draft('a', 'annua'), mergeKey: 'band:B4:when' });
    expect(store.getState().undoPast).toHaveLength(3);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().rulebookDraft?.tariff.formula).toBe('ann');
    store.getState().undo();
    expect(store.getState().rulebookDraft).toBe(a);
  });

  it('does not record an edit that changes nothing', () => {
    const { store } = setUp();
    const a = draft('a');
    store.setState({ rulebookDraft: a });
    store.getState().captureEdit({ label: 'nothing', lens: rulebookLens, next: a });
    expect(store.getState().undoPast).toEqual([]);
    expect(store.getState().projectDirty).toBe(false);
  });

  it('never captures a load: after one, the older step is dropped rather than undoing the load', () => {
    const { store } = setUp();
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'Edit the price formula', lens: rulebookLens, next: draft('a', 'x') });
    const loaded = draft('loaded');
    // A load writes with set(): not an edit.
    store.setState({ rulebookDraft: loaded });
    expect(store.getState().undo()).toBe(false);
    expect(store.getState().rulebookDraft).toBe(loaded);
    expect(store.getState().undoPast).toEqual([]);
    expect(store.getState().undoNotice).toMatch(/“Edit the price formula” can no longer be undone/);
  });

  it('forgets one lens’s history without touching another’s', () => {
    const { store } = setUp();
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'rule', lens: rulebookLens, next: draft('a', 'x') });
    store.getState().captureEdit({ label: 'mapping', lens: importChoicesLens, next: { sheet: 'S', mapping: null, dropColumns: [] } });
    store.getState().forgetUndo('rulebook');
    expect(store.getState().undoPast.map((x) => x.label)).toEqual(['mapping']);
    store.getState().forgetUndo();
    expect(store.getState().undoPast).toEqual([]);
  });

  it('keeps at most UNDO_LIMIT steps, dropping the oldest', () => {
    const { store } = setUp();
    type Counter = AppState['dataFilters'];
    const lens: UndoLens<Counter> = keyLens('dataFilters', 'counter');
    for (let i = 0; i <= UNDO_LIMIT + 5; i++) store.getState().captureEdit({ label: `step ${i}`, lens, next: { provider: String(i) } });
    const past = store.getState().undoPast;
    expect(past).toHaveLength(UNDO_LIMIT);
    expect(past[past.length - 1].label).toBe(`step ${UNDO_LIMIT + 5}`);
  });

  it('a newly opened or new project starts with no history', async () => {
    const { store } = setUp();
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'x', lens: rulebookLens, next: draft('a', 'x') });
    expect(await store.getState().newProject()).toBe(true);
    expect(store.getState().undoPast).toEqual([]);
    expect(store.getState().undoFuture).toEqual([]);
  });
});

describe('Edit commands', () => {
  it('edit.undo and edit.redo are enabled by the history and run through the registry, as menus and shortcuts do', () => {
    const { store } = setUp();
    const commands = bindCommands(store);
    expect(commands.get('edit.undo')!.enabled(store.getState())).toBe(false);
    expect(runCommand(commands, store, 'edit.undo', 'menu')).toBe(false);
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'x', lens: rulebookLens, next: draft('a', 'x') });
    expect(commands.get('edit.undo')!.enabled(store.getState())).toBe(true);
    expect(runCommand(commands, store, 'edit.undo', 'menu')).toBe(true);
    expect(store.getState().rulebookDraft?.tariff.formula).toBe('annual_cost');
    expect(commands.get('edit.redo')!.enabled(store.getState())).toBe(true);
    expect(runCommand(commands, store, 'edit.redo', 'shortcut')).toBe(true);
    expect(store.getState().rulebookDraft?.tariff.formula).toBe('x');
  });

  it('Ctrl+Z and Ctrl+Shift+Z (⌘Z and ⇧⌘Z on a Mac) name the Edit commands', () => {
    const { store } = setUp();
    const commands = bindCommands(store);
    store.setState({ rulebookDraft: draft('a') });
    store.getState().captureEdit({ label: 'x', lens: rulebookLens, next: draft('a', 'x') });
    expect(commandForKey(commands, store.getState(), key('z', { ctrlKey: true }), 'other')).toBe('edit.undo');
    expect(commandForKey(commands, store.getState(), key('z', { metaKey: true }), 'mac')).toBe('edit.undo');
    store.getState().undo();
    expect(commandForKey(commands, store.getState(), key('Z', { ctrlKey: true, shiftKey: true }), 'other')).toBe('edit.redo');
    expect(commandForKey(commands, store.getState(), key('Z', { metaKey: true, shiftKey: true }), 'mac')).toBe('edit.redo');
  });
});
