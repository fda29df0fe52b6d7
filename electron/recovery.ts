/**
 * Recovery files: while a project has unsaved edits the renderer sends it on a debounce and main writes it here,
 * atomically, one file per session. A clean end (saved, or changes discarded) deletes the session's file, so a file
 * from another session at start-up means that session crashed: its work is offered back.
 */
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PurgeReport } from '../models/contract/host';
import { isProjectCopy, removeFiles } from './backups';
import { nodeAtomicWriteOps, writeFileAtomic, type AtomicWriteOps } from './files';

export interface RecoveryCandidate {
  file: string;
  bytes: Uint8Array;
  mtimeMs: number;
}

const PREFIX = 'unsaved-';

export class RecoveryStore {
  private sessionId: string;

  constructor(
    readonly root: string,
    sessionId: string,
    private readonly options: { retentionDays: number; clock?: () => Date; ops?: AtomicWriteOps },
  ) {
    this.sessionId = safeId(sessionId);
  }

  /** This session's recovery file. */
  get ownFile(): string {
    return join(this.root, `${PREFIX}${this.sessionId}.hntm`);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await writeFileAtomic(this.ownFile, bytes, this.options.ops ?? nodeAtomicWriteOps);
  }

  /** The session ended cleanly (saved, or the user discarded the changes): its recovery file goes. */
  async clear(): Promise<void> {
    await rm(this.ownFile, { force: true });
  }

  /**
   * Starts a new session id, leaving the current file behind as another session's. Used when the page crashed and
   * is reloaded: the reloaded page must be offered the work its previous life autosaved.
   */
  detach(newSessionId: string): void {
    this.sessionId = safeId(newSessionId);
  }

  /** Recovery files left by other sessions, newest first. */
  async candidates(): Promise<RecoveryCandidate[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return [];
    }
    const own = this.ownFile;
    const found: RecoveryCandidate[] = [];
    for (const name of names) {
      const file = join(this.root, name);
      if (!name.startsWith(PREFIX) || !name.endsWith('.hntm') || file === own) continue;
      try {
        const info = await stat(file);
        found.push({ file, bytes: new Uint8Array(await readFile(file)), mtimeMs: info.mtimeMs });
      } catch {
        // Gone or unreadable since the listing: nothing to offer from it.
      }
    }
    return found.sort((a, b) => b.mtimeMs - a.mtimeMs);
  }

  /**
   * Makes another session's file this session's (one rename, so the work is never without a file), and returns its
   * bytes. From here on, this session's autosaves replace it and a clean end deletes it.
   */
  async adopt(file: string): Promise<Uint8Array> {
    await rename(file, this.ownFile);
    return new Uint8Array(await readFile(this.ownFile));
  }

  async discard(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /** Deletes recovery files older than the retention period; this session's own file is never expired. */
  async purgeExpired(): Promise<PurgeReport> {
    const cutoff = (this.options.clock ?? (() => new Date()))().getTime() - this.options.retentionDays * 86_400_000;
    const own = this.ownFile;
    return removeFiles(this.root, (path, mtimeMs) => path !== own && isProjectCopy(path) && mtimeMs < cutoff);
  }

  async purgeAll(): Promise<PurgeReport> {
    return removeFiles(this.root, isProjectCopy);
  }
}

/** Session ids become file names: only letters, digits and dashes survive. */
function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64);
  return cleaned || 'session';
}
