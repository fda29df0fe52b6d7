/**
 * Undo slice: the capture policy every editing view shares. User edits (a rulebook, an import mapping, a scenario's
 * assumptions) go through `captureEdit` and become labelled undoable steps; loads and computed results are written
 * with plain `set` and are never captured (Excalidraw `store.ts` capture policy).
 *
 * How to use it from a slice or a view:
 *
 *   // 1. Say where the edited thing lives: a lens reads it from the state and writes it back as a patch.
 *   const scenarioLens = keyLens('scenarioDraft');                 // a top-level key of AppState
 *   // or a custom lens when the value also lives in the project document:
 *   const lens: UndoLens<Draft> = { id: 'scenario', get: (s) => s.scenarioDraft, set: (s, v) => ({ scenarioDraft: v, project: … }) };
 *
 *   // 2. Edit through the capture: the change is applied at once and recorded with its label.
 *   store.getState().captureEdit({ label: 'Change demand growth to 3%', lens, next: newDraft });
 *
 *   // 3. Keystrokes in one field become one step: give them the same mergeKey, and seal on blur.
 *   captureEdit({ label: 'Edit band B3 rule', lens, next, mergeKey: 'band:B3:rule' }); … sealUndo();
 *
 *   // 4. A load replaces the thing wholesale: write it with set(), then forget its history.
 *   set({ scenarioDraft: loaded }); get().forgetUndo('scenario');
 *
 * Every captured edit, undo and redo marks the project unsaved (the project slice's dirty flag and revision), so the
 * dirty indicator and autosave follow edits without each view remembering to. A step whose value was replaced by
 * something that was not captured (a load) is stale: undo drops it rather than overwrite the load.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './index';

/** Where an edited value lives: how to read it, and the state patch that writes it back. */
export interface UndoLens<T> {
  /** Names the edited thing ('rulebook', 'mapping', 'scenario'); `forgetUndo(id)` drops its steps. */
  id: string;
  get(state: AppState): T;
  set(state: AppState, value: T): Partial<AppState>;
}

export interface CaptureRequest<T> {
  /** What the step did, in the user's words: "Change band B3 price for 2026-27". */
  label: string;
  lens: UndoLens<T>;
  /** The value after the edit. Treat values as immutable: a step keeps both the before and after objects. */
  next: T;
  /**
   * Consecutive edits with the same key (and the same lens) fold into one step, keeping the first "before": typing
   * in a field is one undo, not one per key press. `sealUndo()` (on blur, say) ends the run.
   */
  mergeKey?: string;
}

/** One recorded edit. Values are opaque to the slice; the lens knows their type. */
export interface UndoStep {
  label: string;
  lensId: string;
  mergeKey?: string;
  before: unknown;
  after: unknown;
  lens: UndoLens<unknown>;
}

export interface UndoSlice {
  /** Oldest first; the last one is what Undo undoes. */
  undoPast: UndoStep[];
  /** Most recently undone last; the last one is what Redo redoes. */
  undoFuture: UndoStep[];
  /** Set when an undo found its step overtaken by a load; the status line says so once. */
  undoNotice: string | null;
  captureEdit<T>(request: CaptureRequest<T>): void;
  /** Ends a run of merged edits, so the next edit starts a new step. */
  sealUndo(): void;
  undo(): boolean;
  redo(): boolean;
  /** Drops every step of one lens (after a load replaced it), or all steps when no id is given. */
  forgetUndo(lensId?: string): void;
}

/** Steps kept; older ones fall off (a day of edits fits, memory stays bounded). */
export const UNDO_LIMIT = 200;

/**
 * A lens on a top-level key of the state.
 * @example const lens = keyLens('rulebookDraft'); captureEdit({label: 'Rename band', lens, next})
 */
export function keyLens<K extends keyof AppState>(key: K, id: string = String(key)): UndoLens<AppState[K]> {
  return { id, get: (s) => s[key], set: (_s, value) => ({ [key]: value }) as Partial<AppState> };
}

/** Internal: whether the last step may absorb this edit. Sealing sets `sealed` on the step. */
interface Sealable {
  sealed?: boolean;
}

