/**
 * Undo and Redo buttons (the edit.undo / edit.redo commands, so they agree with the shortcuts and the Edit menu),
 * each saying what it would undo, and the unsaved-changes indicator. Any editing view can show it.
 */
import { useAppState } from '../app-context';
import { selectRedoLabel, selectUndoLabel } from '../store/undo';
import { CommandButton } from './CommandButton';
import './undo-bar.css';

export function UndoBar() {
  const undoLabel = useAppState(selectUndoLabel);
  const redoLabel = useAppState(selectRedoLabel);
  const dirty = useAppState((s) => s.projectDirty);
  const notice = useAppState((s) => s.undoNotice);
  return (
    <div className="undo-bar">
      <CommandButton command="edit.undo" className="button button-secondary">
        <span aria-hidden="true">↶ </span>
        {undoLabel}
      </CommandButton>
      <CommandButton command="edit.redo" className="button button-secondary">
        <span aria-hidden="true">↷ </span>
        {redoLabel}
      </CommandButton>
      <span className={`dirty-indicator${dirty ? ' is-dirty' : ''}`} role="status">
        {dirty ? 'Unsaved changes' : 'No unsaved changes'}
      </span>
      {notice ? <span className="undo-notice">{notice}</span> : null}
    </div>
  );
}
