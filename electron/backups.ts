/**
 * Backups of saved projects in the user-data folder: every save also writes a copy there, the last N per project are
 * kept (the oldest dropped), and anything older than the retention period is deleted at start-up. They hold
 * exactly the bytes that were saved, so they never contain a column the project itself did not.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PurgeReport } from '../models/contract/host';
import { nodeAtomicWriteOps, writeFileAtomic, type AtomicWriteOps } from './files';

export interface BackupOptions {
  keep: number;
  retentionDays: number;
  clock?: () => Date;
  ops?: AtomicWriteOps;
}

/**
 * A file-name stamp that sorts in time order and is legal on every file system (no colons).
 * @example backupStamp(new Date('2026-11-22T10:15:30.123Z')) // '2026-11-22T10-15-30-123Z'
 */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * The folder of one project's backups: a readable part from its file name and a hash of its full path, so two
 * projects with the same name in different folders never share backups.
 * @example projectBackupFolder('/home/me/Barnet 2026.hntm') // 'barnet-2026-3f9a…' (12 hex digits)
 */
export function projectBackupFolder(projectPath: string): string {
  const readable = basename(projectPath).replace(/\.hntm$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'project';
  return `${readable}-${createHash('sha256').update(projectPath).digest('hex').slice(0, 12)}`;
}

export class BackupStore {
  constructor(
    readonly root: string,
    private readonly options: BackupOptions,
  ) {}

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  folderOf(projectPath: string): string {
    return join(this.root, projectBackupFolder(projectPath));
  }

  /**
   * Writes a backup of `bytes` for the project at `projectPath`, then drops the oldest beyond `keep`. `label`
   * marks special copies (e.g. "before-upgrade" for a file saved over in a newer format). Returns the backup's path.
   */
  async add(projectPath: string, bytes: Uint8Array, label?: string): Promise<string> {
    const folder = this.folderOf(projectPath);
    await mkdir(folder, { recursive: true });
    // Which project these are, for a person looking in the folder.
    await writeFile(join(folder, 'PROJECT.txt'), `Backups of ${projectPath}\n`).catch(() => undefined);
    const existing = new Set(await this.list(projectPath).catch(() => [] as string[]));
    const stamp = backupStamp(this.now());
    let name = `${stamp}${label ? `-${label}` : ''}.hntm`;
    for (let n = 2; existing.has(join(folder, name)); n++) name = `${stamp}${label ? `-${label}` : ''}-${n}.hntm`;
    const path = join(folder, name);
    await writeFileAtomic(path, bytes, this.options.ops ?? nodeAtomicWriteOps);
    const all = await this.list(projectPath);
    for (const old of all.slice(this.options.keep)) await rm(old, { force: true });
    return path;
  }

  /** This project's backups, newest first. */
  async list(projectPath: string): Promise<string[]> {
    const folder = this.folderOf(projectPath);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return [];
    }
    return names
      .filter((n) => n.endsWith('.hntm'))
      .sort()
      .reverse()
      .map((n) => join(folder, n));
  }

  /** Deletes backups older than the retention period (by modification time) and folders left empty. */
  async purgeExpired(): Promise<PurgeReport> {
    const cutoff = this.now().getTime() - this.options.retentionDays * 86_400_000;
    return removeFiles(this.root, (path, mtimeMs) => isProjectCopy(path) && mtimeMs < cutoff);
  }

  /** Deletes every backup. */
  async purgeAll(): Promise<PurgeReport> {
    return removeFiles(this.root, isProjectCopy);
  }

  /** How many backup files there are and their total size (for the purge confirmation). */
  async summary(): Promise<PurgeReport> {
    return countFiles(this.root, isProjectCopy);
  }
}

/**
 * A file that holds (part of) a project: a .hntm copy, or the temporary file of a write that was interrupted, which
 * may hold project data too and must not outlive the retention period or a purge.
 */
export function isProjectCopy(path: string): boolean {
  return path.endsWith('.hntm') || path.endsWith('.tmp');
}

/** Removes files under `root` (one level of project folders) that `select` picks; empty folders go too. */
export async function removeFiles(root: string, select: (path: string, mtimeMs: number) => boolean): Promise<PurgeReport> {
  const report: PurgeReport = { filesRemoved: 0, bytesRemoved: 0 };
  const visit = async (folder: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      const info = await stat(path).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) {
        if (depth < 2) await visit(path, depth + 1);
        const left = await readdir(path).catch(() => ['?']);
        if (left.length === 0 || (left.length === 1 && left[0] === 'PROJECT.txt')) await rm(path, { recursive: true, force: true });
      } else if (select(path, info.mtimeMs)) {
        await rm(path, { force: true });
        report.filesRemoved++;
        report.bytesRemoved += info.size;
      }
    }
  };
  await visit(root, 0);
  return report;
}

export async function countFiles(root: string, select: (path: string) => boolean): Promise<PurgeReport> {
  const report: PurgeReport = { filesRemoved: 0, bytesRemoved: 0 };
  const visit = async (folder: string, depth: number): Promise<void> => {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(folder, name);
      const info = await stat(path).catch(() => null);
      if (!info) continue;
      if (info.isDirectory()) {
        if (depth < 2) await visit(path, depth + 1);
      } else if (select(path)) {
        report.filesRemoved++;
        report.bytesRemoved += info.size;
      }
    }
  };
  await visit(root, 0);
  return report;
}
