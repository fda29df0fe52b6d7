/** Policy levers that are choices rather than numbers: tariff adoption, the write-off, the override's end, the seed; and what the scenario file sets that is shown here as it stands. */
import { useAppStore } from '../../app-context';
import { count } from '../../charts/format';
import type { JsonValue } from '../../../../models/project/types';
import type { Scenario } from '../../../../models/projection/scenario';
import { settingLabel } from '../../../../models/vocab/settings';
import { withOverride } from './model';

const ADOPTION: Record<string, string> = {
  none: 'Not adopted: the scenario pays today’s costs',
  all: 'Every placement moves to the tariff from the date',
  new: 'New placements and moves only, from the date',
  phased: 'Phased in over several years, with protection',
};

function fyChoices(s: Scenario): string[] {
  const first = Number(s.horizon.firstYear.slice(0, 4)) - 1;
  return Array.from({ length: s.horizon.years + 2 }, (_, i) => `${first + i}-${String((first + i + 1) % 100).padStart(2, '0')}`);
}

export function TariffLever({ scenario, baseline }: { scenario: Scenario; baseline: Scenario | null }) {
  const store = useAppStore();
  const t = scenario.levers.tariff;
  const set = (path: string, value: JsonValue, label: string) => store.getState().editScenario(label, (d) => withOverride(d, baseline, path, value));
  return (
    <div className="assumption">
      <div className="assumption-head">
        <label className="assumption-label" htmlFor="tariff-adoption">
          Tariff adoption
        </label>
      </div>
      <p className="assumption-help">Which placements the scenario pays at the tariff instead of today’s costs. The full-tariff basis is always worked out for comparison.</p>
      <div className="lever-row">
        <select id="tariff-adoption" value={t.adoption} onChange={(e) => set('levers.tariff.adoption', e.target.value, `Set tariff adoption to “${e.target.value}”`)}>
          {Object.entries(ADOPTION).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
        {t.adoption !== 'none' ? (
          <label className="field-inline">
            <span>from</span>
            <input type="date" value={t.from} onChange={(e) => e.target.value && set('levers.tariff.from', e.target.value, `Adopt the tariff from ${e.target.value}`)} />
          </label>
        ) : null}
        {t.adoption === 'phased' ? (
          <label className="field-inline">
            <span>over</span>
            <input className="number-input short" type="number" min={1} max={20} value={t.years ?? 3} onChange={(e) => set('levers.tariff.years', Number(e.target.value), `Phase the tariff in over ${e.target.value} years`)} />
            <span>years</span>
          </label>
        ) : null}
      </div>
      {t.adoption !== 'none' ? (
        <label className="field-inline">
          <span>Transitional protection</span>
          <select value={typeof t.protection === 'string' ? t.protection : 'custom'} onChange={(e) => set('levers.tariff.protection', e.target.value, `Set transitional protection to “${e.target.value}”`)}>
            <option value="rulebook">As the rulebook sets it</option>
            <option value="none">None</option>
            {typeof t.protection !== 'string' ? <option value="custom">Cap {t.protection.cap ?? 'none'}, floor {t.protection.floor ?? 'none'} (from the file)</option> : null}
          </select>
        </label>
      ) : null}
    </div>
  );
}

/** Levers the scenario file sets that this view shows as they stand (edit them in the file or a saved copy). */
export function FixedLevers({ scenario }: { scenario: Scenario }) {
  const l = scenario.levers;
  const items: string[] = [];
  for (const c of l.capacity) items.push(`${c.label ?? 'New places'}: ${typeof c.placesPerYear === 'number' ? count(c.placesPerYear) : 'an uncertain number of'} places a year in ${settingLabel(c.to).toLowerCase()} from ${c.from}, drawn from ${Object.keys(c.sources).map((k) => settingLabel(k).toLowerCase()).join(' and ')}.`);
  if (l.apReform) items.push(`Three-tier AP reform from ${l.apReform.from}.`);
  if (l.issFeeCap) items.push(`Independent special school fees capped at the band price plus a premium from ${l.issFeeCap.from}.`);
  for (const [s, list] of Object.entries(scenario.costs.settingUplift)) if (list?.length) items.push(`${settingLabel(s)} costs rise at their own rate (${list.map((u) => `from ${u.from}`).join(', ')}).`);
  if (items.length === 0) return <p className="assumption-help">No new places, AP reform or fee cap in this scenario.</p>;
  return (
    <ul className="fixed-levers">
      {items.map((t) => (
        <li key={t}>{t}</li>
      ))}
    </ul>
  );
}

export function FundingChoices({ scenario, baseline }: { scenario: Scenario; baseline: Scenario | null }) {
  const store = useAppStore();
  const f = scenario.funding;
  const set = (path: string, value: JsonValue, label: string) => store.getState().editScenario(label, (d) => withOverride(d, baseline, path, value));
  return (
    <div className="assumption">
      <div className="lever-row">
        <label className="check">
          <input type="checkbox" checked={f.writeOff.enabled} onChange={(e) => set('funding.writeOff.enabled', e.target.checked, e.target.checked ? 'Turn the deficit write-off on' : 'Turn the deficit write-off off')} />
          <span>
            Write off a share of deficits accrued to the end of {f.writeOff.accruedTo} (paid in {f.writeOff.paidIn})
          </span>
        </label>
      </div>
      <label className="field-inline">
        <span>Statutory override ends after</span>
        <select value={f.overrideEnds} onChange={(e) => set('funding.overrideEnds', e.target.value, `End the statutory override after ${e.target.value}`)}>
          {fyChoices(scenario).map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function SeedField({ scenario, baseline }: { scenario: Scenario; baseline: Scenario | null }) {
  const store = useAppStore();
  return (
    <label className="field-inline">
      <span>Seed</span>
      <input
        className="number-input short"
        type="number"
        min={0}
        value={scenario.uncertainty.seed}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= 0) store.getState().editScenario(`Set the seed to ${n}`, (d) => withOverride(d, baseline, 'uncertainty.seed', n), 'seed');
        }}
        onBlur={() => store.getState().sealUndo()}
      />
    </label>
  );
}
