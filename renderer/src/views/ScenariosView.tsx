/** Scenarios: assumptions over a baseline (demand, policy levers, funding, horizon), stored as differences. */
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';

export function ScenariosView() {
  return (
    <ViewPage
      title={VIEW_TITLE.scenarios}
      lead="A scenario is a set of assumptions laid over a baseline: growth in EHC plans, joiners and leavers, policy levers such as adopting the tariff or capping independent fees, the funding you expect and the forecast horizon. Only what differs from the baseline is stored, so every scenario shows exactly what it changes."
    >
      <EmptyState
        title="No scenarios yet"
        icon="scenario"
        actions={<CommandButton command="view.data">Go to placement data</CommandButton>}
      >
        <p>
          A scenario needs placement data to project and a rulebook to price it. Load the data first; you can then create a baseline here
          and copy it for each option you want to test.
        </p>
      </EmptyState>
    </ViewPage>
  );
}
