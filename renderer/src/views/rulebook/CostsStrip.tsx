/** What the open rulebook costs on the loaded placements in a chosen year, against current costs in the same year. */
import { useId } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import { count, money, moneyChange, percentChange } from '../data/format';
import { HORIZON_YEARS } from './edit';

export function CostsStrip() {
  const store = useAppStore();
  const yearId = useId();
  const costs = useAppState((s) => s.rulebookCosts);
  const year = useAppState((s) => s.rulebookYear);
  const draft = useAppState((s) => s.rulebookDraft);
  const check = useAppState((s) => s.rulebookCheck);
  const data = useAppState((s) => s.dataSummary);
  const r = costs.result;
  const stale = costs.state === 'pricing' || costs.of !== draft;
  const blocked = check.of === draft && check.state === 'done' && check.result && !check.result.ok;
  const change = r && r.currentCosts !== null ? r.price - r.currentCosts : null;
  return (
    <section className="costs-strip" aria-labelledby="costs-title" aria-busy={stale && !blocked}>
      <div className="costs-head">
        <h2 id="costs-title" className="section-title">
          What this rulebook costs on the loaded data
        </h2>
        {stale && r && !blocked ? (
          <p className="costs-updating" role="status">
            Updating…
          </p>
        ) : null}
        <div className="costs-year">
          <label htmlFor={yearId}>Financial year</label>
          <select id={yearId} value={year} onChange={(e) => store.getState().setRulebookYear(e.target.value)}>
            {HORIZON_YEARS.map((fy) => (
              <option key={fy} value={fy}>
                {fy}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="section-hint">
        {data ? `${data.source}: ${count(data.tableRows)} rows, priced as on 1 April ${year.slice(0, 4)}.` : 'No placement data is loaded yet.'} Placements are today’s; only prices change with the year.
      </p>
      {blocked ? (
        <p className="costs-blocked" role="status">
          Fix the rulebook’s problems (listed above) to see what it costs.
        </p>
      ) : costs.state === 'failed' && !stale ? (
        <p className="costs-blocked" role="alert">
          The placements could not be priced: {costs.message}
        </p>
      ) : r ? (
        <dl className={`costs-figures${stale ? ' is-stale' : ''}`}>
          <div>
            <dt>This rulebook, {r.date.slice(0, 4)}-{String((Number(r.date.slice(0, 4)) + 1) % 100).padStart(2, '0')}</dt>
            <dd data-testid="costs-price">{money(r.price)}</dd>
          </div>
          <div>
            <dt>Current costs, same year</dt>
            <dd>{r.currentCosts === null ? '—' : money(r.currentCosts)}</dd>
          </div>
          <div className={change === null ? undefined : change > 0 ? 'is-up' : change < 0 ? 'is-down' : undefined}>
            <dt>Against current costs</dt>
            <dd data-testid="costs-change">
              {change === null ? '—' : moneyChange(change)}
              {change !== null && r.currentCosts ? <span className="costs-percent">{percentChange(change / r.currentCosts)}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Placements priced</dt>
            <dd className="costs-small">
              {count(r.plans - r.unpriced)}
              {r.unpriced > 0 ? <span className="warning-text"> · {count(r.unpriced)} not priced</span> : null}
            </dd>
          </div>
        </dl>
      ) : (
        <p className="view-note" role="status">
          Pricing the placements…
        </p>
      )}
    </section>
  );
}
