// @vitest-environment jsdom
// The RecoveryDialog in the app frame: shown at start-up when the host has unsaved work from a crashed session,
// "Recover unsaved work from <time>?", Recover or Discard; and files opened from outside arrive through the host.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import { recoveryTime } from '../../../renderer/src/components/RecoveryDialog';
import { createAppStore, startApp } from '../../../renderer/src/store';
import type { Host, OpenedProject, RecoveryOffer } from '../../../models/contract/host';
import { ok } from '../../../models/contract/result';
import { EXPECTED } from '../../fixtures/project/make-fixtures';
import { createServiceHost } from '../renderer/service-host';

afterEach(cleanup);

const OFFER: RecoveryOffer = { writtenAt: '2026-11-22T10:15:00.000Z', projectName: 'Barnet 2026', path: '/home/me/Barnet 2026.hntm' };
const RECOVERED: OpenedProject = { path: OFFER.path, fileName: 'Barnet 2026.hntm', project: { ...EXPECTED, name: 'Barnet 2026' }, migratedFrom: null, warnings: [] };

async function renderWithOffer(offer: RecoveryOffer | null) {
  const choices: string[] = [];
  const openListeners = new Set<(p: string) => void>();
  const opened: unknown[] = [];
  const host: Host = {
    ...createServiceHost().host,
    checkRecovery: async () => ok(offer),
    resolveRecovery: async (choice) => (choices.push(choice), ok(choice === 'recover' ? RECOVERED : null)),
    openProject: async (request) => (opened.push(request), ok({ ...RECOVERED, path: request?.path ?? null })),
    saveProject: async () => ok(null),
    reportState: vi.fn(async () => ok(null)),
    onOpenPath: (l) => (openListeners.add(l), () => void openListeners.delete(l)),
  };
  const { store } = createAppStore(host, 'other');
  const view = render(<App store={store} host={host} />);
  await act(() => startApp(store));
  return { store, view, choices, opened, host, sendOpenPath: (p: string) => openListeners.forEach((l) => l(p)), openListeners };
}

const dialog = () => screen.queryByRole('dialog', { name: /Recover unsaved work/ });
const dialogElement = () => document.querySelector('dialog.recovery-dialog') as HTMLDialogElement;

describe('RecoveryDialog', () => {
  it('asks "Recover unsaved work from <time>?" and names the project and its file', async () => {
    await renderWithOffer(OFFER);
    const d = dialog()!;
    expect(d.hasAttribute('open')).toBe(true);
    expect(within(d).getByRole('heading', { level: 2 }).textContent).toBe(`Recover unsaved work from ${recoveryTime(OFFER.writtenAt)}?`);
    expect(d.textContent).toContain('“Barnet 2026”');
    expect(d.textContent).toContain('/home/me/Barnet 2026.hntm');
    expect(document.activeElement?.textContent).toBe('Recover');
  });

  it('Recover loads the work as unsaved changes and closes', async () => {
    const { store, choices } = await renderWithOffer(OFFER);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Recover' })));
    expect(choices).toEqual(['recover']);
    expect(store.getState()).toMatchObject({ recoveryOffer: null, project: RECOVERED.project, projectDirty: true, projectPath: OFFER.path });
    expect(dialogElement().hasAttribute('open')).toBe(false);
  });

  it('Discard deletes it and leaves the empty project', async () => {
    const { store, choices } = await renderWithOffer(OFFER);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Discard' })));
    expect(choices).toEqual(['discard']);
    expect(store.getState()).toMatchObject({ recoveryOffer: null, projectDirty: false, project: { name: 'Untitled project' } });
  });

  it('is not shown when there is nothing to recover', async () => {
    await renderWithOffer(null);
    expect(dialogElement().hasAttribute('open')).toBe(false);
    expect(dialog()).toBeNull();
  });

  it('formats the time for people, and copes with a bad one', () => {
    expect(recoveryTime('2026-11-22T10:15:00.000Z')).toMatch(/22 Nov 2026/);
    expect(recoveryTime('not a time')).toBe('an earlier session');
  });
});

describe('the app frame and the shell', () => {
  it('opens a file handed over by the shell (double-click) and reports its state to the shell', async () => {
    const { store, opened, sendOpenPath, host, view, openListeners } = await renderWithOffer(null);
    expect(host.reportState).toHaveBeenCalledWith(expect.objectContaining({ dirty: false, running: false, enabled: expect.objectContaining({ 'file.save': false, 'help.about': true }) }));
    await act(async () => sendOpenPath('/home/me/from-explorer.hntm'));
    expect(opened).toEqual([{ path: '/home/me/from-explorer.hntm' }]);
    expect(store.getState().projectPath).toBe('/home/me/from-explorer.hntm');
    view.unmount();
    expect(openListeners.size).toBe(0);
  });
});

describe('ProjectNotice', () => {
  it('shows a refused open as an alert until dismissed', async () => {
    const { store } = await renderWithOffer(null);
    act(() => store.setState({ projectNotice: { kind: 'error', text: 'future.hntm was saved by a newer version.' } }));
    expect(screen.getByRole('alert').textContent).toContain('future.hntm was saved by a newer version.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => store.setState({ projectNotice: { kind: 'info', text: 'Brought up to format 2.' } }));
    expect(screen.getAllByRole('status').some((s) => s.textContent?.includes('Brought up to format 2.'))).toBe(true);
  });
});
