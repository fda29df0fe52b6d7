// The static server of `npm start`/`npm run web`: same refusals as the app:// protocol, CSP on every response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safePath, serveStatic } from '../../../cli/serve.mjs';
import { contentSecurityPolicy } from '../../../models/contract/security';

describe('safePath', () => {
  const root = '/srv/app';
  it.each([
    ['/../etc/passwd'],
    ['/..%2f..%2fetc/passwd'],
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/assets/..%5c..%5csecret'],
    ['/a\\b'],
    ['/index.html%00.png'],
    ['/%E0%A4%A'],
  ])('refuses %s', (url) => {
    expect(safePath(root, url)).toBeNull();
  });

  it.each([
    ['/', root],
    ['/index.html', join(root, 'index.html')],
    ['/assets/x.js?v=1', join(root, 'assets/x.js')],
    ['/My%20File.png', join(root, 'My File.png')],
  ])('maps %s inside the folder', (url, expected) => {
    expect(safePath(root, url)).toBe(expected);
  });
});

describe('serveStatic', () => {
  let dir: string;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hntm-static-'));
    mkdirSync(join(dir, 'site'));
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const started = await serveStatic(join(dir, 'site'), { port: 0, csp: contentSecurityPolicy() });
    server = started.server;
    port = Number(new URL(started.url).port);
    expect(started.url).toBe(`http://127.0.0.1:${port}/`);
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  // node:http rather than fetch: fetch would normalise ../ away before sending, and the raw path is the test.
  const get = (path: string, method = 'GET') =>
    new Promise<{ status: number; csp: string | undefined; body: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined, body }));
      });
      req.on('error', fail);
      req.end();
    });

  it.each([
    ['/', 'GET', 200],
    ['/index.html', 'GET', 200],
    ['/../secret.txt', 'GET', 403],
    ['/..%2fsecret.txt', 'GET', 403],
    ['/missing.js', 'GET', 404],
    ['/index.html', 'POST', 405],
  ])('%s (%s) → %i with the CSP header', async (path, method, status) => {
    const r = await get(path, method);
    expect(r.status).toBe(status);
    expect(r.csp).toBe(contentSecurityPolicy());
    expect(r.body).not.toContain('secret');
  });
});
