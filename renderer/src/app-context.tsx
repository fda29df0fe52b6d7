/** Hands the store and the bound commands to every component, so views never import a global store. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { CommandBindings } from './commands/registry';
import type { AppState, AppStore } from './store';

export interface AppContextValue {
  store: AppStore;
  commands: CommandBindings;
}

export const AppContext = createContext<AppContextValue | null>(null);

function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('AppContext is missing: render components inside <App>.');
  return value;
}

export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}

export function useAppStore(): AppStore {
  return useAppContext().store;
}

export function useCommands(): CommandBindings {
  return useAppContext().commands;
}
