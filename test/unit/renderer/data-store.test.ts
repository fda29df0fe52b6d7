// @vitest-environment jsdom
// The data and rulebook slices against the real engine service (with the shipped files): loading is not an edit, the
// wizard's choices and saved templates are, filters answer in order, and the live check/price keeps bands in step.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Host, JobEvent } from '../../../models/contract/host';
import { ok } from '../../../models/contract/result';
import { createEngineService } from '../../../models/service/engine-service';
import { ENGINE_JOBS } from '../../../models/service/jobs';
import { isAssetPath } from '../../../models/service/assets';
import { createAppStore, type AppStore } from '../../../renderer/src/store';
import { remapColumn } from '../../../renderer/src/store/data';
import { bindCommands, runCommand } from '../../../renderer/src/commands/registry';
import { selectUndoLabel } from '../../../renderer/src/store/undo';
import { setYearValue } from '../../../renderer/src/views/rulebook/edit';
import { messyCouncilWorkbook } from '../../fixtures/messy-council-workbook';

const ROOT = resolve(import.meta.dirname, '../../..');
const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

/** A host over the real engine service, with the shipped files, a file to "open" and a record of saved files. */
function setUp(file?: { name: string; bytes: Uint8Array }) {
  const listeners = new Set<(e: JobEvent) => void>();
  const service = createEngineService(ENGINE_JOBS, (e) => listeners.forEach((l) => l(e)), {
    assets: { read: async (path) => (isAssetPath(path) ? new Uint8Array(await readFile(resolve(ROOT, path))) : Promise.reject(new Error(path))) },
  });
  const saved: Array<{ name: string; bytes: Uint8Array }> = [];
  let n = 0;
  const host: Host = {
    appInfo: async () => ok({ name: 'High Needs Tariff Modeller', version: '0.1.0', shell: 'browser', platform: 'Linux' }),
    openFile: async () => ok(file ?? null),
    saveFile: async (o, bytes) => {
      saved.push({ name: o.defaultName, bytes });
      return ok({ name: o.defaultName, size: bytes.length });
    },
    startJob: async (r) => service.start(`job-${++n}`, r.kind, r.payload),
    cancelJob: async (id) => service.cancel(id),
    onJobEvent: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    listTables: async () => ok(service.tables.list()),
    queryRows: async (q) => service.tables.query(q),
  };
  const { store, dispose } = createAppStore(host, 'other', { confirmDiscard: () => true });
  disposers.push(dispose);
  return { store, saved, service };
}

