/**
 * The import wizard: file → sheet and column mapping (live preview, saved templates) → validation report grouped by
 * problem, each row a link into the file's own rows → personal-data columns to drop → confirm. The engine reads and
 * checks the file in its worker; nothing leaves the computer.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { useAppState, useAppStore } from '../../app-context';
import { UndoBar } from '../../components/UndoBar';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { PLACEMENT_FIELDS, type PlacementField } from '../../../../models/data/table';
import { PERSONAL_DATA_WORDS } from '../../../../models/io/personal-data';
import type { IssueGroup, PreviewResult } from '../../../../models/service/data-jobs';
import { FIELD_WORDS, IMPORT_STEPS, nextImportStep, previousImportStep, type ImportStep } from '../../store/data';
import { count, moneyExact } from './format';

const STEP_WORDS: Record<ImportStep, string> = {
  file: 'Choose a file',
  mapping: 'Sheet and columns',
  report: 'Check the rows',
  personal: 'Personal data',
  confirm: 'Confirm',
};

/** The wizard's own target in the raw sheet: a row and a column letter. */
interface SheetTarget {
  row: number;
  column?: string;
  seq: number;
}

export function ImportWizard() {
  const store = useAppStore();
  const wizard = useAppState((s) => s.importWizard);
  const choices = useAppState((s) => s.importChoices);

  // Every change of the choices (an edit, an undo, a redo) is previewed again once the changes pause.
  useEffect(() => {
    const w = store.getState().importWizard;
    if (!w?.file || w.previewedChoices === choices) return;
    const t = setTimeout(() => void store.getState().previewImport(), 250);
    return () => clearTimeout(t);
  }, [choices, store]);

  if (!wizard) return null;
  const { step, preview } = wizard;
  const canContinue = step !== 'file' && step !== 'confirm' && !!preview && !preview.fatal && !wizard.previewing;
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <div className="wizard-head">
        <div>
          <h2 id="wizard-title">Import placements{wizard.file ? `: ${wizard.file.name}` : ''}</h2>
          <p className="section-hint">The file is read and checked on this computer. Nothing replaces the loaded data until you confirm.</p>
        </div>
        <button type="button" className="button button-secondary" onClick={() => store.getState().closeImportWizard()}>
          Cancel import
        </button>
      </div>
      <nav aria-label="Import steps">
        <ol className="wizard-steps">
          {IMPORT_STEPS.map((s, i) => {
            const reachable = i <= IMPORT_STEPS.indexOf(wizard.reached) && (s === 'file' || !!preview);
            return (
              <li key={s} className={s === step ? 'is-current' : reachable ? 'is-done' : ''}>
                <button type="button" aria-current={s === step ? 'step' : undefined} disabled={!reachable} onClick={() => store.getState().goToImportStep(s)}>
                  <span className="wizard-step-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  {STEP_WORDS[s]}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {step !== 'file' ? <UndoBar /> : null}
      {wizard.error ? (
        <div className="notice notice-error notice-inline" role="alert">
          <p>{wizard.error}</p>
        </div>
      ) : null}
      <div className="wizard-body" aria-busy={wizard.previewing}>
        {step === 'file' ? <FileStep /> : null}
        {step === 'mapping' && preview ? <MappingStep preview={preview} /> : null}
        {step === 'report' && preview ? <ReportStep preview={preview} /> : null}
        {step === 'personal' && preview ? <PersonalStep preview={preview} /> : null}
        {step === 'confirm' && preview ? <ConfirmStep preview={preview} /> : null}
        {step !== 'file' && !preview && wizard.previewing ? (
          <p className="view-note" role="status">
            Reading and checking {wizard.file?.name}…
          </p>
        ) : null}
      </div>
      {step !== 'file' ? (
        <div className="wizard-nav">
          <button type="button" className="button button-secondary" onClick={() => store.getState().goToImportStep(previousImportStep(step))}>
            Back
          </button>
          {wizard.previewing && preview ? (
            <span className="view-note" role="status">
              Checking again…
            </span>
          ) : null}
          {step !== 'confirm' ? (
            <button type="button" className="button" disabled={!canContinue} onClick={() => store.getState().goToImportStep(nextImportStep(step))}>
              Continue
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function FileStep() {
  const store = useAppStore();
  return (
    <div className="wizard-file">
      <p>Choose your council’s placement file: an Excel workbook (.xlsx) or a CSV file, one row per placement (or per group of identical placements).</p>
      <ul className="plain-list">
        <li>Title rows above the header, merged header cells, money written as “£12,345.00” and DfE’s x, z and c markers are all understood.</li>
        <li>Every row with a problem is listed with its row and column, and kept so you can export and fix it.</li>
        <li>Columns that look like personal data (names, UPNs, dates of birth, postcodes) are flagged and dropped unless you choose to keep them.</li>
      </ul>
      <button type="button" className="button" onClick={() => void store.getState().chooseImportFile()}>
        Choose a file…
      </button>
    </div>
  );
}

const HOW_WORDS: Record<string, string> = {
  'field name': 'its header is the field’s name',
  alias: 'a usual name for the field',
  synonym: 'a council’s name for the field',
  relaxed: 'its header, ignoring years and £',
  content: 'its values',
  mapping: 'your mapping',
};

/** The raw sheet as the file holds it, with the header row marked and dropped columns masked. */
function SheetPreview({ preview, target, label, height = 300 }: { preview: PreviewResult; target: SheetTarget | null; label: string; height?: number }) {
  const queryRows = useAppState((s) => s.queryRows);
  const headerRow = preview.header.row;
  const columns = useMemo<VirtualColumn[]>(() => {
    const byLetter = new Map(preview.header.columns.map((c) => [c.letter, c]));
    return preview.sheetColumns.map((c) =>
      c === 'row' ? { key: c, label: 'Row', width: '3.5rem', align: 'right' as const, sticky: true } : { key: c, label: byLetter.get(c)?.header ? `${c} · ${byLetter.get(c)!.header}` : c, width: 'minmax(9rem, 1fr)' },
    );
  }, [preview]);
  return (
    <VirtualTable
      table="import.sheet"
      label={label}
      columns={columns}
      rowCount={preview.sheetRows}
      generation={`${preview.file}|${preview.sheet}|${preview.header.row}|${preview.sheetRows}|${preview.header.columns.map((c) => (c.dropped ? 1 : 0)).join('')}`}
      fetchPage={queryRows}
      height={height}
      rowHeight={32}
      target={target}
      markRow={(i) => (i + 1 === headerRow ? 'vt-row-header' : i + 1 < headerRow ? 'vt-row-above' : undefined)}
    />
  );
}

function MappingStep({ preview }: { preview: PreviewResult }) {
  const store = useAppStore();
  const choices = useAppState((s) => s.importChoices);
  const templates = useAppState((s) => s.project.mappingTemplates);
  const sheetId = useId();
  const templateId = useId();
  const nameId = useId();
  const [templateName, setTemplateName] = useState('');
  const [chosenTemplate, setChosenTemplate] = useState('');
  const flagged = new Map(preview.personalData.map((f) => [f.index, f]));
  const dropped = new Set(choices.dropColumns ?? []);
  const fieldOf = (header: string): PlacementField | '' => {
    const entry = Object.entries(choices.mapping?.fields ?? {}).find(([, h]) => h === header);
    return entry ? (entry[0] as PlacementField) : '';
  };
  const columns = preview.header.columns.filter((c) => !c.mergedInto);
  const merged = preview.header.columns.filter((c) => c.mergedInto);
  return (
    <div className="wizard-mapping">
      <div className="wizard-grid">
        <div>
          <h3>Sheet and header</h3>
          {preview.sheets.length > 1 ? (
            <div className="field-row">
              <label htmlFor={sheetId}>Sheet to read</label>
              <select id={sheetId} value={choices.sheet ?? preview.sheet ?? ''} onChange={(e) => store.getState().chooseImportSheet(e.target.value)}>
                {preview.sheets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>{preview.format === 'csv' ? 'A CSV file has one sheet.' : `Sheet “${preview.sheet}”, the workbook’s only sheet.`}</p>
          )}
          <p>
            The header is on <strong>row {preview.header.row}</strong>
            {preview.counts.aboveHeader > 0 ? `; ${count(preview.counts.aboveHeader)} row${preview.counts.aboveHeader === 1 ? '' : 's'} above it (a title or notes) ${preview.counts.aboveHeader === 1 ? 'is' : 'are'} not read` : ''}. {count(preview.counts.dataRows)} rows hold placements.
          </p>
        </div>
        <div>
          <h3>Saved mappings</h3>
          <p className="section-hint">Save this mapping to use it on next month’s file; it is kept in the project.</p>
          <div className="field-row">
            <label htmlFor={templateId}>Apply a saved mapping</label>
            <select id={templateId} value={chosenTemplate} onChange={(e) => setChosenTemplate(e.target.value)} disabled={templates.length === 0}>
              <option value="">{templates.length === 0 ? 'None saved yet' : 'Choose…'}</option>
              {templates.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.name}
                </option>
              ))}
            </select>
            <button type="button" className="button button-secondary button-small" disabled={!chosenTemplate} onClick={() => store.getState().applyMappingTemplate(chosenTemplate)}>
              Apply
            </button>
          </div>
          <div className="field-row">
            <label htmlFor={nameId}>Save as</label>
            <input id={nameId} type="text" value={templateName} onChange={(e) => setTemplateName(e.target.value)} placeholder="e.g. Monthly placements return" />
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={!templateName.trim()}
              onClick={() => {
                store.getState().saveMappingTemplate(templateName);
                setTemplateName('');
              }}
            >
              Save mapping
            </button>
          </div>
        </div>
      </div>

      <h3>What each column is</h3>
      <table className="data-table mapping-table">
        <caption className="visually-hidden">Columns of the file and the placement field each is read as</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Header in the file</th>
            <th scope="col">Read as</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => {
            const flag = flagged.get(c.index);
            const isDropped = flag ? dropped.has(c.header) : c.dropped;
            return (
              <tr key={c.letter} className={isDropped ? 'is-dropped' : undefined}>
                <td>{c.letter}</td>
                <th scope="row">{c.header || <span className="muted">(no header)</span>}</th>
                <td>
                  {flag && isDropped ? (
                    <span className="badge badge-private">Personal data: dropped</span>
                  ) : (
                    <select aria-label={`Read column ${c.letter} “${c.header}” as`} value={fieldOf(c.header)} onChange={(e) => store.getState().mapImportColumn(c.header, (e.target.value || null) as PlacementField | null)} disabled={!c.header}>
                      <option value="">Not used</option>
                      {PLACEMENT_FIELDS.map((f) => (
                        <option key={f.name} value={f.name}>
                          {FIELD_WORDS[f.name]}
                          {f.required ? ' (needed)' : ''}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className="muted">{flag ? `Looks like ${PERSONAL_DATA_WORDS[flag.kind]} (by ${flag.by.join(' and ')})` : c.how ? `Matched by ${HOW_WORDS[c.how] ?? c.how}` : c.field ? '' : 'No field matched'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {merged.length > 0 ? <p className="section-hint">{merged.map((c) => `Column ${c.letter} is merged into column ${c.mergedInto}’s header cell, so it is read as part of it.`).join(' ')}</p> : null}

      <h3>How the model will read the first rows</h3>
      {preview.sample.rows.length === 0 ? (
        <p>No row can be read yet with this mapping: check that the setting, need, age and cost columns are mapped.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="The first rows as the model will read them">
          <table className="data-table sample-table">
            <caption className="visually-hidden">The first accepted rows, as placement fields</caption>
            <thead>
              <tr>
                {preview.sample.columns.map((c) => (
                  <th key={c} scope="col" className={c === 'annual_cost' || c === 'age' ? 'numeric' : undefined}>
                    {c === 'setting_label' ? 'Setting' : (FIELD_WORDS[c as PlacementField] ?? c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sample.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, k) => (
                    <td key={k} className={preview.sample.columns[k] === 'annual_cost' || preview.sample.columns[k] === 'age' ? 'numeric' : undefined}>
                      {preview.sample.columns[k] === 'annual_cost' && typeof v === 'number' ? moneyExact(v) : (v ?? '—')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3>The file as it is</h3>
      <p className="section-hint">The header row is marked; rows above it are greyed. Columns being dropped as personal data are hidden (•••).</p>
      <SheetPreview preview={preview} target={null} label={`Rows of ${preview.file}`} />
    </div>
  );
}

function ReportStep({ preview }: { preview: PreviewResult }) {
  const [target, setTarget] = useState<SheetTarget | null>(null);
  const letterOf = useMemo(() => new Map(preview.header.columns.map((c) => [c.key, c.letter])), [preview]);
  const c = preview.counts;
  const errors = preview.groups.filter((g) => g.severity === 'error');
  const warnings = preview.groups.filter((g) => g.severity === 'warning');
  const go = (row: number, column: string): void => setTarget((t) => ({ row: row - 1, column: letterOf.get(column), seq: (t?.seq ?? 0) + 1 }));
  return (
    <div className="wizard-report">
      <dl className="report-counts">
        <div>
          <dt>Rows with placements</dt>
          <dd>{count(c.dataRows)}</dd>
        </div>
        <div className="is-ok">
          <dt>Accepted</dt>
          <dd data-testid="report-accepted">{count(c.accepted)}</dd>
        </div>
        <div className={c.rejected > 0 ? 'is-error' : undefined}>
          <dt>Rejected</dt>
          <dd data-testid="report-rejected">{count(c.rejected)}</dd>
        </div>
        <div>
          <dt>Blank rows skipped</dt>
          <dd>{count(c.blankRows)}</dd>
        </div>
        <div>
          <dt>Total rows left out</dt>
          <dd>{count(c.totalRows)}</dd>
        </div>
      </dl>
      <div className="report-layout">
        <div className="report-groups">
          <h3>{errors.length === 0 ? 'No row is rejected' : `Problems that reject rows (${count(preview.errors)})`}</h3>
          {errors.map((g) => (
            <IssueGroupView key={g.key} group={g} onGo={go} current={target} letterOf={letterOf} />
          ))}
          <h3>Things to check ({count(preview.warnings)})</h3>
          <p className="section-hint">These rows are kept; each note says what was done.</p>
          {warnings.map((g) => (
            <IssueGroupView key={g.key} group={g} onGo={go} current={target} letterOf={letterOf} />
          ))}
        </div>
        <div className="report-sheet">
          <h3>The rows in the file</h3>
          <p className="section-hint">Choose a problem’s row to see it here, with its column marked.</p>
          <SheetPreview preview={preview} target={target} label={`Rows of ${preview.file}`} height={520} />
        </div>
      </div>
    </div>
  );
}

function IssueGroupView({ group, onGo, current, letterOf }: { group: IssueGroup; onGo(row: number, column: string): void; current: SheetTarget | null; letterOf: Map<string, string> }) {
  const titleId = useId();
  const letter = letterOf.get(group.column);
  return (
    <section className={`issue-group issue-${group.severity}`} aria-labelledby={titleId}>
      <h4 id={titleId}>
        <span className="issue-severity">{group.severity === 'error' ? 'Rejects rows' : 'Check'}</span> {group.title}
        <span className="issue-where">
          {' '}
          — column {letter ? `${letter} ` : ''}“{group.column}”, {count(group.count)} row{group.count === 1 ? '' : 's'}
        </span>
      </h4>
      <ul className="issue-items">
        {group.items.map((item, i) => (
          <li key={`${item.row}-${i}`}>
            <button type="button" className="issue-link" aria-pressed={current?.row === item.row - 1 && current?.column === letterOf.get(item.column)} onClick={() => onGo(item.row, item.column)}>
              {/^\(.*\)$/.test(item.column) && item.column !== '(row)' ? `Row ${item.row}, ${item.column.slice(1, -1)}` : item.column === '(row)' || item.column === '(file)' ? `Row ${item.row}` : `Row ${item.row}, column ${item.column}`}
            </button>
            <span className="issue-message">: {item.message}</span>
          </li>
        ))}
      </ul>
      {group.count > group.items.length ? <p className="section-hint">and {count(group.count - group.items.length)} more rows with the same problem.</p> : null}
    </section>
  );
}

function PersonalStep({ preview }: { preview: PreviewResult }) {
  const store = useAppStore();
  const choices = useAppState((s) => s.importChoices);
  const drop = new Set(choices.dropColumns ?? []);
  if (preview.personalData.length === 0) {
    return <p>No column looks like personal data (names, UPNs, dates of birth, postcodes or addresses). If the file holds any that was not spotted, set that column to “Not used” in the columns step: it is then not read.</p>;
  }
  return (
    <fieldset className="personal-step">
      <legend>
        <h3>These columns look like personal data</h3>
      </legend>
      <p>The model never needs them. Ticked columns are dropped: they are not kept, shown, saved in the project or written anywhere. Untick a column only if you need it, for example a UPN used as the placement id.</p>
      <ul className="plain-list personal-list">
        {preview.personalData.map((f) => (
          <li key={f.index}>
            <label className="check">
              <input type="checkbox" checked={drop.has(f.header)} onChange={(e) => store.getState().setImportDrop(f.header, e.target.checked)} />
              <span>
                Drop column {f.column} “{f.header || '(no header)'}”
                <span className="muted"> — looks like {PERSONAL_DATA_WORDS[f.kind]}, by its {f.by.join(' and its ')}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ConfirmStep({ preview }: { preview: PreviewResult }) {
  const store = useAppStore();
  const wizard = useAppState((s) => s.importWizard);
  const choices = useAppState((s) => s.importChoices);
  const summary = useAppState((s) => s.dataSummary);
  const dropped = (choices.dropColumns ?? []).filter((h) => h !== '');
  const kept = preview.personalData.filter((f) => !dropped.includes(f.header));
  return (
    <div className="confirm-step">
      <ul className="plain-list confirm-list">
        <li>
          <strong>{count(preview.counts.accepted)}</strong> placement row{preview.counts.accepted === 1 ? '' : 's'} will replace {summary ? `“${summary.source}”` : 'the loaded data'} for modelling.
        </li>
        <li>
          <strong>{count(preview.counts.rejected)}</strong> row{preview.counts.rejected === 1 ? '' : 's'} will be rejected; you can export them with their reasons after the import.
        </li>
        <li>{dropped.length > 0 ? `Dropped and never kept: ${dropped.join(', ')}.` : 'No column is dropped.'}</li>
        {kept.length > 0 ? <li className="warning-text">Kept although it looks like personal data: {kept.map((f) => f.header).join(', ')}.</li> : null}
      </ul>
      <button type="button" className="button" disabled={wizard?.importing || preview.counts.accepted === 0} onClick={() => void store.getState().confirmImport()}>
        {wizard?.importing ? 'Importing…' : `Import ${count(preview.counts.accepted)} placement${preview.counts.accepted === 1 ? '' : 's'}`}
      </button>
    </div>
  );
}
