/**
 * Chart colours: the Okabe–Ito colour-blind-safe palette, using only the shades that keep 3:1 contrast on white (WCAG
 * 1.4.11), so no series depends on telling red from green. Charts also label every series, so colour is never alone.
 */
import type { SectorCode } from '../../../models/vocab/sectors';

export const PALETTE = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  green: '#009E73',
  purple: '#CC79A7',
  orange: '#B86E00',
  sky: '#3A8FC7',
  grey: '#5F6B7A',
  ink: '#1B2733',
} as const;

/** One colour per sector, in reporting order. */
export const SECTOR_COLOURS: Readonly<Record<SectorCode, string>> = {
  maintained: PALETTE.blue,
  independent: PALETTE.vermillion,
  ap: PALETTE.green,
  other: PALETTE.purple,
};

/** Up to four compared scenarios (the baseline first). */
export const SCENARIO_COLOURS: readonly string[] = [PALETTE.ink, PALETTE.blue, PALETTE.vermillion, PALETTE.green];

/** Rises and falls in waterfalls and tornadoes: blue and vermillion, told apart by sign labels as well. */
export const RISE = PALETTE.vermillion;
export const FALL = PALETTE.blue;
export const TOTAL = PALETTE.grey;
