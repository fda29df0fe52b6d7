// Saves are atomic (the old file or the whole new one, never half), opens are size-capped, suggested names are tamed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeAtomicWriteOps, openFileWithDialog, safeFileName, saveFileWithDialog, writeFileAtomic, type AtomicWriteOps, type FileDialogs } from '../../../electron/files';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hntm-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function dialogs(choice: { open?: string[]; save?: string }): FileDialogs & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    seen,
    showOpenDialog: async (o) => (seen.push(o), choice.open ? { canceled: false, filePaths: choice.open } : { canceled: true, filePaths: [] }),
    showSaveDialog: async (o) => (seen.push(o), choice.save ? { canceled: false, filePath: choice.save } : { canceled: true, filePath: '' }),
  };
}

describe('writeFileAtomic', () => {
  it('replaces an existing file with the new bytes and leaves no temporary file behind', async () => {
    const target = join(dir, 'scenario.hntm');
    writeFileSync(target, 'old contents that are longer than the new ones');
    await writeFileAtomic(target, new TextEncoder().encode('new'));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['scenario.hntm']);
  });

  it('fails without touching anything when the folder does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x.hntm'), new Uint8Array([1]))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the old file and cleans up when the rename fails (target is a folder)', async () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    await expect(writeFileAtomic(target, new Uint8Array([1, 2, 3]))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('writeFileAtomic with a failure injected at each step (real files, real fs; only the failing call is replaced)', () => {
  const OLD = 'the previous save: every byte of it must survive\n';
  const NEW = new TextEncoder().encode('the new save, which fails part way\n'.repeat(1000));

  /** The real operations, with the named one failing; a failing write first writes half the bytes, as a full disk does. */
  function failingAt(step: keyof AtomicWriteOps, calls: string[]): AtomicWriteOps {
    const ops = { ...nodeAtomicWriteOps };
    for (const key of Object.keys(ops) as Array<keyof AtomicWriteOps>) {
      const real = nodeAtomicWriteOps[key] as (...a: unknown[]) => Promise<unknown>;
      (ops as Record<string, unknown>)[key] = async (...args: unknown[]) => {
        calls.push(key);
        if (key !== step) return real(...args);
        if (key === 'write') await (args[0] as { write(b: Uint8Array): Promise<unknown> }).write(NEW.subarray(0, NEW.length / 2));
        throw Object.assign(new Error(`injected failure in ${key}`), { code: 'EIO' });
      };
    }
    return ops;
  }

  it.each(['open', 'write', 'fsync', 'close', 'rename'] as const)('a failure in %s leaves the previous file intact and no temporary file behind', async (step) => {
    const target = join(dir, 'barnet.hntm');
    writeFileSync(target, OLD);
    const calls: string[] = [];
    await expect(writeFileAtomic(target, NEW, failingAt(step, calls))).rejects.toThrow(`injected failure in ${step}`);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['barnet.hntm']);
    expect(calls).toContain(step);
    expect(calls).not.toContain('fsyncFolder');
  });

  it('steps run in the safe order: open, write, fsync, close, rename, then fsync the folder', async () => {
    const calls: string[] = [];
    await writeFileAtomic(join(dir, 'x.hntm'), NEW, failingAt('unlink', calls));
    expect(calls).toEqual(['open', 'write', 'fsync', 'close', 'rename', 'fsyncFolder']);
    expect(readFileSync(join(dir, 'x.hntm'))).toEqual(Buffer.from(NEW));
  });

  it('a failure flushing the folder comes after the rename: the file already holds the complete new bytes', async () => {
    const target = join(dir, 'barnet.hntm');
    writeFileSync(target, OLD);
    await expect(writeFileAtomic(target, NEW, failingAt('fsyncFolder', []))).rejects.toThrow('injected failure in fsyncFolder');
    expect(readFileSync(target)).toEqual(Buffer.from(NEW));
    expect(readdirSync(dir)).toEqual(['barnet.hntm']);
  });

  it('the real folder flush tolerates a folder that cannot be opened', async () => {
    await expect(nodeAtomicWriteOps.fsyncFolder(join(dir, 'no-such-folder'))).resolves.toBeUndefined();
  });
});

describe('openFileWithDialog', () => {
  it('reads the chosen file and returns its name without folders', async () => {
    const path = join(dir, 'placements.csv');
    writeFileSync(path, 'la,setting\n202,iss\n');
    const d = dialogs({ open: [path] });
    const r = await openFileWithDialog(d, { title: 'Import', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(r.ok && r.data?.name).toBe('placements.csv');
    expect(r.ok && new TextDecoder().decode(r.data!.bytes)).toBe('la,setting\n202,iss\n');
    expect(r.ok && r.data!.bytes.byteOffset === 0 && r.data!.bytes.buffer.byteLength === r.data!.bytes.byteLength).toBe(true);
    expect(d.seen[0]).toEqual({ title: 'Import', filters: [{ name: 'CSV', extensions: ['csv'] }], properties: ['openFile'] });
  });

  it('answers null when the user cancels', async () => {
    expect(await openFileWithDialog(dialogs({}), {})).toEqual({ ok: true, data: null });
  });

  it('answers an io error naming the file when it cannot be read', async () => {
    const r = await openFileWithDialog(dialogs({ open: [join(dir, 'gone.xlsx')] }), {});
    expect(r).toMatchObject({ ok: false, error: { code: 'io' } });
    expect(!r.ok && r.error.message).toContain('gone.xlsx');
  });
});

describe('saveFileWithDialog', () => {
  it('suggests the cleaned name in the default folder, then writes the bytes', async () => {
    const target = join(dir, 'results.xlsx');
    const d = dialogs({ save: target });
    const r = await saveFileWithDialog(d, { defaultName: '../../etc/results?.xlsx' }, new Uint8Array([80, 75, 3, 4]), dir);
    expect(r).toEqual({ ok: true, data: { name: 'results.xlsx', size: 4 } });
    expect([...readFileSync(target)]).toEqual([80, 75, 3, 4]);
    expect(d.seen[0]).toEqual({ defaultPath: join(dir, 'results_.xlsx') });
  });

  it('answers null and writes nothing when the user cancels', async () => {
    expect(await saveFileWithDialog(dialogs({}), { defaultName: 'x.hntm' }, new Uint8Array([1]), dir)).toEqual({ ok: true, data: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('answers an io error when the write fails', async () => {
    const r = await saveFileWithDialog(dialogs({ save: join(dir, 'no', 'such', 'x.hntm') }), { defaultName: 'x.hntm' }, new Uint8Array([1]), dir);
    expect(r).toMatchObject({ ok: false, error: { code: 'io' } });
  });
});

describe('safeFileName', () => {
  it.each([
    ['results.xlsx', 'results.xlsx'],
    ['../../evil/x?.xlsx', 'x_.xlsx'],
    ['C:\\Users\\me\\a.hntm', 'a.hntm'],
    ['a<b>c:d"e|f*g.csv', 'a_b_c_d_e_f_g.csv'],
    ['nul\u0000byte.csv', 'nul_byte.csv'],
    ['..', 'untitled'],
    ['', 'untitled'],
    ['.hidden', 'hidden'],
    ['x'.repeat(300), 'x'.repeat(200)],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });
});
