/** Locks down a session: no permission is ever granted and no request leaves the app's own origin. */
import type { Session } from 'electron';
import { isAllowedRequest } from './app-url';

/**
 * The app needs no camera, notifications, geolocation, clipboard-read or any other permission, so both the
 * request handler (prompts) and the check handler (silent queries) say no. The webRequest filter cancels
 * every request not addressed to app://hntm (DESIGN §7: no network request), whatever the page tries.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // Device pickers (HID, serial, USB) have their own handler; deny it too.
  session.setDevicePermissionHandler(() => false);
  // No filter argument: the listener then sees every request the API reports, whatever its scheme.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
}
