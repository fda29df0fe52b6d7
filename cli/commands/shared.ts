/** Flag helpers shared by the commands: dates and required values. */
import { UsageError } from '../args';
import { isDate } from '../../models/projection/calendar';

/** The date prices are read on when --date is not given: the first day of 2025-26, the base year. */
export const DEFAULT_DATE = '2025-04-01';

export function dateFlag(value: string | undefined): string {
  if (value === undefined) return DEFAULT_DATE;
  if (!isDate(value)) throw new UsageError(`--date must be a date written YYYY-MM-DD, not "${value}"`);
  return value;
}

export function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}
