/**
 * One run of the cohort projection (DESIGN §3–§4): each academic year everyone ages one year, leavers go, movers
 * change setting, joiners arrive, the net other change and growth overrides apply, then the levers that move
 * placements (new capacity, AP reform); each financial year is costed on three bases as 5/12 of the academic year
 * ending in it plus 7/12 of the one starting in it. Pure arithmetic on typed arrays, allocated once per projector.
 */
import { SETTING_CODES, type SettingCode } from '../vocab/settings';
import { NEED_CODES } from '../vocab/needs';
import { SECTOR_CODES } from '../vocab/sectors';
import { DSG_AGE_GROUPS, MAX_AGE } from '../vocab/phases';
import { financialYearOf, fyLabel, fyStartYear } from './calendar';
import type { AdoptionMode, DatedRate, Scenario } from './scenario';
import type { PreparedProjection } from './prepare';
import { AGES } from './rates';
import type { Quantity } from '../uncertainty/distributions';

const S = SETTING_CODES.length;
const SECTORS = SECTOR_CODES.length;
const ISS = SETTING_CODES.indexOf('iss');
/** DSG management plan age groups. */
const G = DSG_AGE_GROUPS.length;
/** The financial-year split (DESIGN §3): April–August is the end of one academic year, September–March the start of the next. */
export const FY_SHARE_OF_ENDING_AY = 5 / 12;
export const FY_SHARE_OF_STARTING_AY = 7 / 12;

/**
 * A financial year's figure from the academic years around it: 5/12 of the one ending in it + 7/12 of the one
 * starting in it (DESIGN §3).
 * @example financialYearCost(1200, 2400) // 500 + 1400 = 1900
 */
export function financialYearCost(endingAcademicYear: number, startingAcademicYear: number): number {
  return FY_SHARE_OF_ENDING_AY * endingAcademicYear + FY_SHARE_OF_STARTING_AY * startingAcademicYear;
}

/** Every number a run needs, resolved (no distributions left): run 0 uses medians, draws use sampled values. */
export interface DrawAssumptions {
  joinerMultiplier: number;
  leaverMultiplier: number;
  moverMultiplier: number;
  netOtherChange: number;
  growth: Array<{ need: number; setting: number; rate: number; fromStep: number }>;
  /** Current-cost index per setting for the year before the first reported year and each reported year: [s × (H + 1) + 1 + i]. */
  currentIndex: Float64Array;
  tariffScale: number;
  adoption: { mode: AdoptionMode; year: number; phaseYears: number; cap: number | null; floor: number | null; fromStep: number };
  capacity: Array<{ lever: number; places: number; fromStep: number; toStep: number; shares: Float64Array }>;
  apReform: { fromStep: number; keep: number } | null;
  issCap: { fromYear: number; premium: number } | null;
}

/**
 * A value that must be a number by now (distributions are resolved before a run).
 * @example num(resolved.demand.joiners.multiplier) // 1.03
 */
export function num(q: Quantity | null | undefined, what = 'a value'): number {
  if (typeof q !== 'number') throw new Error(`internal: ${what} is still a distribution; resolve the scenario first.`);
  return q;
}

/** The uplift in force for a year: a setting's own list where it has begun, else the general one (0 before any). */
function rateFor(year: number, general: DatedRate[], own: DatedRate[] | undefined): number {
  const pick = (list: DatedRate[] | undefined) => {
    let best: DatedRate | null = null;
    for (const r of list ?? []) if (fyStartYear(r.from) <= year && (!best || fyStartYear(r.from) >= fyStartYear(best.from))) best = r;
    return best;
  };
  const r = pick(own) ?? pick(general);
  return r ? num(r.rate, `the uplift for ${fyLabel(year)}`) : 0;
}

/**
 * Current-cost index of a setting in a financial year: 1 in the cost base year, × (1 + uplift) for each year after.
 * @example currentIndexOf(scenario, 'iss', 2027) // 1.0211 × 1.05 with an ISS uplift of 5% from 2027-28
 */
export function currentIndexOf(scenario: Scenario, setting: SettingCode, year: number): number {
  const base = fyStartYear(scenario.costs.baseYear);
  const own = scenario.costs.settingUplift[setting];
  let v = 1;
  for (let y = base + 1; y <= year; y++) v *= 1 + rateFor(y, scenario.costs.uplift, own);
  for (let y = base; y > year; y--) v /= 1 + rateFor(y, scenario.costs.uplift, own);
  return v;
}

/**
 * Resolves a scenario whose uncertain inputs are already numbers into what one run needs.
 * @example const a = assumptionsOf(prep, resolved); a.joinerMultiplier // 1
 */
