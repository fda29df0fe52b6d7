// @vitest-environment jsdom
// The browser build saves and opens the same .hntm files as the desktop app: a download, and a file input.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBrowserHost, type EngineWorker } from '../../../renderer/src/host/browser-host';
import { decodeProject } from '../../../models/project/format';
import { EXPECTED, FIXTURE_DIR } from '../../fixtures/project/make-fixtures';

const noWorker = (): EngineWorker => ({ postMessage() {}, addEventListener() {}, terminate() {} });
const host = () => createBrowserHost({ createWorker: noWorker });

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function choose(name: string, bytes: Uint8Array): void {
  const input = document.body.querySelector<HTMLInputElement>('input[type=file]')!;
  expect(input.accept).toBe('.hntm');
  Object.defineProperty(input, 'files', { value: [new File([new Uint8Array(bytes)], name)] });
  input.dispatchEvent(new Event('change'));
}

describe('browser host: projects', () => {
  it('saves the project as a .hntm download that decodes to the same project', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const r = await host().saveProject!({ project: { ...EXPECTED, name: 'Barnet: 2026/27' }, path: null });
    expect(r).toMatchObject({ ok: true, data: { path: null, fileName: 'Barnet_ 2026_27.hntm' } });
    expect(names).toEqual(['Barnet_ 2026_27.hntm']);
    const decoded = decodeProject(new Uint8Array(await blobs[0].arrayBuffer()), 'x.hntm');
    expect(decoded).toMatchObject({ ok: true, project: { ...EXPECTED, name: 'Barnet: 2026/27' } });
  });

  it('opens a chosen .hntm file, migrating an older format', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const opening = host().openProject!({});
    choose('old.hntm', new Uint8Array(readFileSync(join(FIXTURE_DIR, 'v1-example.hntm'))));
    expect(await opening).toMatchObject({ ok: true, data: { path: null, fileName: 'old.hntm', project: EXPECTED, migratedFrom: 1 } });
  });

  it('refuses a newer format, and a path (the browser has none)', async () => {
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
    const opening = host().openProject!({});
    choose('future.hntm', new Uint8Array(readFileSync(join(FIXTURE_DIR, 'v3-future.hntm'))));
    expect(await opening).toMatchObject({ ok: false, error: { code: 'newer-version' } });
    expect(await host().openProject!({ path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('has no recent list, autosave, recovery or purge (they stay optional and absent)', () => {
    const h = host();
    for (const member of ['recentProjects', 'autosave', 'checkRecovery', 'resolveRecovery', 'purgeBackups', 'reportState', 'onOpenPath'] as const) expect(h[member], member).toBeUndefined();
  });
});
