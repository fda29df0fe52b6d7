// Rebuilding the committed dataset files from ../shared/data gives the same bytes: the England cells, the example
// council and the dataset cost rulebook (through the function and through the project script's --check).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildDatasetFiles, DATASET_FILES, DATASET_INPUTS } from '../../../models/data/default-dataset-build';
import { SHARED_DATA } from '../../unit/data/shared-data';

const root = process.cwd();

describe('the committed dataset is what the build gives', () => {
  it('buildDatasetFiles reproduces every committed file byte for byte', () => {
    const files = buildDatasetFiles({
      caseload: readFileSync(join(SHARED_DATA, DATASET_INPUTS.caseload), 'utf8'),
      needs: readFileSync(join(SHARED_DATA, DATASET_INPUTS.needs), 'utf8'),
    });
    for (const key of Object.keys(DATASET_FILES) as Array<keyof typeof DATASET_FILES>) {
      const committed = readFileSync(join(root, DATASET_FILES[key]));
      const built = Buffer.from(files[key], 'utf8');
      expect(built.equals(committed), `${DATASET_FILES[key]} differs from a fresh build: run npx tsx cli/build-dataset.ts`).toBe(true);
    }
    // Compact: the cells file is well under the 5 MB budget.
    expect(readFileSync(join(root, DATASET_FILES.cells)).length).toBeLessThan(2_000_000);
  });

  it('`npx tsx cli/build-dataset.ts --check` agrees (exit 0, every file "same")', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/build-dataset.ts', '--check', '--data', SHARED_DATA], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('same')).length).toBe(3);
  });
});
