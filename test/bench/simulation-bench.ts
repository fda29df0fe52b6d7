/**
 * The "simulation" part of `npm run bench -- --json` (DESIGN §6): a national 10-year × 1,000-draw run of the England
 * baseline on two workers (wall time, preparation included), the median central rerun after one parameter change,
 * peak memory and the number of cohort cells. It runs in a fresh process so its time and memory are its own.
 * `node --import tsx test/bench/simulation-bench.ts` prints the details; simulationBench() returns the JSON part.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export interface SimulationBench {
  cells: number;
  draws: number;
  years: number;
  seconds: number;
  centralRerunMs: number;
  peakRssMb: number;
}

const here = fileURLToPath(import.meta.url);
const root = resolve(dirname(here), '..', '..');

/**
 * Measures the national simulation in a child process and returns DESIGN §6's "simulation" object.
 * @example simulationBench() // {cells: 553725, draws: 1000, years: 10, seconds: 6.1, centralRerunMs: 240, peakRssMb: 900}
 */
export function simulationBench(options: { draws?: number; years?: number } = {}): SimulationBench {
  const args = ['--import', 'tsx', here, '--child', `--draws=${options.draws ?? 1000}`, `--years=${options.years ?? 10}`];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`the simulation bench failed:\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() as string;
  const all = JSON.parse(last) as SimulationBench & { detail: unknown };
  return { cells: all.cells, draws: all.draws, years: all.years, seconds: all.seconds, centralRerunMs: all.centralRerunMs, peakRssMb: all.peakRssMb };
}

async function child(argv: string[]): Promise<void> {
  const flag = (name: string, fallback: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const draws = flag('draws', 1000), years = flag('years', 10);
  const { loadScenarioFile, loadRunInputs, simulateScenario } = await import('../../cli/commands/run');
  const { prepareProjection } = await import('../../models/projection/prepare');
  const { Projector } = await import('../../models/projection/project');
  const { runOnce } = await import('../../models/uncertainty/simulate');
  const { scenarioOfDraw, withValue } = await import('../../models/uncertainty/inputs');
  const { rulebookHash, tableHash } = await import('../../models/io/results');
  const file = join(root, 'scenarios', 'england-baseline.scenario.json');
  const loaded = loadScenarioFile(file);
  if (!loaded.scenario) throw new Error('the England baseline does not load');
  const scenario = { ...loaded.scenario, horizon: { firstYear: loaded.scenario.horizon.firstYear, years } };
  const inputs = loadRunInputs(scenario, file);
  // Provenance hashes are the data's, not the simulation's: computed before the clock starts.
  const provenance = { app: 'bench', rulebook: rulebookHash(inputs.rulebook), data: tableHash(inputs.table) };

  const now = () => performance.now();
  const t0 = now();
  const prep = prepareProjection({ scenario, ...inputs });
  const tPrep = now();
  const result = await simulateScenario(scenario, inputs, { draws, seed: scenario.uncertainty.seed, workers: 2, prepared: prep, provenance });
  const tRun = now();

  // Central rerun after one parameter change: the cells stay prepared (as the 'central' job keeps them); each rerun
  // changes the leaver multiplier, which changes every flow, so the whole projection runs again.
  const projector = new Projector(prep);
  const times: number[] = [];
  for (let k = 0; k < 7; k++) {
    const changed = withValue(scenario, 'demand.leavers.multiplier', 1 + 0.01 * (k + 1));
    const t = now();
    runOnce(prep, projector, scenarioOfDraw(changed, scenario.uncertainty.seed, 0), { detail: true });
    times.push(now() - t);
  }
  times.sort((a, b) => a - b);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const out = {
    cells: prep.cellCount,
    draws,
    years,
    seconds: (tRun - t0) / 1000,
    centralRerunMs: times[Math.floor(times.length / 2)],
    peakRssMb,
    detail: { prepareSeconds: (tPrep - t0) / 1000, drawsSeconds: (tRun - tPrep) / 1000, method: result.method, drawsPerSecond: draws / ((tRun - t0) / 1000), rerunsMs: times },
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  if (process.argv.includes('--child')) await child(process.argv.slice(2));
  else {
    const r = spawnSync(process.execPath, ['--import', 'tsx', here, '--child', ...process.argv.slice(2)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const detail = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    console.log(`Simulation: ${detail.cells.toLocaleString('en-GB')} cohort cells; ${detail.draws} draws × ${detail.years} years in ${detail.seconds.toFixed(2)} s (${detail.detail.method} path; preparation ${detail.detail.prepareSeconds.toFixed(2)} s, draws ${detail.detail.drawsSeconds.toFixed(2)} s); central rerun ${detail.centralRerunMs.toFixed(0)} ms median; peak ${detail.peakRssMb.toFixed(0)} MB.`);
  }
}
