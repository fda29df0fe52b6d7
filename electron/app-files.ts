/** Serves the built renderer's files for the app:// protocol, refusing any path that could escape its folder. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../models/contract/security';
import { APP_HOST, APP_SCHEME } from './app-url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** `..` in any spelling a URL allows: literal, percent-encoded, mixed case, before a slash, backslash or the end. */
const DOT_DOT_SEGMENT = /(?:^|[/\\]|%2f|%5c)(?:\.|%2e){2}(?:$|[/\\?#]|%2f|%5c)/i;

/**
 * The file an app:// URL names inside `root`, or null when the URL is not ours or its path could leave `root`.
 * Refuses rather than normalises anything suspicious: `..` segments in any encoding, backslashes (a separator
 * on Windows), NUL bytes, drive letters or colons, malformed escapes. The URL parser already folds plain
 * `../`, so the raw text is checked too: a request that tries is refused outright, not quietly re-rooted.
 * @example resolveAppPath('/app/out/renderer', 'app://hntm/assets/index.js') // '/app/out/renderer/assets/index.js'
 * @example resolveAppPath('/app/out/renderer', 'app://hntm/%2e%2e/secret') // null
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (typeof url !== 'string' || url.includes('\0') || url.includes('\\')) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null;
  // The path as written, before the parser folded any dot segments: everything after "app://hntm".
  const rawPath = url.slice(url.indexOf('//') + 2 + APP_HOST.length).split(/[?#]/)[0];
  if (DOT_DOT_SEGMENT.test(rawPath) || DOT_DOT_SEGMENT.test(parsed.pathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes(':')) return null;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  const rootAbs = resolve(root);
  const target = segments.length === 0 ? join(rootAbs, 'index.html') : resolve(rootAbs, ...segments);
  // Belt and braces: whatever the checks above missed, the result must still lie inside the folder.
  return target.startsWith(rootAbs + sep) ? target : null;
}

/**
 * The headers every app:// response carries, errors included: the page's CSP comes from the shared contract.
 * The policy is one shared function (models/contract/security.ts), sent on every response below; the renderer's
 * index.html carries the same policy as a meta tag, which is where the Electronegativity scan (its test scans
 * electron/ together with index.html) sees it: the scanner only recognises CSP string literals.
 */
export function appResponseHeaders(contentType?: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(contentType ? { 'Content-Type': contentType } : {}),
  };
}

/** The parts of a fetch Request the handler reads, so tests can pass a plain object. */
export interface AppRequest {
  url: string;
  method: string;
}

/**
 * Answers one app:// request from `root`: 200 with the file, 403 for a refused path, 404 for a missing file,
 * 405 for anything but GET/HEAD. Every answer carries the CSP header.
 */
export async function serveAppFile(root: string, request: AppRequest): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: appResponseHeaders() });
  const file = resolveAppPath(root, request.url);
  if (!file) return new Response('Forbidden', { status: 403, headers: appResponseHeaders() });
  try {
    if (!(await stat(file)).isFile()) return new Response('Not found', { status: 404, headers: appResponseHeaders() });
    const body = await readFile(file);
    const headers = appResponseHeaders(CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body.buffer, body.byteOffset, body.byteLength), { status: 200, headers });
  } catch {
    return new Response('Not found', { status: 404, headers: appResponseHeaders() });
  }
}
