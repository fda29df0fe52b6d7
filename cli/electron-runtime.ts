/**
 * Finds Electron's runtime binary on disk without ever calling require('electron'), which would try to download
 * it from GitHub and throw where there is no internet (TOOLCHAIN §2).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The absolute path of the Electron executable installed for this project, or null when it is not there.
 * Follows electron's own index.js: node_modules/electron/path.txt names the executable inside its dist/ folder
 * (`electron`, `electron.exe` or `Electron.app/Contents/MacOS/Electron`), and ELECTRON_OVERRIDE_DIST_PATH,
 * when set, replaces that dist/ folder.
 * @example electronRuntimePath('/work/main') // null here; '/work/main/node_modules/electron/dist/electron' where it was downloaded
 */
export function electronRuntimePath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, executable || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return isFile(candidate) ? candidate : null;
  }
  if (executable === '') return null;
  const candidate = join(packageDir, 'dist', executable);
  return isFile(candidate) ? candidate : null;
}

/** The folder holding the runtime (what electron-builder calls electronDist), or null. */
export function electronDistPath(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (electronRuntimePath(projectRoot, env) === null) return null;
  return env.ELECTRON_OVERRIDE_DIST_PATH || join(projectRoot, 'node_modules', 'electron', 'dist');
}
