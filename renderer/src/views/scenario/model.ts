/**
 * The scenario being edited as data: a diff over a baseline (PolicyEngine-style overrides by dotted path) plus band
 * price edits to its rulebook, and the pure functions that resolve it, describe its assumptions and build the run the
 * engine receives. No React and no store here, so all of it is unit-tested.
 */
import type { JsonObject, JsonValue, NamedDocument } from '../../../../models/project/types';
import { resolveScenario, type Scenario, type ScenarioIssue } from '../../../../models/projection/scenario';
import { centralOf, isDistribution, quantileOf, type Quantity } from '../../../../models/uncertainty/distributions';
import { valueAt } from '../../../../models/uncertainty/inputs';
import type { WorkspaceRun } from '../../../../models/service/workspace-jobs';

/** One band price changed in the scenario's copy of its rulebook (the base_price table in force on the pricing date). */
export interface PriceEdit {
  band: string;
  setting: string;
  value: number;
}

export interface ScenarioDraft {
  /** The scenario's name; its project document is "<slug>.scenario.json". */
  name: string;
  /** The baseline: a shipped scenario's file name or a saved scenario's document name. */
  baseline: string;
  /** Only what differs from the baseline, by dotted path ("demand.joiners.multiplier"). */
  overrides: Record<string, JsonValue>;
  prices: PriceEdit[];
}

/** A scenario that can be a baseline: shipped with the app or saved in the project. */
export interface CatalogEntry {
  ref: string;
  name: string;
  description: string;
  document: JsonObject;
  shipped: boolean;
}

/**
 * The baselines on offer: the shipped scenarios, then those saved in the project (except the one being edited).
 * @example catalogEntries(shipped, project.scenarios)[0].ref // 'england-baseline.scenario.json'
 */
export function catalogEntries(shipped: ReadonlyArray<{ file: string; document: unknown }>, saved: readonly NamedDocument[], exclude?: string): CatalogEntry[] {
  const entry = (ref: string, document: JsonObject, isShipped: boolean): CatalogEntry => ({
    ref,
    name: typeof document.name === 'string' ? document.name : ref,
    description: typeof document.description === 'string' ? document.description : '',
    document,
    shipped: isShipped,
  });
  return [
    ...shipped.map((s) => entry(s.file, s.document as JsonObject, true)),
    ...saved.filter((d) => d.name !== exclude && d.name.endsWith('.scenario.json')).map((d) => entry(d.name, d.document, false)),
  ];
}

/** A file-safe name: "B4 + £1,000" → "b4-1-000". */
export function slug(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'scenario';
}

export const scenarioFileOf = (draft: Pick<ScenarioDraft, 'name'>): string => `${slug(draft.name)}.scenario.json`;
export const rulebookFileOf = (draft: Pick<ScenarioDraft, 'name'>): string => `${slug(draft.name)}.rulebook.json`;

/** The documents a draft's baseline chain needs, by the references the diffs use. */
export function baselineChain(ref: string, catalog: readonly CatalogEntry[]): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = {};
  let next: string | undefined = ref;
  while (next !== undefined && !(next in out)) {
    const e = catalog.find((c) => c.ref === next);
    if (!e) break;
    out[next] = e.document;
    next = typeof e.document.baseline === 'string' ? e.document.baseline : undefined;
  }
  return out;
}

/** The draft as a scenario diff document (what the project saves and `hntm run` reads beside its rulebook). */
export function draftDocument(draft: ScenarioDraft): JsonObject {
  const overrides: JsonObject = { ...draft.overrides };
  if (draft.prices.length > 0) overrides.rulebook = rulebookFileOf(draft);
  return { schemaVersion: 1, name: draft.name, baseline: draft.baseline, overrides };
}

export interface ResolvedDraft {
  scenario: Scenario | null;
  baseline: Scenario | null;
  issues: ScenarioIssue[];
}

const resolveRef = (catalog: readonly CatalogEntry[]) => (ref: string) => {
  const e = catalog.find((c) => c.ref === ref);
  return e ? { json: e.document as unknown, file: ref } : { error: `the baseline "${ref}" is not a shipped or saved scenario.` };
};

/**
 * The draft resolved through its baselines, and the baseline itself, with every problem (overrides are validated
 * before any is applied, so a bad edit leaves nothing half-applied).
 */
export function resolveDraft(draft: ScenarioDraft, catalog: readonly CatalogEntry[]): ResolvedDraft {
  const read = resolveRef(catalog);
  const base = read(draft.baseline);
  const baseline = 'error' in base ? null : resolveScenario(base.json, draft.baseline, read).scenario;
  // The rulebook override names a file the project holds; the run sends the document itself, so resolve without it.
  const doc = draftDocument(draft);
  const r = resolveScenario(doc, scenarioFileOf(draft), read);
  return { scenario: r.scenario, baseline, issues: r.issues };
}

