// Project script: builds the default England dataset, the example council and the dataset cost rulebook from ../shared/data.
// Usage: npx tsx cli/build-dataset.ts [--data DIR] [--check]
//   --data DIR  the shared data folder (default: ../shared/data beside the repository)
//   --check     write nothing; exit 1 if any committed file differs from a fresh build
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatasetFiles, DATASET_FILES, DATASET_INPUTS } from '../models/data/default-dataset-build';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function main(argv: string[]): number {
  let dataDir = resolve(root, '..', 'shared', 'data');
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') check = true;
    else if (argv[i] === '--data' && argv[i + 1]) dataDir = resolve(argv[++i]);
    else {
      process.stderr.write(`build-dataset: unknown argument "${argv[i]}"\nUsage: npx tsx cli/build-dataset.ts [--data DIR] [--check]\n`);
      return 2;
    }
  }
  const read = (rel: string) => {
    const file = join(dataDir, rel);
    if (!existsSync(file)) throw new Error(`build-dataset: ${file} not found (pass --data DIR: the folder holding dfe-ehcp-2025/)`);
    return readFileSync(file, 'utf8');
  };
  const started = Date.now();
  const files = buildDatasetFiles({ caseload: read(DATASET_INPUTS.caseload), needs: read(DATASET_INPUTS.needs) });
  let differs = 0;
  for (const key of Object.keys(DATASET_FILES) as Array<keyof typeof DATASET_FILES>) {
    const target = join(root, DATASET_FILES[key]);
    const text = files[key];
    const same = existsSync(target) && readFileSync(target, 'utf8') === text;
    if (check) {
      if (!same) differs++;
      process.stdout.write(`${same ? 'same   ' : 'DIFFERS'} ${DATASET_FILES[key]}\n`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    // Write beside, then rename: a half-written dataset is never left behind.
    writeFileSync(`${target}.tmp`, text);
    renameSync(`${target}.tmp`, target);
    process.stdout.write(`${same ? 'unchanged' : 'wrote    '} ${DATASET_FILES[key]} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB)\n`);
  }
  process.stdout.write(`build-dataset: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return differs > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
}
