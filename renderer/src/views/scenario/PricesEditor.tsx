/**
 * Band prices as a policy lever: change the rulebook's base price of a band in a setting for this scenario (kept in
 * the scenario's own copy of the rulebook, so the shipped rulebook is never altered), and see every change made.
 */
import { useMemo, useState } from 'react';
import { useAppStore } from '../../app-context';
import { pounds } from '../../charts/format';
import { settingLabel } from '../../../../models/vocab/settings';
import { basePrice, withPrice, type ScenarioDraft } from './model';

interface RulebookLike {
  name?: string;
  illustrative?: boolean;
  bands?: { list?: Array<{ id: string; label: string }> };
}

export function PricesEditor({ draft, rulebook, date }: { draft: ScenarioDraft; rulebook: unknown; date: string }) {
  const store = useAppStore();
  const rb = rulebook as RulebookLike | undefined;
  const bands = rb?.bands?.list ?? [];
  const [band, setBand] = useState(bands[3]?.id ?? bands[0]?.id ?? '');
  const settings = useMemo(() => {
    const p = (rulebook as { parameters?: { base_price?: { values?: Array<{ from: string; value: Record<string, Record<string, number>> }> } } })?.parameters?.base_price?.values ?? [];
    const row = p.filter((v) => v.from <= date).sort((a, b) => (a.from < b.from ? 1 : -1))[0]?.value?.[band] ?? {};
    return Object.keys(row).filter((k) => k !== '*');
  }, [rulebook, band, date]);
  const [setting, setSetting] = useState('iss');
  const chosenSetting = settings.includes(setting) ? setting : settings[0] ?? '';
  const original = basePrice(rulebook, band, chosenSetting, date);
  const current = draft.prices.find((p) => p.band === band && p.setting === chosenSetting)?.value ?? original;
  const [text, setText] = useState('');
  const value = Number(text.replace(/[£,\s]/g, ''));
  const valid = text.trim() !== '' && Number.isFinite(value) && value >= 0;
  if (!rb || bands.length === 0) return <p className="assumption-help">This scenario’s rulebook has no band price table to change.</p>;
  const apply = () => {
    if (!valid) return;
    const label = `Set band ${band} price for ${settingLabel(chosenSetting).toLowerCase()} to ${pounds(value)}`;
    store.getState().editScenario(label, (d) => withPrice(d, { band, setting: chosenSetting, value }, original));
    setText('');
  };
  return (
    <div className="prices-editor" data-testid="prices-editor">
      <p className="assumption-help">
        Base prices of <strong>{rb.name}</strong>
        {rb.illustrative ? ' (illustrative)' : ''} in force on {date}, £ per placement a year before the area cost factor and the index. A change here applies to
        this scenario only; the tariff basis (and the scenario, where the tariff is adopted) is repriced.
      </p>
      <div className="prices-row">
        <label className="field">
          <span className="field-label">Band</span>
          <select value={band} onChange={(e) => setBand(e.target.value)}>
            {bands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Setting</span>
          <select value={chosenSetting} onChange={(e) => setSetting(e.target.value)}>
            {settings.map((s) => (
              <option key={s} value={s}>
                {settingLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <p className="field price-now">
          <span className="field-label">Price now</span>
          <span data-testid="price-now">{current === null ? 'none' : pounds(current)}</span>
        </p>
        <label className="field">
          <span className="field-label">New price (£ a year)</span>
          <input className="number-input" inputMode="decimal" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} aria-invalid={text.trim() !== '' && !valid ? true : undefined} />
        </label>
        <button type="button" className="button" disabled={!valid} onClick={apply}>
          Set price
        </button>
      </div>
      {draft.prices.length > 0 ? (
        <table className="data-table compact" data-testid="price-edits">
          <caption>Band prices changed in this scenario</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col">Setting</th>
              <th scope="col" className="numeric">
                Rulebook
              </th>
              <th scope="col" className="numeric">
                This scenario
              </th>
              <th scope="col" className="numeric">
                Change
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.prices.map((p) => {
              const was = basePrice(rulebook, p.band, p.setting, date);
              return (
                <tr key={`${p.band}|${p.setting}`}>
                  <th scope="row">{p.band}</th>
                  <td>{settingLabel(p.setting)}</td>
                  <td className="numeric">{was === null ? '–' : pounds(was)}</td>
                  <td className="numeric">{pounds(p.value)}</td>
                  <td className="numeric nowrap">{was === null ? '–' : `${p.value > was ? '+' : ''}${pounds(p.value - was)}`}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => store.getState().editScenario(`Restore band ${p.band} price for ${settingLabel(p.setting).toLowerCase()}`, (d) => ({ ...d, prices: d.prices.filter((x) => x !== p && !(x.band === p.band && x.setting === p.setting)) }))}
                    >
                      Restore<span className="visually-hidden"> the rulebook price of {p.band} in {settingLabel(p.setting)}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
