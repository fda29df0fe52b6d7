/** Section 251 high-needs expenditure lines (DOMAIN.md "How the money flows today"). */
import { labelKey } from './aliases';

export type S251LineCode =
  | '1.0.2'
  | '1.2.1'
  | '1.2.2'
  | '1.2.3'
  | '1.2.4'
  | '1.2.5'
  | '1.2.6'
  | '1.2.7'
  | '1.2.8'
  | '1.2.9'
  | '1.2.10'
  | '1.2.11'
  | '1.2.12'
  | '1.2.13'
  | '1.9.3';

export interface S251Line {
  code: S251LineCode;
  label: string;
  /** Whether the line pays for placements (place funding or top-up) or for services around them. */
  kind: 'place' | 'top_up' | 'non_placement' | 'balance';
  /** Where the label comes from. */
  source: string;
}

const DOMAIN = 'DOMAIN.md, "How the money flows today" (DfE Section 251 guidance)';
const UNCONFIRMED = 'DfE Section 251 budget/outturn line list; not named in DOMAIN.md (UNCONFIRMED: check the current year\'s S251 guidance)';

/** The high-needs S251 lines, in line order. */
export const S251_LINES: readonly S251Line[] = [
  { code: '1.0.2', label: 'High needs place funding within the individual schools budget', kind: 'place', source: DOMAIN },
  { code: '1.2.1', label: 'Top-up funding: maintained schools', kind: 'top_up', source: DOMAIN },
  { code: '1.2.2', label: 'Top-up funding: academies, free schools and colleges', kind: 'top_up', source: DOMAIN },
  { code: '1.2.3', label: 'Top-up and other funding: non-maintained and independent providers', kind: 'top_up', source: DOMAIN },
  { code: '1.2.4', label: 'Additional high needs targeted funding for mainstream schools and academies', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.5', label: 'SEN support services', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.6', label: 'Hospital education services', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.7', label: 'Other alternative provision services', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.8', label: 'Support for inclusion', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.9', label: 'Special schools and PRUs in financial difficulty', kind: 'non_placement', source: UNCONFIRMED },
  { code: '1.2.10', label: 'PFI/BSF costs at special schools and AP/PRUs', kind: 'non_placement', source: UNCONFIRMED },
  { code: '1.2.11', label: 'Direct payments (SEN and disability)', kind: 'non_placement', source: DOMAIN },
  { code: '1.2.12', label: 'Carbon reduction commitment allowances (PRUs)', kind: 'non_placement', source: UNCONFIRMED },
  { code: '1.2.13', label: 'Therapies and other health related services', kind: 'non_placement', source: DOMAIN },
  { code: '1.9.3', label: 'DSG carried forward (negative = cumulative deficit)', kind: 'balance', source: DOMAIN },
];

/** The line codes in line order. */
export const S251_LINE_CODES: readonly S251LineCode[] = S251_LINES.map((l) => l.code);

const byCode = new Map<string, S251LineCode>(S251_LINES.map((l) => [l.code, l.code]));
const byLabel = new Map<string, S251LineCode>(S251_LINES.map((l) => [labelKey(l.label), l.code]));

/**
 * The S251 line a label names: its code ("1.2.3", also "1.2.3 Top-up …" or "line 1.2.3"), or its label
 * (case and punctuation ignored). Codes are matched exactly, never by their digits alone ("12.1" is not 1.2.1).
 * @example s251LineOf('1.2.3')                       // '1.2.3'
 * @example s251LineOf('1.2.11 Direct payments')      // '1.2.11'
 * @example s251LineOf('therapies and other health-related services') // '1.2.13'
 */
export function s251LineOf(label: unknown): S251LineCode | null {
  if (typeof label !== 'string') return null;
  const m = /^\s*(?:line\s+)?(\d+\.\d+\.\d+)(?![\d.])/i.exec(label);
  if (m) return byCode.get(m[1]) ?? null;
  return byLabel.get(labelKey(label)) ?? null;
}

/**
 * The full entry for a line code.
 * @example s251LineInfo('1.2.2').label // 'Top-up funding: academies, free schools and colleges'
 */
export function s251LineInfo(code: S251LineCode): S251Line {
  const found = S251_LINES.find((l) => l.code === code);
  if (!found) throw new RangeError(`"${String(code)}" is not an S251 line.`);
  return found;
}
