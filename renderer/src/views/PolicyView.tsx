/** The policy workbench: tariff options against today's costs, which councils win and lose, budget-neutral prices, protection year by year and the tornado. */
import { useEffect, useMemo, useState } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { ViewPage } from '../components/ViewPage';
import { count, money, percent, pounds, signedMoney } from '../charts/format';
import { CHANGE_BAND_LABEL, budgetNeutralSentence, parsePounds, shortName, sortLas, type LaSortKey } from '../charts/workbench';
import { WORKBENCH_RULEBOOKS, focusKey, policyKey } from '../store/workbench';
import type { CompareAnswer } from '../../../models/service/workbench-jobs';
import { settingLabel } from '../../../models/vocab/settings';
import { VIEW_TITLE } from './catalog';
import { AnswerBlock, SortHeader, type Sort } from './workbench/Common';
import { NationalChart, OptionTornadoChart, ProtectionChart, WinnersChart } from './workbench/PolicyCharts';
import './results/results.css';
import './workbench/workbench.css';

const LEAD =
  'Tariff options priced on the same placements and set against what those placements cost today (the current-costs basis). See which councils would pay more, what prices would cost the same as today, how transitional protection phases an option in, and which of its parameters matter most.';

export function PolicyView() {
  const store = useAppStore();
  const options = useAppState((s) => s.policyOptions);
  const focus = useAppState((s) => s.policyFocus);
  const pKey = useAppState(policyKey);
  const fKey = useAppState(focusKey);
  const compare = useAppState((s) => s.compareAnswer);

  useEffect(() => {
    void store.getState().loadPolicy();
  }, [store, pKey]);
  useEffect(() => {
    void store.getState().loadPolicyFocus();
  }, [store, fKey]);

  return (
    <ViewPage title={VIEW_TITLE.policy} lead={LEAD}>
      <div className="workbench">
        <div className="wb-choices">
          <fieldset>
            <legend>Options to compare with today</legend>
            {WORKBENCH_RULEBOOKS.map((r) => (
              <label key={r.file} className="wb-check">
                <input type="checkbox" checked={options.includes(r.file)} onChange={() => store.getState().togglePolicyOption(r.file)} data-testid={`wb-option-${r.file}`} />
                {r.label}
              </label>
            ))}
          </fieldset>
          <p className="wb-note">Today is the current-costs basis: each placement at what it costs now.</p>
        </div>

        {options.length === 0 ? (
          <p className="wb-status" role="status">
            Choose at least one option to compare with today.
          </p>
        ) : (
          <AnswerBlock answer={compare} waiting={pKey === null ? 'Waiting for the placement data to load…' : 'Pricing every placement under each option…'} failed="The options could not be compared:">
            {(c) => <Comparison c={c} />}
          </AnswerBlock>
        )}

        {options.length > 0 ? (
          <section className="wb-section" aria-labelledby="wb-focus-title">
            <h2 id="wb-focus-title">One option in depth</h2>
            <div className="wb-choices">
              <label className="wb-field">
                <span>Option</span>
                <select value={focus} onChange={(e) => store.getState().setPolicyFocus(e.target.value)} data-testid="wb-focus">
                  {WORKBENCH_RULEBOOKS.filter((r) => options.includes(r.file)).map((r) => (
                    <option key={r.file} value={r.file}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
              <TargetField />
            </div>
            <FocusPanels />
          </section>
        ) : null}
      </div>
    </ViewPage>
  );
}

function Comparison({ c }: { c: CompareAnswer }) {
  const [shown, setShown] = useState(c.options[0]?.id ?? '');
  const option = c.options.find((o) => o.id === shown) ?? c.options[0];
  const [sort, setSort] = useState<Sort<LaSortKey>>({ key: 'changePct', direction: 'desc' });
  const rows = useMemo(() => (option ? sortLas(option.byLa, sort.key, sort.direction) : []), [option, sort]);
  return (
    <>
      <p className="wb-headline" data-testid="wb-policy-headline">
        Today the {count(c.plans)} placements cost {money(c.today)} a year.{' '}
        {c.options.map((o) => `${shortName(o.name)}: ${money(o.total)} (${signedMoney(o.change)}, ${o.counts['lose>5'] + o.counts['lose0-5']} councils pay more).`).join(' ')}
      </p>
      <div className="wb-grid">
        <NationalChart c={c} />
        <WinnersChart c={c} />
      </div>
      <section className="wb-section" aria-labelledby="wb-las-title">
        <h2 id="wb-las-title">Every council under {option ? shortName(option.name) : 'the option'}</h2>
        {c.options.length > 1 ? (
          <div className="wb-choices">
            <label className="wb-field">
              <span>Show councils under</span>
              <select value={option?.id} onChange={(e) => setShown(e.target.value)} data-testid="wb-la-option">
                {c.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {shortName(o.name)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        ) : null}
        <p className="wb-note">
          {count(rows.length)} councils. Sort by any column; a council loses when its placements would cost more under the option than today.
        </p>
        <div className="wb-table-scroll tall" tabIndex={0} role="region" aria-labelledby="wb-las-title">
          <table className="data-table wb-table" data-testid="wb-las">
            <thead>
              <tr>
                <SortHeader label="Code" column="la" sort={sort} onSort={setSort} />
                <SortHeader label="Council" column="name" sort={sort} onSort={setSort} />
                <SortHeader label="Plans" column="plans" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Today" column="current" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Option" column="cost" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Change" column="change" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Change %" column="changePct" sort={sort} onSort={setSort} numeric />
                <th scope="col">Band</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => (
                <tr key={l.la} data-la={l.la}>
                  <td>{l.la}</td>
                  <th scope="row">{l.name}</th>
                  <td className="numeric">{count(l.plans)}</td>
                  <td className="numeric">{pounds(l.current)}</td>
                  <td className="numeric">{pounds(l.cost)}</td>
                  <td className="numeric">{signedPounds(l.change)}</td>
                  <td className="numeric">{percent(l.changePct)}</td>
                  <td>{CHANGE_BAND_LABEL[l.band]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

const signedPounds = (x: number) => (x > 0 ? `+${pounds(x)}` : pounds(x));

function TargetField() {
  const store = useAppStore();
  const target = useAppState((s) => s.policyTarget);
  const [text, setText] = useState(target === null ? '' : String(target));
  const parsed = text.trim() === '' ? null : parsePounds(text);
  const invalid = text.trim() !== '' && parsed === null;
  return (
    <form
      className="wb-choices"
      style={{ padding: 0, border: 0 }}
      aria-label="Budget-neutral target"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) store.getState().setPolicyTarget(parsed);
      }}
    >
      <label className="wb-field">
        <span>Target total (blank for today’s cost)</span>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. £9,500m" aria-invalid={invalid} data-testid="wb-target" />
      </label>
      <button type="submit" className="button button-secondary">
        Find the scale
      </button>
      {invalid ? <p className="wb-note text-error">Type an amount such as £9,500m, 9.5bn or 9500000000.</p> : null}
    </form>
  );
}

function FocusPanels() {
  const bn = useAppState((s) => s.budgetNeutralAnswer);
  const protection = useAppState((s) => s.protectionAnswer);
  const tornado = useAppState((s) => s.tornadoAnswer);
  const target = useAppState((s) => s.policyTarget);
  return (
    <>
      <h3>Budget neutrality</h3>
      <AnswerBlock answer={bn} waiting="Finding the scale that makes the option cost the target…" failed="Budget-neutral prices could not be found:">
        {(b) => (
          <div data-testid="wb-budget-neutral" data-scale={String(b.scale)}>
            <p className="wb-verdict">{budgetNeutralSentence(b, target === null ? 'today' : 'the target')}</p>
            <dl className="wb-facts">
              <dt>Scale on every tariff price</dt>
              <dd data-testid="wb-scale">× {b.scale.toFixed(6)}</dd>
              <dt>Option as written</dt>
              <dd>{pounds(b.total)}</dd>
              <dt>{target === null ? 'Today' : 'Target'}</dt>
              <dd>{pounds(b.target)}</dd>
              <dt>Option scaled</dt>
              <dd>{pounds(b.achieved)}</dd>
            </dl>
            <div className="wb-table-scroll" tabIndex={0} role="region" aria-label="Band prices before and after scaling">
              <table className="data-table wb-table" data-testid="wb-band-prices">
                <caption>Band prices before and after scaling</caption>
                <thead>
                  <tr>
                    <th scope="col">Band</th>
                    <th scope="col">Setting</th>
                    <th scope="col" className="numeric">
                      Price now
                    </th>
                    <th scope="col" className="numeric">
                      Budget-neutral price
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {b.bands.map((x) => (
                    <tr key={x.band}>
                      <th scope="row">{x.label}</th>
                      <td>{settingLabel(x.setting)}</td>
                      <td className="numeric">{pounds(x.before)}</td>
                      <td className="numeric">{pounds(x.after)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </AnswerBlock>
      <div className="wb-grid" style={{ marginTop: '1.5rem' }}>
        <div>
          <h3>Transitional protection</h3>
          <AnswerBlock answer={protection} waiting="Following protection year by year…" failed="Protection could not be worked out:">
            {(p) =>
              p.hasProtection ? (
                <ProtectionChart p={p} />
              ) : (
                <p className="wb-status" role="status">
                  {shortName(p.rulebook.name)} has no transitional protection: every council moves to the full tariff in the first year.
                </p>
              )
            }
          </AnswerBlock>
        </div>
        <div>
          <h3>What moves the option’s total</h3>
          <AnswerBlock answer={tornado} waiting="Varying each parameter 10% either way…" failed="The tornado could not be worked out:">
            {(t) => <OptionTornadoChart t={t} />}
          </AnswerBlock>
        </div>
      </div>
    </>
  );
}
