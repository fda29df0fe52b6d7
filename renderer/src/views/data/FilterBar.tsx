/** Filters of the placements table: LA, setting, sector, need, band and provider; the engine filters, the strip follows. */
import { useEffect, useId, useState } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import type { FilterOption, PlacementFilters } from '../../../../models/service/data-jobs';
import { count } from './format';

type ListFilter = 'la' | 'setting' | 'sector' | 'need' | 'band';

const LABELS: Record<ListFilter, string> = { la: 'Local authority', setting: 'Setting', sector: 'Sector', need: 'Primary need', band: 'Band' };

function Select({ name, options, value, onChange, disabledNote }: { name: ListFilter; options: FilterOption[]; value: string; onChange(v: string): void; disabledNote?: string }) {
  const id = useId();
  const disabled = options.length === 0;
  return (
    <div className="filter">
      <label htmlFor={id}>{LABELS[name]}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-describedby={disabled && disabledNote ? `${id}-note` : undefined}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label} ({count(o.plans)})
          </option>
        ))}
      </select>
      {disabled && disabledNote ? (
        <span id={`${id}-note`} className="filter-note">
          {disabledNote}
        </span>
      ) : null}
    </div>
  );
}

export function FilterBar() {
  const store = useAppStore();
  const options = useAppState((s) => s.dataOptions);
  const filters = useAppState((s) => s.dataFilters);
  const bandSource = useAppState((s) => s.dataSummary?.bandSource);
  const [provider, setProvider] = useState(filters.provider ?? '');
  const providerId = useId();

  // Typing in the provider box filters once the typing pauses, not on every key.
  useEffect(() => {
    if ((filters.provider ?? '') === provider) return;
    const t = setTimeout(() => void store.getState().setDataFilters({ ...store.getState().dataFilters, provider: provider || undefined }), 350);
    return () => clearTimeout(t);
  }, [provider, filters.provider, store]);

  useEffect(() => {
    setProvider(filters.provider ?? '');
  }, [filters.provider]);

  if (!options) return null;
  const set = (name: ListFilter, value: string): void => {
    const next: PlacementFilters = { ...filters, [name]: value ? [value] : undefined };
    void store.getState().setDataFilters(next);
  };
  const active = Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : !!v));
  const bandNote = 'Bands appear once a rulebook has priced the data.';
  return (
    <section className="filter-bar" aria-labelledby="filters-title">
      <div className="section-head">
        <h2 id="filters-title" className="section-title">
          Filter the placements
        </h2>
        <div className="filter-actions">
          {bandSource?.kind === 'rulebook' && options.band.length > 0 ? <span className="filter-note">Bands by the rulebook “{bandSource.name}”.</span> : null}
          <button type="button" className="button button-secondary button-small" disabled={!active} onClick={() => void store.getState().setDataFilters({})}>
            Clear filters
          </button>
        </div>
      </div>
      <div className="filters">
        {(['la', 'setting', 'sector', 'need'] as const).map((name) => (
          <Select key={name} name={name} options={options[name]} value={filters[name]?.[0] ?? ''} onChange={(v) => set(name, v)} />
        ))}
        <Select name="band" options={options.band} value={filters.band?.[0] ?? ''} onChange={(v) => set('band', v)} disabledNote={bandNote} />
        <div className="filter">
          <label htmlFor={providerId}>Provider</label>
          <input id={providerId} type="search" value={provider} onChange={(e) => setProvider(e.target.value)} placeholder="Name or id" aria-describedby={`${providerId}-note`} autoComplete="off" />
          <span id={`${providerId}-note`} className="filter-note">
            {count(options.providers)} providers in the data
          </span>
        </div>
      </div>
    </section>
  );
}
