/** The Excel round trip: download the rulebook as a workbook, edit it in Excel, upload it back (problems by sheet and cell). */
import { useAppStore } from '../../app-context';

export function TemplatePanel() {
  const store = useAppStore();
  return (
    <div className="template-panel">
      <ol className="template-steps">
        <li>
          <h3>Download the template</h3>
          <p>A workbook with one sheet per part of the rulebook (About, Parameters, Bands, Tariff, Indexation, Exceptions, Protection); every dated value is a row, with its source.</p>
          <button type="button" className="button" onClick={() => void store.getState().downloadRulebookTemplate()}>
            Download Excel template (.xlsx)
          </button>
        </li>
        <li>
          <h3>Edit it in Excel</h3>
          <p>Change values, add a row for a value that takes effect on a later date, and give each value its source. Keep the sheet and column names.</p>
        </li>
        <li>
          <h3>Upload the edited workbook</h3>
          <p>It is checked first. Problems are listed by sheet, row and column and nothing changes; a sound workbook replaces the rulebook’s values (Undo puts them back).</p>
          <button type="button" className="button button-secondary" onClick={() => void store.getState().openRulebookFile()}>
            Upload edited template…
          </button>
        </li>
      </ol>
    </div>
  );
}
