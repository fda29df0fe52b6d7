/**
 * Data slice: which tables the engine holds, the loaded placements' summary and filters, paging for the Data view's
 * table, and the import wizard. Loads and summaries are not undoable; the wizard's choices (mapping, columns to drop)
 * and saved mapping templates are user edits, captured through store/undo.ts.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Host, RowPage, RowQuery, TableInfo } from '../../../models/contract/host';
import type { Result } from '../../../models/contract/result';
import type { MappingTemplate } from '../../../models/io/mapping';
import type { PlacementField } from '../../../models/data/table';
import type { JsonObject, NamedDocument } from '../../../models/project/types';
import type { DataLoaded, DataSummary, FilterOptions, ImportDone, PlacementFilters, PreviewResult } from '../../../models/service/data-jobs';
import type { AppState } from './index';
import type { UndoLens } from './undo';

export type TablesStatus =
  | { state: 'checking' }
  | { state: 'ready'; tables: TableInfo[] }
  | { state: 'failed'; message: string };

export type DatasetStatus =
  | { state: 'idle' }
  | { state: 'loading'; what: string }
  | { state: 'ready' }
  | { state: 'failed'; message: string };

export type ImportStep = 'file' | 'mapping' | 'report' | 'personal' | 'confirm';
export const IMPORT_STEPS: readonly ImportStep[] = ['file', 'mapping', 'report', 'personal', 'confirm'];

/** What the user chose in the wizard: the edits that undo steps through. */
export interface ImportChoices {
  sheet: string | null;
  mapping: MappingTemplate | null;
  /** Header texts of personal-data columns to drop; null until the first preview has flagged them (all ticked). */
  dropColumns: string[] | null;
}

export interface ImportWizard {
  step: ImportStep;
  /** The furthest step reached: steps up to it can be revisited. */
  reached: ImportStep;
  file: { name: string; bytes: Uint8Array } | null;
  preview: PreviewResult | null;
  previewing: boolean;
  /** Plain words when the file could not be read or checked. */
  error: string | null;
  importing: boolean;
  /** The choices the preview on screen was made for: the view previews again only when they differ. */
  previewedChoices: ImportChoices | null;
}

export interface DataNotice {
  kind: 'info' | 'error';
  text: string;
}

export interface DataSlice {
  tables: TablesStatus;
  dataset: DatasetStatus;
  /** The summary of the rows the filters keep (all rows when nothing filters). */
  dataSummary: DataSummary | null;
  dataOptions: FilterOptions | null;
  dataFilters: PlacementFilters;
  /** True while a summary for new filters is being worked out. */
  dataFiltering: boolean;
  dataNotice: DataNotice | null;
  importWizard: ImportWizard | null;
  importChoices: ImportChoices;
  refreshTables(): Promise<void>;
  /** Loads the default England dataset into the engine (not an edit: nothing to undo, the project stays saved). */
  loadDefaultData(): Promise<void>;
  setDataFilters(filters: PlacementFilters): Promise<void>;
  /** One page of a table the engine holds; the Data view's tables page through this. */
  queryRows(query: RowQuery): Promise<Result<RowPage>>;
  exportRejectedRows(): Promise<void>;
  dismissDataNotice(): void;
  openImportWizard(): void;
  closeImportWizard(): void;
  chooseImportFile(): Promise<void>;
  goToImportStep(step: ImportStep): void;
  /** Runs the preview job for the file and the current choices (the view calls it, debounced, after each change). */
  previewImport(): Promise<void>;
  /** Captured: map a column of the file to a placement field (or to nothing). */
  mapImportColumn(header: string, field: PlacementField | null): void;
  chooseImportSheet(sheet: string): void;
  /** Captured: tick or untick a personal-data column for dropping. */
  setImportDrop(header: string, drop: boolean): void;
  /** Captured: saves the current mapping as a named template in the project. */
  saveMappingTemplate(name: string): void;
  /** Captured: applies a saved template to this file. */
  applyMappingTemplate(name: string): void;
  confirmImport(): Promise<boolean>;
}

const emptyChoices: ImportChoices = { sheet: null, mapping: null, dropColumns: null };

