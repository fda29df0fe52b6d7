/**
 * The Content-Security-Policy of the app's page, in one place: the Electron protocol handler sends it as a
 * header, the static server of the browser build sends it too, and renderer/index.html carries it as a meta tag.
 * No 'unsafe-eval' (the page runs no formula: the engine does, in a worker) and no remote origin.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // React and recharts set style attributes; no remote stylesheet is allowed. Electronegativity CSP_GLOBAL_CHECK
  // (LOW) notes this 'unsafe-inline': accepted, because it covers styles only; scripts stay 'self' with no eval.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** @example contentSecurityPolicy() // "default-src 'self'; script-src 'self'; …" */
export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');
}
