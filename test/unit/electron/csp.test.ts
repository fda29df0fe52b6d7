// The page's Content-Security-Policy (shared by the app:// protocol, the static server and index.html) stays strict.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CSP_DIRECTIVES } from '../../../models/contract/security';
import { appResponseHeaders } from '../../../electron/app-files';

const directives = new Map(contentSecurityPolicy().split(';').map((d) => {
  const [name, ...values] = d.trim().split(/\s+/);
  return [name, values] as const;
}));

describe('contentSecurityPolicy', () => {
  it('forbids eval and inline scripts (the engine runs formulas in a worker, DESIGN §5)', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('names no remote origin: no http(s), ws(s), wildcard or bare scheme source', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toMatch(/https?:/i);
    expect(csp).not.toMatch(/wss?:/i);
    expect(csp).not.toMatch(/(^|\s)\*/);
    for (const [name, values] of directives) {
      for (const v of values) expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'], `${name} ${v}`).toContain(v);
    }
  });

  it('closes the doors a default-src does not: objects, base URI, form targets; connects only to itself', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    // 'unsafe-inline' is allowed for styles only (React and recharts set style attributes).
    for (const [name, values] of directives) if (name !== 'style-src') expect(values).not.toContain("'unsafe-inline'");
  });

  it('has one entry per directive, no duplicates', () => {
    expect(directives.size).toBe(CSP_DIRECTIVES.length);
  });

  it('is what every app:// response sends', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(appResponseHeaders()['Content-Security-Policy']).toBe(contentSecurityPolicy());
  });
});
