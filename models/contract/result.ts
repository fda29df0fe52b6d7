/** The shape every call across the host boundary returns: never a thrown error (STYLE.md, "one typed door"). */

/** What went wrong, in words a finance officer can act on; `code` is stable for programs. */
export interface HostError {
  code: HostErrorCode;
  message: string;
}

export type HostErrorCode =
  | 'cancelled'
  | 'not-found'
  | 'invalid-argument'
  | 'too-large'
  | 'io'
  | 'job-failed'
  | 'unknown-job'
  | 'unavailable'
  | 'internal'
  /** A project file written by a newer version of the app: refused, never overwritten. */
  | 'newer-version'
  /** A path the user never chose in this session (nor in Recent files). */
  | 'not-permitted';

export type Result<T> = { ok: true; data: T } | { ok: false; error: HostError };

/** @example ok(3) // {ok: true, data: 3} */
export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** @example fail('not-found', 'No table named "x".') */
export function fail<T = never>(code: HostErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Turns anything thrown into a HostError, keeping its message. */
export function errorFrom(e: unknown, code: HostErrorCode = 'internal'): HostError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e && typeof (e as HostError).message === 'string') {
    const c = (e as { code: unknown }).code;
    if (typeof c === 'string' && HOST_ERROR_CODES.has(c as HostErrorCode)) return { code: c as HostErrorCode, message: (e as HostError).message };
  }
  return { code, message: e instanceof Error ? e.message : String(e) };
}

const HOST_ERROR_CODES = new Set<HostErrorCode>([
  'cancelled', 'not-found', 'invalid-argument', 'too-large', 'io', 'job-failed', 'unknown-job', 'unavailable', 'internal', 'newer-version', 'not-permitted',
]);
