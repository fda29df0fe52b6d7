/** The summary strip: plans and total cost of the rows shown, and the split by sector, in £ with separators. */
import { useAppState } from '../../app-context';
import { SECTORS } from '../../../../models/vocab/sectors';
import { count, money } from './format';

/** Names that fit a tile; the full sector label is the tile's tooltip and accessible name. */
const SHORT: Record<string, string> = { maintained: 'Maintained', independent: 'Independent and NMSS', ap: 'Alternative provision', other: 'Elsewhere or not recorded' };

export function SummaryStrip() {
  const summary = useAppState((s) => s.dataSummary);
  const filtering = useAppState((s) => s.dataFiltering);
  if (!summary) return null;
  const filtered = summary.viewRows !== summary.tableRows;
  return (
    <section className="summary-strip" aria-labelledby="summary-title" aria-busy={filtering}>
      <h2 id="summary-title" className="visually-hidden">
        Summary of the {filtered ? 'filtered ' : ''}placements
      </h2>
      <dl className="summary-main">
        <div className="summary-figure">
          <dt>{filtered ? 'Plans matching the filters' : 'Plans'}</dt>
          <dd data-testid="summary-plans">{count(summary.plans)}</dd>
        </div>
        <div className="summary-figure">
          <dt>Total cost a year</dt>
          <dd data-testid="summary-cost">{money(summary.cost)}</dd>
        </div>
        <div className="summary-figure">
          <dt>Average per plan</dt>
          <dd>{summary.plans > 0 ? money(summary.cost / summary.plans) : '—'}</dd>
        </div>
      </dl>
      <ul className="summary-sectors" aria-label="By sector">
        {SECTORS.map((s) => {
          const g = summary.bySector[s.code];
          const share = summary.cost > 0 ? g.cost / summary.cost : 0;
          return (
            <li key={s.code} className="sector-tile" title={s.label}>
              <span className="sector-name">
                <span className={`sector-swatch sector-${s.code}`} aria-hidden="true" />
                {SHORT[s.code] ?? s.label}
              </span>
              <span className="sector-cost">{money(g.cost)}</span>
              <span className="sector-plans">
                {count(g.plans)} plans · {(share * 100).toFixed(1)}%
              </span>
              <span className="sector-bar" aria-hidden="true">
                <span className={`sector-${s.code}`} style={{ width: `${Math.max(0, Math.min(100, share * 100))}%` }} />
              </span>
            </li>
          );
        })}
      </ul>
      {filtered ? (
        <p className="summary-filter-note" role="status">
          Showing {count(summary.viewRows)} of {count(summary.tableRows)} rows: those that match the filters.
        </p>
      ) : null}
    </section>
  );
}
