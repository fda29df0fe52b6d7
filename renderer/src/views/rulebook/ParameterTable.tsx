/**
 * A parameter as a table of values by financial year: one row per key combination (band × setting, LA, …), one column
 * per year of the horizon. Typing a value in a year makes it take effect on 1 April of that year; later years follow
 * until the next dated value. Each dated value's source is shown below, and flagged when it is missing.
 */
import { memo, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import type { Parameter, Rulebook } from '../../../../models/rules/rulebook';
import { plainNumber, readTypedNumber } from '../data/format';
import { describeKey, entryInYear, fyStart, HORIZON_YEARS, keyLabel, keyPaths, literalAt, needsSource, setSource, setYearValue, SOURCE_NEEDED } from './edit';

export interface ParameterTableProps {
  name: string;
  parameter: Parameter;
  /** Shows a search box over the rows (long tables: area cost factors). */
  searchable?: boolean;
  /** The table's caption (the parameter's label by default). */
  caption?: string;
}

function isMoney(unit: string): boolean {
  return /£/.test(unit);
}

/** How a value reads in a cell: separators for money, up to six decimals otherwise. */
function shown(value: number | undefined): string {
  return value === undefined ? '' : plainNumber(value);
}

interface CellProps {
  value: number | undefined;
  label: string;
  changed: boolean;
  money: boolean;
  onCommit(n: number): void;
}

/** One editable value; the edit is committed on Enter or on leaving the cell, Escape puts the value back. */
const ValueCell = memo(function ValueCell({ value, label, changed, money, onCommit }: CellProps) {
  const [text, setText] = useState(shown(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(shown(value));
    setError(null);
  }, [value]);
  const commit = (): void => {
    if (text === shown(value)) return setError(null);
    const n = readTypedNumber(text);
    if (n === null) {
      setError(`“${text}” is not a number: type it like 46000 or ${money ? '£' : ''}46,000${money ? '' : '.5'}`);
      return;
    }
    setError(null);
    if (n !== value) onCommit(n);
    else setText(shown(value));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setText(shown(value));
      setError(null);
    }
  };
  return (
    <td className={`pt-cell${changed ? ' pt-changed' : ''}${error ? ' pt-error' : ''}`}>
      {money ? (
        <span className="pt-unit" aria-hidden="true">
          £
        </span>
      ) : null}
      <input type="text" inputMode="decimal" aria-label={label} value={text} placeholder="—" aria-invalid={error ? true : undefined} title={error ?? undefined} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      {error ? (
        <span className="pt-error-text" role="alert">
          {error}
        </span>
      ) : null}
    </td>
  );
});