/** The base_price entry in force on a date: the latest `from` on or before it. */
function entryInForce(values: Array<{ from: string }>, date: string): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v.from <= date && (best < 0 || v.from >= values[best].from)) best = i;
  });
  return best;
}

/**
 * A band price as the rulebook has it on the date (the base_price table, band × setting), or null.
 * @example basePrice(rulebook, 'B4', 'iss', '2025-04-01') // 55000
 */
export function basePrice(rulebook: unknown, band: string, setting: string, date: string): number | null {
  const p = (rulebook as { parameters?: Record<string, { values?: Array<{ from: string; value: unknown }> }> })?.parameters?.base_price;
  if (!p?.values) return null;
  const k = entryInForce(p.values, date);
  if (k < 0) return null;
  const table = p.values[k].value as Record<string, Record<string, number>>;
  const row = table?.[band];
  const v = row?.[setting] ?? row?.['*'];
  return typeof v === 'number' ? v : null;
}

/**
 * The scenario's copy of its rulebook with band prices changed in the base_price entry in force on the pricing
 * date; each change is written into the entry's source, so the Assumptions sheet says who changed what.
 * @example editedRulebook(rb, [{band: 'B4', setting: 'iss', value: 56000}], '2025-04-01', 'Option A').parameters.base_price
 */
export function editedRulebook(rulebook: unknown, prices: readonly PriceEdit[], date: string, scenarioName: string): unknown {
  if (prices.length === 0) return rulebook;
  const copy = JSON.parse(JSON.stringify(rulebook)) as { id?: string; name?: string; parameters: Record<string, { values: Array<{ from: string; value: Record<string, Record<string, number>>; source: string }> }> };
  const entry = copy.parameters.base_price.values[entryInForce(copy.parameters.base_price.values, date)];
  const notes: string[] = [];
  for (const p of prices) {
    const was = entry.value[p.band]?.[p.setting] ?? entry.value[p.band]?.['*'];
    entry.value[p.band] = { ...(entry.value[p.band] ?? {}), [p.setting]: p.value };
    notes.push(`${p.band} × ${p.setting} ${typeof was === 'number' ? `£${was.toLocaleString('en-GB')}` : '(none)'} → £${p.value.toLocaleString('en-GB')}`);
  }
  entry.source = `${entry.source} Changed in scenario “${scenarioName}”: ${notes.join('; ')}.`;
  copy.id = `${copy.id ?? 'rulebook'}+${slug(scenarioName)}`;
  copy.name = `${copy.name ?? 'Rulebook'} (edited in “${scenarioName}”)`;
  return copy;
}

/**
 * What the engine receives to run the draft: the diff, its baselines and (when prices are edited) the rulebook.
 * `rulebooks` holds the shipped rulebooks by the path scenarios name them.
 */
export function draftRun(draft: ScenarioDraft, catalog: readonly CatalogEntry[], rulebooks: Record<string, unknown>, resolved: Scenario | null): WorkspaceRun {
  const run: WorkspaceRun = { scenario: draftDocument(draft), baselines: baselineChain(draft.baseline, catalog) };
  if (!resolved) return run;
  // The rulebook the scenario names before its price edits (the draft's own rulebook override is the edited copy).
  const ref = resolveDraft({ ...draft, prices: [] }, catalog).scenario?.rulebook;
  const source = ref !== undefined ? rulebooks[ref] : undefined;
  if (draft.prices.length > 0 && source) run.rulebook = editedRulebook(source, draft.prices, `${resolved.horizon.firstYear.slice(0, 4)}-04-01`, draft.name);
  // A rulebook saved in the project is not among the shipped files the engine can read: send it.
  else if (source && ref !== undefined && !ref.startsWith('rulebooks/')) run.rulebook = source;
  return run;
}

// ---- Assumptions as the view lists them ----------------------------------------------------------------------------

export type AssumptionUnit = 'rate' | 'share' | 'multiplier' | 'pounds';
export type AssumptionGroup = 'demand' | 'levers' | 'funding' | 'uncertainty';

export interface AssumptionItem {
  /** Dotted path of the value (a number or a distribution). */
  path: string;
  label: string;
  unit: AssumptionUnit;
  /** Dotted path of its source text, when it has one of its own. */
  sourcePath: string | null;
  /** What the number means, in one line. */
  help: string;
  /** Whether the value may be uncertain (an 80% range); false for plain amounts. */
  ranged: boolean;
}

