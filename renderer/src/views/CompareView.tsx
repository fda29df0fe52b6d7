/** Compare: two scenarios side by side, or a scenario against its baseline, and what explains the difference. */
import { CommandButton } from '../components/CommandButton';
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';

export function CompareView() {
  return (
    <ViewPage
      title={VIEW_TITLE.compare}
      lead="Two scenarios side by side, or a scenario against its baseline: the difference in spend each year, who gains and who loses by setting and provider, and how much of the change each assumption explains. A baseline and its scenario share the same random draws, so a difference between them is never noise."
    >
      <EmptyState title="Nothing to compare yet" icon="compare" actions={<CommandButton command="view.scenarios">Go to scenarios</CommandButton>}>
        <p>
          Comparing needs at least two scenarios that have been run, for example a baseline and a tariff option. Create and run them in
          Scenarios; they can then be chosen here.
        </p>
      </EmptyState>
    </ViewPage>
  );
}
