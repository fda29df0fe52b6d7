/**
 * Rulebook slice: the rulebook being edited (a draft, captured for undo and kept in the project), the one it was opened
 * as (the diff's default), its live check and what it costs on the loaded data — all worked out by engine jobs.
 * Opening a rulebook is a load: it is not undoable and does not make the project unsaved.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Host } from '../../../models/contract/host';
import type { Rulebook } from '../../../models/rules/rulebook';
import type { DataIssue } from '../../../models/data/table';
import type { JsonObject } from '../../../models/project/types';
import type { RulebookCheck, RulebookCosts, ShippedRulebook } from '../../../models/service/rulebook-jobs';
import type { AppState, AppStore } from './index';
import type { UndoLens } from './undo';
import { fyStart, HORIZON_YEARS, type FinancialYear } from '../views/rulebook/edit';

export type ShippedStatus = { state: 'idle' | 'loading' } | { state: 'ready'; list: ShippedRulebook[] } | { state: 'failed'; message: string };

export interface OpenedRulebook {
  /** Where it came from, for the title line: a shipped file name or the user's file. */
  name: string;
  kind: 'shipped' | 'file' | 'template';
  /** The rulebook as opened: the diff compares against it unless another is chosen. */
  document: Rulebook;
}

export interface RulebookNotice {
  kind: 'info' | 'error';
  text: string;
  /** Template problems, each naming sheet, row and column. */
  issues?: DataIssue[];
}

export interface RulebookSlice {
  shippedRulebooks: ShippedStatus;
  rulebookDraft: Rulebook | null;
  rulebookOpened: OpenedRulebook | null;
  /** The check of the draft it names (a newer draft makes it stale). */
  rulebookCheck: { state: 'idle' | 'checking' | 'done' | 'failed'; result: RulebookCheck | null; of: Rulebook | null; message?: string };
  rulebookCosts: { state: 'idle' | 'pricing' | 'done' | 'failed'; result: RulebookCosts | null; of: Rulebook | null; date: string | null; message?: string };
  /** The financial year the costs strip prices. */
  rulebookYear: FinancialYear;
  rulebookNotice: RulebookNotice | null;
  loadShippedRulebooks(): Promise<void>;
  openShippedRulebook(file: string): void;
  /** Opens a rulebook file: JSON, or an edited Excel template. */
  openRulebookFile(): Promise<void>;
  /** Captured: replaces the draft with `update(draft)`, labelled for the Undo menu. */
  editRulebook(label: string, update: (draft: Rulebook) => Rulebook, mergeKey?: string): void;
  checkRulebook(): Promise<void>;
  priceRulebook(): Promise<void>;
  setRulebookYear(fy: FinancialYear): void;
  downloadRulebookTemplate(): Promise<void>;
  downloadRulebookJson(): Promise<void>;
  dismissRulebookNotice(): void;
}

/** The draft, and its copy in the project's rulebooks (so Save writes it): one undoable value. */
export const rulebookLens: UndoLens<Rulebook | null> = {
  id: 'rulebook',
  get: (s) => s.rulebookDraft,
  set: (s, value) => {
    if (!value) return { rulebookDraft: value };
    const document = value as unknown as JsonObject;
    const others = s.project.rulebooks.filter((r) => r.name !== value.id);
    return { rulebookDraft: value, project: { ...s.project, rulebooks: [...others, { name: value.id, document }] } };
  },
};

/** The rulebook opened when the app starts: the illustrative national bands, the one the baseline scenario uses. */
export const DEFAULT_RULEBOOK_FILE = 'illustrative-national-bands.rulebook.json';

function isShippedList(x: unknown): x is ShippedRulebook[] {
  return Array.isArray(x) && x.every((r) => r && typeof r === 'object' && 'document' in r);
}

