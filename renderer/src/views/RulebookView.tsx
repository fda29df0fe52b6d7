/** Rulebook: the bands, tariff grid, area cost factors, price formula and sources that turn a placement into a price, edited with live checks and costs. */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { EmptyState } from '../components/EmptyState';
import { UndoBar } from '../components/UndoBar';
import { ViewPage } from '../components/ViewPage';
import { formatIssue } from '../../../models/data/table';
import type { RulebookProblem } from '../../../models/service/rulebook-jobs';
import type { Rulebook } from '../../../models/rules/rulebook';
import { VIEW_TITLE } from './catalog';
import { BandsPanel } from './rulebook/BandsPanel';
import { CostsStrip } from './rulebook/CostsStrip';
import { DiffPanel } from './rulebook/DiffPanel';
import { FormulaField } from './rulebook/FormulaField';
import { AllSources, ParameterTable, useMissingSourceCount } from './rulebook/ParameterTable';
import { TemplatePanel } from './rulebook/TemplatePanel';
import { areaCostParameter, setFormula, tariffGridParameters } from './rulebook/edit';
import './data/data.css';
import './rulebook/rulebook.css';

type TabId = 'bands' | 'tariff' | 'acf' | 'parameters' | 'sources' | 'compare' | 'template';

const TABS: Array<{ id: TabId; label: string }> = [
  { id: 'bands', label: 'Bands' },
  { id: 'tariff', label: 'Tariff grid and formula' },
  { id: 'acf', label: 'Area cost factors' },
  { id: 'parameters', label: 'All parameters' },
  { id: 'sources', label: 'Sources' },
  { id: 'compare', label: 'Compare' },
  { id: 'template', label: 'Excel' },
];

/**
 * A problem's place in words: "Band B5 rule" rather than "bands.list[1].when".
 * @example pathWords(doc, 'bands.list[1].when') // 'Band B5 rule'
 */
export function pathWords(doc: Rulebook, path: string): string {
  const band = /^bands\.list\[(\d+)\]\.(\w+)/.exec(path);
  if (band) return `Band ${doc.bands.list[Number(band[1])]?.id ?? Number(band[1]) + 1} ${band[2] === 'when' ? 'rule' : band[2]}`;
  if (path === 'tariff.formula') return 'Price formula';
  if (path.startsWith('tariff.')) return `Tariff ${path.slice(7)}`;
  const exception = /^exceptions\[(\d+)\]\.(\w+)/.exec(path);
  if (exception) return `Exception “${doc.exceptions[Number(exception[1])]?.label ?? exception[1]}” ${exception[2] === 'when' ? 'rule' : exception[2]}`;
  const parameter = /^parameters\.(\w+)(?:\.values\[(\d+)\]\.(\w+))?/.exec(path);
  if (parameter) {
    const p = doc.parameters[parameter[1]];
    const from = parameter[2] !== undefined ? p?.values[Number(parameter[2])]?.from : undefined;
    return `${p?.label ?? parameter[1]}${from ? `, value from ${from}` : ''}${parameter[3] ? ` (${parameter[3]})` : ''}`;
  }
  return path;
}

/** Where a problem's path lives, so the list of problems can send the user to it. */
function tabOf(path: string): TabId {
  if (path.startsWith('bands')) return 'bands';
  if (path.startsWith('tariff')) return 'tariff';
  if (/\.source$/.test(path)) return 'sources';
  return 'parameters';
}