/** The wizard's choices: an undoable value of their own. */
export const importChoicesLens: UndoLens<ImportChoices> = {
  id: 'import',
  get: (s) => s.importChoices,
  set: (_s, value) => ({ importChoices: value }),
};

/** The project's saved mapping templates: saving one is an edit of the project. */
export const mappingTemplatesLens: UndoLens<NamedDocument[]> = {
  id: 'mappingTemplates',
  get: (s) => s.project.mappingTemplates,
  set: (s, value) => ({ project: { ...s.project, mappingTemplates: value } }),
};

/** Words for each placement field in the mapping step. */
export const FIELD_WORDS: Readonly<Record<PlacementField, string>> = {
  placement_id: 'Placement id',
  la_code: 'LA code',
  setting: 'Setting',
  age: 'Age',
  ncy: 'National curriculum year',
  primary_need: 'Primary need',
  annual_cost: 'Annual cost (£)',
  provider_id: 'Provider id',
  provider_name: 'Provider name',
  band: 'Band',
  place_funding: 'Place funding (£)',
  top_up: 'Top-up (£)',
  count: 'Number of placements in the row',
  need_score: 'Need score',
  residential: 'Residential weeks',
  ap_tier: 'AP tier',
  governance: 'Governance',
};

function isDataLoaded(x: unknown): x is DataLoaded {
  return !!x && typeof x === 'object' && 'summary' in x && 'options' in x;
}

/** A copy of the mapping with `header` read as `field` (and no other header read as that field). */
export function remapColumn(mapping: MappingTemplate, header: string, field: PlacementField | null): MappingTemplate {
  const fields: MappingTemplate['fields'] = {};
  for (const [f, h] of Object.entries(mapping.fields) as Array<[PlacementField, string | null]>) {
    // The field this header was read as is now unset explicitly (null), so automatic matching cannot bring it back.
    if (h === header) fields[f] = null;
    else fields[f] = h;
  }
  if (field) fields[field] = header;
  return { ...mapping, fields };
}

function step(index: number): ImportStep {
  return IMPORT_STEPS[Math.max(0, Math.min(IMPORT_STEPS.length - 1, index))];
}

function later(a: ImportStep, b: ImportStep): ImportStep {
  return IMPORT_STEPS.indexOf(a) >= IMPORT_STEPS.indexOf(b) ? a : b;
}

