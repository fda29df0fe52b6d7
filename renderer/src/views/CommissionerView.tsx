/** The commissioner workbench: independent providers' fees against band prices, the placements furthest above, the saving from a cap, and uplift requests. */
import { useEffect, useMemo, useState } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { ViewPage } from '../components/ViewPage';
import { count, money, percent, pounds } from '../charts/format';
import { OUTLIER_LABEL, bandMixText, commissionerHeadline, parsePercent, sortProviders, type ProviderSortKey } from '../charts/workbench';
import { settingLabel } from '../../../models/vocab/settings';
import { needLabel } from '../../../models/vocab/needs';
import { WORKBENCH_RULEBOOKS, commissionerKey } from '../store/workbench';
import type { ProvidersAnswer } from '../../../models/service/workbench-jobs';
import { VIEW_TITLE } from './catalog';
import { AnswerBlock, SortHeader, type Sort } from './workbench/Common';
import { BandStripChart, CapYearChart } from './workbench/CommissionerCharts';
import './results/results.css';
import './workbench/workbench.css';

const LEAD =
  'Fees paid to independent special schools, non-maintained special schools, specialist post-16 institutions and independent alternative provision, set against the band price the rulebook gives the same band and setting. Fees above band price + the cap are flagged, and what capping them would save is worked out year by year.';

