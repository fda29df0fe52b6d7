// The app:// file resolver refuses every path that could leave out/renderer, and every response carries the CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAppPath, serveAppFile } from '../../../electron/app-files';
import { contentSecurityPolicy } from '../../../models/contract/security';

const root = join(tmpdir(), 'hntm-app-root', 'renderer');

describe('resolveAppPath refuses hostile URLs', () => {
  it.each([
    ['plain dot-dot', 'app://hntm/../../etc/passwd'],
    ['dot-dot after a folder', 'app://hntm/assets/../../secret.txt'],
    ['encoded dot-dot', 'app://hntm/%2e%2e/%2e%2e/etc/passwd'],
    ['upper-case encoded dot-dot', 'app://hntm/%2E%2E/secret'],
    ['half-encoded dot-dot', 'app://hntm/.%2e/secret'],
    ['other half encoded', 'app://hntm/%2e./secret'],
    ['encoded slashes', 'app://hntm/..%2f..%2fetc%2fpasswd'],
    ['fully encoded path', 'app://hntm/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd'],
    ['backslashes', 'app://hntm/assets\\..\\..\\secret'],
    ['encoded backslashes', 'app://hntm/assets%5c..%5c..%5csecret'],
    ['encoded backslash alone', 'app://hntm/..%5csecret'],
    ['NUL byte', 'app://hntm/index.html%00.png'],
    ['raw NUL byte', 'app://hntm/index.html\0.png'],
    ['drive letter', 'app://hntm/C:/Windows/win.ini'],
    ['encoded drive letter', 'app://hntm/C%3A%5CWindows%5Cwin.ini'],
    ['malformed escape', 'app://hntm/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['look-alike host', 'app://hntm.evil.example/index.html'],
    ['user info', 'app://user@hntm/index.html'],
    ['port', 'app://hntm:8080/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://hntm/index.html'],
    ['not a URL', 'index.html'],
    ['empty', ''],
  ])('%s: %s', (_name, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });
});

describe('resolveAppPath maps the app\'s own URLs inside the folder', () => {
  it.each([
    ['app://hntm/', 'index.html'],
    ['app://hntm', 'index.html'],
    ['app://hntm/index.html', 'index.html'],
    ['app://hntm/assets/index-abc123.js', 'assets/index-abc123.js'],
    ['app://hntm/assets/index.js?v=2#top', 'assets/index.js'],
    ['app://hntm/assets/My%20Chart.png', 'assets/My Chart.png'],
    ['app://hntm/./assets//x.css', 'assets/x.css'],
    // Double encoding decodes once: a file literally named "%2e%2e", still inside the folder.
    ['app://hntm/%252e%252e/x', '%2e%2e/x'],
  ])('%s → %s', (url, relative) => {
    expect(resolveAppPath(root, url)).toBe(join(root, relative));
  });
});

describe('serveAppFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hntm-serve-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>HNTM</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html with its type and the shared CSP header', async () => {
    const res = await serveAppFile(join(dir, 'renderer'), { url: 'app://hntm/', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('<!doctype html><title>HNTM</title>');
  });

  it('serves a script as JavaScript and answers HEAD without a body', async () => {
    const get = await serveAppFile(join(dir, 'renderer'), { url: 'app://hntm/assets/app.js', method: 'GET' });
    expect(get.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await get.text()).toBe('console.log(1)');
    const head = await serveAppFile(join(dir, 'renderer'), { url: 'app://hntm/assets/app.js', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['app://hntm/%2e%2e/secret.txt', 'GET', 403],
    ['app://hntm/..%2fsecret.txt', 'GET', 403],
    ['app://hntm/missing.js', 'GET', 404],
    ['app://hntm/assets', 'GET', 404],
    ['app://hntm/index.html', 'POST', 405],
  ])('%s (%s) → %i, still with the CSP header', async (url, method, status) => {
    const res = await serveAppFile(join(dir, 'renderer'), { url, method });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await res.text()).not.toContain('not for the page');
  });
});