export function assumptionsOf(prep: PreparedProjection, scenario: Scenario): DrawAssumptions {
  const H = prep.years.length;
  const first = fyStartYear(prep.years[0]);
  const stepOf = (fy: string) => fyStartYear(fy) - prep.censusYear + 1;
  const currentIndex = new Float64Array(S * (H + 1));
  SETTING_CODES.forEach((s, k) => {
    for (let i = -1; i < H; i++) currentIndex[k * (H + 1) + 1 + i] = currentIndexOf(scenario, s, first + i);
  });
  const t = scenario.levers.tariff;
  const protection = t.protection === 'rulebook' ? prep.rulebookProtection : t.protection === 'none' ? null : t.protection;
  const adoptFy = financialYearOf(t.from);
  const d = scenario.demand;
  return {
    joinerMultiplier: num(d.joiners.multiplier),
    leaverMultiplier: num(d.leavers.multiplier),
    moverMultiplier: num(d.movers.multiplier),
    netOtherChange: d.netOtherChange.rate === null ? prep.netOtherChange : num(d.netOtherChange.rate),
    growth: d.growthOverrides.map((g) => ({ need: g.need ? NEED_CODES.indexOf(g.need) : -1, setting: g.setting ? SETTING_CODES.indexOf(g.setting) : -1, rate: num(g.rate), fromStep: g.from ? stepOf(g.from) : prep.offset + 1 })),
    currentIndex,
    tariffScale: num(t.scale),
    adoption: { mode: t.adoption, year: fyStartYear(adoptFy) - first, phaseYears: t.years ?? 1, cap: protection?.cap ?? null, floor: protection?.floor ?? null, fromStep: stepOf(adoptFy) },
    capacity: scenario.levers.capacity.map((c, lever) => {
      const shares = new Float64Array(S);
      for (const [s, v] of Object.entries(c.sources)) shares[SETTING_CODES.indexOf(s as SettingCode)] = v ?? 0;
      const fromStep = stepOf(c.from);
      return { lever, places: num(c.placesPerYear), fromStep, toStep: c.years ? fromStep + c.years : Infinity, shares };
    }),
    apReform: scenario.levers.apReform
      ? (() => {
          const r = scenario.levers.apReform;
          const t1 = num(r.tier1Share), t2 = num(r.tier2Share);
          return { fromStep: stepOf(r.from), keep: Math.max(0, 1 - t1 - t2 * (1 - r.tier2Months / 12)) };
        })()
      : null,
    issCap: scenario.levers.issFeeCap ? { fromYear: fyStartYear(scenario.levers.issFeeCap.from) - first, premium: num(scenario.levers.issFeeCap.premium) } : null,
  };
}

/** Flows of one academic-year step, for the waterfall (DESIGN §3: net other change shown in every waterfall). */
export interface StepFlows {
  /** The census the step ends at, e.g. "2026-01". */
  census: string;
  opening: number;
  joiners: number;
  leavers: number;
  /** Placements that changed setting (the total is unchanged by moves). */
  moved: number;
  netOther: number;
  growthOverrides: number;
  capacityMoved: number;
  apDiverted: number;
  closing: number;
}

/** One run's yearly totals. Money in pounds; series aligned with the reported years. */
export interface DrawResult {
  /** Plans at the January census inside each reported year. */
  plans: Float64Array;
  /** Spend by sector: [sector × H + i], on each basis. */
  current: Float64Array;
  tariff: Float64Array;
  scenario: Float64Array;
  detail?: DrawDetail;
}

export interface DrawDetail {
  plansBySetting: Float64Array;
  plansByAgeGroup: Float64Array;
  currentBySetting: Float64Array;
  tariffBySetting: Float64Array;
  scenarioBySetting: Float64Array;
  flows: StepFlows[];
  /**
   * Setting × DSG plan age group (DSG_AGE_GROUPS order), indexed [(setting × 5 + group) × H + i]: plans at the census
   * inside each reported year, and spend on each basis (the DSG management plan's breakdown, models/projection/dsg-plan.ts).
   */
  plansBySettingAge: Float64Array;
  currentBySettingAge: Float64Array;
  tariffBySettingAge: Float64Array;
  scenarioBySettingAge: Float64Array;
  /** The census counts per cell at the end (for checks and small examples). */
  finalCells?: Float64Array;
}

/**
 * Runs the projection for one set of assumptions. Reuse one Projector for many runs: its buffers are allocated once.
 * Each step is one pass over the cells (leavers, movers pooled, ageing), the joiners' and movers' targets, then one
 * pass that applies the net other change, totals each LA's caseload for the next step and costs the year.
 * @example const p = new Projector(prep); const r = p.run(assumptionsOf(prep, central)); r.plans[0] // plans at January 2026
 */
