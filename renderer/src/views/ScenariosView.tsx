/** Scenarios: a baseline, the assumptions laid over it (each with its central value, 80% range, unit and source), the central result as you edit, and the full run. */
import { useEffect } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { NoBreakYears } from '../components/ChartFigure';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { count } from '../charts/format';
import { inputLabel, inputValueText } from '../charts/labels';
import { formatScenarioIssue } from '../../../models/projection/scenario';
import { uncertainInputs } from '../../../models/uncertainty/inputs';
import { draftDate, rulebookDocuments, selectCatalog, selectResolvedDraft } from '../store/scenario';
import { VIEW_TITLE } from './catalog';
import { AssumptionField } from './scenario/AssumptionField';
import { CentralPanel } from './scenario/CentralPanel';
import { FixedLevers, FundingChoices, SeedField, TariffLever } from './scenario/Levers';
import { assumptionItems, GROUP_TITLE, resolveDraft, type AssumptionGroup } from './scenario/model';
import { PricesEditor } from './scenario/PricesEditor';
import { RunPanel } from './scenario/RunPanel';
import './results/results.css';

/** Where a scenario's placements come from, in words (the engine's own description is stamped on its outputs). */
function dataText(dataset: string | undefined): string {
  if (dataset === 'england-2025') return 'England, January 2025 census (DfE, Open Government Licence v3.0): 638,745 EHC plans with modelled costs';
  if (dataset === 'example-council') return 'Example Council (synthetic, about 3,000 plans)';
  return dataset ?? 'a placement file';
}

const LEAD =
  'A scenario is a set of assumptions laid over a baseline: growth in EHC plans, joiners and leavers, policy levers such as adopting the tariff or changing band prices, the funding you expect and how uncertain each figure is. Only what differs from the baseline is stored, so every scenario shows exactly what it changes.';

