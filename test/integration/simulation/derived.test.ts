// The committed derived inputs (scenarios/derived/*.json) are exactly what cli/build-rates.ts builds from DfE's files
// in ../shared/data: rebuilding gives the same bytes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDerived, DERIVED_DIR } from '../../../cli/build-rates';

describe('derived inputs', () => {
  it('rebuild byte for byte from the published statistics', () => {
    const built = buildDerived(resolve(process.cwd(), '..', 'shared', 'data'));
    expect(Object.keys(built).sort()).toEqual(['backtest-2024.json', 'backtest-totals.json', 'flows-2024.json']);
    for (const [name, text] of Object.entries(built)) expect(text === readFileSync(join(DERIVED_DIR, name), 'utf8'), `${name} differs from the committed file`).toBe(true);
  }, 120_000);
});