export class Projector {
  /** Per layer (0: placements on today's terms; 1: new placements under adoption "new"), three rotating censuses. */
  private readonly bufs: Float64Array[][];
  private readonly moveOut: Float64Array;
  private readonly groupOut: Float64Array;
  private readonly lr: Float64Array;
  private readonly tot: Float64Array;
  private readonly scenPrev: Float64Array;
  private readonly capped: Float64Array;
  private readonly cellFactor: Float64Array;
  /** The ISS cells that hold rows today (each once), and every ISS cell. */
  private readonly issCells: Int32Array;
  private readonly issAll: Int32Array;
  private readonly rowCapped: Float64Array;
  /** Per layer × setting: Σ weight × price for today's cost, the at-cost part and the tariff (reported year in hand). */
  private readonly accCur = new Float64Array(2 * S);
  private readonly accAtc = new Float64Array(2 * S);
  private readonly accTar = new Float64Array(2 * S);
  private readonly accPlans = new Float64Array(S);
  /** Plans by LA × age at this census and the one being built (the joiners' base, the flows and the age groups). */
  private laAge: Float64Array;
  private laAgeNext: Float64Array;
  /** Cells no other cell ages into (the youngest of each track): zeroed each step, as every other cell is assigned. */
  private readonly firstCells: Int32Array;
  private readonly groupOut2: Float64Array;

  constructor(private readonly prep: PreparedProjection) {
    const C = prep.cellCount;
    const hasPred = new Uint8Array(C);
    for (let c = 0; c < C; c++) if (prep.cellNext[c] >= 0) hasPred[prep.cellNext[c]] = 1;
    const first: number[] = [];
    for (let c = 0; c < C; c++) if (!hasPred[c]) first.push(c);
    this.firstCells = Int32Array.from(first);
    this.laAge = new Float64Array(prep.las.length * AGES);
    this.laAgeNext = new Float64Array(prep.las.length * AGES);
    this.bufs = [0, 1].map(() => [new Float64Array(C), new Float64Array(C), new Float64Array(C)]);
    this.moveOut = new Float64Array(prep.moveOut.length);
    this.groupOut = new Float64Array(prep.moverGroups);
    this.groupOut2 = new Float64Array(prep.moverGroups);
    this.lr = new Float64Array(prep.las.length * AGES);
    this.tot = new Float64Array(prep.las.length);
    this.scenPrev = new Float64Array(C);
    this.capped = new Float64Array(C);
    this.cellFactor = new Float64Array(C);
    this.issCells = Int32Array.from(new Set(prep.issRows.cell));
    const iss: number[] = [];
    for (let c = 0; c < C; c++) if (prep.cellSetting[c] === ISS) iss.push(c);
    this.issAll = Int32Array.from(iss);
    this.rowCapped = new Float64Array(prep.issRows.cell.length);
  }

