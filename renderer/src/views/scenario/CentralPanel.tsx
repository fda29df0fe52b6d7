/** The scenario's central result (run 0: every uncertain input at its median), rerun in the worker a moment after each edit. */
import { useAppState } from '../../app-context';
import { moneyM } from '../../charts/format';

export function CentralPanel() {
  const central = useAppState((s) => s.scenarioCentral);
  const r = central.result;
  const status =
    central.state === 'running'
      ? 'Updating…'
      : central.state === 'failed'
        ? `Not updated: ${central.message ?? 'the central run failed.'}`
        : r
          ? 'Up to date with your edits.'
          : 'Waiting for the engine…';
  return (
    <section className="side-card" aria-labelledby="central-title" data-testid="central-result" data-state={central.state}>
      <h2 id="central-title">Central forecast</h2>
      <p className={`side-note${central.state === 'failed' ? ' text-error' : ''}`} role="status">
        {status}
      </p>
      {r ? (
        <table className="data-table compact central-table" aria-busy={central.state === 'running'}>
          <caption className="visually-hidden">Central run of {r.scenario}, £m a year</caption>
          <thead>
            <tr>
              <th scope="col">£m</th>
              <th scope="col" className="numeric">
                Spend
              </th>
              <th scope="col" className="numeric">
                In-year
              </th>
              <th scope="col" className="numeric">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {r.years.map((y, i) => (
              <tr key={y}>
                <th scope="row">{y}</th>
                <td className="numeric" data-value={String(r.central.spend.scenario.total[i])}>
                  {moneyM(r.central.spend.scenario.total[i])}
                </td>
                <td className="numeric">{moneyM(r.central.funding.inYear[i])}</td>
                <td className="numeric">{moneyM(r.central.funding.cumulative[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {r ? (
        <p className="side-note" data-testid="central-tariff">
          At full tariff, placement spend would be <strong className="nowrap">{moneyM(r.central.spend.tariff.total[0])}</strong> in {r.years[0]} and{' '}
          <strong className="nowrap">{moneyM(r.central.spend.tariff.total[r.years.length - 1])}</strong> in {r.years[r.years.length - 1]}: band prices move this basis whether or not the tariff is adopted.
        </p>
      ) : null}
      <p className="side-note">Placement spend, in-year and cumulative DSG balance, £m. No draws here: ranges come from the full run.</p>
    </section>
  );
}
