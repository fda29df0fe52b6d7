// @vitest-environment jsdom
// The app frame in jsdom: landmarks, nav and shortcuts through the command registry, menu commands, status bar.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import { createAppStore, startApp } from '../../../renderer/src/store';
import { fail } from '../../../models/contract/result';
import { throwIfCancelled, type JobContext } from '../../../models/service/engine-service';
import { createServiceHost, gate } from './service-host';

afterEach(cleanup);

async function renderApp(platform: 'other' | 'mac' = 'other') {
  const sh = createServiceHost({}, { platform: platform === 'mac' ? 'darwin' : 'Linux x86_64' });
  const { store } = createAppStore(sh.host, platform);
  const view = render(<App store={store} host={sh.host} />);
  await act(() => startApp(store));
  return { ...sh, store, view };
}

const heading = () => screen.getByRole('heading', { level: 1 });
const nav = () => screen.getByRole('navigation', { name: 'Views' });

describe('App frame', () => {
  it('has a skip link, a banner, a labelled nav, main and a status bar', async () => {
    await renderApp();
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe('#main-content');
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(within(nav()).getAllByRole('button').map((b) => b.textContent)).toEqual(['DataCtrl+1', 'RulebookCtrl+2', 'ScenariosCtrl+3', 'ResultsCtrl+4', 'CompareCtrl+5', 'CommissionerCtrl+6', 'Policy optionsCtrl+7']);
    expect(screen.getByRole('main').id).toBe('main-content');
    expect(heading().textContent).toBe('Placement data');
    expect(document.title).toBe('Placement data – High Needs Tariff Modeller');
  });

  it('skip link moves focus to main without navigating', async () => {
    await renderApp();
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    const notPrevented = fireEvent.click(skip);
    expect(notPrevented).toBe(false);
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });

  it('shows app, version, shell and formula mode in the status bar', async () => {
    await renderApp();
    const bar = screen.getByRole('contentinfo', { name: 'Status bar' });
    expect(bar.textContent).toContain('High Needs Tariff Modeller 0.1.0 · Browser');
    // jsdom may generate code, so the in-process engine reports compiled; the browser build's worker cannot.
    expect(bar.textContent).toContain('Engine: compiled formulas');
    expect(within(bar).getByRole('status').textContent).toBe('No jobs running');
  });

  it('nav buttons open their view and mark it current; focus stays on the nav', async () => {
    await renderApp();
    const results = within(nav()).getByRole('button', { name: 'Results' });
    results.focus();
    fireEvent.click(results);
    expect(heading().textContent).toBe('Results');
    expect(results.getAttribute('aria-current')).toBe('page');
    expect(within(nav()).getByRole('button', { name: 'Data' }).getAttribute('aria-current')).toBeNull();
    expect(document.activeElement).toBe(results);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('No results yet');
  });

  it('Ctrl+digit shortcuts open views and move focus to the heading; ⌘ does not on Linux', async () => {
    await renderApp();
    fireEvent.keyDown(window, { key: '3', code: 'Digit3', ctrlKey: true });
    expect(heading().textContent).toBe('Scenarios');
    expect(document.activeElement).toBe(heading());
    fireEvent.keyDown(window, { key: '5', code: 'Digit5', metaKey: true });
    expect(heading().textContent).toBe('Scenarios');
    const notPrevented = fireEvent.keyDown(window, { key: '5', code: 'Digit5', ctrlKey: true });
    expect(notPrevented).toBe(false);
    expect(heading().textContent).toBe('Compare scenarios');
  });

  it('uses ⌘ on a Mac, in keys and in labels', async () => {
    await renderApp('mac');
    expect(within(nav()).getByRole('button', { name: 'Rulebook' }).getAttribute('aria-keyshortcuts')).toBe('Meta+2');
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', ctrlKey: true });
    expect(heading().textContent).toBe('Placement data');
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', metaKey: true });
    expect(heading().textContent).toBe('Rulebook');
  });

  it('performs commands from the native menu (host.onCommand) and unsubscribes on unmount', async () => {
    const { sendCommand, commandListeners, view } = await renderApp();
    expect(commandListeners()).toBe(1);
    act(() => sendCommand('view.compare'));
    expect(heading().textContent).toBe('Compare scenarios');
    expect(document.activeElement).toBe(heading());
    act(() => sendCommand('file.save')); // disabled: nothing happens, nothing breaks
    expect(heading().textContent).toBe('Compare scenarios');
    act(() => sendCommand('help.about'));
    expect(screen.getByRole('dialog').hasAttribute('open')).toBe(true);
    view.unmount();
    expect(commandListeners()).toBe(0);
  });

  it('the empty states lead to the view they depend on', async () => {
    await renderApp();
    fireEvent.click(within(nav()).getByRole('button', { name: 'Compare' }));
    fireEvent.click(screen.getByRole('button', { name: 'Go to scenarios' }));
    expect(heading().textContent).toBe('Scenarios');
    fireEvent.click(screen.getByRole('button', { name: 'Go to placement data' }));
    expect(heading().textContent).toBe('Placement data');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toContain('No placement data yet');
  });

  it('says in plain words when the England dataset cannot be loaded, and offers an import instead', async () => {
    // The test host has no shipped files (no assets reader), so data.loadDefault fails as it would with a broken install.
    const sh = createServiceHost();
    const { store } = createAppStore(sh.host, 'other');
    render(<App store={store} host={sh.host} />);
    await act(() => startApp(store));
    fireEvent.click(within(nav()).getByRole('button', { name: 'Data' }));
    await vi.waitFor(() => expect(screen.getByRole('heading', { name: 'The England dataset could not be loaded' })).toBeTruthy());
    expect(screen.getByRole('button', { name: 'Import a council file instead' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows a running job with its progress, and its Cancel button cancels it', async () => {
    const hold = gate();
    const sh = createServiceHost({
      count: async (_p: unknown, ctx: JobContext) => {
        ctx.progress(1, 4);
        await hold.wait;
        throwIfCancelled(ctx.cancel);
      },
    });
    const { store } = createAppStore(sh.host, 'other');
    render(<App store={store} host={sh.host} />);
    await act(() => startApp(store));
    let run!: ReturnType<ReturnType<typeof store.getState>['runJob']>;
    act(() => {
      run = store.getState().runJob({ kind: 'count', payload: null }, 'Counting placements');
    });
    const bar = screen.getByRole('contentinfo', { name: 'Status bar' });
    await vi.waitFor(() => expect(within(bar).getByRole('progressbar', { name: 'Counting placements' }).getAttribute('value')).toBe('25'));
    expect(within(bar).getByRole('status').textContent).toBe('Counting placements…');
    fireEvent.click(within(bar).getByRole('button', { name: 'Cancel Counting placements' }));
    await act(async () => {
      hold.open();
      await run;
    });
    expect(within(bar).getByRole('status').textContent).toBe('No jobs running');
    expect(within(bar).queryByRole('progressbar')).toBeNull();
  });

  it('offers to check the engine again after the check failed', async () => {
    const sh = createServiceHost();
    let up = false;
    const host = { ...sh.host, startJob: (r: Parameters<typeof sh.host.startJob>[0]) => (up ? sh.host.startJob(r) : Promise.resolve(fail('unavailable', 'The engine stopped working.'))) };
    const { store } = createAppStore(host, 'other');
    render(<App store={store} host={host} />);
    await act(() => startApp(store));
    const bar = screen.getByRole('contentinfo', { name: 'Status bar' });
    expect(bar.textContent).toContain('Engine: not available');
    up = true;
    await act(async () => {
      fireEvent.click(within(bar).getByRole('button', { name: 'Check the engine again' }));
      await vi.waitFor(() => expect(store.getState().engine.state).toBe('ready'));
    });
    expect(bar.textContent).toContain('Engine: compiled formulas');
    expect(within(bar).queryByRole('button', { name: 'Check the engine again' })).toBeNull();
  });
});