  run(a: DrawAssumptions, options: { detail?: boolean; sums?: Float64Array } = {}): DrawResult {
    const p = this.prep;
    const C = p.cellCount, H = p.years.length, L = p.las.length;
    const detail = options.detail === true;
    const layers = a.adoption.mode === 'new' ? 2 : 1;
    const lr = this.lr, tot = this.tot;
    // cur[l]: this census; prev[l]: the one before (costs need both); next[l]: being built.
    const cur = [this.bufs[0][0], this.bufs[1][0]], prev = [this.bufs[0][1], this.bufs[1][1]], next = [this.bufs[0][2], this.bufs[1][2]];
    cur[0].set(p.base);
    cur[1].fill(0);
    this.laAge.fill(0);
    for (let c = 0; c < C; c++) this.laAge[p.cellLeaverKey[c]] += p.base[c];
    for (let la = 0; la < L; la++)
      for (let age = 0; age < AGES; age++) lr[la * AGES + age] = age === MAX_AGE ? 1 : Math.min(1, p.leaverRateByAge[age] * a.leaverMultiplier * p.laLeaverFactor[la]);
    // Share of stayers moving, per (age × setting): the multiplier never moves more than all of them.
    const out = this.moveOut;
    for (let k = 0; k < out.length; k++) out[k] = Math.min(1, p.moveOut[k] * a.moverMultiplier);
    const groupOuts = [this.groupOut, this.groupOut2];

    const result: DrawResult = { plans: new Float64Array(H), current: new Float64Array(SECTORS * H), tariff: new Float64Array(SECTORS * H), scenario: new Float64Array(SECTORS * H) };
    const det: DrawDetail | undefined = detail
      ? {
          plansBySetting: new Float64Array(S * H), plansByAgeGroup: new Float64Array(DSG_AGE_GROUPS.length * H), currentBySetting: new Float64Array(S * H), tariffBySetting: new Float64Array(S * H), scenarioBySetting: new Float64Array(S * H), flows: [],
          plansBySettingAge: new Float64Array(S * G * H), currentBySettingAge: new Float64Array(S * G * H), tariffBySettingAge: new Float64Array(S * G * H), scenarioBySettingAge: new Float64Array(S * G * H),
        }
      : undefined;
    const { cellSetting, cellNeed, cellLeaverKey } = p;
    const jOff = p.joiners.offsets, jCell = p.joiners.cell, jW = p.joiners.weight;
    const mOff = p.movers.offsets, mCell = p.movers.cell, mW = p.movers.weight;
    const apGroup = p.apGroup, apOff = p.apDivert.offsets, apCell = p.apDivert.cell, apW = p.apDivert.weight;
    const adoption = a.adoption;
    const generic = adoption.mode === 'phased' || (adoption.mode === 'all' && (adoption.cap !== null || adoption.floor !== null));

    for (let k = 1; k <= p.steps; k++) {
      const newActive = layers === 2 && k >= adoption.fromStep;
      const inLayer = newActive ? 1 : 0;
      const apKeep = a.apReform && k >= a.apReform.fromStep ? a.apReform.keep : 1;
      const i = k - 1 - p.offset;
      let apDiverted = 0;
      // Adds movers or joiners to a cell, sending the AP reform's share of AP inflows to mainstream.
      const divert = (dest: Float64Array, c: number, amount: number) => {
        const g = apGroup[c];
        if (g < 0) {
          dest[c] += amount;
          return;
        }
        const moved = amount * (1 - apKeep);
        dest[c] += amount - moved;
        apDiverted += moved;
        for (let t = apOff[g]; t < apOff[g + 1]; t++) dest[apCell[t]] += moved * apW[t];
      };
      let opening = 0, leavers = 0, moved = 0, joiners = 0;
      // The caseload by LA (for joiners) and, for the waterfall, the opening stock and leavers, from LA × age counts.
      const laAge = this.laAge;
      tot.fill(0);
      for (let la = 0; la < L; la++)
        for (let age = 0; age < AGES; age++) {
          const x = laAge[la * AGES + age];
          tot[la] += x;
          if (detail) {
            opening += x;
            leavers += x * lr[la * AGES + age];
          }
        }
      // One pass per layer: leavers go, movers are pooled by (LA × need × age), the rest age one year. Every cell but
      // the youngest of each track has exactly one cell ageing into it, so the next census is assigned, not added to.
      for (let l = 0; l < layers; l++) this.ageLayer(cur[l], next[l], groupOuts[l]);
      // Movers arrive one year older in the receiving settings (a move makes a new placement under "new").
      for (let l = 0; l < layers; l++) {
        const dest = next[newActive ? 1 : l];
        const groupOut = groupOuts[l];
        if (apKeep < 1) {
          for (let g = 0; g < groupOut.length; g++) {
            const m = groupOut[g];
            if (m === 0) continue;
            moved += m;
            for (let t = mOff[g]; t < mOff[g + 1]; t++) divert(dest, mCell[t], m * mW[t]);
          }
        } else moved += spread(groupOut, mOff, mCell, mW, dest);
      }
      // Joiners: by LA, in proportion to the LA's caseload at the previous census.
      const J = next[inLayer];
      for (let la = 0; la < L; la++) {
        const T = tot[la] * a.joinerMultiplier * p.laJoinerFactor[la];
        if (T === 0) continue;
        if (apKeep < 1) for (let t = jOff[la]; t < jOff[la + 1]; t++) divert(J, jCell[t], T * jW[t]);
        else addScaled(J, jCell, jW, jOff[la], jOff[la + 1], T);
        if (detail) for (let t = jOff[la]; t < jOff[la + 1]; t++) joiners += T * jW[t];
      }
      // Growth overrides: a factor per cell this step (1 where none applies).
      const growth = a.growth.filter((g) => k >= g.fromStep);
      const f = growth.length ? this.cellFactor : null;
      if (f) {
        for (let c = 0; c < C; c++) {
          let x = 1;
          for (const g of growth) if ((g.need < 0 || g.need === cellNeed[c]) && (g.setting < 0 || g.setting === cellSetting[c])) x *= 1 + g.rate;
          f[c] = x;
        }
      }
      const capacityNow = a.capacity.filter((cap) => k >= cap.fromStep && k < cap.toStep && cap.places > 0);
      // Net other change (and overrides), the LA totals for the next step and, when nothing moves after, the costs.
      const g0 = 1 + a.netOtherChange;
      const fuseCost = i >= 0 && capacityNow.length === 0;
      if (fuseCost) this.clearCost();
      const tarP = i >= 0 ? p.tariffPriced[i] : null;
      const laAgeNext = this.laAgeNext;
      laAgeNext.fill(0);
      let before = 0, afterOther = 0;
      for (let l = 0; l < layers; l++) {
        const Ml = next[l], Pl = cur[l];
        if (detail)
          for (let c = 0; c < C; c++) {
            before += Ml[c];
            afterOther += Ml[c] * g0;
          }
        if (f) for (let c = 0; c < C; c++) Ml[c] *= f[c];
        if (fuseCost) this.scaleAndCost(Ml, Pl, g0, l * S, tarP as Float64Array, detail);
        else
          for (let c = 0; c < C; c++) {
            const x = Ml[c] * g0;
            Ml[c] = x;
            laAgeNext[cellLeaverKey[c]] += x;
          }
      }
      let afterGrowth = 0;
      if (detail) for (const x of laAgeNext) afterGrowth += x;
      // New capacity: each year's new places are filled from the source settings (never more than they hold).
      let capacityMoved = 0;
      for (const cap of capacityNow) {
        const lever = p.capacity[cap.lever];
        const avail = new Float64Array(S);
        for (let t = 0; t < lever.src.length; t++) for (let l = 0; l < layers; l++) avail[lever.srcSetting[t]] += next[l][lever.src[t]];
        const frac = new Float64Array(S);
        for (let s = 0; s < S; s++) frac[s] = avail[s] > 0 ? Math.min(1, (cap.places * cap.shares[s]) / avail[s]) : 0;
        for (let t = 0; t < lever.src.length; t++) {
          const c = lever.src[t];
          const fr = frac[lever.srcSetting[t]];
          if (fr === 0) continue;
          for (let l = 0; l < layers; l++) {
            const m = next[l][c] * fr;
            if (m === 0) continue;
            next[l][c] -= m;
            const dest = next[newActive ? 1 : l];
            for (let u = lever.offsets[t]; u < lever.offsets[t + 1]; u++) dest[lever.cell[u]] += m * lever.weight[u];
            capacityMoved += m;
          }
        }
      }
      if (capacityNow.length) {
        // Moves keep LA and age, so the LA × age counts stand; the costs need the census after the moves.
        if (i >= 0) {
          this.clearCost();
          for (let l = 0; l < layers; l++) this.accumulate(l, cur[l], next[l], i);
        }
      }
      this.laAgeNext = laAge;
      this.laAge = laAgeNext;
      if (det) det.flows.push({ census: `${p.censusYear + k}-01`, opening, joiners, leavers, moved, netOther: afterOther - before, growthOverrides: afterGrowth - afterOther, capacityMoved, apDiverted, closing: afterGrowth });
      // Rotate: the census just built becomes current; the old current is kept as the previous one.
      for (let l = 0; l < 2; l++) {
        const t = prev[l];
        prev[l] = cur[l];
        cur[l] = next[l];
        next[l] = t;
      }
      if (i < 0) {
        if (generic) this.initialisePrices(a, -1);
        continue;
      }
      if (generic && i === 0 && adoption.year <= 0) this.initialisePrices(a, -1);
      this.finishCost(a, i, layers, cur, prev, result, det);
      if (options.sums) this.recordSums(i, layers, cur, prev, options.sums);
    }
    if (det) {
      det.finalCells = Float64Array.from(cur[0]);
      if (layers === 2) for (let c = 0; c < C; c++) det.finalCells[c] += cur[1][c];
      result.detail = det;
    }
    return result;
  }

