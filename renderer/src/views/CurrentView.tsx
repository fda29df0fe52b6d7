/** Renders the view the navigation slice names. */
import type { ReactElement } from 'react';
import { useAppState } from '../app-context';
import type { ViewId } from './catalog';
import { CompareView } from './CompareView';
import { DataView } from './DataView';
import { ResultsView } from './ResultsView';
import { RulebookView } from './RulebookView';
import { ScenariosView } from './ScenariosView';
import { CommissionerView } from './CommissionerView';
import { PolicyView } from './PolicyView';

const VIEWS: Record<ViewId, () => ReactElement> = {
  data: DataView,
  rulebook: RulebookView,
  scenarios: ScenariosView,
  results: ResultsView,
  compare: CompareView,
  commissioner: CommissionerView,
  policy: PolicyView,
};

export function CurrentView() {
  const view = useAppState((s) => s.view);
  const View = VIEWS[view];
  // The key remounts on a view change, so each view starts at its top with fresh local state.
  return <View key={view} />;
}
