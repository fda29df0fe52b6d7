/** Results: the forecast of one run by financial year — a headline that states the finding, the figures, charts with their numbers, and the full workbook. */
import { useAppState, useAppStore } from '../app-context';
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ExplainDrawer } from '../components/ExplainDrawer';
import { useShortcutLabel } from '../components/use-shortcut';
import { ViewPage } from '../components/ViewPage';
import { headlineSentence } from '../charts/findings';
import { count, moneyM } from '../charts/format';
import { headlineFigures, type Basis } from '../charts/series';
import { inputLabel, inputValueText } from '../charts/labels';
import { runLabel, selectActiveRun, selectFinishedRuns, selectRunningRun, selectRunProgress } from '../store/results';
import { resolveScenario, type Scenario } from '../../../models/projection/scenario';
import type { ExplainTarget } from '../store/explain';
import { VIEW_TITLE } from './catalog';
import { KeyFigures } from './results/KeyFigures';
import { BandChart, DsgChart, FanChart, SectorChart, SettingChart, TornadoChart, WaterfallChart } from './results/ResultCharts';
import { RunProgressBar } from './scenario/RunPanel';
import './results/results.css';

const BASES: Array<{ id: Basis; label: string }> = [
  { id: 'scenario', label: 'In the scenario' },
  { id: 'current', label: 'At today’s costs' },
  { id: 'tariff', label: 'At full tariff' },
];

const LEAD =
  'The forecast for a scenario: high-needs spend by financial year, setting and sector, the number of EHC plans, and the in-year and cumulative DSG balance, each with a likely range (10th to 90th percentile). Every figure is stamped with the data, rulebook and settings that produced it.';

/** The scenario a run resolved to (for input labels): the run carries its diff and baselines. */
function scenarioOfRun(run: { scenario: unknown; baselines?: Record<string, unknown> }): Scenario | null {
  return resolveScenario(run.scenario, 'scenario', (ref) => (run.baselines && ref in run.baselines ? { json: run.baselines[ref], file: ref } : { error: 'missing' })).scenario;
}

const short = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);

