// Steps the workspace journeys share: open a view, run a scenario in the worker, read on-screen figures, run the CLI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeScan, ROOT, screenshot } from './harness';

export const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true });

/** Serious or critical axe findings, as "id: help (targets)" lines; the journeys require none in every state. */
export async function seriousAxe(page: Page): Promise<string[]> {
  return (await axeScan(page)).filter((f) => f.impact === 'serious' || f.impact === 'critical').map((f) => `${f.id} [${f.impact}]: ${f.help} (${f.targets.slice(0, 3).join(', ')})`);
}

/** A screenshot and an axe scan of the page as it is now. */
export async function capture(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxe(page), `axe on ${name}`).toEqual([]);
}

/** Waits for the Scenarios view's central result to be computed for what is on screen. */
export async function centralReady(page: Page, timeout = 300_000): Promise<void> {
  await page.locator('[data-testid=central-result][data-state=ready]').waitFor({ timeout });
}

/** Clicks Run and waits for the outcome; returns the progress texts seen while it ran (draws done, time left). */
export async function runScenario(page: Page, shotWhileRunning?: string): Promise<string[]> {
  const seen: string[] = [];
  await page.getByRole('button', { name: /^Run [\d,]+ draws$/ }).click();
  const progress = page.getByTestId('run-progress');
  const outcome = page.getByTestId('run-outcome');
  let shot = false;
  // Poll the progress line until the run ends: the texts prove draws done and the ETA reached the page.
  for (let k = 0; k < 6000; k++) {
    if (await outcome.isVisible()) break;
    const text = await progress.textContent({ timeout: 100 }).catch(() => null);
    if (text && !seen.includes(text)) seen.push(text);
    if (shotWhileRunning && !shot && text && /of [\d,]+ draws/.test(text)) {
      await screenshot(page, shotWhileRunning);
      shot = true;
    }
    await page.waitForTimeout(100);
  }
  await outcome.waitFor({ timeout: 600_000 });
  expect(await outcome.textContent()).toMatch(/Finished/);
  return seen;
}

/** The key figures table's exact values by series (data-series rows, data-value cells). */
export async function keyFigures(page: Page): Promise<Record<string, number[]>> {
  return page.getByTestId('key-figures').evaluate((table) => {
    const out: Record<string, number[]> = {};
    for (const row of table.querySelectorAll('tr[data-series]')) {
      out[row.getAttribute('data-series') as string] = [...row.querySelectorAll('td[data-value]')].map((td) => Number(td.getAttribute('data-value')));
    }
    return out;
  });
}

export interface RunJson {
  scenario: string;
  years: string[];
  plans: number[];
  spend: Record<'current' | 'tariff' | 'scenario', { total: number[]; bySector: Record<string, number[]> }>;
  nonPlacement: number[];
  funding: { allocation: number[]; inYear: number[]; cumulative: number[] };
  quantiles: { scenario: { p10: number[]; p50: number[]; p90: number[] } };
  provenance: { app: string; rulebook: string; data: string; seed: number; draws: number };
}

/** `npx hntm run FILE --draws N --seed S --format json`, spawned as a user would run it; the JSON is its last line. */
export async function hntmRun(file: string, draws: number, seed: number): Promise<RunJson> {
  const { stdout } = await promisify(execFile)('npx', ['hntm', 'run', file, '--draws', String(draws), '--seed', String(seed), '--format', 'json'], {
    cwd: ROOT,
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as RunJson;
}

/** Every figure of the key figures table equals the CLI's JSON for the same scenario and seed, to the penny. */
export function expectFiguresEqualJson(screen: Record<string, number[]>, json: RunJson): void {
  const pairs: Array<[string, number[]]> = [
    ['plans', json.plans],
    ['spend.scenario.total', json.spend.scenario.total],
    ['spend.current.total', json.spend.current.total],
    ['spend.tariff.total', json.spend.tariff.total],
    ['nonPlacement', json.nonPlacement],
    ['funding.allocation', json.funding.allocation],
    ['funding.inYear', json.funding.inYear],
    ['funding.cumulative', json.funding.cumulative],
    ['quantiles.scenario.p10', json.quantiles.scenario.p10],
    ['quantiles.scenario.p50', json.quantiles.scenario.p50],
    ['quantiles.scenario.p90', json.quantiles.scenario.p90],
  ];
  for (const [series, want] of pairs) {
    const got = screen[series];
    expect(got, `${series} on screen`).toHaveLength(want.length);
    got.forEach((x, i) => expect(Math.abs(x - want[i]), `${series}[${json.years[i]}]: screen ${x} vs hntm run ${want[i]}`).toBeLessThan(0.005));
  }
}