export const createDataSlice =
  (host: Host): StateCreator<AppState, [], [], DataSlice> =>
  (set, get) => {
    const wizard = (patch: Partial<ImportWizard>): void =>
      set((s) => (s.importWizard ? { importWizard: { ...s.importWizard, ...patch } } : {}));
    let summarySeq = 0;

    return {
      tables: { state: 'checking' },
      dataset: { state: 'idle' },
      dataSummary: null,
      dataOptions: null,
      dataFilters: {},
      dataFiltering: false,
      dataNotice: null,
      importWizard: null,
      importChoices: emptyChoices,

      refreshTables: async () => {
        set({ tables: { state: 'checking' } });
        const r = await host.listTables();
        set({ tables: r.ok ? { state: 'ready', tables: r.data } : { state: 'failed', message: r.error.message } });
      },

      loadDefaultData: async () => {
        set({ dataset: { state: 'loading', what: 'Loading the England dataset (638,745 placements)…' } });
        const r = await get().runJob({ kind: 'data.loadDefault', payload: {} }, 'Loading the England dataset');
        if (!r.ok || !isDataLoaded(r.data)) {
          set({ dataset: { state: 'failed', message: r.ok ? 'The engine answered in an unexpected form.' : r.error.message } });
          return;
        }
        set({ dataset: { state: 'ready' }, dataSummary: r.data.summary, dataOptions: r.data.options, dataFilters: {} });
        void get().refreshTables();
      },

      setDataFilters: async (filters) => {
        const seq = ++summarySeq;
        set({ dataFilters: filters, dataFiltering: true });
        const r = await get().runJob({ kind: 'data.summary', payload: { filters } }, 'Filtering placements');
        // A later filter change has overtaken this one: its answer is the one to show.
        if (seq !== summarySeq) return;
        if (!r.ok || !isDataLoaded(r.data)) {
          set({ dataFiltering: false, dataNotice: { kind: 'error', text: r.ok ? 'The filter could not be applied.' : r.error.message } });
          return;
        }
        set({ dataFiltering: false, dataSummary: r.data.summary, dataOptions: r.data.options });
      },

      queryRows: (query) => host.queryRows(query),

      exportRejectedRows: async () => {
        const r = await get().runJob({ kind: 'data.exportRejected', payload: {} }, 'Writing the rejected rows');
        if (!r.ok) return set({ dataNotice: { kind: 'error', text: r.error.message } });
        const out = r.data as { bytes: Uint8Array; name: string; rows: number };
        const saved = await host.saveFile({ title: 'Export rejected rows', defaultName: out.name, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] }, out.bytes);
        if (!saved.ok) set({ dataNotice: { kind: 'error', text: saved.error.message } });
        else if (saved.data) set({ dataNotice: { kind: 'info', text: `Saved ${out.rows.toLocaleString('en-GB')} rejected row${out.rows === 1 ? '' : 's'} with their reasons to ${saved.data.name}.` } });
      },

      dismissDataNotice: () => set({ dataNotice: null }),

      openImportWizard: () => {
        set({ importWizard: { step: 'file', reached: 'file', file: null, preview: null, previewing: false, error: null, importing: false, previewedChoices: null }, importChoices: emptyChoices });
        get().forgetUndo('import');
      },

      closeImportWizard: () => {
        set({ importWizard: null, importChoices: emptyChoices });
        get().forgetUndo('import');
      },

      chooseImportFile: async () => {
        const picked = await host.openFile({ title: 'Import placements', filters: [{ name: 'Placement files', extensions: ['xlsx', 'csv'] }] });
        if (!picked.ok) return wizard({ error: picked.error.message });
        if (!picked.data) return;
        // A new file is a load: choices made for the last one are forgotten, not undone.
        set((s) => ({
          importWizard: s.importWizard ? { ...s.importWizard, file: picked.data, preview: null, error: null, step: 'mapping', reached: 'mapping', previewedChoices: null } : s.importWizard,
          importChoices: emptyChoices,
        }));
        get().forgetUndo('import');
        await get().previewImport();
      },

      goToImportStep: (to) => {
        const w = get().importWizard;
        if (!w) return;
        if (IMPORT_STEPS.indexOf(to) > IMPORT_STEPS.indexOf(w.reached) + 1) return;
        wizard({ step: to, reached: later(w.reached, to) });
      },

      previewImport: async () => {
        const w = get().importWizard;
        if (!w?.file) return;
        const choices = get().importChoices;
        wizard({ previewing: true });
        const payload = {
          name: w.file.name,
          bytes: w.file.bytes,
          ...(choices.sheet ? { sheet: choices.sheet } : {}),
          ...(choices.mapping ? { mapping: choices.mapping } : {}),
          ...(choices.dropColumns ? { dropColumns: choices.dropColumns } : {}),
        };
        const r = await get().runJob({ kind: 'data.preview', payload }, `Checking ${w.file.name}`);
        // The choices moved on while this ran: the newer preview will answer.
        if (get().importChoices !== choices || get().importWizard?.file !== w.file) return;
        if (!r.ok) return wizard({ previewing: false, error: r.error.message });
        const preview = r.data as PreviewResult;
        wizard({ previewing: false, preview, previewedChoices: choices, error: preview.fatal ? `${w.file.name} ${preview.fatal}.` : null });
        // The first preview settles what the importer found; these are its proposals, not the user's edits.
        if (!preview.fatal && (!choices.mapping || choices.dropColumns === null)) {
          const proposed: ImportChoices = {
            sheet: choices.sheet ?? preview.sheet,
            mapping: choices.mapping ?? { ...preview.mapping, name: w.file.name.replace(/\.[^.]+$/, '') },
            dropColumns: choices.dropColumns ?? preview.personalData.map((f) => f.header).filter((h) => h !== ''),
          };
          set({ importChoices: proposed });
          wizard({ previewedChoices: proposed });
        }
      },

      mapImportColumn: (header, field) => {
        const c = get().importChoices;
        if (!c.mapping) return;
        const words = field ? FIELD_WORDS[field] : 'nothing (not read)';
        get().captureEdit({ label: `Map column “${header}” to ${words}`, lens: importChoicesLens, next: { ...c, mapping: remapColumn(c.mapping, header, field) } });
      },

      chooseImportSheet: (sheet) => {
        const c = get().importChoices;
        if (c.sheet === sheet) return;
        // A different sheet has different columns: the mapping and personal-data choices start afresh.
        get().captureEdit({ label: `Read sheet “${sheet}”`, lens: importChoicesLens, next: { sheet, mapping: null, dropColumns: null } });
      },

      setImportDrop: (header, drop) => {
        const c = get().importChoices;
        const now = new Set(c.dropColumns ?? []);
        if (drop) now.add(header);
        else now.delete(header);
        get().captureEdit({ label: `${drop ? 'Drop' : 'Keep'} column “${header}”`, lens: importChoicesLens, next: { ...c, dropColumns: [...now] } });
      },

      saveMappingTemplate: (name) => {
        const c = get().importChoices;
        const trimmed = name.trim();
        if (!c.mapping || !trimmed) return;
        const document = { ...c.mapping, name: trimmed } as unknown as JsonObject;
        const others = get().project.mappingTemplates.filter((t) => t.name !== trimmed);
        get().captureEdit({ label: `Save mapping template “${trimmed}”`, lens: mappingTemplatesLens, next: [...others, { name: trimmed, document }] });
      },

      applyMappingTemplate: (name) => {
        const t = get().project.mappingTemplates.find((x) => x.name === name);
        const c = get().importChoices;
        if (!t) return;
        const mapping = t.document as unknown as MappingTemplate;
        get().captureEdit({ label: `Apply mapping template “${name}”`, lens: importChoicesLens, next: { ...c, mapping: { ...mapping, name } } });
      },

      confirmImport: async () => {
        const w = get().importWizard;
        if (!w?.file) return false;
        const choices = get().importChoices;
        wizard({ importing: true, error: null });
        const payload = {
          name: w.file.name,
          bytes: w.file.bytes,
          ...(choices.sheet ? { sheet: choices.sheet } : {}),
          ...(choices.mapping ? { mapping: choices.mapping } : {}),
          dropColumns: choices.dropColumns ?? [],
        };
        const r = await get().runJob({ kind: 'data.import', payload }, `Importing ${w.file.name}`);
        if (!r.ok) {
          wizard({ importing: false, error: r.error.message });
          return false;
        }
        const done = r.data as ImportDone;
        if (!done.committed || !done.loaded) {
          wizard({ importing: false, error: `${w.file.name} ${done.fatal ?? 'could not be imported'}.` });
          return false;
        }
        const dropped = done.header.columns.filter((c) => c.dropped && !c.mergedInto && c.header !== '').map((c) => c.header);
        set({
          importWizard: null,
          importChoices: emptyChoices,
          dataset: { state: 'ready' },
          dataSummary: done.loaded.summary,
          dataOptions: done.loaded.options,
          dataFilters: {},
          dataNotice: {
            kind: 'info',
            text: `Imported ${done.counts.accepted.toLocaleString('en-GB')} placement${done.counts.accepted === 1 ? '' : 's'} from ${w.file.name}; ${done.counts.rejected.toLocaleString('en-GB')} row${done.counts.rejected === 1 ? ' was' : 's were'} rejected.${dropped.length ? ` Dropped and never kept: ${dropped.join(', ')}.` : ''}`,
          },
        });
        get().forgetUndo('import');
        void get().refreshTables();
        return true;
      },
    };
  };

/** The step after this one, for the wizard's Continue button. */
export function nextImportStep(s: ImportStep): ImportStep {
  return step(IMPORT_STEPS.indexOf(s) + 1);
}

/** The step before, for Back. */
export function previousImportStep(s: ImportStep): ImportStep {
  return step(IMPORT_STEPS.indexOf(s) - 1);
}
