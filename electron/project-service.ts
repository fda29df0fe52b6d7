/**
 * Projects on disk for the main process: open, save (atomic, with a backup), recent files, autosave to a recovery
 * file, recovery after a crash, purge. It knows nothing of Electron (dialogs are passed in), so tests run it on
 * real files in a temporary user-data folder, and "restarting" is constructing a new one over the same folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { BACKUP_POLICY, type OpenedProject, type PurgeReport, type RecentProject, type RecoveryOffer, type SavedProject } from '../models/contract/host';
import { fail, ok, type Result } from '../models/contract/result';
import { decodeProject, encodeProjectAsync, peekFormatVersion } from '../models/project/format';
import { CURRENT_FORMAT_VERSION, PROJECT_EXTENSION, type ProjectDocument } from '../models/project/types';
import { BackupStore, countFiles, isProjectCopy } from './backups';
import { MAX_FILE_BYTES, nodeAtomicWriteOps, safeFileName, writeFileAtomic, type AtomicWriteOps, type FileDialogs } from './files';
import { checkChosenPath, PathGrants, wellFormedPath } from './path-grants';
import { RecentProjects } from './recent';
import { RecoveryStore, type RecoveryCandidate } from './recovery';

export const PROJECT_FILTERS = [{ name: 'High Needs Tariff Modeller project', extensions: [PROJECT_EXTENSION] }];

export interface ProjectServiceOptions {
  /** The app's user-data folder: backups/, recovery/ and recent-projects.json live here. */
  userData: string;
  appVersion: string;
  /** Names this session's recovery file; a new process gets a new one. */
  sessionId: string;
  dialogs: FileDialogs;
  /** Where Open and Save As start when there is no current file (the user's Documents folder). */
  defaultFolder(): string;
  clock?: () => Date;
  ops?: AtomicWriteOps;
  keepBackups?: number;
  retentionDays?: number;
}