export function ScenariosView() {
  const store = useAppStore();
  const catalogState = useAppState((s) => s.scenarioCatalog);
  const catalog = useAppState(selectCatalog);
  const draft = useAppState((s) => s.scenarioDraft);
  const resolved = useAppState(selectResolvedDraft);
  const rulebooks = useAppState(rulebookDocuments);

  useEffect(() => {
    void store.getState().loadScenarioCatalog();
  }, [store]);

  if (catalogState.state !== 'ready' || !draft) {
    return (
      <ViewPage title={VIEW_TITLE.scenarios} lead={LEAD}>
        {catalogState.state === 'failed' ? (
          <div className="notice notice-error" role="alert">
            <h2>The shipped scenarios could not be read</h2>
            <p>{catalogState.message}</p>
            <div className="lever-row">
              <button type="button" className="button" onClick={() => void store.getState().loadScenarioCatalog()}>
                Try again
              </button>
              <CommandButton command="view.data" className="button button-secondary">
                Go to placement data
              </CommandButton>
            </div>
          </div>
        ) : (
          <EmptyState title="Reading the scenarios…" icon="scenario" actions={<CommandButton command="view.data">Go to placement data</CommandButton>}>
            <p>The England baseline and the example council ship with the app; any scenario you save can also be a baseline. A scenario projects the placement data, so check it first if you have not.</p>
          </EmptyState>
        )}
      </ViewPage>
    );
  }

  const scenario = resolved?.scenario ?? null;
  const baseline = resolved?.baseline ?? null;
  const items = scenario ? assumptionItems(scenario) : null;
  const errors = resolved?.issues.filter((i) => i.severity === 'error') ?? [];
  const warnings = resolved?.issues.filter((i) => i.severity === 'warning') ?? [];
  const date = draftDate(resolved);
  const sourceRulebookRef = resolveDraft({ ...draft, prices: [] }, catalog).scenario?.rulebook;
  const sourceRulebook = sourceRulebookRef ? rulebooks[sourceRulebookRef] : undefined;
  const changed = Object.keys(draft.overrides).length + draft.prices.length;
  const entry = catalog.find((c) => c.ref === draft.baseline);

  const group = (g: AssumptionGroup) =>
    items?.[g].map((item) => <AssumptionField key={item.path} item={item} scenario={scenario!} baseline={baseline} overridden={item.path in draft.overrides} />);

  return (
    <ViewPage title={VIEW_TITLE.scenarios} lead={LEAD}>
      <div className="scenario-workspace">
        <div className="scenario-main">
          <section className="scenario-card" aria-labelledby="baseline-title">
            <h2 id="baseline-title">Start from a baseline</h2>
            <div className="lever-row">
              <label className="field">
                <span className="field-label">Baseline</span>
                <select value={draft.baseline} onChange={(e) => store.getState().chooseBaseline(e.target.value)} data-testid="baseline-select">
                  <optgroup label="Shipped with the app">
                    {catalog.filter((c) => c.shipped).map((c) => (
                      <option key={c.ref} value={c.ref}>
                        {c.name}
                      </option>
                    ))}
                  </optgroup>
                  {catalog.some((c) => !c.shipped) ? (
                    <optgroup label="Saved in this project">
                      {catalog.filter((c) => !c.shipped).map((c) => (
                        <option key={c.ref} value={c.ref}>
                          {c.name}
                        </option>
                      ))}
                    </optgroup>
                  ) : null}
                </select>
              </label>
              <label className="field field-grow">
                <span className="field-label">Scenario name</span>
                <input
                  value={draft.name}
                  onChange={(e) => store.getState().editScenario('Rename the scenario', (d) => ({ ...d, name: e.target.value }), 'name')}
                  onBlur={() => store.getState().sealUndo()}
                  data-testid="scenario-name"
                />
              </label>
            </div>
            {entry?.description ? <p className="assumption-help">{entry.description}</p> : null}
            {catalog.some((c) => !c.shipped) ? (
              <p className="scenario-facts">
                <strong>Saved in this project:</strong>{' '}
                {catalog
                  .filter((c) => !c.shipped)
                  .map((c, i) => (
                    <span key={c.ref}>
                      {i > 0 ? ', ' : ''}
                      <button type="button" className="link-button" onClick={() => store.getState().openSavedScenario(c.ref)}>
                        {c.name}
                      </button>
                    </span>
                  ))}{' '}
                (open one to edit it; choosing it as the baseline above starts a new scenario over it).
              </p>
            ) : null}
            {scenario ? (
              <p className="scenario-facts">
                <strong>Data:</strong> {dataText(scenario.data.dataset)}. <strong>Horizon:</strong> {scenario.horizon.years} financial years from {scenario.horizon.firstYear} (census {scenario.base.census}).{' '}
                <strong>Changes from the baseline:</strong> {changed === 0 ? 'none yet' : count(changed)}.
              </p>
            ) : null}
            {errors.length > 0 ? (
              <div className="notice notice-error" role="alert">
                <h3>This scenario cannot run yet</h3>
                <ul>
                  {errors.map((i) => (
                    <li key={formatScenarioIssue(i)}>{formatScenarioIssue(i)}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            {warnings.map((i) => (
              <p key={formatScenarioIssue(i)} className="view-note">
                Note: {formatScenarioIssue(i)}
              </p>
            ))}
          </section>

          {scenario && items ? (
            <>
              <section className="scenario-card" aria-labelledby="group-demand">
                <h2 id="group-demand">{GROUP_TITLE.demand}</h2>
                {group('demand')}
              </section>
              <section className="scenario-card" aria-labelledby="group-levers">
                <h2 id="group-levers">{GROUP_TITLE.levers}</h2>
                <TariffLever scenario={scenario} baseline={baseline} />
                {group('levers')}
                <h3 className="subhead">Band prices</h3>
                <PricesEditor draft={draft} rulebook={sourceRulebook} date={date} />
                <h3 className="subhead">Other levers in this scenario</h3>
                <FixedLevers scenario={scenario} />
              </section>
              <section className="scenario-card" aria-labelledby="group-funding">
                <h2 id="group-funding">{GROUP_TITLE.funding}</h2>
                {group('funding')}
                <FundingChoices scenario={scenario} baseline={baseline} />
              </section>
              <section className="scenario-card" aria-labelledby="group-uncertainty">
                <h2 id="group-uncertainty">{GROUP_TITLE.uncertainty}</h2>
                <p className="assumption-help">
                  Every draw takes each uncertain assumption from its 80% range; the same seed gives the same draws, so a scenario and its baseline share them and their difference is
                  not noise.
                </p>
                <SeedField scenario={scenario} baseline={baseline} />
                <table className="data-table compact">
                  <caption>Uncertain assumptions in this scenario</caption>
                  <thead>
                    <tr>
                      <th scope="col">Assumption</th>
                      <th scope="col" className="numeric">
                        10th percentile
                      </th>
                      <th scope="col" className="numeric">
                        Median
                      </th>
                      <th scope="col" className="numeric">
                        90th percentile
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {uncertainInputs(scenario).map((u) => (
                      <tr key={u.path}>
                        <th scope="row">
                          <NoBreakYears text={inputLabel(u.path, scenario)} />
                        </th>
                        <td className="numeric nowrap">{inputValueText(u.path, u.p10)}</td>
                        <td className="numeric nowrap">{inputValueText(u.path, u.p50)}</td>
                        <td className="numeric nowrap">{inputValueText(u.path, u.p90)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          ) : null}
        </div>
        <div className="scenario-side">
          <RunPanel canRun={scenario !== null} />
          <CentralPanel />
        </div>
      </div>
    </ViewPage>
  );
}
