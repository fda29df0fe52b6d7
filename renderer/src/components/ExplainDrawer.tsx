/**
 * The Explain drawer: how a clicked figure was made, as the worker traced it — for a group of placements its band
 * mix, exceptions, largest contributors and the dated, sourced parameters behind it; for one placement the band
 * rules tested, each parameter read and each step of the formula; for the DSG balance every funding assumption.
 */
import { useEffect, useRef } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { count, moneyM, pence, percent, pounds } from '../charts/format';
import type { ExplainedFigure } from '../store/explain';
import type { FundingExplanation, GroupExplanation } from '../../../models/service/workspace-jobs';
import type { PlacementTrace } from '../../../models/pricing/explain';
import { centralOf, isDistribution, quantileOf, type Quantity } from '../../../models/uncertainty/distributions';
import { settingLabel } from '../../../models/vocab/settings';

/** A rate or share that may be uncertain: "2.00% a year" or "2.50% a year (80%: 1.00%–4.00%)". */
export function quantityText(q: unknown, unit: 'rate' | 'share' | 'multiplier'): string {
  const one = (x: number) => (unit === 'multiplier' ? `× ${Number(x.toPrecision(4))}` : percent(x, 2));
  const tail = unit === 'rate' ? ' a year' : '';
  if (typeof q === 'number') return `${one(q)}${tail}`;
  if (q && typeof q === 'object' && isDistribution(q as Quantity)) return `${one(centralOf(q as Quantity))}${tail} (80%: ${one(quantileOf(q as Quantity, 0.1))}–${one(quantileOf(q as Quantity, 0.9))})`;
  return String(q);
}

