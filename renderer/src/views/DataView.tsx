/** Data: the placements a council pays for. Its empty state follows the engine's own list of loaded tables. */
import { useAppState, useAppStore } from '../app-context';
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';

const NUMBER = new Intl.NumberFormat('en-GB');

export function DataView() {
  const store = useAppStore();
  const tables = useAppState((s) => s.tables);
  return (
    <ViewPage
      title={VIEW_TITLE.data}
      lead="The placements your council pays for: one row per child or young person with an EHC plan, or per group of identical placements, with their setting, age, primary need and annual cost. Every forecast starts from this table, so check it here before you model anything."
    >
      {tables.state === 'checking' ? (
        <p className="view-note" role="status">
          Checking which data the engine holds…
        </p>
      ) : tables.state === 'failed' ? (
        <div className="notice notice-error" role="alert">
          <h2>The engine could not list its data</h2>
          <p>{tables.message}</p>
          <button type="button" className="button" onClick={() => void store.getState().refreshTables()}>
            Try again
          </button>
        </div>
      ) : tables.tables.length === 0 ? (
        <EmptyState title="No placement data loaded yet" icon="table">
          <p>
            The default England dataset (January 2025 census, 638,745 EHC plans) arrives with the data import capability. From then on you
            can also import your council’s own placement file (.xlsx or .csv) here.
          </p>
          <p>
            Rows with problems are listed with their sheet, row and column and can be exported, so nothing is lost. Columns that look like
            personal data, such as names or dates of birth, are flagged and can be dropped before anything is stored.
          </p>
        </EmptyState>
      ) : (
        <table className="data-table">
          <caption>Tables the engine holds</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" className="numeric">
                Rows
              </th>
              <th scope="col">Columns</th>
            </tr>
          </thead>
          <tbody>
            {tables.tables.map((t) => (
              <tr key={t.name}>
                <td>{t.name}</td>
                <td className="numeric">{NUMBER.format(t.rows)}</td>
                <td>{t.columns.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ViewPage>
  );
}
