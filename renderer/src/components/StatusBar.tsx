/** The status bar: app, version and shell; how the engine runs formulas; and the jobs in progress. */
import { useShallow } from 'zustand/react/shallow';
import { useAppState, useAppStore } from '../app-context';
import { APP_NAME } from '../app-identity';
import { jobPercent, selectAppLine, selectEngineLabel, selectRunningJobs } from '../store/selectors';

export function StatusBar() {
  const store = useAppStore();
  const appLine = useAppState((s) => selectAppLine(s, APP_NAME));
  const engineLabel = useAppState(selectEngineLabel);
  const engineState = useAppState((s) => s.engine.state);
  const engineMessage = useAppState((s) => (s.engine.state === 'failed' ? s.engine.message : undefined));
  const running = useAppState(useShallow(selectRunningJobs));
  const summary = running.length === 0 ? 'No jobs running' : running.length === 1 ? `${running[0].label}…` : `${running.length} jobs running`;
  return (
    <footer className="status-bar" aria-label="Status bar">
      <span className="status-item status-app">{appLine}</span>
      <span className="status-item status-engine" data-state={engineState}>
        <span className="status-dot" aria-hidden="true" />
        {engineLabel}
        {engineState === 'failed' ? (
          <button type="button" className="link-button" aria-label="Check the engine again" title={engineMessage} onClick={() => void store.getState().checkEngine()}>
            Retry
          </button>
        ) : null}
      </span>
      <div className="status-item status-jobs">
        <span role="status" className="status-jobs-summary">
          {summary}
        </span>
        {running.map((job) => {
          const percent = jobPercent(job);
          return (
            <span key={job.jobId} className="status-job">
              {/* Without a total the bar is indeterminate: the job has not said how much work there is. */}
              <progress aria-label={job.label || 'Job progress'} max={100} value={percent ?? undefined} />
              {percent !== null ? <span className="status-job-percent">{percent}%</span> : null}
              <button type="button" className="link-button" aria-label={`Cancel ${job.label || 'job'}`} onClick={() => void store.getState().cancelJob(job.jobId)}>
                Cancel
              </button>
            </span>
          );
        })}
      </div>
    </footer>
  );
}