export function CommissionerView() {
  const store = useAppStore();
  const rulebook = useAppState((s) => s.commissionerRulebook);
  const cap = useAppState((s) => s.commissionerCap);
  const key = useAppState(commissionerKey);
  const providers = useAppState((s) => s.providersAnswer);
  const byYear = useAppState((s) => s.capByYearAnswer);
  const [capText, setCapText] = useState(String(Math.round(cap * 1000) / 10));

  useEffect(() => {
    void store.getState().loadCommissioner();
  }, [store, key]);

  const capValue = parsePercent(capText);
  return (
    <ViewPage title={VIEW_TITLE.commissioner} lead={LEAD}>
      <div className="workbench">
        <form
          className="wb-choices"
          aria-label="Rulebook and cap"
          onSubmit={(e) => {
            e.preventDefault();
            if (capValue !== null && capValue >= 0) store.getState().setCommissionerCap(capValue);
          }}
        >
          <label className="wb-field">
            <span>Band prices from</span>
            <select value={rulebook} onChange={(e) => store.getState().setCommissionerRulebook(e.target.value)} data-testid="wb-rulebook">
              {WORKBENCH_RULEBOOKS.map((r) => (
                <option key={r.file} value={r.file}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="wb-field">
            <span>Cap: band price + (%)</span>
            <input className="short" inputMode="decimal" value={capText} onChange={(e) => setCapText(e.target.value)} aria-invalid={capValue === null || capValue < 0} aria-describedby="wb-cap-help" data-testid="wb-cap" />
          </label>
          <button type="submit" className="button">
            Apply cap
          </button>
          <p id="wb-cap-help" className="wb-note">
            {capValue === null || capValue < 0 ? <span className="text-error">Type the cap as a percentage, such as 10.</span> : `Fees above band price + ${percent(cap, 0)} count as above the cap.`}
          </p>
        </form>

        <AnswerBlock answer={providers} waiting={key === null ? 'Waiting for the placement data to load…' : 'Comparing every fee with its band price…'} failed="The fees could not be compared with band prices:">
          {(a) => <CommissionerBody a={a} />}
        </AnswerBlock>

        <section className="wb-section" aria-labelledby="wb-cap-years">
          <h2 id="wb-cap-years">The cap’s saving each year</h2>
          <AnswerBlock answer={byYear} waiting="Working out the saving year by year…" failed="The saving by year could not be worked out:">
            {(y) => <CapYearChart years={y.years} cap={cap} />}
          </AnswerBlock>
        </section>
      </div>
    </ViewPage>
  );
}

function CommissionerBody({ a }: { a: ProvidersAnswer }) {
  const store = useAppStore();
  const [shown, setShown] = useState(10);
  const [sort, setSort] = useState<Sort<ProviderSortKey>>({ key: 'capSaving', direction: 'desc' });
  const sorted = useMemo(() => sortProviders(a.providers, sort.key, sort.direction), [a.providers, sort]);
  const [providerRows, setProviderRows] = useState(25);
  return (
    <>
      <p className="wb-headline" data-testid="wb-headline" data-cap-saving={String(a.capSaving)}>
        {commissionerHeadline(a)}
      </p>
      <p className="wb-note">
        {a.rulebook.illustrative ? `${a.rulebook.name}: illustrative prices, not official ones. ` : ''}Prices on {a.date}.
        {a.unpriced > 0 ? ` ${count(a.unpriced)} placements have no band price (unbanded or funded at cost) and are left out.` : ''}
      </p>

      <section className="wb-section" aria-labelledby="wb-top-title">
        <h2 id="wb-top-title">The {count(Math.min(shown, a.placements.length))} placements furthest above band price</h2>
        <div className="wb-table-scroll" tabIndex={0} role="region" aria-labelledby="wb-top-title">
          <table className="data-table wb-table" data-testid="wb-top-placements">
            <caption className="visually-hidden">Placements with the largest premium over band price, largest first</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Provider</th>
                <th scope="col">Setting</th>
                <th scope="col">Band</th>
                <th scope="col">Need</th>
                <th scope="col" className="numeric">Fee</th>
                <th scope="col" className="numeric">Band price</th>
                <th scope="col" className="numeric">Premium</th>
                <th scope="col" className="numeric">Premium %</th>
                <th scope="col">Flag</th>
              </tr>
            </thead>
            <tbody>
              {a.placements.slice(0, shown).map((p, k) => (
                <tr key={p.placementId} data-placement={p.placementId}>
                  <td>{k + 1}</td>
                  <th scope="row">{p.providerId ?? 'No provider'}</th>
                  <td>{settingLabel(p.setting)}</td>
                  <td>{p.band}</td>
                  <td>{needLabel(p.need)}</td>
                  <td className="numeric">{pounds(p.fee)}</td>
                  <td className="numeric">{pounds(p.bandPrice)}</td>
                  <td className="numeric" data-value={String(p.premium)}>
                    {pounds(p.premium)}
                  </td>
                  <td className="numeric">{percent(p.premiumPct)}</td>
                  <td>{p.outlier ? <span className="wb-flag">{OUTLIER_LABEL[p.outlier]}</span> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="wb-actions">
          {shown < a.placements.length ? (
            <button type="button" className="button button-secondary" onClick={() => setShown((n) => Math.min(a.placements.length, n + 20))}>
              Show 20 more
            </button>
          ) : null}
          <span className="wb-note">
            Showing {count(Math.min(shown, a.placements.length))} of the {count(a.placements.length)} largest premiums ({count(a.placementCount)} placements in scope).
          </span>
        </div>
      </section>

      <section className="wb-section" aria-labelledby="wb-providers-title">
        <h2 id="wb-providers-title">Providers</h2>
        <p className="wb-note">
          {count(a.providers.length)} providers. Sort by any column; the mean band price is each provider’s placements at the price of their own band and setting.
        </p>
        <div className="wb-table-scroll tall" tabIndex={0} role="region" aria-labelledby="wb-providers-title">
          <table className="data-table wb-table" data-testid="wb-providers">
            <thead>
              <tr>
                <SortHeader label="Provider" column="providerName" sort={sort} onSort={setSort} />
                <SortHeader label="Placements" column="plans" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Mean fee" column="meanFee" sort={sort} onSort={setSort} numeric />
                <th scope="col" className="numeric">
                  Range
                </th>
                <th scope="col">Band mix</th>
                <SortHeader label="Band price" column="meanBandPrice" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Premium" column="premium" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Premium %" column="premiumPct" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Above cap" column="outliers" sort={sort} onSort={setSort} numeric />
                <SortHeader label="Cap saving" column="capSaving" sort={sort} onSort={setSort} numeric />
              </tr>
            </thead>
            <tbody>
              {sorted.slice(0, providerRows).map((p) => (
                <tr key={p.providerId}>
                  <th scope="row">{p.providerName}</th>
                  <td className="numeric">{count(p.plans)}</td>
                  <td className="numeric">{pounds(p.meanFee)}</td>
                  <td className="numeric">
                    {pounds(p.minFee)} – {pounds(p.maxFee)}
                  </td>
                  <td>{bandMixText(p.bandMix)}</td>
                  <td className="numeric">{pounds(p.meanBandPrice)}</td>
                  <td className="numeric">{pounds(p.premium)}</td>
                  <td className="numeric">{percent(p.premiumPct)}</td>
                  <td className="numeric">{count(p.outliers)}</td>
                  <td className="numeric">{pounds(p.capSaving)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="wb-actions">
          {providerRows < sorted.length ? (
            <button type="button" className="button button-secondary" onClick={() => setProviderRows((n) => n + 50)}>
              Show 50 more providers
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={() => void store.getState().exportProviders()}>
            Export the provider table (CSV)
          </button>
          <span className="wb-note">The commissioning pack workbook is not available yet; the CSV holds every provider.</span>
        </div>
      </section>

      <section className="wb-section" aria-labelledby="wb-bands-title">
        <h2 id="wb-bands-title">Fees in each band</h2>
        <BandStripChart byBand={a.byBand} />
      </section>

      <UpliftEvaluator a={a} />
    </>
  );
}

function UpliftEvaluator({ a }: { a: ProvidersAnswer }) {
  const store = useAppStore();
  const uplift = useAppState((s) => s.upliftAnswer);
  const [provider, setProvider] = useState(a.providers[0]?.providerId ?? '');
  const [pctText, setPctText] = useState('5');
  const pct = parsePercent(pctText);
  const byName = useMemo(() => [...a.providers].sort((x, y) => x.providerName.localeCompare(y.providerName)), [a.providers]);
  return (
    <section className="wb-section" aria-labelledby="wb-uplift-title">
      <h2 id="wb-uplift-title">Weigh a fee-uplift request</h2>
      <p className="wb-note">The requested rise is set against the tariff’s indexation for the year ({percent(a.indexationPct, 2)}) and the provider’s band prices.</p>
      <form
        className="wb-choices"
        aria-label="Uplift request"
        onSubmit={(e) => {
          e.preventDefault();
          if (pct !== null && provider) void store.getState().assessProviderUplift(provider, pct);
        }}
      >
        <label className="wb-field">
          <span>Provider</span>
          <select value={provider} onChange={(e) => setProvider(e.target.value)} data-testid="wb-uplift-provider">
            {byName.map((p) => (
              <option key={p.providerId} value={p.providerId}>
                {p.providerName} ({count(p.plans)} placements)
              </option>
            ))}
          </select>
        </label>
        <label className="wb-field">
          <span>Requested uplift (%)</span>
          <input className="short" inputMode="decimal" value={pctText} onChange={(e) => setPctText(e.target.value)} aria-invalid={pct === null} data-testid="wb-uplift-pct" />
        </label>
        <button type="submit" className="button" disabled={pct === null || !provider}>
          Weigh the request
        </button>
        {pct === null ? <p className="wb-note text-error">Type the uplift as a percentage, such as 5.</p> : null}
      </form>
      {uplift.state === 'idle' ? null : (
        <AnswerBlock answer={uplift} waiting="Weighing the request…" failed="The request could not be weighed:">
          {(u) => (
            <div data-testid="wb-uplift-result">
              <p className="wb-verdict">{u.verdict}</p>
              <dl className="wb-facts">
                <dt>Mean fee now</dt>
                <dd>{pounds(u.meanFeeBefore)}</dd>
                <dt>Mean fee after the uplift</dt>
                <dd>{pounds(u.meanFeeAfter)}</dd>
                <dt>Mean band price</dt>
                <dd>{pounds(u.meanBandPrice)}</dd>
                <dt>Above indexation by</dt>
                <dd>{(u.aboveIndexation * 100).toFixed(1)} percentage points</dd>
                <dt>Extra cost a year</dt>
                <dd>{money(u.annualCost)}</dd>
              </dl>
            </div>
          )}
        </AnswerBlock>
      )}
    </section>
  );
}
