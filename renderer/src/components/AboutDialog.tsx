/** The About dialog (Help › About): version, shell and how the engine evaluates formulas here. */
import { useEffect, useRef } from 'react';
import { useAppState, useAppStore } from '../app-context';
import { APP_NAME } from '../app-identity';
import { BACKUP_POLICY } from '../../../models/contract/host';

const FORMULA_MODE_TEXT = {
  compiled: 'Formulas are compiled into fast code inside the engine.',
  interpreted:
    'Formulas are evaluated without generated code, because the security policy here forbids it. Results are identical; very large runs take longer.',
} as const;

export function AboutDialog() {
  const store = useAppStore();
  const open = useAppState((s) => s.aboutOpen);
  const info = useAppState((s) => s.appInfo);
  const engine = useAppState((s) => s.engine);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    // showModal gives the focus trap, Escape and the inert background; jsdom lacks it, hence the fallback.
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) d.close();
  }, [open]);

  const close = (): void => store.getState().setAboutOpen(false);
  return (
    <dialog ref={dialog} className="about-dialog" aria-labelledby="about-title" onClose={close}>
      <h2 id="about-title">{APP_NAME}</h2>
      <dl className="about-facts">
        <dt>Version</dt>
        <dd>{info?.version ?? 'unknown'}</dd>
        <dt>Running as</dt>
        <dd>{info ? (info.shell === 'electron' ? 'Desktop app' : 'Browser app served from this computer') : 'unknown'}</dd>
        <dt>Formula engine</dt>
        <dd>
          {engine.state === 'ready'
            ? `${engine.formulaMode === 'compiled' ? 'Compiled' : 'Interpreted'} (engine ${engine.version}). ${FORMULA_MODE_TEXT[engine.formulaMode]}`
            : engine.state === 'failed'
              ? `Not available: ${engine.message}`
              : 'Checking…'}
        </dd>
      </dl>
      <p>Placement data stays on this computer: the app makes no network requests.</p>
      {info?.shell === 'electron' && (
        <p>
          The desktop app keeps copies of the last {BACKUP_POLICY.keptPerProject} saves of each project and your unsaved changes (for recovery after a
          crash) in its own folder on this computer, for {BACKUP_POLICY.retentionDays} days. Help › Purge backups and recovery files deletes them now.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={close}>
          Close
        </button>
      </div>
    </dialog>
  );
}
