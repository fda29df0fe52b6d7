// Electronegativity (Doyensec's Electron security scanner) over the main process and the page's HTML: no HIGH finding,
// no MEDIUM finding other than the manual-review prompt for the preload (reviewed, reason beside the code), and the
// page's CSP is seen (so CSP_GLOBAL_CHECK is the LOW note on 'unsafe-inline' styles, not the MEDIUM "no CSP").
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseCsvCells } from '../../../models/project/csv';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Findings we accept, each with its reason; the same reason stands in a comment (containing "Electronegativity
 * <RULE>") beside the code the finding names, or in `explainedIn` when the finding names a file we cannot comment.
 */
const ACCEPTED: Record<string, { severity: 'MEDIUM' | 'LOW'; file: string; explainedIn: string; reason: string }> = {
  PRELOAD_JS_CHECK: {
    severity: 'MEDIUM',
    file: 'electron/windows.ts',
    explainedIn: 'electron/windows.ts',
    reason: 'A manual-review prompt raised wherever a preload exists. Reviewed: it exposes only the typed Host via contextBridge, never ipcRenderer, sandboxed and isolated.',
  },
  CSP_GLOBAL_CHECK: {
    severity: 'LOW',
    file: 'index.html',
    explainedIn: 'models/contract/security.ts',
    reason: "style-src allows 'unsafe-inline' because React and recharts set style attributes; scripts allow only 'self' (no inline script, no eval).",
  },
};

interface Finding {
  issue: string;
  severity: string;
  file: string;
  line: number;
}

const dir = mkdtempSync(join(tmpdir(), 'hntm-electronegativity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing HIGH, nothing MEDIUM beyond the reviewed preload prompt, and sees the CSP; each accepted finding is explained beside its code', { timeout: 120_000 }, async () => {
    // What the scan reads: the main process and preload sources, and the page's HTML with its CSP meta tag.
    const scan = join(dir, 'scan');
    mkdirSync(scan);
    cpSync(join(ROOT, 'electron'), join(scan, 'electron'), { recursive: true });
    cpSync(join(ROOT, 'renderer', 'index.html'), join(scan, 'index.html'));
    const report = join(dir, 'report.csv');
    // --require: see electronegativity-typescript.cjs (its parser needs TypeScript's classic API, which TS 7 lacks).
    const shim = join(import.meta.dirname, 'electronegativity-typescript.cjs');
    const cli = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
    // -e: the Electron version to judge against (no package.json in the scanned folder names it); it exits 0 even
    // with findings, so the CSV (which, unlike the SARIF, carries each finding's severity) is read and judged here.
    await promisify(execFile)(process.execPath, ['--require', shim, cli, '-i', scan, '-e', '45.4.1', '-r', '-o', report], { cwd: ROOT, timeout: 110_000 });
    const rows = parseCsvCells(readFileSync(report, 'utf8')).slice(1).filter((r) => r.length >= 5);
    const findings: Finding[] = rows.map(([issue, severity, , file, location]) => ({ issue, severity, file, line: Number(location.split(':')[0]) }));

    expect(findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    const unaccepted = findings.filter((f) => ACCEPTED[f.issue]?.severity !== f.severity || ACCEPTED[f.issue]?.file !== f.file).map((f) => `${f.issue} (${f.severity}) at ${f.file}:${f.line}`);
    expect(unaccepted).toEqual([]);
    expect(findings.filter((f) => f.severity === 'MEDIUM').map((f) => f.issue)).toEqual(['PRELOAD_JS_CHECK']);
    // A missing CSP would be CSP_GLOBAL_CHECK at MEDIUM, which the checks above refuse; when the scanner reports its
    // global CSP check it must be the LOW note on index.html. (In the full parallel test run the scanner has twice
    // left its global checks out altogether; the CSP itself is asserted directly in test/unit/electron/csp.test.ts,
    // the index.html meta test and every browser test's response headers.)
    const csp = findings.find((f) => f.issue === 'CSP_GLOBAL_CHECK');
    if (csp) expect(csp).toMatchObject({ severity: 'LOW', file: 'index.html' });

    for (const f of findings) {
      const accepted = ACCEPTED[f.issue];
      const text = readFileSync(join(ROOT, accepted.explainedIn), 'utf8');
      if (accepted.explainedIn === accepted.file) {
        // The finding names a line: the explanation must sit just above it.
        const above = text.split('\n').slice(Math.max(0, f.line - 6), f.line).join('\n');
        expect(above, `${f.issue} needs its explanation above ${accepted.file}:${f.line}`).toContain(`Electronegativity ${f.issue}`);
      } else expect(text, `${f.issue} needs its explanation in ${accepted.explainedIn}`).toContain(`Electronegativity ${f.issue}`);
    }

    // The hardening is what keeps these rules silent; if one fires, the checks above say which.
    const ids = new Set(findings.map((f) => f.issue));
    for (const rule of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'AUXCLICK_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK', 'DANGEROUS_FUNCTIONS_JS_CHECK']) {
      expect(ids.has(rule), rule).toBe(false);
    }
  });
});
