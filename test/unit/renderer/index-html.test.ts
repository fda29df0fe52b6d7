// renderer/index.html carries the app's CSP as a meta tag (the same string the servers send) and a real favicon.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../models/contract/security';

const renderer = resolve(import.meta.dirname, '../../../renderer');
const html = readFileSync(resolve(renderer, 'index.html'), 'utf8');

describe('renderer/index.html', () => {
  it('has a Content-Security-Policy meta tag equal to contentSecurityPolicy()', () => {
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
    expect(metas).toHaveLength(1);
    expect(metas[0][1]).toBe(contentSecurityPolicy());
    expect(metas[0][1]).not.toContain('unsafe-eval');
  });

  it('puts the CSP before any script, so it governs them all', () => {
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script: script-src 'self' would refuse it
  });

  it('links a favicon that exists in public/, so the browser never asks for a missing /favicon.ico', () => {
    const href = /<link\s+rel="icon"[^>]*href="\.\/([^"]+)"/.exec(html)?.[1];
    expect(href).toBe('favicon.svg');
    expect(existsSync(resolve(renderer, 'public', href!))).toBe(true);
    expect(readFileSync(resolve(renderer, 'public', href!), 'utf8')).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('declares British English and a #root to render into', () => {
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).toContain('<div id="root"></div>');
  });
});
