/** The app frame: skip link, banner, view navigation, the current view and the status bar, wired to commands. */
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { useStore } from 'zustand';
import { AppContext } from './app-context';
import { APP_NAME } from './app-identity';
import { bindCommands, installShortcuts, runCommand } from './commands/registry';
import { AboutDialog } from './components/AboutDialog';
import { AppHeader } from './components/AppHeader';
import { NavBar } from './components/NavBar';
import { ProjectNotice, RecoveryDialog } from './components/RecoveryDialog';
import { StatusBar } from './components/StatusBar';
import type { Host } from '../../models/contract/host';
import type { AppStore } from './store';
import { reportShellState } from './store/project';
import { VIEW_TITLE } from './views/catalog';
import { CurrentView } from './views/CurrentView';

export interface AppProps {
  store: AppStore;
  host: Host;
  /** Where keyboard shortcuts are heard; the window in the app, a test double in tests. */
  keyTarget?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

export function App({ store, host, keyTarget = window }: AppProps) {
  const commands = useMemo(() => bindCommands(store), [store]);
  const context = useMemo(() => ({ store, commands }), [store, commands]);
  const view = useStore(store, (s) => s.view);
  const main = useRef<HTMLElement>(null);

  useEffect(() => installShortcuts(keyTarget, commands, store), [keyTarget, commands, store]);

  // Electron's native menu delivers its commands here; the browser host has no menu (onCommand is optional).
  useEffect(() => host.onCommand?.((id) => void runCommand(commands, store, id, 'menu')), [host, commands, store]);

  // Files opened from outside the page (double-click, command line, Open Recent). Subscribed before the state report
  // below, because main holds such files back until the page first reports its state.
  useEffect(() => host.onOpenPath?.((path) => void store.getState().openProject(path)), [host, store]);
  useEffect(() => reportShellState(store, host, (s, id) => commands.get(id)?.enabled(s) ?? false, [...commands.keys()]), [store, host, commands]);

  useEffect(() => {
    document.title = `${VIEW_TITLE[view]} – ${APP_NAME}`;
    if (main.current) main.current.scrollTop = 0;
  }, [view]);

  const skipToContent = (event: MouseEvent<HTMLAnchorElement>): void => {
    // Focus moves without changing the URL, so the page never navigates (Electron denies navigation).
    event.preventDefault();
    main.current?.focus();
  };

  return (
    <AppContext.Provider value={context}>
      <a className="skip-link" href="#main-content" onClick={skipToContent}>
        Skip to main content
      </a>
      <div className="app-frame">
        <AppHeader />
        <div className="app-body">
          <NavBar />
          <main id="main-content" className="app-main" ref={main} tabIndex={-1}>
            <CurrentView />
          </main>
        </div>
        <StatusBar />
      </div>
      <ProjectNotice />
      <AboutDialog />
      <RecoveryDialog />
    </AppContext.Provider>
  );
}