export const createRulebookSlice =
  (host: Host): StateCreator<AppState, [], [], RulebookSlice> =>
  (set, get) => {
    /** Puts a rulebook in place as a load: no undo step, no unsaved mark. */
    const open = (document: Rulebook, name: string, kind: OpenedRulebook['kind']): void => {
      set({ rulebookDraft: document, rulebookOpened: { name, kind, document }, rulebookCheck: { state: 'idle', result: null, of: null }, rulebookNotice: null });
      get().forgetUndo(rulebookLens.id);
    };
    let checkSeq = 0;
    let priceSeq = 0;

    return {
      shippedRulebooks: { state: 'idle' },
      rulebookDraft: null,
      rulebookOpened: null,
      rulebookCheck: { state: 'idle', result: null, of: null },
      rulebookCosts: { state: 'idle', result: null, of: null, date: null },
      rulebookYear: HORIZON_YEARS[0],
      rulebookNotice: null,

      loadShippedRulebooks: async () => {
        set({ shippedRulebooks: { state: 'loading' } });
        const r = await get().runJob({ kind: 'rulebook.shipped', payload: {} }, 'Reading the shipped rulebooks');
        if (!r.ok || !isShippedList(r.data)) {
          set({ shippedRulebooks: { state: 'failed', message: r.ok ? 'The engine answered in an unexpected form.' : r.error.message } });
          return;
        }
        set({ shippedRulebooks: { state: 'ready', list: r.data } });
        if (!get().rulebookDraft) get().openShippedRulebook(DEFAULT_RULEBOOK_FILE);
      },

      openShippedRulebook: (file) => {
        const s = get().shippedRulebooks;
        if (s.state !== 'ready') return;
        const found = s.list.find((r) => r.file === file);
        if (found) open(found.document as unknown as Rulebook, found.file, 'shipped');
      },

      openRulebookFile: async () => {
        const picked = await host.openFile({ title: 'Open a rulebook', filters: [{ name: 'Rulebooks', extensions: ['json', 'xlsx'] }] });
        if (!picked.ok) return set({ rulebookNotice: { kind: 'error', text: picked.error.message } });
        if (!picked.data) return;
        const { name, bytes } = picked.data;
        if (/\.xlsx$/i.test(name)) {
          const r = await get().runJob({ kind: 'rulebook.fromTemplate', payload: { bytes, name } }, `Reading ${name}`);
          if (!r.ok) return set({ rulebookNotice: { kind: 'error', text: r.error.message } });
          const out = r.data as { document: Record<string, unknown> | null; ok: boolean; issues: DataIssue[] };
          const errors = out.issues.filter((i) => i.severity === 'error');
          if (!out.document || errors.length > 0) {
            set({ rulebookNotice: { kind: 'error', text: `${name} has ${errors.length || 'some'} problem${errors.length === 1 ? '' : 's'} to fix in Excel before it can be used; nothing was changed here.`, issues: out.issues } });
            return;
          }
          // An uploaded template is an edit of the open rulebook when it is the same rulebook, else a load.
          const doc = out.document as unknown as Rulebook;
          if (get().rulebookDraft?.id === doc.id) {
            get().captureEdit({ label: `Apply the edited template ${name}`, lens: rulebookLens, next: doc });
            set({ rulebookNotice: { kind: 'info', text: `Read ${name}: the rulebook now holds the workbook’s values. Undo puts back what was there before.`, issues: out.issues } });
          } else {
            open(doc, name, 'template');
            set({ rulebookNotice: { kind: 'info', text: `Opened ${name}.`, issues: out.issues } });
          }
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder('utf-8').decode(bytes));
        } catch (e) {
          return set({ rulebookNotice: { kind: 'error', text: `${name} is not a rulebook: it is not valid JSON (${e instanceof Error ? e.message : String(e)}).` } });
        }
        const r = await get().runJob({ kind: 'rulebook.check', payload: { rulebook: json, file: name } }, `Checking ${name}`);
        if (!r.ok) return set({ rulebookNotice: { kind: 'error', text: r.error.message } });
        const check = r.data as RulebookCheck;
        // Formula problems can be fixed here; a file whose shape is wrong cannot be edited field by field.
        const shape = check.problems.filter((p) => p.severity === 'error' && p.rule !== 'formula' && p.rule !== 'reference');
        if (shape.length > 0) {
          set({ rulebookNotice: { kind: 'error', text: `${name} cannot be opened as a rulebook: ${shape.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}${shape.length > 3 ? `; and ${shape.length - 3} more` : ''}.` } });
          return;
        }
        open(json as Rulebook, name, 'file');
      },

      editRulebook: (label, update, mergeKey) => {
        const draft = get().rulebookDraft;
        if (!draft) return;
        get().captureEdit({ label, lens: rulebookLens, next: update(draft), ...(mergeKey ? { mergeKey } : {}) });
      },

      checkRulebook: async () => {
        const draft = get().rulebookDraft;
        if (!draft) return;
        const seq = ++checkSeq;
        set((s) => ({ rulebookCheck: { ...s.rulebookCheck, state: 'checking' } }));
        const r = await get().runJob({ kind: 'rulebook.check', payload: { rulebook: draft, file: draft.id } }, 'Checking the rulebook');
        if (seq !== checkSeq) return;
        set({ rulebookCheck: r.ok ? { state: 'done', result: r.data as RulebookCheck, of: draft } : { state: 'failed', result: null, of: draft, message: r.error.message } });
      },

      priceRulebook: async () => {
        const draft = get().rulebookDraft;
        if (!draft) return;
        const date = fyStart(get().rulebookYear);
        const seq = ++priceSeq;
        set((s) => ({ rulebookCosts: { ...s.rulebookCosts, state: 'pricing' } }));
        const r = await get().runJob({ kind: 'rulebook.price', payload: { rulebook: draft, date } }, 'Pricing the placements');
        if (seq !== priceSeq) return;
        set({ rulebookCosts: r.ok ? { state: 'done', result: r.data as RulebookCosts, of: draft, date } : { state: 'failed', result: null, of: draft, date, message: r.error.message } });
        // Pricing assigns bands in the engine: the Data view's band filter and column follow the rulebook.
        const d = get().dataSummary;
        if (r.ok && d && d.bandSource.kind !== 'data' && (d.bandSource.kind !== 'rulebook' || d.bandSource.name !== draft.name)) void get().setDataFilters(get().dataFilters);
      },

      setRulebookYear: (fy) => set({ rulebookYear: fy }),

      downloadRulebookTemplate: async () => {
        const draft = get().rulebookDraft;
        if (!draft) return;
        const r = await get().runJob({ kind: 'rulebook.toTemplate', payload: { rulebook: draft } }, 'Writing the Excel template');
        if (!r.ok) return set({ rulebookNotice: { kind: 'error', text: r.error.message } });
        const out = r.data as { bytes: Uint8Array; name: string };
        const saved = await host.saveFile({ title: 'Download the rulebook as an Excel template', defaultName: out.name, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] }, out.bytes);
        if (!saved.ok) set({ rulebookNotice: { kind: 'error', text: saved.error.message } });
        else if (saved.data) set({ rulebookNotice: { kind: 'info', text: `Saved ${saved.data.name}. Edit it in Excel, then upload it here to bring the changes back.` } });
      },

      downloadRulebookJson: async () => {
        const draft = get().rulebookDraft;
        if (!draft) return;
        const bytes = new TextEncoder().encode(`${JSON.stringify(draft, null, 2)}\n`);
        const saved = await host.saveFile({ title: 'Save the rulebook', defaultName: `${draft.id}.rulebook.json`, filters: [{ name: 'Rulebook', extensions: ['json'] }] }, bytes);
        if (!saved.ok) set({ rulebookNotice: { kind: 'error', text: saved.error.message } });
        else if (saved.data) set({ rulebookNotice: { kind: 'info', text: `Saved ${saved.data.name}.` } });
      },

      dismissRulebookNotice: () => set({ rulebookNotice: null }),
    };
  };