export const GROUP_TITLE: Readonly<Record<AssumptionGroup, string>> = {
  demand: 'Demand',
  levers: 'Policy levers',
  funding: 'Costs and funding',
  uncertainty: 'Uncertainty',
};

/**
 * The assumptions of a scenario by group, in the order the view lists them; list-valued ones (cost uplifts,
 * allocations by year) get one item each.
 * @example assumptionItems(scenario).demand[0].label // 'Joiners (new plans)'
 */
export function assumptionItems(s: Scenario): Record<AssumptionGroup, AssumptionItem[]> {
  const demand: AssumptionItem[] = [
    { path: 'demand.joiners.multiplier', label: 'Joiners (new plans)', unit: 'multiplier', sourcePath: 'demand.joiners.source', help: 'Scales every joiner rate estimated from DfE new plans (1 = as estimated).', ranged: true },
    { path: 'demand.leavers.multiplier', label: 'Leavers (ceased plans)', unit: 'multiplier', sourcePath: 'demand.leavers.source', help: 'Scales every leaver rate below age 25; everyone leaves after 25.', ranged: true },
    { path: 'demand.movers.multiplier', label: 'Moves between settings', unit: 'multiplier', sourcePath: 'demand.movers.source', help: 'Scales every move between settings (mostly at ages 11 and 16).', ranged: true },
  ];
  if (s.demand.netOtherChange.rate !== null)
    demand.push({ path: 'demand.netOtherChange.rate', label: 'Net other change', unit: 'rate', sourcePath: 'demand.netOtherChange.source', help: 'Growth a year beyond new and ceased plans (transfers in, late recording), as a share of plans.', ranged: true });
  const levers: AssumptionItem[] = [
    { path: 'levers.tariff.scale', label: 'Tariff scale', unit: 'multiplier', sourcePath: null, help: 'Multiplies every tariff price (1 = the rulebook’s prices).', ranged: true },
  ];
  if (s.levers.issFeeCap) levers.push({ path: 'levers.issFeeCap.premium', label: 'ISS fee cap: premium over the band price', unit: 'share', sourcePath: 'levers.issFeeCap.source', help: 'Independent special school fees are capped at the band price plus this share.', ranged: true });
  const funding: AssumptionItem[] = s.costs.uplift.map((u, i) => ({
    path: `costs.uplift.${i}.rate`,
    label: `Cost uplift from ${u.from}`,
    unit: 'rate' as const,
    sourcePath: `costs.uplift.${i}.source`,
    help: 'Yearly rise in what placements cost today (indexation), until the next rate takes over.',
    ranged: true,
  }));
  for (const fy of Object.keys(s.funding.allocation.amounts).sort())
    funding.push({ path: `funding.allocation.amounts.${fy}.value`, label: `High-needs allocation ${fy}`, unit: 'pounds', sourcePath: `funding.allocation.amounts.${fy}.source`, help: 'The high-needs block of the DSG for the scenario’s area.', ranged: false });
  funding.push(
    { path: 'funding.allocation.growth', label: 'Allocation growth after the last year given', unit: 'rate', sourcePath: 'funding.allocation.growthSource', help: 'Yearly change in the allocation after the last year with an amount.', ranged: true },
    { path: 'funding.nonPlacement.uplift', label: 'Non-placement spend uplift', unit: 'rate', sourcePath: 'funding.nonPlacement.upliftSource', help: 'Yearly rise in SEN support services, hospital education, AP services and other non-placement lines.', ranged: true },
    { path: 'funding.openingBalance.amount', label: `DSG balance at ${s.funding.openingBalance.asAt}`, unit: 'pounds', sourcePath: 'funding.openingBalance.source', help: 'Cumulative DSG balance carried in (negative = deficit).', ranged: false },
  );
  if (s.funding.writeOff.enabled) funding.push({ path: 'funding.writeOff.share', label: 'Share of the deficit written off', unit: 'share', sourcePath: 'funding.writeOff.source', help: `Of deficits accrued to the end of ${s.funding.writeOff.accruedTo}, paid as a grant in ${s.funding.writeOff.paidIn}.`, ranged: true });
  return { demand, levers, funding, uncertainty: [] };
}

/** A quantity as the view shows it: its central value and, when uncertain, its 80% range. */
export interface QuantityView {
  central: number;
  low: number | null;
  high: number | null;
  /** 'number' (no range), 'interval80' (edited in place) or another distribution (shown, and replaced by an interval when edited). */
  kind: 'number' | 'interval80' | 'other';
  lognormal: boolean;
}

/**
 * @example quantityView({dist: 'interval80', low: 0.9, high: 1.1}) // {central: 1, low: 0.9, high: 1.1, kind: 'interval80', lognormal: false}
 */
