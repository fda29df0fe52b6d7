/** The app's own origin (app://hntm) and the pure checks built on it: navigation, requests and IPC senders. */

/** The custom scheme that serves the built renderer (protocol.ts); nothing else is ever loaded. */
export const APP_SCHEME = 'app';
/** One fixed host, so the page has a stable origin (localStorage, IndexedDB) and nothing else shares it. */
export const APP_HOST = 'hntm';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether a URL belongs to the app's own origin. Compares scheme and host rather than `URL.origin`, which Node
 * reports as "null" for schemes it does not know.
 * @example isAppUrl('app://hntm/index.html') // true
 * @example isAppUrl('app://hntm.evil.example/') // false
 */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
}

/**
 * Whether the session may let a request through (DESIGN §7: the app makes no network request). Only the app's
 * own origin is allowed, plus data: and blob: URLs, which never leave the process (charts and exported images
 * use them; the CSP allows them for images), and devtools:, which the bundled DevTools front end loads from
 * inside the Electron binary.
 * @example isAllowedRequest('https://example.com/') // false
 */
export function isAllowedRequest(url: string): boolean {
  if (isAppUrl(url)) return true;
  const u = parse(url);
  return u !== null && (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:');
}

/**
 * Whether an IPC message may be answered: it must come from a web contents we created (by id) and from a
 * frame showing the app's origin. Anything else (a stray web contents, a frame that navigated away, a frame
 * already gone, which Electron reports as a null senderFrame) is dropped.
 * @example isTrustedSender('app://hntm/index.html', 3, new Set([3])) // true
 * @example isTrustedSender('https://evil.example/', 3, new Set([3])) // false
 */
export function isTrustedSender(senderFrameUrl: string | null | undefined, webContentsId: number, ourWebContentsIds: ReadonlySet<number>): boolean {
  if (typeof senderFrameUrl !== 'string' || !ourWebContentsIds.has(webContentsId)) return false;
  return isAppUrl(senderFrameUrl);
}