export const createUndoSlice: StateCreator<AppState, [], [], UndoSlice> = (set, get) => {
  /** Marks the project unsaved: an edit, an undo and a redo all change what a save would write. */
  const dirty = (s: AppState): Partial<AppState> => ({ projectDirty: true, projectRevision: s.projectRevision + 1 });

  return {
    undoPast: [],
    undoFuture: [],
    undoNotice: null,
    captureEdit: ({ label, lens, next, mergeKey }) =>
      set((s) => {
        const before = lens.get(s);
        if (Object.is(before, next)) return {};
        const last = s.undoPast[s.undoPast.length - 1] as (UndoStep & Sealable) | undefined;
        const merges = mergeKey !== undefined && last !== undefined && !last.sealed && last.mergeKey === mergeKey && last.lensId === lens.id && Object.is(last.after, before);
        const step: UndoStep = merges
          ? { ...last!, label, after: next }
          : { label, lensId: lens.id, before, after: next, lens: lens as UndoLens<unknown>, ...(mergeKey !== undefined ? { mergeKey } : {}) };
        const past = merges ? [...s.undoPast.slice(0, -1), step] : [...s.undoPast, step].slice(-UNDO_LIMIT);
        // A new edit forks history: what was undone can no longer be redone.
        return { ...lens.set(s, next), ...dirty(s), undoPast: past, undoFuture: [], undoNotice: null };
      }),
    sealUndo: () => {
      const last = get().undoPast[get().undoPast.length - 1] as (UndoStep & Sealable) | undefined;
      if (!last || last.sealed) return;
      set((s) => ({ undoPast: [...s.undoPast.slice(0, -1), { ...last, sealed: true } as UndoStep] }));
    },
    undo: () => {
      const s = get();
      const step = s.undoPast[s.undoPast.length - 1];
      if (!step) return false;
      if (!Object.is(step.lens.get(s), step.after)) {
        // Something uncaptured (a load) replaced the value since: undoing would throw the load away.
        set({ undoPast: s.undoPast.filter((x) => x.lensId !== step.lensId), undoNotice: `“${step.label}” can no longer be undone: what it changed has been replaced since.` });
        return false;
      }
      const sealed = { ...step, sealed: true } as UndoStep;
      set((now) => ({ ...step.lens.set(now, step.before), ...dirty(now), undoPast: now.undoPast.slice(0, -1), undoFuture: [...now.undoFuture, sealed], undoNotice: null }));
      return true;
    },
    redo: () => {
      const s = get();
      const step = s.undoFuture[s.undoFuture.length - 1];
      if (!step) return false;
      if (!Object.is(step.lens.get(s), step.before)) {
        set({ undoFuture: s.undoFuture.filter((x) => x.lensId !== step.lensId), undoNotice: `“${step.label}” can no longer be redone: what it changed has been replaced since.` });
        return false;
      }
      set((now) => ({ ...step.lens.set(now, step.after), ...dirty(now), undoPast: [...now.undoPast, step], undoFuture: now.undoFuture.slice(0, -1), undoNotice: null }));
      return true;
    },
    forgetUndo: (lensId) =>
      set((s) =>
        lensId === undefined
          ? { undoPast: [], undoFuture: [] }
          : { undoPast: s.undoPast.filter((x) => x.lensId !== lensId), undoFuture: s.undoFuture.filter((x) => x.lensId !== lensId) },
      ),
  };
};

/** @example selectCanUndo(state) // true after any captured edit */
export function selectCanUndo(state: AppState): boolean {
  return state.undoPast.length > 0;
}

/** @example selectCanRedo(state) // true after an undo, false after a new edit */
export function selectCanRedo(state: AppState): boolean {
  return state.undoFuture.length > 0;
}

/** What the Undo button and menu say: "Undo Change band B3 price for 2026-27", or plain "Undo". */
export function selectUndoLabel(state: AppState): string {
  const step = state.undoPast[state.undoPast.length - 1];
  return step ? `Undo ${lowerFirst(step.label)}` : 'Undo';
}

/** @example selectRedoLabel(state) // 'Redo change band B3 price for 2026-27' */
export function selectRedoLabel(state: AppState): string {
  const step = state.undoFuture[state.undoFuture.length - 1];
  return step ? `Redo ${lowerFirst(step.label)}` : 'Redo';
}

/** "Change band…" reads as "Undo change band…"; acronyms ("LA", "ACF") keep their capitals. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}