  /**
   * Records, for reported year i, Σ price × census per layer and setting for the census before (A) and the census
   * inside the year (B), for today's cost, the at-cost part and the tariff, and the plans in the census inside it.
   * The fast path (models/uncertainty/fast.ts) rebuilds any draw's costs from these.
   */
  private recordSums(i: number, layers: number, cur: Float64Array[], prev: Float64Array[], sums: Float64Array): void {
    const p = this.prep;
    const tarP = p.tariffPriced[i];
    for (let l = 0; l < layers; l++) {
      const N = cur[l], P = prev[l];
      for (let c = 0; c < p.cellCount; c++) {
        const x = N[c], y = P[c];
        if (x === 0 && y === 0) continue;
        const o = sumIndex(i, l, p.cellSetting[c], 0);
        sums[o] += y * p.current[c];
        sums[o + 1] += x * p.current[c];
        sums[o + 2] += y * p.atCost[c];
        sums[o + 3] += x * p.atCost[c];
        sums[o + 4] += y * tarP[c];
        sums[o + 5] += x * tarP[c];
        sums[plansIndex(i, p.years.length)] += x;
      }
    }
  }

  /**
   * The step's first pass over one layer: leavers go (rate by LA × age), movers are pooled by LA × need × age, and
   * the rest age one year. Every cell but the youngest of each track has exactly one cell ageing into it, so the next
   * census is assigned, not added to. (Small methods: V8 optimises them where one long function would not be.)
   */
  private ageLayer(N: Float64Array, M: Float64Array, groupOut: Float64Array): void {
    const p = this.prep;
    const { cellNext, cellLeaverKey, cellGroup, cellMoveKey } = p;
    const lr = this.lr, out = this.moveOut, first = this.firstCells;
    const C = p.cellCount;
    groupOut.fill(0);
    for (let t = 0; t < first.length; t++) M[first[t]] = 0;
    for (let c = 0; c < C; c++) {
      const x = N[c];
      const nx = cellNext[c];
      if (x === 0) {
        if (nx >= 0) M[nx] = 0;
        continue;
      }
      let st = x * (1 - lr[cellLeaverKey[c]]);
      const g = cellGroup[c];
      if (g >= 0) {
        const m = st * out[cellMoveKey[c]];
        groupOut[g] += m;
        st -= m;
      }
      if (nx >= 0) M[nx] = st;
    }
  }

