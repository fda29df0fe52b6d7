/**
 * The "import" part of `npm run bench` (DESIGN §6): importing a 640k-row council workbook with the streaming importer,
 * beside exceljs's own streaming read of the same file (the floor: same reader options, every row's values touched,
 * nothing else). Each run is a fresh process, so peak RSS is the import's own; runs are interleaved, figures are medians.
 * Target: within 1.2× of the floor and under 500 MB RSS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { importFile, STREAM_READER_OPTIONS } from '../../cli/xlsx-stream';
import { writeCleanWorkbook } from '../fixtures/import/make-fixtures';

export interface ImportBenchResult {
  rows: number;
  /** Median seconds to import the workbook (container check, streaming read, mapping, checks, table). */
  seconds: number;
  /** Median seconds of exceljs's streaming read of the same file. */
  floorSeconds: number;
  /** Highest peak RSS of the import runs, MB. */
  peakRssMb: number;
}

interface ChildReport {
  seconds: number;
  /** CPU seconds (user + system): steadier than wall time when other work shares the cores. */
  cpuSeconds: number;
  peakRssMb: number;
  rows: number;
}

const SELF = fileURLToPath(import.meta.url);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs one measurement in a fresh Node process and reads its one line of JSON. */
function child(kind: 'import' | 'floor', file: string): ChildReport {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, SELF, '--import-bench-child', kind, file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    throw new Error(`import bench: the ${kind} run failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  }
}

/**
 * Measures importing a `rows`-row workbook (made once in the temp folder) against exceljs's own streaming read.
 * @example const {rows, seconds, floorSeconds, peakRssMb} = await importBench(); // rows 640000
 */
export async function importBench(options: { rows?: number; repetitions?: number; log?: (s: string) => void } = {}): Promise<ImportBenchResult> {
  const rows = options.rows ?? 640_000;
  const reps = Math.max(1, options.repetitions ?? 3);
  const log = options.log ?? (() => undefined);
  const file = join(tmpdir(), `hntm-bench-import-${rows}-v1.xlsx`);
  if (!existsSync(file)) {
    log(`import: writing a ${rows.toLocaleString('en-GB')}-row workbook to ${file} …`);
    await writeCleanWorkbook(`${file}.tmp.xlsx`, rows);
    const { renameSync } = await import('node:fs');
    renameSync(`${file}.tmp.xlsx`, file);
  }
  log(`import: ${basename(file)}, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
  const imports: ChildReport[] = [];
  const floors: ChildReport[] = [];
  for (let i = 0; i < reps; i++) {
    floors.push(child('floor', file));
    imports.push(child('import', file));
    const f = floors[i];
    const m = imports[i];
    log(`import: run ${i + 1}/${reps}: import ${m.seconds.toFixed(2)} s (cpu ${m.cpuSeconds.toFixed(2)} s, ${m.peakRssMb.toFixed(0)} MB), exceljs streaming read ${f.seconds.toFixed(2)} s (cpu ${f.cpuSeconds.toFixed(2)} s, ${f.peakRssMb.toFixed(0)} MB)`);
  }
  if (imports.some((r) => r.rows !== rows)) throw new Error(`import bench: imported ${imports.map((r) => r.rows).join(', ')} rows, expected ${rows}`);
  const result = {
    rows,
    seconds: median(imports.map((r) => r.seconds)),
    floorSeconds: median(floors.map((r) => r.seconds)),
    peakRssMb: Math.max(...imports.map((r) => r.peakRssMb)),
  };
  const cpuRatio = median(imports.map((r) => r.cpuSeconds)) / median(floors.map((r) => r.cpuSeconds));
  log(`import: ${(result.seconds / result.floorSeconds).toFixed(2)}× the floor in wall time, ${cpuRatio.toFixed(2)}× in CPU time (target ≤ 1.2×), peak ${result.peakRssMb.toFixed(0)} MB (target < 500 MB)`);
  return result;
}

async function runChild(kind: string, file: string): Promise<void> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let rows = 0;
  if (kind === 'import') {
    const r = await importFile(file, { file: basename(file), inMemoryMaxBytes: 0 });
    if (r.fatal) throw new Error(r.fatal);
    rows = r.table.rowCount;
  } else {
    // The floor: exceljs's streaming reader with the importer's options, touching every row's values.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, STREAM_READER_OPTIONS);
    let cells = 0;
    for await (const sheet of reader as unknown as AsyncIterable<AsyncIterable<{ values: unknown }>>) {
      for await (const row of sheet) {
        const v = row.values as unknown[];
        cells += v.length;
        rows++;
      }
    }
    rows -= 2; // title and header rows
    if (cells === 0) throw new Error('no cells read');
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

const at = process.argv.indexOf('--import-bench-child');
if (at >= 0) await runChild(process.argv[at + 1], process.argv[at + 2]);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Run alone: `node --import tsx test/bench/import-bench.ts [ROWS]`.
  const rows = Number(process.argv[2] ?? 640_000);
  console.log(JSON.stringify(await importBench({ rows, log: (s) => console.error(s) })));
}