/** Node's native SHA-256 in the "sha256:<hex>" form the project format uses (fast for a large embedded CSV). */
export function nodeSha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class ProjectService {
  readonly grants = new PathGrants();
  readonly recent: RecentProjects;
  readonly backups: BackupStore;
  readonly recovery: RecoveryStore;
  private offered: RecoveryCandidate | null = null;
  private readonly ops: AtomicWriteOps;

  constructor(private readonly options: ProjectServiceOptions) {
    this.ops = options.ops ?? nodeAtomicWriteOps;
    const retentionDays = options.retentionDays ?? BACKUP_POLICY.retentionDays;
    this.recent = new RecentProjects(join(options.userData, 'recent-projects.json'), { clock: options.clock, ops: this.ops });
    this.backups = new BackupStore(join(options.userData, 'backups'), { keep: options.keepBackups ?? BACKUP_POLICY.keptPerProject, retentionDays, clock: options.clock, ops: this.ops });
    this.recovery = new RecoveryStore(join(options.userData, 'recovery'), options.sessionId, { retentionDays, clock: options.clock, ops: this.ops });
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  /** Start-up: folders exist, expired backups and recovery files are deleted, the recent list is read. */
  async init(): Promise<void> {
    await mkdir(this.backups.root, { recursive: true });
    await mkdir(this.recovery.root, { recursive: true });
    await this.backups.purgeExpired().catch(() => undefined);
    await this.recovery.purgeExpired().catch(() => undefined);
    await this.recent.load();
  }

  /** A path that arrived from outside the page (double-click, command line, open-file): the user chose it. */
  grantFromOutside(path: string): string | null {
    const p = wellFormedPath(path);
    if (p !== null) this.grants.grant(p);
    return p;
  }

  recentProjects(): Result<RecentProject[]> {
    return ok(this.recent.list());
  }

  /** Opens `request.path` if the user chose it (this session or Recent), otherwise shows the open dialog. */
  async open(request: unknown): Promise<Result<OpenedProject | null>> {
    if (request !== undefined && request !== null && !isRecord(request)) return fail('invalid-argument', 'Open project: the request must be an object.');
    const given = isRecord(request) ? request.path : undefined;
    let path: string;
    if (given !== undefined) {
      const checked = checkChosenPath(given, this.grants, (p) => this.recent.has(p));
      if (!checked.ok) return checked;
      path = checked.data;
    } else {
      const choice = await this.options.dialogs.showOpenDialog({ title: 'Open project', filters: PROJECT_FILTERS, properties: ['openFile'] });
      if (choice.canceled || choice.filePaths.length === 0) return ok(null);
      const chosen = wellFormedPath(choice.filePaths[0]);
      if (chosen === null) return fail('invalid-argument', 'The dialog returned a path the app cannot use.');
      path = chosen;
      this.grants.grant(path);
    }
    return this.openPath(path);
  }

  private async openPath(path: string): Promise<Result<OpenedProject>> {
    const fileName = basename(path);
    let bytes: Uint8Array;
    try {
      const size = (await stat(path)).size;
      if (size > MAX_FILE_BYTES) return fail('too-large', `${fileName} is ${Math.round(size / 1048576)} MB; the largest project the app opens is ${MAX_FILE_BYTES / 1048576} MB.`);
      bytes = new Uint8Array(await readFile(path));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        await this.recent.remove(path).catch(() => undefined);
        return fail('not-found', `${fileName} is not there any more (moved or deleted?); it was taken off Recent files.`);
      }
      return fail('io', `${fileName} could not be read: ${(e as Error).message}`);
    }
    const decoded = decodeProject(bytes, fileName, { hash: nodeSha256 });
    if (!decoded.ok) return fail(decoded.reason === 'newer-version' ? 'newer-version' : 'io', decoded.message);
    const warnings = [...decoded.warnings, ...(await this.referenceWarnings(decoded.project))];
    this.grants.grant(path);
    await this.recent.add(path).catch(() => undefined);
    return ok({ path, fileName, project: decoded.project, migratedFrom: decoded.migratedFrom, warnings });
  }

  /** A project whose data is a reference: say so if that file is gone or has changed since it was chosen. */
  private async referenceWarnings(project: ProjectDocument): Promise<string[]> {
    const data = project.data;
    if (data?.kind !== 'reference') return [];
    try {
      if ((await hashFile(data.path)) !== data.sha256) return [`The data file ${data.sourceName} has changed since it was added to this project; results may differ from those saved.`];
      // The data file is one the user chose for this project; reading it again (re-import) is allowed.
      this.grants.grant(data.path);
      return [];
    } catch {
      return [`The data file ${data.sourceName} is not at ${data.path} any more; choose it again to run the project.`];
    }
  }

  /**
   * Saves to `request.path` when given (and chosen by the user), else asks where with the save dialog. Refuses to
   * overwrite a project written by a newer version. The write is atomic; a copy goes to the backups.
   */
  async save(request: unknown): Promise<Result<SavedProject | null>> {
    if (!isRecord(request)) return fail('invalid-argument', 'Save project: the request must be an object with a project.');
    if (request.saveAs !== undefined && typeof request.saveAs !== 'boolean') return fail('invalid-argument', 'Save project: saveAs must be true or false.');
    const given = request.path ?? null;
    let target: string;
    if (given !== null && request.saveAs !== true) {
      const checked = checkChosenPath(given, this.grants, (p) => this.recent.has(p));
      if (!checked.ok) return checked;
      target = checked.data;
    } else {
      if (given !== null && wellFormedPath(given) === null) return fail('invalid-argument', 'Save project: path must be an absolute path or null.');
      const name = isRecord(request.project) && typeof request.project.name === 'string' ? request.project.name : 'project';
      const folder = given !== null && this.grants.has(given as string) ? dirname(given as string) : this.options.defaultFolder();
      const choice = await this.options.dialogs.showSaveDialog({ title: 'Save project', defaultPath: join(folder, withExtension(safeFileName(name))), filters: PROJECT_FILTERS });
      if (choice.canceled || !choice.filePath) return ok(null);
      const chosen = wellFormedPath(choice.filePath);
      if (chosen === null) return fail('invalid-argument', 'The dialog returned a path the app cannot use.');
      // Linux dialogs do not add the extension; without it the file would not open by double-click. The dialog's
      // "replace?" question was about the name as typed, so a different existing file is never replaced silently.
      target = extname(chosen) === '' ? `${chosen}.${PROJECT_EXTENSION}` : chosen;
      if (target !== chosen && (await stat(target).catch(() => null))) {
        return fail('invalid-argument', `${basename(target)} already exists there. Choose Save As again and type the full name, ${basename(target)}, to replace it.`);
      }
      this.grants.grant(target);
      this.grants.grant(chosen);
    }

    const fileName = basename(target);
    const now = this.now();
    const encoded = await encodeProjectAsync(request.project as ProjectDocument, { appVersion: this.options.appVersion, now, hash: nodeSha256 });
    if (!encoded.ok) return fail('invalid-argument', encoded.message);
    if (encoded.bytes.byteLength > MAX_FILE_BYTES) return fail('too-large', `The project would be ${Math.round(encoded.bytes.byteLength / 1048576)} MB; the largest the app saves is ${MAX_FILE_BYTES / 1048576} MB. Keep the data as a reference to its file instead of embedding it.`);

    const warnings: string[] = [];
    const existing = await readFile(target).catch(() => null);
    if (existing) {
      const version = peekFormatVersion(new Uint8Array(existing));
      if (version !== null && version > CURRENT_FORMAT_VERSION) {
        return fail('newer-version', `${fileName} was saved by a newer version of High Needs Tariff Modeller (project format ${version}); this version writes format ${CURRENT_FORMAT_VERSION} and will not overwrite it. Save under another name.`);
      }
      // Saving over an older format replaces the only copy that older versions can read: keep that copy.
      if (version !== null && version < CURRENT_FORMAT_VERSION) {
        await this.backups.add(target, new Uint8Array(existing), `format-${version}-original`).catch((e: Error) => warnings.push(`The original format ${version} file could not be backed up: ${e.message}`));
      }
    }

    try {
      await writeFileAtomic(target, encoded.bytes, this.ops);
    } catch (e) {
      return fail('io', `${fileName} could not be saved: ${(e as Error).message}. The previous version of the file is unchanged.`);
    }
    await this.backups.add(target, encoded.bytes).catch((e: Error) => warnings.push(`The project was saved, but its backup copy could not be written: ${e.message}`));
    await this.recent.add(target).catch(() => undefined);
    return ok({ path: target, fileName, savedAt: now.toISOString(), project: encoded.project, ...(warnings.length ? { warnings } : {}) });
  }

  /** Writes unsaved work to this session's recovery file (never to the project file itself). */
  async autosave(work: unknown): Promise<Result<{ writtenAt: string }>> {
    if (!isRecord(work)) return fail('invalid-argument', 'Autosave: the request must be an object with a project.');
    // Only a path the user chose is remembered: a recovered project may later be saved back to it.
    const path = typeof work.path === 'string' && this.grants.has(work.path) ? wellFormedPath(work.path) : null;
    const writtenAt = this.now().toISOString();
    const generation = this.clearedGeneration;
    const encoded = await encodeProjectAsync(work.project as ProjectDocument, { appVersion: this.options.appVersion, now: this.now(), level: 1, recovery: { path, writtenAt }, hash: nodeSha256 });
    if (!encoded.ok) return fail('invalid-argument', encoded.message);
    try {
      await mkdir(this.recovery.root, { recursive: true });
      await this.recovery.write(encoded.bytes);
      // A save (or discard) that cleared the recovery file while this write was under way wins: the work it
      // holds is no longer unsaved, so the file must not outlive the clear.
      if (this.clearedGeneration !== generation) await this.recovery.clear();
    } catch (e) {
      return fail('io', `Unsaved work could not be written to the recovery file: ${(e as Error).message}`);
    }
    return ok({ writtenAt });
  }

  /** Counts clears, so an autosave that was being written during one knows to remove what it wrote. */
  private clearedGeneration = 0;

  /** No unsaved work any more (saved, or discarded by the user): this session's recovery file goes. */
  async clearAutosave(): Promise<void> {
    this.clearedGeneration++;
    await this.recovery.clear();
  }

  /** The newest unsaved work a crashed session left, if any can be read. */
  async checkRecovery(): Promise<Result<RecoveryOffer | null>> {
    for (const candidate of await this.recovery.candidates()) {
      const decoded = decodeProject(candidate.bytes, basename(candidate.file), { hash: nodeSha256 });
      if (!decoded.ok) continue;
      this.offered = candidate;
      return ok({ writtenAt: decoded.recovery?.writtenAt ?? new Date(candidate.mtimeMs).toISOString(), projectName: decoded.project.name, path: decoded.recovery?.path ?? null });
    }
    this.offered = null;
    return ok(null);
  }

  /** Recover: the offered work becomes this session's recovery file and is returned. Discard: it is deleted. */
  async resolveRecovery(choice: unknown): Promise<Result<OpenedProject | null>> {
    if (choice !== 'recover' && choice !== 'discard') return fail('invalid-argument', 'Recovery: the choice must be "recover" or "discard".');
    const offered = this.offered;
    if (!offered) return fail('not-found', 'There is no unsaved work to recover.');
    this.offered = null;
    if (choice === 'discard') {
      await this.recovery.discard(offered.file);
      return ok(null);
    }
    let bytes: Uint8Array;
    try {
      bytes = await this.recovery.adopt(offered.file);
    } catch (e) {
      return fail('io', `The unsaved work could not be read back: ${(e as Error).message}`);
    }
    const decoded = decodeProject(bytes, basename(offered.file), { hash: nodeSha256 });
    if (!decoded.ok) return fail('io', decoded.message);
    const path = decoded.recovery?.path ?? null;
    // The work belonged to a file the user chose in the session that crashed; saving back to it is what they expect.
    if (path !== null) this.grants.grant(path);
    return ok({ path, fileName: path ? basename(path) : `${decoded.project.name}.${PROJECT_EXTENSION}`, project: decoded.project, migratedFrom: decoded.migratedFrom, warnings: [] });
  }

  /** How much a purge would delete. */
  async storageSummary(): Promise<PurgeReport> {
    const backups = await this.backups.summary();
    const recovery = await countFiles(this.recovery.root, isProjectCopy);
    return { filesRemoved: backups.filesRemoved + recovery.filesRemoved, bytesRemoved: backups.bytesRemoved + recovery.bytesRemoved };
  }

  /** Deletes every backup and recovery file (this session's included: the open project is still in memory). */
  async purgeAll(): Promise<PurgeReport> {
    const a = await this.backups.purgeAll();
    const b = await this.recovery.purgeAll();
    this.offered = null;
    return { filesRemoved: a.filesRemoved + b.filesRemoved, bytesRemoved: a.bytesRemoved + b.bytesRemoved };
  }
}

/** @example withExtension('Barnet 2026') // 'Barnet 2026.hntm' */
export function withExtension(name: string): string {
  return name.toLowerCase().endsWith(`.${PROJECT_EXTENSION}`) ? name : `${name}.${PROJECT_EXTENSION}`;
}