  /**
   * The step's last pass over one layer: apply the net other change, total each LA's caseload for the next step's
   * joiners, and add weight × price by setting for the year (weight = 5/12 previous census + 7/12 this one).
   */
  private scaleAndCost(M: Float64Array, P: Float64Array, g0: number, o: number, tarP: Float64Array, bySetting: boolean): void {
    const p = this.prep;
    const { cellLeaverKey, cellSetting, current, atCost } = p;
    const laAge = this.laAgeNext, accCur = this.accCur, accAtc = this.accAtc, accTar = this.accTar, accPlans = this.accPlans;
    const C = p.cellCount;
    for (let c = 0; c < C; c++) {
      const y = P[c];
      let x = M[c];
      if (x === 0 && y === 0) continue;
      x *= g0;
      M[c] = x;
      const s = cellSetting[c];
      laAge[cellLeaverKey[c]] += x;
      if (bySetting) accPlans[s] += x;
      const w = FY_SHARE_OF_ENDING_AY * y + FY_SHARE_OF_STARTING_AY * x;
      accCur[s + o] += w * current[c];
      accAtc[s + o] += w * atCost[c];
      accTar[s + o] += w * tarP[c];
    }
  }

  private clearCost(): void {
    this.accCur.fill(0);
    this.accAtc.fill(0);
    this.accTar.fill(0);
    this.accPlans.fill(0);
  }

  /** Adds one layer's Σ weight × price (weight = 5/12 previous census + 7/12 this one) for reported year i. */
  private accumulate(l: number, P: Float64Array, N: Float64Array, i: number): void {
    const p = this.prep;
    const o = l * S;
    const tarP = p.tariffPriced[i];
    for (let c = 0; c < p.cellCount; c++) {
      const x = N[c];
      const w = FY_SHARE_OF_ENDING_AY * P[c] + FY_SHARE_OF_STARTING_AY * x;
      const s = p.cellSetting[c];
      this.accPlans[s] += x;
      if (w === 0) continue;
      this.accCur[s + o] += w * p.current[c];
      this.accAtc[s + o] += w * p.atCost[c];
      this.accTar[s + o] += w * tarP[c];
    }
  }

  /** Sets the scenario price path's starting point: each cell's current-part price in reported year i. */
  private initialisePrices(a: DrawAssumptions, i: number): void {
    const p = this.prep;
    const H = p.years.length;
    for (let c = 0; c < p.cellCount; c++) this.scenPrev[c] = p.current[c] * a.currentIndex[p.cellSetting[c] * (H + 1) + 1 + i];
  }

  /** ISS fees capped at the band price × (1 + premium), fee by fee, then averaged per cell (reported year i). */
  private cappedIss(a: DrawAssumptions, i: number): Float64Array {
    const p = this.prep;
    const H = p.years.length;
    const ci = a.currentIndex[ISS * (H + 1) + 1 + i];
    const capFactor = a.tariffScale * (1 + (a.issCap as { premium: number }).premium);
    const capped = this.capped;
    const r = p.issRows;
    for (const c of this.issCells) capped[c] = 0;
    const rowCapped = this.rowCapped;
    for (let t = 0; t < r.cell.length; t++) {
      const cost = r.cost[t] * ci;
      const tar = r.tariff[i][t];
      rowCapped[t] = r.weight[t] * (Number.isNaN(tar) ? cost : Math.min(cost, tar * capFactor));
      capped[r.cell[t]] += rowCapped[t];
    }
    for (const c of this.issCells) capped[c] /= p.base[c];
    // Cells nobody is in today: the capped fees of the rows their price was borrowed from (else their average).
    const { offsets, rows } = p.issDonorRows;
    p.issCellsWithoutRows.forEach((c, k) => {
      const d = p.issDonor[k];
      if (d < 0) {
        capped[c] = Math.min(p.current[c] * ci, p.tariffPriced[i][c] * capFactor + p.atCost[c] * ci);
        return;
      }
      let sum = 0, w = 0;
      for (let u = offsets[d]; u < offsets[d + 1]; u++) {
        sum += rowCapped[rows[u]];
        w += r.weight[rows[u]];
      }
      capped[c] = sum / w;
    });
    return capped;
  }

