/** Data: the placements a council pays for — where they come from, their totals, a filterable table of every row, rejected rows, and the import wizard. */
import { useAppState, useAppStore } from '../app-context';
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';
import { FilterBar } from './data/FilterBar';
import { ImportWizard } from './data/ImportWizard';
import { PlacementsTable } from './data/PlacementsTable';
import { RejectedPanel } from './data/RejectedPanel';
import { SummaryStrip } from './data/SummaryStrip';
import './data/data.css';

export function DataView() {
  const store = useAppStore();
  const dataset = useAppState((s) => s.dataset);
  const summary = useAppState((s) => s.dataSummary);
  const wizard = useAppState((s) => s.importWizard);
  const notice = useAppState((s) => s.dataNotice);

  return (
    <ViewPage
      title={VIEW_TITLE.data}
      lead="The placements your council pays for: one row per child or young person with an EHC plan, or per group of identical placements, with their setting, age, primary need and annual cost. Every forecast starts from this table, so check it here before you model anything."
    >
      <div className="data-workspace">
        {notice ? (
          <div className={`notice notice-inline ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            <p>{notice.text}</p>
            <button type="button" className="link-button" onClick={() => store.getState().dismissDataNotice()}>
              Dismiss
            </button>
          </div>
        ) : null}

        {wizard ? (
          <ImportWizard />
        ) : (
          <>
            <div className="data-source-bar">
              <div className="data-source">
                <h2 className="data-source-title">{summary ? summary.source : 'No placement data yet'}</h2>
                {summary?.note ? <p className="data-source-note">{summary.note}</p> : null}
                {summary?.origin === 'import' ? <p className="data-source-note">Imported on this computer; the file never left it. Columns flagged as personal data were dropped unless you chose to keep them.</p> : null}
              </div>
              <div className="data-source-actions">
                <button type="button" className="button" onClick={() => store.getState().openImportWizard()}>
                  Import a council file…
                </button>
                {summary?.origin === 'import' ? (
                  <button type="button" className="button button-secondary" onClick={() => void store.getState().loadDefaultData()}>
                    Go back to the England dataset
                  </button>
                ) : null}
              </div>
            </div>

            {dataset.state === 'loading' && !summary ? (
              <p className="view-note" role="status">
                {dataset.what}
              </p>
            ) : null}
            {dataset.state === 'failed' && !summary ? (
              <EmptyState
                title="The England dataset could not be loaded"
                icon="table"
                actions={
                  <>
                    <button type="button" className="button" onClick={() => void store.getState().loadDefaultData()}>
                      Try again
                    </button>{' '}
                    <button type="button" className="button button-secondary" onClick={() => store.getState().openImportWizard()}>
                      Import a council file instead
                    </button>
                  </>
                }
              >
                <p>{dataset.message}</p>
                <p>You can still import your council’s own placement file (.xlsx or .csv): it is read on this computer and never uploaded.</p>
              </EmptyState>
            ) : null}

            {summary ? (
              <>
                <SummaryStrip />
                <FilterBar />
                <PlacementsTable />
                <RejectedPanel />
              </>
            ) : null}
          </>
        )}
      </div>
    </ViewPage>
  );
}