function Figures({ figures }: { figures?: ExplainedFigure[] }) {
  if (!figures?.length) return null;
  return (
    <dl className="explain-figures">
      {figures.map((f) => (
        <div key={`${f.label}${f.year ?? ''}`}>
          <dt>
            {f.label}
            {f.year ? `, ${f.year}` : ''}
          </dt>
          <dd>{f.unit === 'money' ? moneyM(f.value) : count(f.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Source({ from, source }: { from?: string | null; source: string }) {
  return (
    <p className="explain-source">
      {from ? <span className="explain-date">From {from}. </span> : null}
      {source}
    </p>
  );
}

function GroupTraceView({ t, onPlacement }: { t: GroupExplanation; onPlacement: (id: string) => void }) {
  const g = t.group;
  const plans = g.bandMix.reduce((s, b) => s + b.plans, 0);
  return (
    <>
      <p>
        Traced on {t.date}, the first day of the forecast, over {count(g.plans)} placements ({t.data}). Prices from <strong>{t.rulebook.name}</strong>
        {t.rulebook.illustrative ? ' — illustrative values, not official prices' : ''}.
      </p>
      <dl className="explain-figures">
        <div>
          <dt>Today’s cost a year</dt>
          <dd>{moneyM(g.current)}</dd>
        </div>
        <div>
          <dt>Price under the rulebook</dt>
          <dd>{moneyM(g.price)}</dd>
        </div>
        <div>
          <dt>Difference</dt>
          <dd>{moneyM(g.difference)}</dd>
        </div>
        {g.unpriced > 0 ? (
          <div>
            <dt>Plans not priced</dt>
            <dd>{count(g.unpriced)}</dd>
          </div>
        ) : null}
      </dl>
      <h3>Band mix</h3>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Band</th>
            <th scope="col" className="numeric">
              Plans
            </th>
            <th scope="col" className="numeric">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {g.bandMix.map((b) => (
            <tr key={b.band}>
              <th scope="row">{b.band === '(none)' ? 'No band' : b.band}</th>
              <td className="numeric">{count(b.plans)}</td>
              <td className="numeric">{percent(plans > 0 ? b.plans / plans : 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Exceptions and protection</h3>
      {g.exceptions.length === 0 ? <p>No placement in this group is an exception: every one is priced by the tariff formula.</p> : null}
      <ul>
        {g.exceptions.map((x) => {
          const spec = t.exceptions.find((e) => e.id === x.id);
          return (
            <li key={x.id}>
              <strong>{count(x.plans)}</strong> {spec?.label ?? x.id} <code>{spec?.when}</code>
            </li>
          );
        })}
        {g.protected.capped + g.protected.floored > 0 ? (
          <li>
            Transitional protection: {count(g.protected.capped)} capped, {count(g.protected.floored)} floored.
          </li>
        ) : null}
      </ul>
      <h3>The formula and the parameters behind it</h3>
      <p>
        Price = <code>{t.formula}</code>
      </p>
      {t.parameters.map((p) => (
        <section key={p.name} className="explain-parameter" aria-label={p.label}>
          <h4>
            {p.label} <span className="explain-unit">({p.unit})</span>
          </h4>
          <table className="data-table compact">
            <thead>
              <tr>
                {p.keys.map((k) => (
                  <th key={k} scope="col">
                    {k === 'la_code' ? 'LA' : k}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  Value
                </th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {p.values.map((v, i) => (
                <tr key={i}>
                  {v.keyValues.map((k, j) => (
                    <td key={j}>{p.keys[j] === 'setting' ? settingLabel(k) : k === '*' ? 'any other' : k}</td>
                  ))}
                  <td className="numeric">{p.unit.startsWith('£') ? pounds(v.value) : String(v.value)}</td>
                  <td>{v.from}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.more > 0 ? <p className="explain-more">and {count(p.more)} more values in force, listed on the workbook’s Assumptions sheet.</p> : null}
          <Source source={p.values[0]?.source ?? ''} />
        </section>
      ))}
      <h3>Indexation of today’s costs in the forecast</h3>
      <p>Each later year’s figure is this group’s projected plans × its cost per plan, raised by these uplifts; a financial year takes 5/12 of the academic year ending in it and 7/12 of the one starting in it.</p>
      <ul>
        {t.uplift.map((u, i) => (
          <li key={i}>
            {u.setting ? `${settingLabel(u.setting)}: ` : ''}from {u.from}: {quantityText(u.rate, 'rate')}. <span className="explain-source-inline">{u.source}</span>
          </li>
        ))}
      </ul>
      <h3>Largest contributors to the difference</h3>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Placement</th>
            <th scope="col" className="numeric">
              Today
            </th>
            <th scope="col" className="numeric">
              Price
            </th>
            <th scope="col" className="numeric">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {g.largestDifferences.map((x) => (
            <tr key={x.placementId}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onPlacement(x.placementId)}>
                  {x.placementId}
                </button>
              </th>
              <td className="numeric">{pounds(x.current)}</td>
              <td className="numeric">{pounds(x.price)}</td>
              <td className="numeric">{pounds(x.difference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function PlacementTraceView({ t }: { t: PlacementTrace }) {
  return (
    <>
      <p>
        Priced on {t.date} by <strong>{t.rulebook.name}</strong>
        {t.rulebook.illustrative ? ' (illustrative values)' : ''}.
      </p>
      <dl className="explain-figures">
        <div>
          <dt>Today’s cost</dt>
          <dd>{pence(t.current)}</dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd>{pence(t.price)}</dd>
        </div>
        <div>
          <dt>Difference</dt>
          <dd>{pence(t.difference)}</dd>
        </div>
        <div>
          <dt>Place funding + top-up</dt>
          <dd>
            {pence(t.placeFunding)} + {pence(t.topUp)}
          </dd>
        </div>
      </dl>
      <h3>The placement</h3>
      <table className="data-table compact">
        <tbody>
          {Object.entries(t.fields).map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v === null ? '–' : k === 'setting' ? `${settingLabel(String(v))} (${v})` : typeof v === 'number' && /cost|top_up|place_funding/.test(k) ? pounds(v) : String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Band rules tested, in order (first match wins)</h3>
      <ol className="explain-rules">
        {t.band.tested.map((r) => (
          <li key={r.id}>
            <span className={r.matched ? 'rule-hit' : 'rule-miss'}>{r.matched ? '✓ matched' : '✗ no'}</span> {r.id}: <code>{r.rule}</code>
          </li>
        ))}
      </ol>
      <p>
        Band: <strong>{t.band.label ?? 'none'}</strong>
      </p>
      <h3>Parameters read</h3>
      {t.parameters.map((p) => (
        <section key={p.name} className="explain-parameter" aria-label={p.label}>
          <h4>
            {p.label}
            {p.keys ? ` (${Object.entries(p.keys).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}: {p.unit.startsWith('£') ? pounds(p.value) : Number(p.value.toPrecision(6)).toString()}
          </h4>
          <Source from={p.from} source={p.source} />
          {p.steps?.length ? (
            <ul>
              {p.steps.map((s) => (
                <li key={s.year}>
                  {s.year}: {percent(s.rate, 2)} (from {s.from}) — {s.source}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
      <h3>The formula, step by step</h3>
      <p>
        <code>{t.formula.text}</code>
      </p>
      <ol>
        {t.formula.steps.map((s, i) => (
          <li key={i}>
            <code>{s.text}</code> = {typeof s.value === 'number' ? Number(s.value.toPrecision(10)).toLocaleString('en-GB') : String(s.value)}
          </li>
        ))}
      </ol>
      {t.exception ? (
        <p>
          Exception: <strong>{t.exception.label}</strong> ({t.exception.action === 'current_cost' ? 'funded at today’s cost' : t.exception.action})
          {t.exception.amount !== undefined ? `, ${pounds(t.exception.amount)}` : ''}.
        </p>
      ) : (
        <p>No exception applies.</p>
      )}
      {t.protection ? (
        <p>
          Transitional protection ({t.protection.basis}): cap {t.protection.cap === null ? 'none' : percent(t.protection.cap)}, floor {t.protection.floor === null ? 'none' : percent(t.protection.floor)} on {pence(t.protection.previous)}
          {t.protection.applied ? ` — the ${t.protection.applied} applied` : ' — not binding'}.
        </p>
      ) : null}
      <p>
        Reported in S251 {t.s251.place ? `${t.s251.place} (place funding) and ` : ''}
        {t.s251.topUp} (top-up).
      </p>
    </>
  );
}

function FundingTraceView({ t }: { t: FundingExplanation }) {
  return (
    <>
      <p>{t.formula}</p>
      <h3>High-needs allocation</h3>
      <ul>
        {t.allocation.amounts.map((a) => (
          <li key={a.year}>
            {a.year}: <strong>{moneyM(a.value)}</strong>. <span className="explain-source-inline">{a.source}</span>
          </li>
        ))}
        <li>
          Later years: {quantityText(t.allocation.growth, 'rate')}. <span className="explain-source-inline">{t.allocation.growthSource}</span>
        </li>
        {t.allocation.byLa ? <li>Per-LA allocations from the user’s table replace these for the LAs in the data.</li> : null}
      </ul>
      <h3>Non-placement spend (S251 lines, base-year prices)</h3>
      <ul>
        {t.nonPlacement.lines.map((l) => (
          <li key={l.line}>
            {l.line} {l.label}: <strong>{moneyM(l.value)}</strong>. <span className="explain-source-inline">{l.source}</span>
          </li>
        ))}
        <li>
          Uplift: {quantityText(t.nonPlacement.uplift, 'rate')}. <span className="explain-source-inline">{t.nonPlacement.upliftSource}</span>
        </li>
      </ul>
      <h3>Opening balance</h3>
      <p>
        <strong>{moneyM(t.openingBalance.amount)}</strong> at {t.openingBalance.asAt} (negative = deficit). <span className="explain-source-inline">{t.openingBalance.source}</span>
      </p>
      <h3>Deficit write-off</h3>
      <p>
        {t.writeOff.enabled ? `On: ${quantityText(t.writeOff.share, 'share')} of deficits accrued to the end of ${t.writeOff.accruedTo}, paid in ${t.writeOff.paidIn}.` : 'Off in this scenario.'}{' '}
        <span className="explain-source-inline">{t.writeOff.source}</span>
      </p>
      <h3>Statutory override</h3>
      <p>Deficits are held off councils’ books until the end of {t.overrideEnds}; after that they fall on the council’s own reserves.</p>
    </>
  );
}

export function ExplainDrawer() {
  const store = useAppStore();
  const target = useAppState((s) => s.explainTarget);
  const state = useAppState((s) => s.explainState);
  const trail = useAppState((s) => s.explainTrail);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (target) heading.current?.focus();
  }, [target]);
  useEffect(() => {
    if (!target) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.getState().closeExplain();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [target, store]);
  if (!target) return null;
  const figures = target.kind === 'placement' ? undefined : target.figures;
  return (
    <aside className="explain-drawer" aria-labelledby="explain-title" data-testid="explain-drawer">
      <div className="explain-head">
        <p className="explain-kicker">How this figure is made</p>
        <h2 id="explain-title" ref={heading} tabIndex={-1}>
          {target.title}
        </h2>
        <div className="explain-actions">
          {trail.length > 0 ? (
            <button type="button" className="link-button" onClick={() => store.getState().explainBack()}>
              Back
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={() => store.getState().closeExplain()}>
            Close<span className="visually-hidden"> the explanation</span>
          </button>
        </div>
      </div>
      {/* Focusable so keyboard users can scroll a long trace. */}
      <div className="explain-body" tabIndex={0} role="region" aria-label={`Trace of ${target.title}`}>
        <Figures figures={figures} />
        {state.state === 'loading' ? (
          <p role="status">Tracing it in the engine…</p>
        ) : state.state === 'failed' ? (
          <p role="alert" className="notice notice-error">
            {state.message}
          </p>
        ) : state.data?.kind === 'group' ? (
          <GroupTraceView t={state.data.trace} onPlacement={(id) => void store.getState().openExplain({ kind: 'placement', runId: target.runId, placementId: id, title: `Placement ${id}` }, { keepTrail: true })} />
        ) : state.data?.kind === 'placement' ? (
          <PlacementTraceView t={state.data.trace} />
        ) : state.data?.kind === 'funding' ? (
          <FundingTraceView t={state.data.trace} />
        ) : null}
      </div>
    </aside>
  );
}