const until = async (store: AppStore, test: () => boolean, timeout = 30_000): Promise<void> => {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeout) throw new Error('timed out waiting for the store');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('data slice', () => {
  it('loading the default dataset is not an edit: nothing to undo, the project stays saved', async () => {
    const { store } = setUp();
    await store.getState().loadDefaultData();
    const s = store.getState();
    expect(s.dataset).toEqual({ state: 'ready' });
    expect(s.dataSummary?.plans).toBe(638745);
    expect(s.undoPast).toEqual([]);
    expect(s.projectDirty).toBe(false);
    expect(s.tables.state === 'ready' && s.tables.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['placements', 'placements.view', 'rejected']));
  }, 60_000);

  it('answers filters in the order they were set: a slower, older answer never overwrites a newer one', async () => {
    const { store } = setUp();
    await store.getState().loadDefaultData();
    const first = store.getState().setDataFilters({ setting: ['mainstream'] });
    const second = store.getState().setDataFilters({ setting: ['iss'] });
    await Promise.all([first, second]);
    expect(store.getState().dataFilters).toEqual({ setting: ['iss'] });
    expect(store.getState().dataSummary?.plans).toBe(29647);
    expect(store.getState().dataFiltering).toBe(false);
    expect(store.getState().projectDirty).toBe(false);
  }, 60_000);

  it('runs the import wizard: proposals are not edits, the user’s choices are, and the import replaces the data', async () => {
    const bytes = await messyCouncilWorkbook();
    const { store, saved } = setUp({ name: 'messy.xlsx', bytes });
    store.getState().openImportWizard();
    await store.getState().chooseImportFile();
    const s = store.getState();
    expect(s.importWizard?.step).toBe('mapping');
    expect(s.importWizard?.preview?.counts.rejected).toBe(5);
    expect(s.importChoices.mapping?.fields.setting).toBe('Placement type');
    expect(s.importChoices.dropColumns).toEqual(['UPN', 'Pupil name']);
    expect(s.undoPast).toEqual([]);

    // A captured mapping edit, undone.
    store.getState().mapImportColumn('Provider', 'provider_name');
    expect(selectUndoLabel(store.getState())).toBe('Undo map column “Provider” to Provider name');
    expect(store.getState().importChoices.mapping?.fields.provider_name).toBe('Provider');
    store.getState().undo();
    expect(store.getState().importChoices.mapping?.fields.provider_id).toBe('Provider');

    // Unticking a personal-data column is an edit too; the preview follows the choices.
    store.getState().setImportDrop('UPN', false);
    expect(store.getState().importChoices.dropColumns).toEqual(['Pupil name']);
    await store.getState().previewImport();
    expect(store.getState().importWizard?.preview?.header.columns.find((c) => c.header === 'UPN')?.dropped).toBe(false);
    store.getState().undo();
    expect(store.getState().importChoices.dropColumns).toEqual(['UPN', 'Pupil name']);

    // Saving the mapping as a template edits the project (unsaved), and can be applied again.
    store.getState().saveMappingTemplate('Monthly return');
    expect(store.getState().project.mappingTemplates.map((t) => t.name)).toEqual(['Monthly return']);
    expect(store.getState().projectDirty).toBe(true);
    store.getState().mapImportColumn('Provider', null);
    store.getState().applyMappingTemplate('Monthly return');
    expect(store.getState().importChoices.mapping?.fields.provider_id).toBe('Provider');

    // Steps can only be reached in order.
    store.getState().goToImportStep('confirm');
    expect(store.getState().importWizard?.step).toBe('mapping');
    store.getState().goToImportStep('report');
    expect(store.getState().importWizard?.step).toBe('report');

    expect(await store.getState().confirmImport()).toBe(true);
    const after = store.getState();
    expect(after.importWizard).toBeNull();
    expect(after.dataSummary).toMatchObject({ plans: 6, origin: 'import', rejectedRows: 5 });
    expect(after.dataNotice?.text).toMatch(/Imported 6 placements from messy\.xlsx; 5 rows were rejected\. Dropped and never kept: UPN, Pupil name\./);
    // The wizard's history is gone with the wizard; the saved template (a project edit) stays undoable.
    expect(after.undoPast.map((x) => x.lensId)).toEqual(['mappingTemplates']);

    await store.getState().exportRejectedRows();
    expect(saved.map((f) => f.name)).toEqual(['messy-rejected-rows.xlsx']);
    expect(store.getState().dataNotice?.text).toBe('Saved 5 rejected rows with their reasons to messy-rejected-rows.xlsx.');
  }, 60_000);

  it('File › Import placements (Ctrl+I) opens the wizard on the Data view', () => {
    const { store } = setUp();
    store.getState().navigate('rulebook', 'nav');
    expect(runCommand(bindCommands(store), store, 'file.import', 'menu')).toBe(true);
    expect(store.getState().view).toBe('data');
    expect(store.getState().importWizard?.step).toBe('file');
  });

  it('remapColumn reads one header as one field and unsets what it was read as', () => {
    const m = remapColumn({ name: 'm', fields: { provider_id: 'Provider', setting: 'Type' } }, 'Provider', 'provider_name');
    expect(m.fields).toEqual({ provider_id: null, setting: 'Type', provider_name: 'Provider' });
    expect(remapColumn(m, 'Type', null).fields).toEqual({ provider_id: null, setting: null, provider_name: 'Provider' });
  });
});

