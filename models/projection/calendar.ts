/**
 * Calendars (DESIGN §3): financial years April–March written "2026-27", academic years September–August,
 * and the FY cost split (5/12 of the academic year ending in it + 7/12 of the one starting in it).
 */

/** @example financialYearOf('2026-03-31') // '2025-26'; financialYearOf('2026-04-01') // '2026-27' */
export function financialYearOf(date: string): string {
  const [y, m] = parseDate(date);
  const start = m >= 4 ? y : y - 1;
  return fyLabel(start);
}

/** @example fyLabel(2026) // '2026-27' */
export function fyLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** @example fyStartYear('2026-27') // 2026 */
export function fyStartYear(label: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) throw new Error(`"${label}" is not a financial year such as 2026-27.`);
  return Number(m[1]);
}

/** @example fyStartDate('2026-27') // '2026-04-01' */
export function fyStartDate(label: string): string {
  return `${fyStartYear(label)}-04-01`;
}

/** Checks a YYYY-MM-DD date (a real calendar day) and returns [year, month, day]. */
export function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`"${date}" is not a date written YYYY-MM-DD.`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1]) throw new Error(`"${date}" is not a calendar date.`);
  return [y, mo, d];
}

export function isDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}
