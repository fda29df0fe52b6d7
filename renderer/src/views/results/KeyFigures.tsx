/**
 * The run's figures by financial year, field for field as `hntm run --format json` prints them (DESIGN §6), in £m
 * with the exact pounds in data-value (so a test, or an auditor copying a cell, gets the unrounded figure).
 */
import type { ReactNode } from 'react';
import { count, moneyM } from '../../charts/format';
import type { RunResult } from '../../charts/series';
import type { ExplainTarget } from '../../store/explain';

interface Row {
  series: string;
  label: string;
  values: number[];
  kind: 'money' | 'count';
  strong?: boolean;
  explain?: ExplainTarget;
  indent?: boolean;
}

export function KeyFigures({ run, runId, onExplain }: { run: RunResult; runId: string; onExplain: (t: ExplainTarget) => void }) {
  const c = run.central;
  const q = run.draws > 0 ? run.quantiles['scenario.total'] : null;
  const group = (title: string): ExplainTarget => ({ kind: 'group', runId, by: 'all', key: 'all', title });
  const funding = (title: string): ExplainTarget => ({ kind: 'funding', runId, title });
  const rows: Row[] = [
    { series: 'plans', label: 'EHC plans at the January census', values: c.plans, kind: 'count' },
    { series: 'spend.scenario.total', label: 'Placement spend in the scenario', values: c.spend.scenario.total, kind: 'money', strong: true, explain: group('Placement spend in the scenario') },
    ...(q
      ? [
          { series: 'quantiles.scenario.p10', label: '10th percentile of the draws', values: q.p10, kind: 'money' as const, indent: true },
          { series: 'quantiles.scenario.p50', label: 'Median of the draws', values: q.p50, kind: 'money' as const, indent: true },
          { series: 'quantiles.scenario.p90', label: '90th percentile of the draws', values: q.p90, kind: 'money' as const, indent: true },
        ]
      : []),
    { series: 'spend.current.total', label: 'Placement spend at today’s costs (indexed)', values: c.spend.current.total, kind: 'money', explain: group('Placement spend at today’s costs') },
    { series: 'spend.tariff.total', label: 'Placement spend at full tariff', values: c.spend.tariff.total, kind: 'money', explain: group('Placement spend at full tariff') },
    { series: 'nonPlacement', label: 'Non-placement spend (S251 1.2.4–1.2.13)', values: c.nonPlacement, kind: 'money', explain: funding('Non-placement spend') },
    { series: 'funding.allocation', label: 'High-needs allocation', values: c.funding.allocation, kind: 'money', explain: funding('High-needs allocation') },
    { series: 'funding.inYear', label: 'In-year DSG balance', values: c.funding.inYear, kind: 'money', strong: true, explain: funding('In-year DSG balance') },
    ...(c.funding.writeOff.some((x) => x !== 0) ? [{ series: 'funding.writeOff', label: 'Deficit write-off grant', values: c.funding.writeOff, kind: 'money' as const, explain: funding('Deficit write-off grant') }] : []),
    { series: 'funding.cumulative', label: 'Cumulative DSG balance', values: c.funding.cumulative, kind: 'money', strong: true, explain: funding('Cumulative DSG balance') },
  ];
  const label = (r: Row): ReactNode =>
    r.explain ? (
      <button type="button" className="link-button figure-link" onClick={() => onExplain(r.explain!)}>
        {r.label}
      </button>
    ) : (
      r.label
    );
  return (
    <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={`${run.scenario}: figures by financial year`}>
      <table className="data-table key-figures" data-testid="key-figures">
        <caption>
          {run.scenario}: figures by financial year (£m; central run{q ? `, with the spread of ${count(run.draws)} draws` : ''})
        </caption>
        <thead>
          <tr>
            <th scope="col">£m a year</th>
            {run.years.map((y, i) => (
              <th key={y} scope="col" className="numeric">
                {y}
                {i === run.markers.overrideEndsIndex ? <span className="override-mark" title="The statutory override ends after this year"> ◆</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.series} data-series={r.series} className={r.strong ? 'strong-row' : r.indent ? 'indent-row' : undefined}>
              <th scope="row">{label(r)}</th>
              {r.values.map((v, i) => (
                <td key={i} className="numeric" data-value={String(v)}>
                  {r.kind === 'money' ? moneyM(v) : count(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {run.markers.overrideEndsIndex >= 0 && run.markers.overrideEndsIndex < run.years.length ? (
        <p className="table-note">◆ The statutory override ends after {run.markers.overrideEnds}: from then, a deficit falls on the council’s own books.</p>
      ) : null}
    </div>
  );
}
