/** Results: the forecast of one scenario by financial year, with its range and the provenance of every figure. */
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { useShortcutLabel } from '../components/use-shortcut';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';

export function ResultsView() {
  const runShortcut = useShortcutLabel('run.start');
  return (
    <ViewPage
      title={VIEW_TITLE.results}
      lead="The forecast for a scenario: high-needs spend by financial year, setting and sector, the number of EHC plans, and the in-year and cumulative DSG balance, each with a likely range (10th to 90th percentile). Every figure is stamped with the data, rulebook and settings that produced it."
    >
      <EmptyState title="No results yet" icon="chart" actions={<CommandButton command="view.scenarios">Go to scenarios</CommandButton>}>
        <p>
          Results appear here once a scenario has been run (Run scenario{runShortcut ? `, ${runShortcut}` : ''}). You will be able to export
          them as an Excel workbook laid out like the DfE DSG management plan, ready for schools forum.
        </p>
      </EmptyState>
    </ViewPage>
  );
}