export function RulebookView() {
  const store = useAppStore();
  const shipped = useAppState((s) => s.shippedRulebooks);
  const draft = useAppState((s) => s.rulebookDraft);
  const opened = useAppState((s) => s.rulebookOpened);
  const check = useAppState((s) => s.rulebookCheck);
  const notice = useAppState((s) => s.rulebookNotice);
  const missingSources = useMissingSourceCount();
  const [tab, setTab] = useState<TabId>('bands');
  const pickId = useId();
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  const lead =
    'The rules that turn a placement into a price: the funding bands and how a placement is assigned to one, the tariff for each band and setting, the area cost adjustment, yearly indexation and exceptions. Every value carries its effective date and source; edits are checked as you type and costed on the loaded data.';

  if (!draft) {
    return (
      <ViewPage title={VIEW_TITLE.rulebook} lead={lead}>
        {shipped.state === 'failed' ? (
          <EmptyState
            title="The shipped rulebooks could not be read"
            icon="rules"
            actions={
              <>
                <button type="button" className="button" onClick={() => void store.getState().loadShippedRulebooks()}>
                  Try again
                </button>{' '}
                <button type="button" className="button button-secondary" onClick={() => void store.getState().openRulebookFile()}>
                  Open a rulebook file…
                </button>
              </>
            }
          >
            <p>{shipped.message}</p>
            <p>You can still open a rulebook of your own: a .rulebook.json file or an edited Excel template.</p>
          </EmptyState>
        ) : (
          <p className="view-note" role="status">
            Reading the shipped rulebooks…
          </p>
        )}
      </ViewPage>
    );
  }

  const problems = check.of === draft && check.state === 'done' ? (check.result?.problems.filter((p) => p.severity === 'error') ?? []) : [];
  const grids = tariffGridParameters(draft);
  const acf = areaCostParameter(draft);
  const selected = opened?.kind === 'shipped' ? opened.name : '';

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    setTab(TABS[to].id);
    tabRefs.current.get(TABS[to].id)?.focus();
  };

  let panel: ReactNode;
  switch (tab) {
    case 'bands':
      panel = <BandsPanel doc={draft} />;
      break;
    case 'tariff':
      panel = (
        <div className="tariff-panel">
          <FormulaField
            label="Price formula (£ per placement per year)"
            path="tariff.formula"
            value={draft.tariff.formula}
            rows={2}
            onChange={(text) => store.getState().editRulebook('Edit the price formula', (d) => setFormula(d, text), 'tariff.formula')}
            hint={`It may use placement fields (age, setting, residential…), parameters by name (looked up for each placement), and index${draft.tariff.indexation ? ` (the ${draft.tariff.indexation} uplift from ${draft.indexation[draft.tariff.indexation]?.baseYear ?? 'the base year'})` : ''}.`}
          />
          {grids.length === 0 ? <p className="muted">The formula reads no parameter keyed by band, so there is no tariff grid: see All parameters.</p> : null}
          {grids.map((name) => (
            <ParameterTable key={name} name={name} parameter={draft.parameters[name]} searchable caption={`Tariff grid: ${draft.parameters[name].label}`} />
          ))}
        </div>
      );
      break;
    case 'acf':
      panel = acf ? <ParameterTable name={acf} parameter={draft.parameters[acf]} searchable /> : <p>This rulebook has no area cost factor (a parameter keyed by LA): prices are the same in every area.</p>;
      break;
    case 'parameters':
      panel = (
        <div className="all-parameters">
          {Object.entries(draft.parameters).map(([name, p]) => (
            <ParameterTable key={name} name={name} parameter={p} searchable={(p.keys?.length ?? 0) > 0} />
          ))}
        </div>
      );
      break;
    case 'sources':
      panel = <AllSources doc={draft} />;
      break;
    case 'compare':
      panel = <DiffPanel doc={draft} />;
      break;
    case 'template':
      panel = <TemplatePanel />;
      break;
  }

  return (
    <ViewPage title={VIEW_TITLE.rulebook} lead={lead}>
      <div className="rulebook-workspace">
        <div className="rulebook-bar">
          <div className="field-row rulebook-pick">
            <label htmlFor={pickId}>Rulebook</label>
            <select id={pickId} value={selected} onChange={(e) => e.target.value && store.getState().openShippedRulebook(e.target.value)}>
              {selected === '' ? <option value="">{opened?.name ?? draft.name} (your file)</option> : null}
              {shipped.state === 'ready'
                ? shipped.list.map((r) => (
                    <option key={r.file} value={r.file}>
                      {r.name}
                    </option>
                  ))
                : null}
            </select>
          </div>
          <div className="rulebook-actions">
            <button type="button" className="button button-secondary" onClick={() => void store.getState().openRulebookFile()}>
              Open a rulebook file…
            </button>
            <button type="button" className="button button-secondary" onClick={() => void store.getState().downloadRulebookJson()}>
              Save as JSON…
            </button>
          </div>
        </div>

        <div className="rulebook-title">
          <h2 className="section-title">{draft.name}</h2>
          {draft.illustrative ? (
            <p className="illustrative-marker" role="note">
              <strong>Illustrative values — not official.</strong> DfE has published no band values; every price here says how it was derived. Do not quote these figures as national tariffs.
            </p>
          ) : null}
          <p className="rulebook-description">{draft.description}</p>
        </div>

        <UndoBar />

        {notice ? (
          <div className={`notice notice-inline ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            <div>
              <p>{notice.text}</p>
              {notice.issues && notice.issues.length > 0 ? (
                <ul className="plain-list template-issues">
                  {notice.issues.map((i, k) => (
                    <li key={k} className={i.severity === 'error' ? 'is-error' : undefined}>
                      {formatIssue(i)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
            <button type="button" className="link-button" onClick={() => store.getState().dismissRulebookNotice()}>
              Dismiss
            </button>
          </div>
        ) : null}

        <ProblemList
          doc={draft}
          problems={problems}
          missingSources={missingSources}
          onGo={(t, path) => {
            setTab(t);
            // After the tab has rendered, put the cursor in the field with the problem.
            if (path) setTimeout(() => document.querySelector<HTMLElement>(`[data-path="${path}"]`)?.focus(), 0);
          }}
        />

        <CostsStrip />

        <div className="tabs">
          <div role="tablist" aria-label="Parts of the rulebook" className="tab-list" onKeyDown={onTabKey}>
            {TABS.map((t) => (
              <button
                key={t.id}
                ref={(el) => {
                  if (el) tabRefs.current.set(t.id, el);
                }}
                type="button"
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                tabIndex={tab === t.id ? 0 : -1}
                className="tab"
                onClick={() => setTab(t.id)}
              >
                {t.label}
                {t.id === 'sources' && missingSources > 0 ? <span className="tab-count">{missingSources}</span> : null}
                {t.id !== 'sources' && problems.some((p) => tabOf(p.path) === t.id) ? <span className="tab-count tab-count-error">!</span> : null}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel" tabIndex={0}>
            {panel}
          </div>
        </div>
      </div>
    </ViewPage>
  );
}

function ProblemList({ doc, problems, missingSources, onGo }: { doc: Rulebook; problems: RulebookProblem[]; missingSources: number; onGo(tab: TabId, path?: string): void }) {
  if (problems.length === 0 && missingSources === 0) return null;
  return (
    <div className={`notice notice-inline ${problems.length ? 'notice-error' : 'notice-warn'}`} role={problems.length ? 'alert' : 'status'}>
      <div>
        {problems.length ? (
          <>
            <h2 className="notice-title">
              {problems.length} problem{problems.length === 1 ? '' : 's'} to fix before this rulebook can price placements
            </h2>
            <ul className="plain-list">
              {problems.slice(0, 8).map((p, i) => (
                <li key={i}>
                  <button type="button" className="link-button" onClick={() => onGo(tabOf(p.path), p.path)}>
                    {pathWords(doc, p.path)}
                  </button>
                  : {p.message}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {missingSources > 0 ? (
          <p>
            {missingSources} value{missingSources === 1 ? ' has' : 's have'} no source yet.{' '}
            <button type="button" className="link-button" onClick={() => onGo('sources')}>
              Give the sources
            </button>
          </p>
        ) : null}
      </div>
    </div>
  );
}
