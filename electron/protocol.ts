/** The app:// scheme: registered as privileged before `ready`, then serving the built renderer from one folder. */
import { protocol } from 'electron';
import { APP_SCHEME } from './app-url';
import { serveAppFile } from './app-files';

/**
 * Must run before `app.whenReady()` resolves (Electron's rule for privileged schemes). `standard` gives the
 * scheme real origins and relative URL resolution, `secure` makes it a secure context (like https),
 * `supportFetchAPI` lets the page fetch its own assets. No bypassCSP, no CORS exemption, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `rendererRoot` (out/renderer) on app://hntm/…; every response carries the page's CSP header. */
export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererRoot, { url: request.url, method: request.method }));
}
