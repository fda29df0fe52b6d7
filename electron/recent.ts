/** Recent projects: a short list kept in the user-data folder, validated when read, written atomically. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RecentProject } from '../models/contract/host';
import { writeFileAtomic, nodeAtomicWriteOps, type AtomicWriteOps } from './files';
import { wellFormedPath } from './path-grants';

export const RECENT_MAX = 10;

/**
 * The entries of a recent-files file worth keeping: well-formed absolute paths, newest first, no duplicates, at
 * most `max`. Anything else in the file (a hand edit, a half-written file from an old version) is ignored.
 * @example validRecent([{path: '/a.hntm', openedAt: '2026-01-01T00:00:00.000Z'}, {path: 'x'}]) // one entry
 */
export function validRecent(value: unknown, max = RECENT_MAX): RecentProject[] {
  const list = typeof value === 'object' && value !== null && Array.isArray((value as { recent?: unknown }).recent) ? (value as { recent: unknown[] }).recent : Array.isArray(value) ? value : [];
  const out: RecentProject[] = [];
  const seen = new Set<string>();
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const path = wellFormedPath((item as { path?: unknown }).path);
    const openedAt = (item as { openedAt?: unknown }).openedAt;
    if (path === null || seen.has(path) || typeof openedAt !== 'string' || Number.isNaN(Date.parse(openedAt))) continue;
    seen.add(path);
    out.push({ path, fileName: basename(path), openedAt });
    if (out.length >= max) break;
  }
  return out;
}

export class RecentProjects {
  private entries: RecentProject[] = [];

  constructor(
    private readonly file: string,
    private readonly options: { max?: number; clock?: () => Date; ops?: AtomicWriteOps } = {},
  ) {}

  /** Reads the file; a missing or unreadable one gives an empty list (never an error: it is only a convenience). */
  async load(): Promise<RecentProject[]> {
    try {
      this.entries = validRecent(JSON.parse(await readFile(this.file, 'utf8')), this.options.max);
    } catch {
      this.entries = [];
    }
    return this.list();
  }

  list(): RecentProject[] {
    return this.entries.map((e) => ({ ...e }));
  }

  has(path: string): boolean {
    const p = wellFormedPath(path);
    return p !== null && this.entries.some((e) => e.path === p);
  }

  /** Puts `path` first (moving it if listed), drops the oldest beyond the maximum, and saves. */
  async add(path: string): Promise<void> {
    const p = wellFormedPath(path);
    if (p === null) return;
    const now = (this.options.clock ?? (() => new Date()))().toISOString();
    this.entries = [{ path: p, fileName: basename(p), openedAt: now }, ...this.entries.filter((e) => e.path !== p)].slice(0, this.options.max ?? RECENT_MAX);
    await this.save();
  }

  async remove(path: string): Promise<void> {
    const p = wellFormedPath(path);
    this.entries = this.entries.filter((e) => e.path !== p);
    await this.save();
  }

  async clear(): Promise<void> {
    this.entries = [];
    await this.save();
  }

  private async save(): Promise<void> {
    const text = JSON.stringify({ recent: this.entries.map(({ path, openedAt }) => ({ path, openedAt })) }, null, 2) + '\n';
    await writeFileAtomic(this.file, new TextEncoder().encode(text), this.options.ops ?? nodeAtomicWriteOps);
  }
}
