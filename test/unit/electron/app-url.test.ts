// The app's origin checks: which IPC senders are answered, which requests leave the session, which URLs are ours.
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAllowedRequest, isAppUrl, isTrustedSender } from '../../../electron/app-url';

const ours = new Set([7]);

describe('isTrustedSender', () => {
  it.each([
    ['our window showing the app', 'app://hntm/index.html', 7, true],
    ['our window, another app page', 'app://hntm/assets/x.html#view', 7, true],
    ['a web contents we did not create', 'app://hntm/index.html', 8, false],
    ['our window after navigating to the web', 'https://evil.example/', 7, false],
    ['a look-alike host', 'app://hntm.evil.example/index.html', 7, false],
    ['another app:// host', 'app://other/index.html', 7, false],
    ['a file:// page', 'file:///work/main/out/renderer/index.html', 7, false],
    ['a localhost dev server', 'http://127.0.0.1:5170/', 7, false],
    ['about:blank', 'about:blank', 7, false],
    ['a destroyed frame (null)', null, 7, false],
    ['no frame at all (undefined)', undefined, 7, false],
    ['an empty URL', '', 7, false],
  ])('%s → %s', (_name, url, id, expected) => {
    expect(isTrustedSender(url, id, ours)).toBe(expected);
  });

  it('trusts no one when we have no window', () => {
    expect(isTrustedSender('app://hntm/index.html', 7, new Set())).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it.each([
    [APP_INDEX_URL, true],
    ['app://hntm/assets/index-abc.js', true],
    ['data:image/png;base64,iVBORw0KGgo=', true],
    ['blob:app://hntm/5b0c6a43-1f7e-4c4e-9d3b-2f4f1f1f1f1f', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['https://example.com/', false],
    ['http://127.0.0.1:5170/', false],
    ['ws://127.0.0.1:9229/', false],
    ['file:///etc/passwd', false],
    ['app://elsewhere/index.html', false],
    ['ftp://example.com/x', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedRequest(url)).toBe(expected);
  });
});

describe('isAppUrl', () => {
  it('accepts only app://hntm without port or credentials', () => {
    expect(isAppUrl('app://hntm/index.html')).toBe(true);
    expect(isAppUrl('app://hntm:1/index.html')).toBe(false);
    expect(isAppUrl('app://a:b@hntm/index.html')).toBe(false);
    expect(isAppUrl('APP://hntm/index.html')).toBe(true);
  });
});
