/**
 * The Rulebook view's engine jobs: the shipped rulebooks, live checks with the position of each formula error, what a
 * rulebook costs on the loaded placements, and the Excel template round trip. Formulas are parsed and priced here, in
 * the worker, never on the page (whose CSP forbids eval).
 */
import type { JobHandler } from './engine-service';
import { throwIfCancelled } from './engine-service';
import { ASSET_PATHS, SHIPPED_RULEBOOKS, readAssetText } from './assets';
import { assignBands, loadedPlacements } from './data-jobs';
import { loadRulebook, type RuleIssue } from '../rules/load';
import { checkRulebookFormulas } from '../rules/check';
import type { Rulebook } from '../rules/rulebook';
import { price, PricingError } from '../pricing/price';
import { aggregate, totals, type PriceGroup, type PriceTotals } from '../pricing/aggregate';
import { rulebookFromTemplate, rulebookToTemplate } from '../io/rulebook-template';
import type { DataIssue, PlacementTable } from '../data/table';

/** A rulebook problem as the editor shows it: where (JSON path), what (plain words), and for formulas the character. */
export interface RulebookProblem {
  severity: 'error' | 'warning';
  path: string;
  rule: string;
  /** The message without the "Rule …: at character N of …" preamble: what is wrong, in plain words. */
  message: string;
  /** The full message as the engine words it. */
  full: string;
  /** 0-based character index into the formula, for formula errors that have one. */
  position?: number;
}

export interface RulebookCheck {
  /** True when the rulebook loads and every formula compiles (it can be priced and run). */
  ok: boolean;
  problems: RulebookProblem[];
}

export interface ShippedRulebook {
  file: string;
  id: string;
  name: string;
  illustrative: boolean;
  document: Record<string, unknown>;
}

export interface RulebookCosts {
  date: string;
  rulebook: string;
  plans: number;
  /** What the placements cost today (annual_cost), £ a year. */
  today: number;
  /** The rulebook's price of the priced placements, £ a year. */
  price: number;
  /** The current-costs rulebook's price on the same date (today's costs, indexed), £ a year: the comparison. */
  currentCosts: number | null;
  unpriced: number;
  bySetting: PriceGroup[];
  byBand: PriceGroup[];
  totals: PriceTotals;
}

/** Turns an engine message into the editor's plain words and a position. */
export function problemOf(issue: RuleIssue): RulebookProblem {
  const m = /^Rule "[^"]*": (?:at character (\d+) of|in) (?:"(?:[^"\\]|\\.)*"|…?"[^]*?"…?): ([^]*)$/.exec(issue.message);
  const out: RulebookProblem = { severity: issue.severity, path: issue.path, rule: issue.rule, message: m ? m[2] : issue.message, full: issue.message };
  const at = /at character (\d+) of/.exec(issue.message);
  if (at) out.position = Number(at[1]);
  return out;
}

/** Loads and checks a rulebook's JSON: every shape problem and every formula problem, each with its path. */
export function checkRulebookJson(json: unknown, file = 'rulebook'): { rulebook: Rulebook | null; check: RulebookCheck } {
  const loaded = loadRulebook(json, { file });
  const issues = [...loaded.issues];
  if (loaded.rulebook) issues.push(...checkRulebookFormulas(loaded.rulebook, file));
  const problems = issues.map(problemOf);
  const ok = loaded.rulebook !== null && !problems.some((p) => p.severity === 'error');
  return { rulebook: ok ? loaded.rulebook : null, check: { ok, problems } };
}

const shipped: JobHandler = async (_raw, context) => {
  const out: ShippedRulebook[] = [];
  for (const r of SHIPPED_RULEBOOKS) {
    const doc = JSON.parse(await readAssetText(context.assets, r.path)) as Record<string, unknown>;
    out.push({ file: r.file, id: String(doc.id ?? r.file), name: String(doc.name ?? r.file), illustrative: doc.illustrative === true, document: doc });
  }
  return out;
};

const check: JobHandler = (raw) => {
  const p = raw as { rulebook?: unknown; file?: string } | null;
  return checkRulebookJson(p?.rulebook, p?.file ?? 'rulebook').check;
};

/** The current-costs rulebook's total per table and date: the comparison every costs strip shows. */
const currentCostsCache = new WeakMap<PlacementTable, Map<string, number>>();
let currentCostsRulebook: Rulebook | null = null;

