/** The diff: what differs between the open rulebook and another (as opened, or a shipped one), with the values. */
import { useId, useMemo, useState } from 'react';
import { useAppState } from '../../app-context';
import type { Rulebook } from '../../../../models/rules/rulebook';
import { plainNumber } from '../data/format';
import { diffRulebooks, type ChangeKind } from './edit';

const KIND_WORDS: Record<ChangeKind, string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

function value(v: number | undefined, unit: string): string {
  if (v === undefined) return 'none';
  return /£/.test(unit) ? `£${plainNumber(v)}` : plainNumber(v);
}

export function DiffPanel({ doc }: { doc: Rulebook }) {
  const selectId = useId();
  const opened = useAppState((s) => s.rulebookOpened);
  const shipped = useAppState((s) => s.shippedRulebooks);
  const [against, setAgainst] = useState('opened');
  const base: { name: string; doc: Rulebook } | null = useMemo(() => {
    if (against === 'opened') return opened ? { name: `${opened.document.name} as opened`, doc: opened.document } : null;
    const found = shipped.state === 'ready' ? shipped.list.find((r) => r.file === against) : undefined;
    return found ? { name: found.name, doc: found.document as unknown as Rulebook } : null;
  }, [against, opened, shipped]);
  const diff = useMemo(() => (base ? diffRulebooks(base.doc, doc) : null), [base, doc]);
  return (
    <div className="diff-panel">
      <div className="field-row diff-choice">
        <label htmlFor={selectId}>Compare with</label>
        <select id={selectId} value={against} onChange={(e) => setAgainst(e.target.value)}>
          <option value="opened">The rulebook as opened{opened ? ` (${opened.name})` : ''}</option>
          {shipped.state === 'ready'
            ? shipped.list.map((r) => (
                <option key={r.file} value={r.file}>
                  Shipped: {r.name}
                </option>
              ))
            : null}
        </select>
      </div>
      {!diff || !base ? null : diff.same ? (
        <p className="diff-same" role="status">
          No differences: this rulebook’s parameters, bands, formula and exceptions are the same as {base.name}.
        </p>
      ) : (
        <div className="diff-body" aria-live="polite">
          <p>
            Changes from <strong>{base.name}</strong> to the rulebook open now. Values are compared year by year over 2025-26 to 2029-30.
          </p>
          {diff.formula ? (
            <section className="diff-section">
              <h3>Price formula</h3>
              <p>
                <del>{diff.formula.before}</del>
              </p>
              <p>
                <ins>{diff.formula.after}</ins>
              </p>
            </section>
          ) : null}
          {diff.method ? (
            <section className="diff-section">
              <h3>How bands are assigned</h3>
              <p>
                {diff.method.before} → {diff.method.after}
              </p>
            </section>
          ) : null}
          {diff.parameters.length ? (
            <section className="diff-section">
              <h3>Parameters</h3>
              {diff.parameters.map((p) => (
                <div key={p.name} className="diff-item">
                  <h4>
                    <span className={`diff-kind diff-${p.kind}`}>{KIND_WORDS[p.kind]}</span> {p.label} <code>{p.name}</code>
                  </h4>
                  {p.changes.length ? (
                    <table className="data-table diff-table">
                      <caption className="visually-hidden">Values of {p.label} that differ</caption>
                      <thead>
                        <tr>
                          <th scope="col">Key</th>
                          <th scope="col">Year</th>
                          <th scope="col" className="numeric">
                            Before
                          </th>
                          <th scope="col" className="numeric">
                            Now
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.changes.flatMap((c) =>
                          c.years.map((y, i) => (
                            <tr key={`${c.key}-${y.fy}`}>
                              {i === 0 ? (
                                <th scope="row" rowSpan={c.years.length}>
                                  {c.key || p.label}
                                </th>
                              ) : null}
                              <td>{y.fy}</td>
                              <td className="numeric">{value(y.before, p.unit)}</td>
                              <td className="numeric">{value(y.after, p.unit)}</td>
                            </tr>
                          )),
                        )}
                      </tbody>
                    </table>
                  ) : null}
                  {p.sources.map((s) => (
                    <p key={s.from} className="diff-source">
                      Source of the value from {s.from}: {s.before === undefined ? 'none' : <del>{s.before}</del>} → {s.after === undefined ? 'none' : <ins>{s.after}</ins>}
                    </p>
                  ))}
                </div>
              ))}
            </section>
          ) : null}
          {diff.bands.length ? (
            <section className="diff-section">
              <h3>Bands</h3>
              {diff.bands.map((b) => (
                <div key={b.id} className="diff-item">
                  <h4>
                    <span className={`diff-kind diff-${b.kind}`}>{KIND_WORDS[b.kind]}</span> {b.id}: {b.label}
                  </h4>
                  <ul className="plain-list">
                    {b.fields.map((f) => (
                      <li key={f.field}>
                        {f.field === 'when' ? 'Rule' : f.field[0].toUpperCase() + f.field.slice(1)}: {f.before ? <del>{f.before}</del> : 'none'} → {f.after ? <ins>{f.after}</ins> : 'none'}
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ) : null}
          {diff.exceptions.length ? (
            <section className="diff-section">
              <h3>Exceptions</h3>
              <ul className="plain-list">
                {diff.exceptions.map((x) => (
                  <li key={x.id}>
                    <span className={`diff-kind diff-${x.kind}`}>{KIND_WORDS[x.kind]}</span> {x.before ? <del>{x.before}</del> : null} {x.after ? <ins>{x.after}</ins> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      )}
    </div>
  );
}
