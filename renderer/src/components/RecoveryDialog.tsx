/**
 * Project messages: the RecoveryDialog offers back the unsaved work a crashed session left ("Recover unsaved work from
 * <time>?", Recover or Discard), and ProjectNotice shows what opening or saving had to say (a refused newer file, an
 * older format brought up to date, a failed save), until the user dismisses it.
 */
import { useEffect, useRef } from 'react';
import { useAppState, useAppStore } from '../app-context';

/** @example recoveryTime('2026-11-22T10:15:00.000Z') // '22 Nov 2026, 10:15' (in the user's time zone) */
export function recoveryTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'an earlier session';
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function RecoveryDialog() {
  const store = useAppStore();
  const offer = useAppState((s) => s.recoveryOffer);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    // showModal gives the focus trap and the inert background; jsdom lacks it and close(), hence the fallbacks.
    if (offer && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!offer && d.open) {
      if (typeof d.close === 'function') d.close();
      else d.removeAttribute('open');
    }
  }, [offer]);

  const recover = (): void => void store.getState().resolveRecovery('recover');
  const discard = (): void => void store.getState().resolveRecovery('discard');
  // Escape decides nothing: the work stays on disk and is offered again next time.
  const postpone = (): void => {
    if (store.getState().recoveryOffer) store.getState().postponeRecovery();
  };

  return (
    // The About dialog's modal look (styles/app.css) until the workspace UI gives dialogs a shared class.
    <dialog
      ref={dialog}
      className="about-dialog recovery-dialog"
      // Labels only while there is a question: an idref to an element that is not rendered is an accessibility error.
      {...(offer ? { 'aria-labelledby': 'recovery-title', 'aria-describedby': 'recovery-detail' } : {})}
      onClose={postpone}
    >
      {offer && (
        <>
          <h2 id="recovery-title">Recover unsaved work from {recoveryTime(offer.writtenAt)}?</h2>
          <p id="recovery-detail">
            The app stopped before changes to “{offer.projectName}” were saved
            {offer.path ? ` (${offer.path})` : ' (a project that was never saved)'}. Recover opens them as unsaved changes; Discard deletes them for good.
          </p>
          <div className="dialog-actions" style={{ gap: '0.75rem' }}>
            <button type="button" className="button" autoFocus onClick={recover}>
              Recover
            </button>
            <button type="button" className="button" onClick={discard}>
              Discard
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

/**
 * A notice floating above the status bar (outside the frame's grid, so no view moves): errors are announced at once
 * (alert), other notices politely (status).
 */
export function ProjectNotice() {
  const store = useAppStore();
  const notice = useAppState((s) => s.projectNotice);
  if (!notice) return null;
  const error = notice.kind === 'error';
  return (
    <div
      className="project-notice"
      role={error ? 'alert' : 'status'}
      style={{
        position: 'fixed', left: '1rem', right: '1rem', bottom: '3rem', zIndex: 10, display: 'flex', gap: '1rem', alignItems: 'center', padding: '0.75rem 1rem',
        borderLeft: `6px solid var(${error ? '--error' : '--brand'})`, background: 'var(--surface)', boxShadow: '0 4px 16px rgba(11, 12, 12, 0.25)',
      }}
    >
      <span style={{ flex: 1 }}>{notice.text}</span>
      <button type="button" className="link-button" onClick={() => store.getState().dismissProjectNotice()}>
        Dismiss
      </button>
    </div>
  );
}