export function ParameterTable({ name, parameter, searchable, caption }: ParameterTableProps) {
  const store = useAppStore();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const keys = parameter.keys ?? [];
  const paths = useMemo(() => keyPaths(parameter), [parameter]);
  const money = isMoney(parameter.unit);
  const needle = search.trim().toLowerCase();
  const rows = needle ? paths.filter((p) => p.some((k, i) => k.toLowerCase().includes(needle) || keyLabel(keys[i] ?? '', k).toLowerCase().includes(needle))) : paths;
  const entries = HORIZON_YEARS.map((fy) => entryInYear(parameter, fy));

  const commit = (path: string[], fy: string, n: number): void => {
    const what = path.length ? `${parameter.label.replace(/\s*\(.*\)$/, '').toLowerCase()} ${describeKey(keys, path)}` : parameter.label.toLowerCase();
    store.getState().editRulebook(`Change ${what} for ${fy} to ${money ? '£' : ''}${plainNumber(n)}`, (d: Rulebook) => setYearValue(d, name, path, fy, n));
    store.getState().setRulebookYear(fy);
  };

  return (
    <div className="parameter-table">
      <div className="pt-head">
        <div>
          <h3 className="pt-title">{caption ?? parameter.label}</h3>
          <p className="section-hint">
            {parameter.unit}
            {keys.length ? ` · by ${keys.map((k) => k.replace('_', ' ')).join(' and ')}` : ''} · <code>{name}</code>. A value typed in a year takes effect on 1 April of that year and holds until the next change; bold values change in that year.
          </p>
        </div>
        {searchable ? (
          <div className="pt-search">
            <label htmlFor={searchId}>Find a row</label>
            <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Code or name" autoComplete="off" />
          </div>
        ) : null}
      </div>
      <div className="pt-scroll">
        <table className="pt">
          <caption className="visually-hidden">
            {caption ?? parameter.label}, by financial year ({parameter.unit})
          </caption>
          <thead>
            <tr>
              {keys.length ? keys.map((k) => <th key={k} scope="col">{k === 'la_code' ? 'Local authority' : k === 'setting' ? 'Setting' : k === 'band' ? 'Band' : k === 'phase' ? 'Phase' : k}</th>) : <th scope="col">Value</th>}
              {HORIZON_YEARS.map((fy) => (
                <th key={fy} scope="col" className="numeric">
                  {fy}
                  <span className="pt-year-note">from 1 Apr {fy.slice(0, 4)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((path) => {
              const key = path.join('|') || '(value)';
              return (
                <tr key={key}>
                  {keys.length ? (
                    path.map((k, i) => (
                      <th key={i} scope="row" className={i > 0 ? 'pt-subkey' : undefined}>
                        {keyLabel(keys[i] ?? '', k)}
                      </th>
                    ))
                  ) : (
                    <th scope="row">{parameter.label}</th>
                  )}
                  {HORIZON_YEARS.map((fy, y) => {
                    const v = literalAt(entries[y]?.value, path);
                    const before = y > 0 ? literalAt(entries[y - 1]?.value, path) : undefined;
                    return <ValueCell key={fy} value={v} money={money} changed={y > 0 && v !== before} label={`${describeKey(keys, path) || parameter.label}, ${fy}`} onCommit={(n) => commit(path, fy, n)} />;
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="section-hint pt-none">No row matches “{search}”.</p> : null}
      </div>
      <SourceList name={name} parameter={parameter} />
    </div>
  );
}

/** The sources of a parameter's dated values, each editable; a missing one is flagged. */
export function SourceList({ name, parameter, showName }: { name: string; parameter: Parameter; showName?: boolean }) {
  return (
    <div className="source-list">
      <h4 className="source-list-title">Sources{showName ? ` of ${parameter.label}` : ''}</h4>
      <ul>
        {parameter.values.map((v) => (
          <SourceItem key={v.from} name={name} from={v.from} source={v.source} label={parameter.label} />
        ))}
      </ul>
    </div>
  );
}

function SourceItem({ name, from, source, label }: { name: string; from: string; source: string; label: string }) {
  const store = useAppStore();
  const id = useId();
  const flagged = needsSource(source);
  const year = Number(from.slice(0, 4));
  const dateWords = new Date(`${from}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const inHorizon = HORIZON_YEARS.some((fy) => fyStart(fy) === from) || year < 2025;
  return (
    <li className={`source-item${flagged ? ' is-flagged' : ''}`}>
      <label htmlFor={id}>
        Values from {dateWords}
        {flagged ? <span className="badge badge-flag">No source yet</span> : null}
        {!inHorizon ? <span className="muted"> (outside 2025-26 to 2029-30)</span> : null}
      </label>
      <textarea
        id={id}
        rows={Math.max(1, Math.min(6, Math.ceil(source.length / 120)))}
        value={source}
        aria-invalid={flagged ? true : undefined}
        onChange={(e) => store.getState().editRulebook(`Edit the source of ${label.toLowerCase()} from ${from}`, (d) => setSource(d, name, from, e.target.value), `source:${name}:${from}`)}
        onBlur={() => store.getState().sealUndo()}
      />
      {flagged ? <p className="source-flag-text">Say where this figure comes from (a publication, a local framework, or “illustrative: …”) and remove “{SOURCE_NEEDED}”.</p> : null}
    </li>
  );
}

/** Every parameter's sources in one list, flagged ones first: the audit view. */
export function AllSources({ doc }: { doc: Rulebook }) {
  const names = Object.keys(doc.parameters);
  const flagged = names.filter((n) => doc.parameters[n].values.some((v) => needsSource(v.source)));
  const ordered = [...flagged, ...names.filter((n) => !flagged.includes(n))];
  return (
    <div className="all-sources">
      <p>
        Every value in a rulebook carries its source, so each figure in a forecast can be traced.{' '}
        {flagged.length ? <strong className="warning-text">{flagged.length} parameter{flagged.length === 1 ? ' has' : 's have'} a value without a source.</strong> : 'Every value has a source.'}
      </p>
      {ordered.map((n) => (
        <SourceList key={n} name={n} parameter={doc.parameters[n]} showName />
      ))}
    </div>
  );
}

/** How many dated values lack a source. */
export function useMissingSourceCount(): number {
  return useAppState((s) => (s.rulebookDraft ? Object.values(s.rulebookDraft.parameters).reduce((n, p) => n + p.values.filter((v) => needsSource(v.source)).length, 0) : 0));
}
