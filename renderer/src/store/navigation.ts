/** Navigation slice: which view is open, and how the user got there (a view moves focus only for some routes). */
import type { StateCreator } from 'zustand/vanilla';
import type { ViewId } from '../views/catalog';
import type { AppState } from './index';

/**
 * How a navigation happened. After a shortcut, a menu item or an in-page link the keyboard user's focus is somewhere
 * unrelated, so the new view takes focus; after a nav click focus stays on the nav, where the user is working.
 */
export type NavigationVia = 'start' | 'nav' | 'shortcut' | 'menu' | 'link';

export interface NavigationSlice {
  view: ViewId;
  navigatedVia: NavigationVia;
  /** Grows on every navigation, so a view can react even when the same view is chosen again. */
  navigationSeq: number;
  navigate(view: ViewId, via: NavigationVia): void;
}

export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set) => ({
  view: 'data',
  navigatedVia: 'start',
  navigationSeq: 0,
  navigate: (view, via) => set((s) => ({ view, navigatedVia: via, navigationSeq: s.navigationSeq + 1 })),
});
