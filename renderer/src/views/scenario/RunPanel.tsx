/** Running the full Monte Carlo: the number of draws, Run and Cancel, and a progress bar with draws done and the time left. */
import { useAppState, useAppStore } from '../../app-context';
import { CommandButton } from '../../components/CommandButton';
import { count } from '../../charts/format';
import { DRAW_CHOICES } from '../../store/scenario';
import { selectRunningRun, selectRunProgress, type RunProgress } from '../../store/results';

export function RunProgressBar({ progress }: { progress: RunProgress }) {
  return (
    <div className="run-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Draws done"
        aria-valuemin={0}
        aria-valuemax={progress.total || 100}
        aria-valuenow={progress.total ? progress.done : undefined}
        aria-valuetext={progress.message}
      >
        <div className="progress-fill" style={{ width: `${progress.percent ?? 0}%` }} />
      </div>
      <p className="run-progress-text" role="status" data-testid="run-progress">
        {progress.message}
        {progress.percent !== null ? ` (${progress.percent}%)` : ''}
      </p>
    </div>
  );
}

export function RunPanel({ canRun }: { canRun: boolean }) {
  const store = useAppStore();
  const draws = useAppState((s) => s.scenarioDraws);
  const running = useAppState(selectRunningRun);
  const progress = useAppState((s) => selectRunProgress(s, running));
  const last = useAppState((s) => {
    const id = s.runOrder[s.runOrder.length - 1];
    return id ? s.runs[id] : null;
  });
  return (
    <section className="side-card run-card" aria-labelledby="run-title">
      <h2 id="run-title">Run the forecast with ranges</h2>
      <p className="side-note">The full Monte Carlo runs in the background: every uncertain assumption is drawn from its 80% range in each draw. 500 draws give steady 10th and 90th percentiles for a five-year forecast.</p>
      <label className="field">
        <span className="field-label">Draws</span>
        <select value={draws} disabled={running !== null} onChange={(e) => store.getState().setScenarioDraws(Number(e.target.value))}>
          {DRAW_CHOICES.map((d) => (
            <option key={d} value={d}>
              {count(d)} draws{d === 500 ? ' (recommended)' : ''}
            </option>
          ))}
        </select>
      </label>
      {running && progress ? (
        <>
          <RunProgressBar progress={progress} />
          <button type="button" className="button button-secondary" onClick={() => void store.getState().cancelRun(running.id)}>
            Cancel the run
          </button>
        </>
      ) : (
        <CommandButton command="run.start">{canRun ? `Run ${count(draws)} draws` : 'Run (fix the problems first)'}</CommandButton>
      )}
      {!running && last && last.status !== 'running' ? (
        <div className={`run-outcome ${last.status === 'failed' ? 'notice-error' : ''}`} role="status" data-testid="run-outcome">
          {last.status === 'done' ? (
            <>
              <p>
                Finished: {last.name}, {count(last.draws)} draws.
              </p>
              <CommandButton command="view.results">See the results</CommandButton>
            </>
          ) : last.status === 'cancelled' ? (
            <p>The run of {last.name} was cancelled; nothing was changed.</p>
          ) : (
            <p>The run of {last.name} failed: {last.error}</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
