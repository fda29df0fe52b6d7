/** Compare: two to four runs side by side, with each one's difference from the chosen baseline per financial year, in a table and a chart. */
import { useEffect } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { ChartFigure } from '../components/ChartFigure';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ExplainDrawer } from '../components/ExplainDrawer';
import { ViewPage } from '../components/ViewPage';
import { compareTable } from '../charts/export';
import { compareTitle } from '../charts/findings';
import { count, moneyM, signedMoneyM } from '../charts/format';
import { COMPARE_METRIC_LABEL, compareRows, type CompareMetric } from '../charts/series';
import { selectComparison, MAX_COMPARED } from '../store/compare';
import { runLabel, selectFinishedRuns } from '../store/results';
import { VIEW_TITLE } from './catalog';
import { CompareChart } from './compare/CompareChart';
import './results/results.css';

const LEAD =
  'Two to four scenarios side by side: the difference from the baseline you choose in each financial year. Runs that share a seed and a number of draws share their random draws (common random numbers): draw 17 of each uses the same joiner rate, net other change and cost uplift, so a difference between them comes from what the scenarios change, never from sampling noise.';

const METRICS: CompareMetric[] = ['scenario', 'tariff', 'current', 'inYear', 'cumulative'];

export function CompareView() {
  const store = useAppStore();
  const finished = useAppState(selectFinishedRuns);
  const comparison = useAppState(selectComparison);
  const metric = useAppState((s) => s.compareMetric);
  const deltas = useAppState((s) => s.compareDeltas);
  const explainOpen = useAppState((s) => s.explainTarget !== null);

  useEffect(() => {
    void store.getState().loadCompareDeltas();
  }, [store, comparison.key]);

  if (finished.length < 2 || !comparison.baseline?.result) {
    return (
      <ViewPage title={VIEW_TITLE.compare} lead={LEAD}>
        <EmptyState title="Nothing to compare yet" icon="compare" actions={<CommandButton command="view.scenarios">Go to scenarios</CommandButton>}>
          <p>
            Comparing needs at least two scenarios that have been run, for example a baseline and a tariff option. Create and run them in Scenarios; they can then be chosen
            here.{finished.length === 1 ? ` One run is ready (${finished[0].name}): run one more.` : ''}
          </p>
        </EmptyState>
      </ViewPage>
    );
  }

  const base = comparison.baseline;
  const runs = comparison.runs.filter((r) => r.result);
  const names = runs.map((r) => r.name);
  const rows = compareRows(base.result!, runs.map((r) => r.result!), metric);
  const title = compareTitle(rows, names, metric);
  const table = compareTable(rows, title, base.name, names, metric);
  const deltaKey = metric === 'cumulative' || metric === 'inYear' ? metric : `${metric}.total`;
  const pricingOf = (id: string) => {
    const r = finished.find((x) => x.id === id);
    return r?.pricing.state === 'ready' ? r.pricing.data : null;
  };
  const basePricing = pricingOf(base.id);

  return (
    <ViewPage title={VIEW_TITLE.compare} lead={LEAD}>
      <div className={`compare-workspace${explainOpen ? ' with-drawer' : ''}`}>
        <section className="scenario-card" aria-labelledby="compare-choose">
          <h2 id="compare-choose">What to compare</h2>
          <div className="lever-row">
            <label className="field">
              <span className="field-label">Baseline</span>
              <select value={base.id} onChange={(e) => store.getState().setCompareBaseline(e.target.value)} data-testid="compare-baseline">
                {finished.map((r) => (
                  <option key={r.id} value={r.id}>
                    {runLabel(r)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Series</span>
              <select value={metric} onChange={(e) => store.getState().setCompareMetric(e.target.value as CompareMetric)} data-testid="compare-metric">
                {METRICS.map((m) => (
                  <option key={m} value={m}>
                    {COMPARE_METRIC_LABEL[m]}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset className="run-choices">
            <legend>Compared with the baseline (up to {MAX_COMPARED})</legend>
            {finished
              .filter((r) => r.id !== base.id)
              .map((r) => (
                <label key={r.id} className="check">
                  <input type="checkbox" checked={runs.some((x) => x.id === r.id)} onChange={() => store.getState().toggleCompareRun(r.id)} />
                  <span>{runLabel(r)}</span>
                </label>
              ))}
          </fieldset>
          <p className={comparison.sharedDraws ? 'crn-note' : 'notice notice-error'} data-testid="crn-note">
            {comparison.sharedDraws
              ? `Common random numbers: every run here used seed ${base.seed} and ${count(base.draws)} draws, so draw by draw they saw the same uncertain inputs. The ranges of the differences below are the policies’ own spread, not sampling noise.`
              : 'These runs do not share a seed and a number of draws, so their draws do not pair up: compare central values only, or rerun them with the same seed and draws.'}
          </p>
        </section>

        {runs.length === 0 ? (
          <p className="view-note">Choose at least one run to compare with the baseline.</p>
        ) : (
          <>
            <div className="chart-table-scroll" tabIndex={0} role="region" aria-label="Differences from the baseline by financial year">
              <table className="data-table compare-table" data-testid="compare-table">
                <caption>
                  {COMPARE_METRIC_LABEL[metric]} by financial year, £m (central runs); differences from {base.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Financial year</th>
                    <th scope="col" className="numeric">
                      {base.name} (baseline)
                    </th>
                    {names.map((n, k) => (
                      <th key={n + k} scope="col" className="numeric" colSpan={2}>
                        {n}
                      </th>
                    ))}
                  </tr>
                  <tr>
                    <td />
                    <td />
                    {names.map((n, k) => [
                      <th key={`v${k}`} scope="col" className="numeric sub">
                        Value
                      </th>,
                      <th key={`d${k}`} scope="col" className="numeric sub">
                        Difference (80% range)
                      </th>,
                    ])}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={r.year} data-year={r.year}>
                      <th scope="row">{r.year}</th>
                      <td className="numeric" data-value={String(r.baseline)}>
                        {moneyM(r.baseline)}
                      </td>
                      {r.values.map((v, k) => {
                        const q = deltas.state === 'ready' ? deltas.data?.find((d) => d.runKey === runs[k].id)?.series[deltaKey] : undefined;
                        return [
                          <td key={`v${k}`} className="numeric" data-value={String(v)}>
                            {moneyM(v)}
                          </td>,
                          <td key={`d${k}`} className="numeric delta" data-value={String(r.deltas[k])} data-run={runs[k].name}>
                            <strong>{signedMoneyM(r.deltas[k])}</strong>
                            {q ? <span className="delta-range"> ({signedMoneyM(q.p10[i])} to {signedMoneyM(q.p90[i])})</span> : null}
                          </td>,
                        ];
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              {deltas.state === 'loading' ? <p className="table-note" role="status">Pairing the draws of each run with the baseline’s…</p> : null}
              {deltas.state === 'failed' ? <p className="table-note text-error">{deltas.message}</p> : null}
            </div>

            <ChartFigure name="compare" title={title} note={`${COMPARE_METRIC_LABEL[metric]}: each run minus ${base.name}, central runs, £ per financial year.`} table={table}>
              <CompareChart rows={rows} names={names} />
            </ChartFigure>

            {basePricing ? (
              <section className="scenario-card" aria-labelledby="compare-start" data-testid="compare-start">
                <h2 id="compare-start">At the start: today’s placements under each rulebook</h2>
                <p className="assumption-help">
                  The placements of the census priced on {basePricing.date}, before any projection: what a change of band prices does to today’s placements (price × count, after
                  the area cost factor, the index, exceptions and protection).
                </p>
                <table className="data-table compact">
                  <thead>
                    <tr>
                      <th scope="col">Scenario</th>
                      <th scope="col" className="numeric">
                        Price under the rulebook
                      </th>
                      <th scope="col" className="numeric">
                        Difference from the baseline
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <th scope="row">{base.name}</th>
                      <td className="numeric" data-value={String(basePricing.totals.price)}>
                        {moneyM(basePricing.totals.price)}
                      </td>
                      <td className="numeric">–</td>
                    </tr>
                    {runs.map((r) => {
                      const p = pricingOf(r.id);
                      const d = p ? p.totals.price - basePricing.totals.price : null;
                      return (
                        <tr key={r.id} data-run={r.name}>
                          <th scope="row">{r.name}</th>
                          <td className="numeric" data-value={p ? String(p.totals.price) : undefined}>
                            {p ? moneyM(p.totals.price) : 'Pricing…'}
                          </td>
                          <td className="numeric start-delta" data-value={d === null ? undefined : String(d)}>
                            {d === null ? '…' : `${d > 0 ? '+' : d < 0 ? '−' : ''}£${Math.abs(d).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            ) : null}
          </>
        )}
      </div>
      <ExplainDrawer />
    </ViewPage>
  );
}
