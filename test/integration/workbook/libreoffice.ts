/**
 * LibreOffice as an independent recalculation oracle (TOOLCHAIN §3(d)): converts a workbook xlsx → xlsx headless
 * in a private profile whose settings force every formula to be recalculated on load, so stale cached results
 * are replaced by LibreOffice's own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const SOFFICE = process.env.SOFFICE ?? '/usr/bin/soffice';

/** Recalculation mode 0 = always, for OOXML and ODF documents. */
const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** @example libreOfficeAvailable() // true once `apt-get install libreoffice-calc-nogui` has run */
export function libreOfficeAvailable(): boolean {
  return existsSync(SOFFICE);
}

/** A private LibreOffice profile (never shared with another soffice) and a scratch folder; remove() deletes both. */
export interface RecalcSession {
  dir: string;
  recalculate(input: string, timeoutMs?: number): Promise<string>;
  remove(): void;
}

/**
 * Opens a session: `recalculate(file)` returns the path of LibreOffice's recalculated copy (in its own outdir,
 * since LibreOffice keeps the input's name).
 * @example const lo = openRecalcSession(); const out = await lo.recalculate('results.xlsx'); lo.remove();
 */
export function openRecalcSession(): RecalcSession {
  // Never a silent skip (DESIGN §6): without LibreOffice the recalculation tests fail, naming the fix.
  if (!libreOfficeAvailable()) throw new Error(`LibreOffice is missing at ${SOFFICE}: install it with \`apt-get install -y libreoffice-calc-nogui\``);
  const dir = mkdtempSync(join(tmpdir(), 'hntm-lo-'));
  const profile = join(dir, 'profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
  let runs = 0;
  return {
    dir,
    async recalculate(input: string, timeoutMs = 60_000): Promise<string> {
      const outdir = join(dir, `out-${++runs}`);
      mkdirSync(outdir);
      const args = ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--infilter=Calc MS Excel 2007 XML', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', outdir, input];
      const { code, output } = await run(SOFFICE, args, timeoutMs);
      const out = join(outdir, basename(input));
      if (code !== 0 || !existsSync(out)) throw new Error(`LibreOffice did not convert ${input} (exit ${code}):\n${output}`);
      return out;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`LibreOffice took longer than ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
