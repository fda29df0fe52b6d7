/** The app's views in navigation order, each tied to the command (and so the shortcut) that opens it. */
import type { CommandId } from '../../../models/contract/commands';

export const VIEW_IDS = ['data', 'rulebook', 'scenarios', 'results', 'compare', 'commissioner', 'policy'] as const;

export type ViewId = (typeof VIEW_IDS)[number];

export const VIEW_COMMAND: Readonly<Record<ViewId, CommandId>> = {
  data: 'view.data',
  rulebook: 'view.rulebook',
  scenarios: 'view.scenarios',
  results: 'view.results',
  compare: 'view.compare',
  commissioner: 'view.commissioner',
  policy: 'view.policy',
};

/** The page heading of each view; the nav shows the command's shorter label. */
export const VIEW_TITLE: Readonly<Record<ViewId, string>> = {
  data: 'Placement data',
  rulebook: 'Rulebook',
  scenarios: 'Scenarios',
  results: 'Results',
  compare: 'Compare scenarios',
  commissioner: 'Commissioner workbench: fees against band prices',
  policy: 'Policy workbench: tariff options',
};
