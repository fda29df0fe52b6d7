/** What `npm start`, `npm run web` and `npm run dist` decide to do, as pure functions of the arguments and the machine. */

/** The one line `npm start` prints when it falls back to the browser (no Electron runtime on disk). */
export const RUNTIME_MISSING_NOTICE =
  "Electron's runtime is not available on this machine (it is downloaded from GitHub, which cannot be reached here), so the same app is served in your browser instead.";

/** The lines `npm run dist` prints when it cannot build installers here. */
export const DIST_UNAVAILABLE_LINES = [
  "Cannot build installers here: electron-builder needs Electron's runtime for each target platform and its installer tools (AppImage, fpm, NSIS, DMG), all downloaded from GitHub, which this machine cannot reach.",
  'Run `npm run dist` on a machine with internet access; `npm start` still serves the app in the browser here.',
];

export const DEFAULT_PORT = 5170;

export type StartPlan = { mode: 'electron'; runtime: string } | { mode: 'serve'; notice: string | null };

/**
 * `npm start` opens the Electron app when its runtime is on disk, otherwise serves the same renderer in the
 * browser with a one-line notice; `npm run web` (--web) always serves, silently.
 * @example startPlan([], null) // {mode: 'serve', notice: RUNTIME_MISSING_NOTICE}
 */
export function startPlan(args: readonly string[], runtime: string | null): StartPlan {
  if (args.includes('--web')) return { mode: 'serve', notice: null };
  if (runtime !== null) return { mode: 'electron', runtime };
  return { mode: 'serve', notice: RUNTIME_MISSING_NOTICE };
}

/**
 * The port to serve on: PORT if set (0 means any free port), else 5170. `explicit` says whether the user chose it,
 * so a busy default can fall back to a free port while a busy chosen one is an error.
 * @example servePort({PORT: '8080'}) // {ok: true, port: 8080, explicit: true}
 */
export function servePort(env: Record<string, string | undefined>): { ok: true; port: number; explicit: boolean } | { ok: false; message: string } {
  const raw = env.PORT;
  if (raw === undefined || raw.trim() === '') return { ok: true, port: DEFAULT_PORT, explicit: false };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `PORT must be a whole number from 0 to 65535 (0 picks a free port), not "${raw}".` };
  return { ok: true, port, explicit: true };
}

export type DistPlan = { mode: 'build'; builderArgs: string[] } | { mode: 'unavailable'; lines: string[]; exitCode: 1 };

const PLATFORM_FLAG: Record<string, string> = { linux: '--linux', win32: '--win', darwin: '--mac' };

/**
 * `npm run dist` builds the installers for the current platform (targets in electron-builder.yml) when the runtime
 * is on disk, reusing it as electronDist so that at least the runtime is not downloaded again; otherwise it
 * explains why it cannot and exits 1.
 * @example distPlan('linux', null).mode // 'unavailable'
 */
export function distPlan(platform: string, electronDist: string | null): DistPlan {
  const flag = PLATFORM_FLAG[platform];
  if (electronDist === null) return { mode: 'unavailable', lines: DIST_UNAVAILABLE_LINES, exitCode: 1 };
  if (!flag) return { mode: 'unavailable', lines: [`electron-builder cannot build installers on ${platform}.`], exitCode: 1 };
  return { mode: 'build', builderArgs: [flag, '--publish', 'never', `-c.electronDist=${electronDist}`] };
}