describe('rulebook slice', () => {
  it('opens the illustrative rulebook at start as a load, checks and prices it live, and gives the Data view its bands', async () => {
    const { store } = setUp();
    await Promise.all([store.getState().loadDefaultData(), store.getState().loadShippedRulebooks()]);
    expect(store.getState().rulebookDraft?.id).toBe('illustrative-national-bands');
    expect(store.getState().undoPast).toEqual([]);
    expect(store.getState().projectDirty).toBe(false);
    await until(store, () => store.getState().rulebookCosts.state === 'done' && store.getState().dataSummary?.bandSource.kind === 'rulebook');
    expect(store.getState().rulebookCheck.result).toEqual({ ok: true, problems: [] });
    expect(store.getState().rulebookCosts.result?.plans).toBe(638745);
    expect(store.getState().dataOptions?.band.map((b) => b.value)).toHaveLength(6);
  }, 60_000);

  it('an edit is captured, written into the project, rechecked and repriced; undo restores the price', async () => {
    const { store } = setUp();
    await Promise.all([store.getState().loadDefaultData(), store.getState().loadShippedRulebooks()]);
    store.getState().setRulebookYear('2027-28');
    await until(store, () => store.getState().rulebookCosts.state === 'done' && store.getState().rulebookCosts.date === '2027-04-01' && store.getState().rulebookCosts.of === store.getState().rulebookDraft);
    const before = store.getState().rulebookCosts.result!.price;
    store.getState().editRulebook('Change base price B3 × ISS for 2027-28 to £50,000', (d) => setYearValue(d, 'base_price', ['B3', 'iss'], '2027-28', 50000));
    expect(store.getState().projectDirty).toBe(true);
    expect(store.getState().project.rulebooks.map((r) => r.name)).toEqual(['illustrative-national-bands']);
    await until(store, () => store.getState().rulebookCosts.of === store.getState().rulebookDraft && store.getState().rulebookCosts.state === 'done');
    expect(store.getState().rulebookCosts.result!.price).toBeGreaterThan(before);
    store.getState().undo();
    await until(store, () => store.getState().rulebookCosts.of === store.getState().rulebookDraft && store.getState().rulebookCosts.state === 'done');
    expect(store.getState().rulebookCosts.result!.price).toBeCloseTo(before, 2);
  }, 90_000);

  it('a broken rule is reported with its position and blocks pricing until fixed', async () => {
    const { store } = setUp();
    await store.getState().loadShippedRulebooks();
    store.getState().editRulebook('Edit band B5 rule', (d) => ({ ...d, bands: { ...d.bands, list: d.bands.list.map((b, i) => (i === 1 ? { ...b, when: 'foo > 3' } : b)) } }));
    await store.getState().checkRulebook();
    const check = store.getState().rulebookCheck.result!;
    expect(check.ok).toBe(false);
    expect(check.problems[0]).toMatchObject({ path: 'bands.list[1].when', position: 0 });
  });

  it('opening another shipped rulebook is a load: the edit history of the last one is forgotten', async () => {
    const { store } = setUp();
    await store.getState().loadShippedRulebooks();
    store.getState().editRulebook('Edit the price formula', (d) => ({ ...d, tariff: { ...d.tariff, formula: 'base_price' } }));
    store.getState().openShippedRulebook('iss-price-bands.rulebook.json');
    expect(store.getState().rulebookDraft?.id).toBe('iss-price-bands');
    expect(store.getState().rulebookOpened?.kind).toBe('shipped');
    expect(store.getState().undoPast).toEqual([]);
  });

  it('downloads the template and the JSON through the host', async () => {
    const { store, saved } = setUp();
    await store.getState().loadShippedRulebooks();
    await store.getState().downloadRulebookTemplate();
    await store.getState().downloadRulebookJson();
    expect(saved.map((f) => f.name)).toEqual(['illustrative-national-bands.xlsx', 'illustrative-national-bands.rulebook.json']);
    expect(JSON.parse(new TextDecoder().decode(saved[1].bytes)).id).toBe('illustrative-national-bands');
  });
});
