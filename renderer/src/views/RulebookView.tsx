/** Rulebook: the dated parameters, band rules and tariff tables that turn a placement into a price. */
import { EmptyState } from '../components/EmptyState';
import { ViewPage } from '../components/ViewPage';
import { VIEW_TITLE } from './catalog';

export function RulebookView() {
  return (
    <ViewPage
      title={VIEW_TITLE.rulebook}
      lead="The rules that turn a placement into a price: the funding bands and how a placement is assigned to one, the tariff for each band and setting, the area cost adjustment, yearly indexation, exceptions for bespoke packages and transitional protection. Every value carries its effective date, unit and source."
    >
      <EmptyState title="No rulebook loaded yet" icon="rules">
        <p>
          The national rulebook ships with the rules engine. Once it is available you can read every band, tariff and parameter here with
          its source, and make a copy to set out your own tariff options.
        </p>
        <p>Until then there are no bands or tariffs to show, and placements are costed only at what the council pays today.</p>
      </EmptyState>
    </ViewPage>
  );
}
