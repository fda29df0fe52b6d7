// A small static server for the browser build: serves one folder on 127.0.0.1 with the app's CSP, refusing any
// path that escapes the folder. Used by `npm start` (when Electron's runtime is absent), `npm run web` and tests.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/**
 * Resolves a URL path inside `root`, or returns null when it tries to leave it. A `..` segment (in any encoding),
 * a backslash (a separator on Windows), NUL or a malformed escape is refused outright rather than normalised away,
 * as the app:// protocol does (electron/app-files.ts).
 */
export function safePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return null;
  const rootAbs = resolve(root);
  const target = resolve(rootAbs, '.' + normalize('/' + decoded));
  return target === rootAbs || target.startsWith(rootAbs + sep) ? target : null;
}

/**
 * Serves `root` on 127.0.0.1:`port` (0 = any free port). Resolves to {server, url}.
 * `csp` is sent as the Content-Security-Policy header on every response.
 */
export function serveStatic(root, { port = 0, csp } = {}) {
  const server = createServer(async (req, res) => {
    const headers = { 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Opener-Policy': 'same-origin', 'Referrer-Policy': 'no-referrer' };
    if (csp) headers['Content-Security-Policy'] = csp;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end('Method not allowed');
      return;
    }
    let file = safePath(root, req.url ?? '/');
    if (!file) {
      res.writeHead(403, headers).end('Forbidden');
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, headers).end('Not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${address.port}/` });
    });
  });
}
