/** Opening and saving files for the Host: a native dialog chooses the path, node:fs reads or writes it, saves are atomic. */
import { open, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileFilter, OpenFileOptions, OpenedFile, SaveFileOptions, SavedFile } from '../models/contract/host';
import { errorFrom, fail, ok, type Result } from '../models/contract/result';

/** Largest file the app opens or saves through the bridge; a 640k-row placement workbook is far below it. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** The parts of Electron's dialog module used here, so tests can pass a fake. */
export interface FileDialogs {
  showOpenDialog(options: { title?: string; filters?: FileFilter[]; properties: Array<'openFile'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: { title?: string; defaultPath: string; filters?: FileFilter[] }): Promise<{ canceled: boolean; filePath?: string }>;
}

/**
 * The file-system calls an atomic write makes, one per step, so a test can make any single step fail and check
 * that the previous file survives. The defaults are node:fs/promises.
 */
export interface AtomicWriteOps {
  open(path: string, flags: string, mode: number): Promise<FileHandle>;
  write(handle: FileHandle, bytes: Uint8Array): Promise<void>;
  fsync(handle: FileHandle): Promise<void>;
  close(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Flushes the folder entry (the rename) to disk where the platform allows it. */
  fsyncFolder(folder: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const nodeAtomicWriteOps: AtomicWriteOps = {
  open: (path, flags, mode) => open(path, flags, mode),
  write: async (handle, bytes) => {
    await handle.writeFile(bytes);
  },
  fsync: (handle) => handle.sync(),
  close: (handle) => handle.close(),
  rename: (from, to) => rename(from, to),
  fsyncFolder: async (folder) => {
    // Windows cannot open a folder for fsync (EPERM/EISDIR), and there the rename is durable once it returns;
    // elsewhere a failure here still leaves a complete file, so it is not an error worth failing the save for.
    if (process.platform === 'win32') return;
    let handle: FileHandle | undefined;
    try {
      handle = await open(folder, 'r');
      await handle.sync();
    } catch {
      // Some file systems (network shares) refuse; the data itself was already flushed before the rename.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
  unlink: (path) => unlink(path),
};

/**
 * Writes `bytes` to `path` so that the file is either the old one or the complete new one, never half-written:
 * a temporary file in the same folder (same file system, so rename is atomic), written, flushed to disk (fsync),
 * closed, renamed over the target, then the folder flushed so the rename itself survives a power cut. If any step
 * fails the temporary file is removed and the target is untouched.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array, ops: AtomicWriteOps = nodeAtomicWriteOps): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let renamed = false;
  try {
    handle = await ops.open(temp, 'wx', 0o644);
    await ops.write(handle, bytes);
    await ops.fsync(handle);
    const h = handle;
    handle = undefined;
    await ops.close(h);
    await ops.rename(temp, path);
    renamed = true;
  } catch (e) {
    if (handle) await ops.close(handle).catch(() => undefined);
    if (!renamed) await ops.unlink(temp).catch(() => undefined);
    throw e;
  }
  await ops.fsyncFolder(dirname(path));
}

/** Shows the open dialog, then reads the file. `data` is null when the user cancels. */
export async function openFileWithDialog(dialogs: FileDialogs, options: OpenFileOptions): Promise<Result<OpenedFile | null>> {
  const choice = await dialogs.showOpenDialog({ ...pickDialogOptions(options), properties: ['openFile'] });
  if (choice.canceled || choice.filePaths.length === 0) return ok(null);
  const path = choice.filePaths[0];
  try {
    const size = (await stat(path)).size;
    if (size > MAX_FILE_BYTES) return fail('too-large', `${basename(path)} is ${megabytes(size)}; the largest file the app opens is ${megabytes(MAX_FILE_BYTES)}.`);
    const buffer = await readFile(path);
    // Structured clone copies a view's whole ArrayBuffer: hand over a view that owns exactly its bytes.
    const bytes = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
    return ok({ name: basename(path), bytes });
  } catch (e) {
    return fail('io', `${basename(path)} could not be read: ${errorFrom(e).message}`);
  }
}

/** Shows the save dialog, then writes the bytes atomically. `data` is null when the user cancels. */
export async function saveFileWithDialog(dialogs: FileDialogs, options: SaveFileOptions, bytes: Uint8Array, defaultFolder: string): Promise<Result<SavedFile | null>> {
  const choice = await dialogs.showSaveDialog({ ...pickDialogOptions(options), defaultPath: join(defaultFolder, safeFileName(options.defaultName)) });
  if (choice.canceled || !choice.filePath) return ok(null);
  try {
    await writeFileAtomic(choice.filePath, bytes);
    return ok({ name: basename(choice.filePath), size: bytes.byteLength });
  } catch (e) {
    return fail('io', `${basename(choice.filePath)} could not be saved: ${errorFrom(e).message}`);
  }
}

/**
 * A suggested name the page cannot use to point the dialog elsewhere: folders, NUL and characters that Windows
 * forbids are replaced; an empty result becomes "untitled".
 * @example safeFileName('../../evil/x?.xlsx') // 'x_.xlsx'
 */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return cleaned === '' ? 'untitled' : cleaned;
}

function pickDialogOptions(options: OpenFileOptions): { title?: string; filters?: FileFilter[] } {
  return {
    ...(options.title !== undefined ? { title: options.title } : {}),
    ...(options.filters !== undefined ? { filters: options.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) } : {}),
  };
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