  /** Costs reported year i on the three bases from the accumulated sums (and, where prices vary by cell, a pass). */
  private finishCost(a: DrawAssumptions, i: number, layers: number, cur: Float64Array[], prev: Float64Array[], out: DrawResult, det: DrawDetail | undefined): void {
    const p = this.prep;
    const C = p.cellCount, H = p.years.length;
    const { cellSetting } = p;
    const accCur = this.accCur, accAtc = this.accAtc, accTar = this.accTar;
    const ciOf = (s: number) => a.currentIndex[s * (H + 1) + 1 + i];
    let plans = 0;
    for (const x of this.laAge) plans += x;
    out.plans[i] = plans;
    const bases = basesFromSums(a, i, H, layers, accCur, accAtc, accTar);
    const curBy = bases.current, tarBy = bases.tariff, scenBy = bases.scenario;
    const adoption = a.adoption;
    const adopted = adoption.mode !== 'none' && i >= adoption.year;
    const capActive = a.issCap !== null && i >= a.issCap.fromYear;
    const capped = capActive ? this.cappedIss(a, i) : null;
    const generic = adoption.mode === 'phased' || (adoption.mode === 'all' && (adoption.cap !== null || adoption.floor !== null));
    const tarP = p.tariffPriced[i];
    if (generic) {
      scenBy.fill(0);
      // The price path cell by cell: today's price moving to the tariff (phased), held within the protection.
      const w = adoption.mode === 'phased' ? Math.min(1, Math.max(0, (i - adoption.year + 1) / adoption.phaseYears)) : adopted ? 1 : 0;
      const hi = adoption.cap === null ? Infinity : 1 + adoption.cap;
      const lo = adoption.floor === null ? -Infinity : 1 + adoption.floor;
      const prevPrice = this.scenPrev;
      const N = cur[0], P = prev[0];
      for (let c = 0; c < C; c++) {
        const s = cellSetting[c];
        const ci = ciOf(s);
        const curPart = capped && s === ISS ? capped[c] : p.current[c] * ci;
        let price = curPart;
        if (w > 0) {
          const target = curPart + w * (tarP[c] * a.tariffScale + p.atCost[c] * ci - curPart);
          const before = prevPrice[c];
          price = before > 0 ? Math.min(Math.max(target, before * lo), before * hi) : target;
        }
        prevPrice[c] = price;
        const x = FY_SHARE_OF_ENDING_AY * P[c] + FY_SHARE_OF_STARTING_AY * N[c];
        if (x !== 0) scenBy[s] += x * price;
      }
    } else if (!(adopted && adoption.mode === 'all')) {
      // Today's costs for everyone (or the old placements under "new"), with the ISS cap where it applies.
      if (capped) {
        let iss = 0;
        const N = cur[0], P = prev[0];
        for (const c of this.issAll) {
          const x = FY_SHARE_OF_ENDING_AY * P[c] + FY_SHARE_OF_STARTING_AY * N[c];
          if (x !== 0) iss += x * capped[c];
        }
        scenBy[ISS] = iss + (layers === 2 ? (adopted ? accTar[S + ISS] * a.tariffScale + accAtc[S + ISS] * ciOf(ISS) : accCur[S + ISS] * ciOf(ISS)) : 0);
      }
    }
    for (let s = 0; s < S; s++) {
      const sec = p.settingSector[s];
      out.current[sec * H + i] += curBy[s];
      out.tariff[sec * H + i] += tarBy[s];
      out.scenario[sec * H + i] += scenBy[s];
    }
    if (det) {
      for (let s = 0; s < S; s++) {
        det.plansBySetting[s * H + i] = this.accPlans[s];
        det.currentBySetting[s * H + i] = curBy[s];
        det.tariffBySetting[s * H + i] = tarBy[s];
        det.scenarioBySetting[s * H + i] = scenBy[s];
      }
      for (let k = 0; k < this.laAge.length; k++) det.plansByAgeGroup[p.ageGroup[k % AGES] * H + i] += this.laAge[k];
      this.recordSettingAge(a, i, layers, cur, prev, det, generic, adopted, capped);
    }
  }

