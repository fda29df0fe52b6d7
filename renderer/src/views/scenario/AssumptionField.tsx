/**
 * One assumption: its central value and 80% range in its unit, its source, and whether this scenario changed it.
 * Typing in a box is one undo step (same merge key, sealed on blur); a range can be added or removed.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../app-context';
import type { JsonValue } from '../../../../models/project/types';
import type { Quantity } from '../../../../models/uncertainty/distributions';
import { quantityView, withCentral, withOverride, withRange, type AssumptionItem } from './model';
import type { Scenario } from '../../../../models/projection/scenario';
import { valueAt } from '../../../../models/uncertainty/inputs';

const UNIT_TEXT: Record<AssumptionItem['unit'], string> = { rate: '% a year', share: '%', multiplier: '× (a multiplier)', pounds: '£' };
/** Rates and shares are edited as percentages; the scenario stores fractions. */
const toShown = (unit: AssumptionItem['unit'], x: number) => (unit === 'rate' || unit === 'share' ? Number((x * 100).toPrecision(10)) : Number(x.toPrecision(12)));
const fromShown = (unit: AssumptionItem['unit'], x: number) => (unit === 'rate' || unit === 'share' ? Number((x / 100).toPrecision(12)) : x);

function parse(text: string): number | null {
  const t = text.replace(/[£,%\s]/g, '').replace('−', '-');
  if (t === '' || !/^-?\d*\.?\d+(e-?\d+)?$/i.test(t)) return null;
  return Number(t);
}

function shownText(unit: AssumptionItem['unit'], x: number | null): string {
  if (x === null) return '';
  const v = toShown(unit, x);
  return unit === 'pounds' ? v.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : String(v);
}

/** A number box that keeps what is typed until it parses, and follows the value when it changes from outside (undo). */
function NumberBox({ id, value, unit, label, onValue, disabled }: { id: string; value: number | null; unit: AssumptionItem['unit']; label: string; onValue: (x: number | null) => void; disabled?: boolean }) {
  const store = useAppStore();
  const [text, setText] = useState(shownText(unit, value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setText(shownText(unit, value));
    setInvalid(false);
  }, [value, unit]);
  return (
    <input
      id={id}
      className={`number-input${unit === 'pounds' ? ' wide' : ''}${invalid ? ' invalid' : ''}`}
      inputMode="decimal"
      aria-label={label}
      aria-invalid={invalid || undefined}
      value={text}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        const n = parse(e.target.value);
        if (e.target.value.trim() === '') {
          setInvalid(false);
          onValue(null);
        } else if (n === null) setInvalid(true);
        else {
          setInvalid(false);
          onValue(fromShown(unit, n));
        }
      }}
      onBlur={() => store.getState().sealUndo()}
    />
  );
}

export function AssumptionField({ item, scenario, baseline, overridden }: { item: AssumptionItem; scenario: Scenario; baseline: Scenario | null; overridden: boolean }) {
  const store = useAppStore();
  const q = valueAt(scenario, item.path) as Quantity;
  if (q === undefined || q === null) return null;
  const v = quantityView(q);
  const source = item.sourcePath ? (valueAt(scenario, item.sourcePath) as string | undefined) : undefined;
  const id = item.path.replace(/\W/g, '-');
  const edit = (label: string, next: Quantity, key: string) =>
    store.getState().editScenario(label, (d) => withOverride(d, baseline, item.path, next as unknown as JsonValue), `${item.path}:${key}`);
  const editSource = (text: string) => store.getState().editScenario(`Edit the source of ${item.label.toLowerCase()}`, (d) => withOverride(d, baseline, item.sourcePath as string, text), `${item.sourcePath}:text`);
  const reset = () =>
    store.getState().editScenario(`Reset ${item.label.toLowerCase()} to the baseline`, (d) => {
      const overrides = { ...d.overrides };
      delete overrides[item.path];
      if (item.sourcePath) delete overrides[item.sourcePath];
      return { ...d, overrides };
    });
  return (
    <div className={`assumption${overridden ? ' changed' : ''}`} data-path={item.path}>
      <div className="assumption-head">
        <label className="assumption-label" htmlFor={`${id}-central`}>
          {item.label}
        </label>
        {overridden ? (
          <span className="badge badge-changed">
            Changed{' '}
            <button type="button" className="link-button" onClick={reset}>
              reset<span className="visually-hidden"> {item.label} to the baseline</span>
            </button>
          </span>
        ) : null}
      </div>
      <p className="assumption-help">{item.help}</p>
      <div className="assumption-values">
        <span className="value-part">
          <span className="value-caption">Central</span>
          <NumberBox id={`${id}-central`} value={v.central} unit={item.unit} label={`${item.label}: central value`} onValue={(x) => x !== null && edit(`Change ${item.label.toLowerCase()}`, withCentral(q, x), 'central')} />
        </span>
        {item.ranged ? (
          <span className="value-part">
            <span className="value-caption">80% range</span>
            <span className="range-boxes">
              <NumberBox id={`${id}-low`} value={v.low} unit={item.unit} label={`${item.label}: low end of the 80% range (10th percentile)`} onValue={(x) => x !== null && edit(`Change the range of ${item.label.toLowerCase()}`, withRange(q, x, v.high ?? v.central), 'low')} />
              <span aria-hidden="true">to</span>
              <NumberBox id={`${id}-high`} value={v.high} unit={item.unit} label={`${item.label}: high end of the 80% range (90th percentile)`} onValue={(x) => x !== null && edit(`Change the range of ${item.label.toLowerCase()}`, withRange(q, v.low ?? v.central, x), 'high')} />
            </span>
          </span>
        ) : null}
        <span className="unit">{UNIT_TEXT[item.unit]}</span>
        {item.ranged && v.low !== null ? (
          <button type="button" className="link-button remove-range" onClick={() => edit(`Make ${item.label.toLowerCase()} certain`, v.central, 'certain')}>
            Remove the range<span className="visually-hidden"> of {item.label}</span>
          </button>
        ) : null}
      </div>
      {v.kind === 'other' ? <p className="assumption-help">Drawn from a {String((q as { dist: string }).dist)} distribution; editing replaces it with an 80% range.</p> : null}
      {item.sourcePath ? (
        <details className="assumption-source">
          <summary>Source: {source ? (source.length > 110 ? `${source.slice(0, 110)}…` : source) : 'none given'}</summary>
          <label className="field">
            <span className="field-label">Source of {item.label.toLowerCase()}</span>
            <textarea rows={3} value={source ?? ''} onChange={(e) => editSource(e.target.value)} onBlur={() => store.getState().sealUndo()} />
          </label>
        </details>
      ) : null}
    </div>
  );
}