/** Whether the check on screen belongs to the draft on screen. */
export function selectCheckIsCurrent(s: AppState): boolean {
  return s.rulebookCheck.of === s.rulebookDraft && s.rulebookCheck.state === 'done';
}

/** Problems of the current check at a path (e.g. 'bands.list[2].when'). */
export function selectProblemsAt(s: AppState, path: string) {
  return s.rulebookCheck.result?.problems.filter((p) => p.path === path) ?? [];
}

/** What the costs depend on besides the draft and year: which placements are loaded. */
function dataKey(s: AppState): string | null {
  return s.dataSummary ? `${s.dataSummary.origin}|${s.dataSummary.source}|${s.dataSummary.tableRows}` : null;
}

/**
 * Keeps the check and the costs live: the draft is checked once edits pause, and priced once it checks out — again
 * when the strip's year or the loaded data change. Runs for the whole app (not only while the Rulebook view is open),
 * so the Data view's bands and the costs strip are ready when the user arrives. Returns the function that stops.
 */
export function installRulebookLive(store: AppStore, delays: { checkMs?: number; priceMs?: number } = {}): () => void {
  const checkMs = delays.checkMs ?? 300;
  const priceMs = delays.priceMs ?? 150;
  let checkTimer: ReturnType<typeof setTimeout> | null = null;
  let priceTimer: ReturnType<typeof setTimeout> | null = null;
  const schedulePrice = (): void => {
    if (priceTimer) clearTimeout(priceTimer);
    priceTimer = setTimeout(() => {
      priceTimer = null;
      const s = store.getState();
      if (s.rulebookDraft && dataKey(s) && s.rulebookCheck.of === s.rulebookDraft && s.rulebookCheck.result?.ok) void s.priceRulebook();
    }, priceMs);
  };
  const unsubscribe = store.subscribe((s, before) => {
    if (s.rulebookDraft && s.rulebookDraft !== before.rulebookDraft) {
      if (checkTimer) clearTimeout(checkTimer);
      checkTimer = setTimeout(() => {
        checkTimer = null;
        void store.getState().checkRulebook();
      }, checkMs);
    }
    const checked = s.rulebookCheck !== before.rulebookCheck && s.rulebookCheck.state === 'done' && s.rulebookCheck.of === s.rulebookDraft && s.rulebookCheck.result?.ok;
    if (checked || s.rulebookYear !== before.rulebookYear || dataKey(s) !== dataKey(before)) schedulePrice();
  });
  return () => {
    unsubscribe();
    if (checkTimer) clearTimeout(checkTimer);
    if (priceTimer) clearTimeout(priceTimer);
  };
}