export function ResultsView() {
  const store = useAppStore();
  const runShortcut = useShortcutLabel('run.start');
  const active = useAppState(selectActiveRun);
  const finished = useAppState(selectFinishedRuns);
  const running = useAppState(selectRunningRun);
  const progress = useAppState((s) => selectRunProgress(s, running));
  const basis = useAppState((s) => s.resultsBasis);
  const exportStatus = useAppState((s) => s.resultsExport);
  const explainOpen = useAppState((s) => s.explainTarget !== null);
  const open = (t: ExplainTarget) => void store.getState().openExplain(t);

  if (!active?.result) {
    return (
      <ViewPage title={VIEW_TITLE.results} lead={LEAD}>
        {running && progress ? (
          <section className="run-card" aria-labelledby="results-running">
            <h2 id="results-running">Running {running.name}</h2>
            <RunProgressBar progress={progress} />
            <button type="button" className="button button-secondary" onClick={() => void store.getState().cancelRun(running.id)}>
              Cancel the run
            </button>
          </section>
        ) : (
          <EmptyState title="No results yet" icon="chart" actions={<CommandButton command="view.scenarios">Go to scenarios</CommandButton>}>
            <p>
              Results appear here once a scenario has been run (Run scenario{runShortcut ? `, ${runShortcut}` : ''}). You will be able to export them as an Excel
              workbook laid out like the DfE DSG management plan, ready for schools forum.
            </p>
          </EmptyState>
        )}
      </ViewPage>
    );
  }

  const run = active.result;
  const h = headlineFigures(run);
  const scenario = scenarioOfRun(active.run);
  const last = run.years[run.years.length - 1];
  const pricing = active.pricing.state === 'ready' ? active.pricing.data : null;
  const all = (title: string, figures: NonNullable<Extract<ExplainTarget, { kind: 'group' }>['figures']>): ExplainTarget => ({ kind: 'group', runId: active.id, by: 'all', key: 'all', title, figures });

  return (
    <ViewPage title={VIEW_TITLE.results} lead={LEAD}>
      <div className={`results-workspace${explainOpen ? ' with-drawer' : ''}`}>
        <div className="results-toolbar">
          <label className="field-inline">
            <span>Run shown</span>
            <select value={active.id} onChange={(e) => store.getState().setActiveRun(e.target.value)}>
              {finished.map((r) => (
                <option key={r.id} value={r.id}>
                  {runLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="segmented">
            <legend>Spend basis in the charts</legend>
            {BASES.map((b) => (
              <label key={b.id}>
                <input type="radio" name="basis" value={b.id} checked={basis === b.id} onChange={() => store.getState().setResultsBasis(b.id)} />
                <span>{b.label}</span>
              </label>
            ))}
          </fieldset>
          <CommandButton command="file.exportResults">Export the full results workbook</CommandButton>
        </div>
        {exportStatus.state !== 'idle' ? (
          <div className={`notice notice-inline ${exportStatus.state === 'failed' ? 'notice-error' : 'notice-ok'}`} role={exportStatus.state === 'failed' ? 'alert' : 'status'} data-testid="export-status">
            <p>{exportStatus.message}</p>
            {exportStatus.state !== 'writing' ? (
              <button type="button" className="link-button" onClick={() => store.getState().dismissResultsExport()}>
                Dismiss
              </button>
            ) : null}
          </div>
        ) : null}
        {running && progress ? (
          <div className="notice notice-inline" role="status">
            <p>
              Running {running.name}: {progress.message}
            </p>
          </div>
        ) : null}

        <section className="headline-card" aria-labelledby="headline-title">
          <h2 id="headline-title">{run.scenario}</h2>
          <p className="headline" data-testid="headline">
            {headlineSentence(h)}
          </p>
          <div className="headline-figures">
            <button type="button" className="figure-card" data-testid="figure-first" data-value={String(h.first)} onClick={() => open(all(`Placement spend, ${h.firstYear}`, [{ label: 'Placement spend in the scenario', value: h.first, unit: 'money', year: h.firstYear }]))}>
              <span className="figure-label">Placement spend {h.firstYear}</span>
              <span className="figure-value">{moneyM(h.first)}</span>
            </button>
            <button type="button" className="figure-card" data-testid="figure-last" data-value={String(h.last)} onClick={() => open(all(`Placement spend, ${h.lastYear}`, [{ label: 'Placement spend in the scenario', value: h.last, unit: 'money', year: h.lastYear }]))}>
              <span className="figure-label">Placement spend {h.lastYear}</span>
              <span className="figure-value">{moneyM(h.last)}</span>
              {h.low !== null && h.high !== null ? (
                <span className="figure-range">
                  80% range <span className="nowrap">{moneyM(h.low)}</span>–<span className="nowrap">{moneyM(h.high)}</span>
                </span>
              ) : null}
            </button>
            <button type="button" className="figure-card" data-testid="figure-balance" data-value={String(h.balance)} onClick={() => open({ kind: 'funding', runId: active.id, title: `Cumulative DSG balance, ${h.lastYear}`, figures: [{ label: 'Cumulative DSG balance', value: h.balance, unit: 'money', year: h.lastYear }] })}>
              <span className="figure-label">{h.balance < 0 ? 'Cumulative DSG deficit' : 'Cumulative DSG surplus'} by {h.lastYear}</span>
              <span className="figure-value">{moneyM(Math.abs(h.balance))}</span>
              {h.balanceLow !== null && h.balanceHigh !== null ? (
                <span className="figure-range">
                  80% range <span className="nowrap">{moneyM(h.balanceLow)}</span> to <span className="nowrap">{moneyM(h.balanceHigh)}</span>
                </span>
              ) : null}
            </button>
            <button
              type="button"
              className="figure-card"
              data-testid="figure-start"
              data-value={pricing ? String(pricing.totals.current) : undefined}
              disabled={!pricing}
              onClick={() => open(all(`Today’s placements, priced on ${pricing?.date ?? ''}`, pricing ? [{ label: 'Today’s cost a year', value: pricing.totals.current, unit: 'money' }, { label: 'Plans', value: pricing.totals.plans, unit: 'count' }] : []))}
            >
              <span className="figure-label">Today’s placements cost a year</span>
              <span className="figure-value">{pricing ? moneyM(pricing.totals.current) : '…'}</span>
              <span className="figure-range">{pricing ? `${count(pricing.totals.plans)} plans priced on ${pricing.date}` : 'Pricing…'}</span>
            </button>
          </div>
          <p className="headline-notes">
            Placement spend is what the council’s high-needs block pays for placements (place funding and top-ups); non-placement services (S251 1.2.4–1.2.13) add{' '}
            {moneyM(h.nonPlacement)} in {last}. Central run with every uncertain input at its median
            {run.draws > 0 ? `; ranges over ${count(run.draws)} draws sharing seed ${run.seed}` : '; no draws were run, so there is no range'}.
            {pricing
              ? ` Today’s placements (${count(pricing.totals.plans)} at the census, priced on ${pricing.date}) are the workbook’s Summary total; ${h.firstYear} spend is higher because it also pays for the plans added during the year.`
              : ''}
          </p>
        </section>

        <KeyFigures run={run} runId={active.id} onExplain={open} />

        <h2 className="section-title">Charts</h2>
        <p className="section-lead">Each chart’s title states what it shows; click a bar or point to see how it is made, or show its numbers and download them as CSV or Excel.</p>
        <div className="chart-grid">
          <FanChart run={run} runId={active.id} basis={basis} onExplain={open} />
          <DsgChart run={run} runId={active.id} onExplain={open} />
          <SectorChart run={run} runId={active.id} basis={basis} onExplain={open} />
          <WaterfallChart run={run} runId={active.id} basis={basis} onExplain={open} />
          <SettingChart run={run} runId={active.id} onExplain={open} />
          <BandChart pricing={active.pricing} runId={active.id} onExplain={open} />
          <TornadoChart tornado={active.tornado} scenario={scenario} lastYear={last} />
        </div>

        <section className="provenance" aria-labelledby="provenance-title">
          <h2 id="provenance-title">Where these figures come from</h2>
          {run.inputs.length ? (
            <>
              <p>Uncertain inputs, each drawn from its 80% range (10th to 90th percentile):</p>
              <ul>
                {run.inputs.map((u) => (
                  <li key={u.path}>
                    {inputLabel(u.path, scenario)}: {inputValueText(u.path, u.p10)} to {inputValueText(u.path, u.p90)} (median {inputValueText(u.path, u.p50)})
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>This scenario has no uncertain inputs.</p>
          )}
          {run.notes.map((n) => (
            <p key={n} className="view-note">
              Note: {n}
            </p>
          ))}
          <p className="provenance-line" data-testid="provenance">
            App {run.provenance.app} · rulebook <code title={run.provenance.rulebook}>{short(run.provenance.rulebook)}</code> · data <code title={run.provenance.data}>{short(run.provenance.data)}</code> · seed {run.provenance.seed} · {count(run.provenance.draws)} draws ({run.method === 'fast' ? 'exact runs at a few joiner values, interpolated' : 'a full run per draw'}) · {count(run.cells)} cohort cells
          </p>
        </section>
      </div>
      <ExplainDrawer />
    </ViewPage>
  );
}
