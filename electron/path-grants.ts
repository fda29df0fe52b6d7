/**
 * Which file paths the renderer may name: only those the user chose in this session (a dialog, a double-click, the
 * command line) or that are in Recent files. A compromised page can therefore not read or overwrite an arbitrary
 * file by sending a path; it can only use files the user pointed at.
 */
import { isAbsolute, resolve } from 'node:path';
import { fail, type Result } from '../models/contract/result';
import { PROJECT_LIMITS } from '../models/project/types';

/** A path as main compares it: resolved (no `..`, no trailing slash). */
function normalise(path: string): string {
  return resolve(path);
}

/**
 * A path that is well-formed enough to compare at all: text, absolute, no NUL, not absurdly long.
 * @example wellFormedPath('/home/me/a.hntm') // '/home/me/a.hntm'
 * @example wellFormedPath('a.hntm') // null (relative)
 */
export function wellFormedPath(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length > PROJECT_LIMITS.pathChars || value.includes('\0')) return null;
  if (!isAbsolute(value)) return null;
  return normalise(value);
}

export class PathGrants {
  private readonly granted = new Set<string>();

  /** Records a path the user chose (dialog, double-click, command line). */
  grant(path: string): void {
    this.granted.add(normalise(path));
  }

  has(path: string): boolean {
    return this.granted.has(normalise(path));
  }

  /** Forgets every grant (tests; a purge does not need it: grants are only paths, not contents). */
  clear(): void {
    this.granted.clear();
  }
}

/**
 * Checks a path sent by the renderer: accepted only if it was granted this session or is in Recent files.
 * @example checkChosenPath('/etc/passwd', grants, () => false) // {ok: false, error: {code: 'not-permitted', …}}
 */
export function checkChosenPath(value: unknown, grants: PathGrants, inRecent: (path: string) => boolean): Result<string> {
  const path = wellFormedPath(value);
  if (path === null) return fail('invalid-argument', 'A file path must be an absolute path (text without NUL characters).');
  if (grants.has(path) || inRecent(path)) return { ok: true, data: path };
  return fail('not-permitted', 'That file was not chosen in this session or in Recent files, so the app will not open or overwrite it. Use File › Open or Save As to choose it.');
}
