/** The bands: label, descriptor and the rule that assigns a placement to each, in order (the first match wins). */
import { useId } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import type { BandRule, Rulebook } from '../../../../models/rules/rulebook';
import { count, money } from '../data/format';
import { FormulaField } from './FormulaField';
import { setBandField, type BandField } from './edit';

const METHOD_WORDS: Record<Rulebook['bands']['method'], string> = {
  rules: 'Each placement gets the first band whose rule is true for it, in the order listed.',
  data: 'Bands are taken from the data’s own band column.',
  shadow: 'Bands are inferred from current cost (“shadow banding”): each band covers a range of annual cost.',
};

export function BandsPanel({ doc }: { doc: Rulebook }) {
  const costs = useAppState((s) => s.rulebookCosts.result);
  const byBand = new Map((costs?.byBand ?? []).map((b) => [b.key, b]));
  return (
    <div className="bands-panel">
      <p>{METHOD_WORDS[doc.bands.method]}</p>
      {doc.bands.list.length === 0 ? <p>This rulebook has no bands: every placement is priced by the formula alone.</p> : null}
      <ol className="band-list">
        {doc.bands.list.map((b, i) => (
          <BandCard key={b.id} band={b} index={i} method={doc.bands.method} plans={byBand.get(b.id)?.plans} price={byBand.get(b.id)?.price} />
        ))}
      </ol>
    </div>
  );
}

function BandCard({ band, index, method, plans, price }: { band: BandRule; index: number; method: Rulebook['bands']['method']; plans?: number; price?: number }) {
  const store = useAppStore();
  const labelId = useId();
  const descId = useId();
  const edit = (field: BandField, text: string, words: string): void =>
    store.getState().editRulebook(`Edit band ${band.id} ${words}`, (d) => setBandField(d, index, field, text), `band:${band.id}:${field}`);
  return (
    <li className="band-card" aria-label={`Band ${band.id}`}>
      <div className="band-head">
        <span className="band-id">{band.id}</span>
        <span className="band-order">{method === 'rules' ? `Rule ${index + 1}` : ''}</span>
        {plans !== undefined ? (
          <span className="band-stats">
            {count(plans)} plans{price !== undefined ? ` · ${money(price)} a year` : ''}
          </span>
        ) : null}
      </div>
      <div className="band-fields">
        <div className="text-field">
          <label htmlFor={labelId}>Label</label>
          <input id={labelId} type="text" value={band.label} onChange={(e) => edit('label', e.target.value, 'label')} onBlur={() => store.getState().sealUndo()} />
        </div>
        <div className="text-field">
          <label htmlFor={descId}>Descriptor: who the band is for</label>
          <textarea id={descId} rows={2} value={band.descriptor} onChange={(e) => edit('descriptor', e.target.value, 'descriptor')} onBlur={() => store.getState().sealUndo()} />
        </div>
        {method === 'rules' ? (
          <FormulaField
            label={`Rule for band ${band.id}`}
            path={`bands.list[${index}].when`}
            value={band.when ?? ''}
            onChange={(text) => edit('when', text, 'rule')}
            hint="True or false for a placement, e.g. primary_need == &quot;PMLD&quot; or residential >= 52; oneof(setting, &quot;iss&quot;, &quot;nmss&quot;)."
          />
        ) : method === 'shadow' ? (
          <p className="muted">
            Current cost from {band.min !== undefined ? money(band.min) : 'any'} to {band.max !== undefined ? money(band.max) : 'any'}.
          </p>
        ) : null}
      </div>
    </li>
  );
}
