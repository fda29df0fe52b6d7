/** Picks the host at startup: Electron's preload exposes one on window; otherwise the browser builds its own. */
import { HOST_GLOBAL } from '../../../models/contract/channels';
import type { Host } from '../../../models/contract/host';

const HOST_METHODS = ['appInfo', 'openFile', 'saveFile', 'startJob', 'cancelJob', 'onJobEvent', 'listTables', 'queryRows'] as const;

/** Whether a value has every Host method; a half-exposed bridge is treated as no bridge. */
export function isHost(value: unknown): value is Host {
  if (!value || typeof value !== 'object') return false;
  return HOST_METHODS.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
}

/** @example chooseHost(window, () => createBrowserHost()) // the preload's host in Electron, a browser host elsewhere */
export function chooseHost(win: object, makeBrowserHost: () => Host): Host {
  const exposed = (win as Record<string, unknown>)[HOST_GLOBAL];
  return isHost(exposed) ? exposed : makeBrowserHost();
}