const priceJob: JobHandler = async (raw, context) => {
  const p = raw as { rulebook?: unknown; date?: string } | null;
  const date = p?.date;
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('A price needs a date written YYYY-MM-DD.');
  const data = loadedPlacements(context.tables);
  if (!data) throw new Error('No placement data is loaded yet, so there is nothing to price.');
  const { rulebook, check: checked } = checkRulebookJson(p?.rulebook);
  if (!rulebook) {
    const first = checked.problems.find((x) => x.severity === 'error');
    throw new Error(`The rulebook cannot be priced until its problems are fixed${first ? `: ${first.path}: ${first.message}` : '.'}`);
  }
  context.progress(0, 2, `Pricing ${data.table.rowCount.toLocaleString('en-GB')} placements`);
  let priced;
  try {
    priced = price(data.table, rulebook, { date, file: rulebook.id });
  } catch (e) {
    if (e instanceof PricingError) throw new Error(e.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    throw e;
  }
  throwIfCancelled(context.cancel);
  assignBands(context.tables, { ids: priced.bandIds, codes: priced.band, rulebook: rulebook.name });
  const t = totals(priced);
  context.progress(1, 2, 'Pricing today’s costs for comparison');
  let currentCosts: number | null = null;
  try {
    if (!currentCostsRulebook) {
      const json: unknown = JSON.parse(await readAssetText(context.assets, ASSET_PATHS.currentCosts));
      currentCostsRulebook = checkRulebookJson(json, 'current-costs.rulebook.json').rulebook;
    }
    if (currentCostsRulebook) {
      let byDate = currentCostsCache.get(data.table);
      if (!byDate) currentCostsCache.set(data.table, (byDate = new Map()));
      let value = byDate.get(date);
      if (value === undefined) {
        value = rulebook.id === currentCostsRulebook.id && JSON.stringify(rulebook) === JSON.stringify(currentCostsRulebook) ? t.price : totals(price(data.table, currentCostsRulebook, { date })).price;
        byDate.set(date, value);
      }
      currentCosts = value;
    }
  } catch {
    // Without the comparison the strip still shows the rulebook's own total.
    currentCosts = null;
  }
  context.progress(2, 2);
  return {
    date,
    rulebook: rulebook.name,
    plans: t.plans,
    today: t.current,
    price: t.price,
    currentCosts,
    unpriced: t.unpriced,
    bySetting: aggregate(priced, 'setting'),
    byBand: aggregate(priced, 'band'),
    totals: t,
  } satisfies RulebookCosts;
};

const toTemplate: JobHandler = async (raw) => {
  const p = raw as { rulebook?: unknown } | null;
  const { rulebook, check: checked } = checkRulebookJson(p?.rulebook);
  if (!rulebook) {
    const first = checked.problems.find((x) => x.severity === 'error');
    throw new Error(`Fix the rulebook’s problems before making a template${first ? ` (${first.path}: ${first.message})` : ''}.`);
  }
  const bytes = await rulebookToTemplate(rulebook);
  return { bytes, name: `${rulebook.id}.xlsx` };
};

const fromTemplate: JobHandler = async (raw) => {
  const p = raw as { bytes?: unknown; name?: string } | null;
  if (!(p?.bytes instanceof Uint8Array)) throw new Error('Reading a template needs the workbook’s bytes.');
  const r = await rulebookFromTemplate(p.bytes, { file: p.name ?? 'rulebook.xlsx' });
  const issues: DataIssue[] = r.issues;
  return { document: r.document, ok: r.rulebook !== null, issues };
};

/** The Rulebook view's jobs, spread into ENGINE_JOBS (models/service/jobs.ts). */
export const RULEBOOK_JOBS: Record<string, JobHandler> = {
  /** {} → ShippedRulebook[]: the rulebooks in scenarios/rulebooks, as JSON. */
  'rulebook.shipped': shipped,
  /** {rulebook, file?} → RulebookCheck: every problem with its path, plain words and formula position. */
  'rulebook.check': check,
  /** {rulebook, date} → RulebookCosts: totals, by setting and by band, against current costs on the same date. */
  'rulebook.price': priceJob,
  /** {rulebook} → {bytes, name}: the Excel template. */
  'rulebook.toTemplate': toTemplate,
  /** {bytes, name} → {document, ok, issues}: an edited template read back; issues name sheet, row and column. */
  'rulebook.fromTemplate': fromTemplate,
};