export function quantityView(q: Quantity): QuantityView {
  if (typeof q === 'number') return { central: q, low: null, high: null, kind: 'number', lognormal: false };
  if (q.dist === 'interval80') return { central: centralOf(q), low: q.low, high: q.high, kind: 'interval80', lognormal: q.shape === 'lognormal' };
  return { central: centralOf(q), low: quantileOf(q, 0.1), high: quantileOf(q, 0.9), kind: 'other', lognormal: false };
}

/**
 * A new central value: a plain number stays a number; a range moves with it, keeping its width (its ratio, for a
 * lognormal one), so an edit never silently drops the uncertainty.
 * @example withCentral({dist: 'interval80', low: 0.9, high: 1.1}, 1.2) // {dist: 'interval80', low: 1.1, high: 1.3}
 */
export function withCentral(q: Quantity, central: number): Quantity {
  const v = quantityView(q);
  if (v.low === null || v.high === null) return central;
  if (v.lognormal && v.central > 0 && central > 0) {
    const k = central / v.central;
    return { dist: 'interval80', low: v.low * k, high: v.high * k, shape: 'lognormal' };
  }
  const d = central - v.central;
  return { dist: 'interval80', low: round12(v.low + d), high: round12(v.high + d) };
}

/**
 * A new 80% range; none (both null) makes the value certain at its central value.
 * @example withRange(1, 0.9, 1.1) // {dist: 'interval80', low: 0.9, high: 1.1}
 */
export function withRange(q: Quantity, low: number | null, high: number | null): Quantity {
  const v = quantityView(q);
  if (low === null && high === null) return v.central;
  const lo = low ?? v.low ?? v.central;
  const hi = high ?? v.high ?? v.central;
  return { dist: 'interval80', low: Math.min(lo, hi), high: Math.max(lo, hi), ...(v.lognormal ? { shape: 'lognormal' as const } : {}) };
}

/** Cuts float noise from sums such as 0.9 + 0.3 (1.2000000000000002 → 1.2). */
function round12(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * A value of the draft's scenario by dotted path (for inputs and sources).
 * @example valueOfPath(scenario, 'demand.joiners.source') // 'Central: DfE new plans in 2024 …'
 */
export function valueOfPath(s: Scenario, path: string): unknown {
  return valueAt(s, path);
}

/**
 * The draft after setting one path: the override is dropped when the value is the baseline's again, so only
 * real differences are stored.
 */
export function withOverride(draft: ScenarioDraft, baseline: Scenario | null, path: string, value: JsonValue): ScenarioDraft {
  const overrides = { ...draft.overrides };
  const base = baseline ? valueAt(baseline, path) : undefined;
  if (base !== undefined && JSON.stringify(base) === JSON.stringify(value)) delete overrides[path];
  else overrides[path] = value;
  return { ...draft, overrides };
}

/** The draft with one band price set (or its edit removed when it is the rulebook's price again). */
export function withPrice(draft: ScenarioDraft, edit: PriceEdit, original: number | null): ScenarioDraft {
  const others = draft.prices.filter((p) => !(p.band === edit.band && p.setting === edit.setting));
  return { ...draft, prices: original !== null && edit.value === original ? others : [...others, edit] };
}

/** Whether a value is a distribution (a ranged assumption). */
export { isDistribution };

/**
 * The draft a saved diff describes, when it can be edited here (a diff over a known baseline); price edits are read
 * back from its rulebook against the baseline's.
 */
export function draftOfDocument(doc: JsonObject, rulebookDoc: unknown, baseRulebook: unknown, date: string): ScenarioDraft | null {
  if (typeof doc.baseline !== 'string' || typeof doc.name !== 'string' || !doc.overrides || typeof doc.overrides !== 'object' || Array.isArray(doc.overrides)) return null;
  const overrides = { ...(doc.overrides as JsonObject) };
  const prices: PriceEdit[] = [];
  if (typeof overrides.rulebook === 'string' && rulebookDoc && baseRulebook) {
    delete overrides.rulebook;
    const table = (rulebookDoc as { parameters?: { base_price?: { values?: Array<{ from: string; value: Record<string, Record<string, number>> }> } } }).parameters?.base_price?.values;
    const entry = table ? table[entryInForce(table, date)] : undefined;
    for (const [band, row] of Object.entries(entry?.value ?? {}))
      for (const [setting, value] of Object.entries(row)) if (basePrice(baseRulebook, band, setting, date) !== value) prices.push({ band, setting, value });
  }
  return { name: doc.name, baseline: doc.baseline, overrides, prices };
}