  /**
   * The detail run's setting × DSG age group breakdown of reported year i: plans at the census inside the year and
   * spend on each basis, cell by cell with the same prices finishCost uses (so each setting's groups add up to its
   * total). Called after finishCost, whose price path (scenPrev) and capped ISS fees it reads.
   */
  private recordSettingAge(a: DrawAssumptions, i: number, layers: number, cur: Float64Array[], prev: Float64Array[], det: DrawDetail, generic: boolean, adopted: boolean, capped: Float64Array | null): void {
    const p = this.prep;
    const H = p.years.length;
    const { cellSetting, cellAge, ageGroup, current, atCost } = p;
    const tarP = p.tariffPriced[i];
    const scale = a.tariffScale;
    const allAdopted = adopted && a.adoption.mode === 'all';
    const plansOut = det.plansBySettingAge, curOut = det.currentBySettingAge, tarOut = det.tariffBySettingAge, scenOut = det.scenarioBySettingAge;
    for (let l = 0; l < layers; l++) {
      const N = cur[l], P = prev[l];
      for (let c = 0; c < p.cellCount; c++) {
        const x = N[c], y = P[c];
        if (x === 0 && y === 0) continue;
        const s = cellSetting[c];
        const o = (s * G + ageGroup[cellAge[c]]) * H + i;
        const ci = a.currentIndex[s * (H + 1) + 1 + i];
        const w = FY_SHARE_OF_ENDING_AY * y + FY_SHARE_OF_STARTING_AY * x;
        const curPrice = current[c] * ci;
        const tarPrice = tarP[c] * scale + atCost[c] * ci;
        let scenPrice: number;
        if (generic) scenPrice = this.scenPrev[c];
        else if (allAdopted) scenPrice = tarPrice;
        else if (l === 0) scenPrice = capped && s === ISS ? capped[c] : curPrice;
        else scenPrice = adopted ? tarPrice : curPrice;
        plansOut[o] += x;
        curOut[o] += w * curPrice;
        tarOut[o] += w * tarPrice;
        scenOut[o] += w * scenPrice;
      }
    }
  }
}

/** Adds each group's movers to its destination cells (weights = share of the group's movers); returns Σ movers. */
function spread(groupOut: Float64Array, off: Int32Array, cell: Int32Array, w: Float64Array, dest: Float64Array): number {
  let moved = 0;
  for (let g = 0; g < groupOut.length; g++) {
    const m = groupOut[g];
    if (m === 0) continue;
    moved += m;
    for (let t = off[g]; t < off[g + 1]; t++) dest[cell[t]] += m * w[t];
  }
  return moved;
}

/** dest[cell[t]] += scale × w[t] for t in [from, to). */
function addScaled(dest: Float64Array, cell: Int32Array, w: Float64Array, from: number, to: number, scale: number): void {
  for (let t = from; t < to; t++) dest[cell[t]] += scale * w[t];
}

/** Values recorded per (reported year × layer × setting): A and B for today's cost, the at-cost part and the tariff. */
export const SUM_KINDS = 6;
/**
 * Where the recorded sums of (year i, layer l, setting s) start.
 * @example sums[sumIndex(0, 0, 7, 1)] // Σ today's price × census inside 2025-26 for ISS (setting 7)
 */
export function sumIndex(i: number, l: number, s: number, kind: number): number {
  return ((i * 2 + l) * S + s) * SUM_KINDS + kind;
}
/**
 * Where the plans of year i sit, after every year's sums (H years).
 * @example sums[plansIndex(0, 5)] // plans at January 2026
 */
export function plansIndex(i: number, H: number): number {
  return H * 2 * S * SUM_KINDS + i;
}
/**
 * Length of the recorded sums for H years.
 * @example new Float64Array(sumsLength(5))
 */
export function sumsLength(H: number): number {
  return H * 2 * S * SUM_KINDS + H;
}

/**
 * Spend by setting on the three bases for reported year i, from Σ weight × price per layer and setting (weight =
 * 5/12 of the census before + 7/12 of the one inside the year) — the arithmetic every run shares once the counts are
 * known. Adoption with a price path (phased, protected) and the ISS fee cap need prices cell by cell instead.
 * @example basesFromSums(a, 0, 1, accCur, accAtc, accTar) // {current, tariff, scenario}: Float64Array by setting
 */
export function basesFromSums(a: DrawAssumptions, i: number, H: number, layers: number, accCur: Float64Array, accAtc: Float64Array, accTar: Float64Array): { current: Float64Array; tariff: Float64Array; scenario: Float64Array } {
  const curBy = new Float64Array(S), tarBy = new Float64Array(S), scenBy = new Float64Array(S);
  const adopted = a.adoption.mode !== 'none' && i >= a.adoption.year;
  for (let s = 0; s < S; s++) {
    const ci = a.currentIndex[s * (H + 1) + 1 + i];
    for (let l = 0; l < layers; l++) {
      curBy[s] += accCur[l * S + s] * ci;
      tarBy[s] += accTar[l * S + s] * a.tariffScale + accAtc[l * S + s] * ci;
    }
    if (adopted && a.adoption.mode === 'all') scenBy[s] = tarBy[s];
    else {
      scenBy[s] = accCur[s] * ci;
      if (layers === 2) scenBy[s] += adopted ? accTar[S + s] * a.tariffScale + accAtc[S + s] * ci : accCur[S + s] * ci;
    }
  }
  return { current: curBy, tariff: tarBy, scenario: scenBy };
}

/**
 * Σ over sectors of a [sector × H + i] series.
 * @example totalOf(result.scenario, 5)[0] // scenario spend in the first year
 */
export function totalOf(bySector: Float64Array, H: number): Float64Array {
  const t = new Float64Array(H);
  for (let sec = 0; sec < SECTORS; sec++) for (let i = 0; i < H; i++) t[i] += bySector[sec * H + i];
  return t;
}
