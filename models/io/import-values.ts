/** Cell values as the importer sees them, and the careful readers that turn council text (£12,345.00, (1,200), Year 7) into numbers without guessing. */

/**
 * Why a cell has no usable value even though it is not blank: an Excel error (#N/A), a formula saved without its
 * result, text longer than Excel allows, or something the reader cannot represent.
 */
export interface CellFault {
  fault: 'excel-error' | 'no-result' | 'too-long' | 'unreadable';
  /** What to show: the error code, the formula (with "="), or a short description. */
  text: string;
}

/** One cell of a sheet row after reading: text, a number, a yes/no, a date, blank (null), or a fault. */
export type SheetCell = string | number | boolean | Date | null | CellFault;

/** Excel's own limit on the characters in one cell; anything longer did not come from Excel and is refused. */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/** Excel's last column (XFD). */
export const EXCEL_MAX_COLUMNS = 16_384;

/**
 * Whether a cell value is a fault.
 * @example isFault({fault: 'excel-error', text: '#N/A'}) // true
 */
export function isFault(v: unknown): v is CellFault {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && typeof (v as { fault?: unknown }).fault === 'string';
}

/**
 * Whether a cell is blank: null, or text that is only spaces (including non-breaking spaces).
 * @example isBlankCell('  \u00a0') // true
 */
export function isBlankCell(v: SheetCell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && cleanText(v) === '');
}

/**
 * Text with non-breaking and other unusual spaces turned into plain spaces and the ends trimmed: Excel users paste
 * from web pages and PDFs, which bring U+00A0 and friends that look like spaces.
 * @example cleanText('\u00a0£1,234\u2009') // '£1,234'
 */
export function cleanText(s: string): string {
  // trim() already removes non-breaking spaces at the ends; the replace is only needed for ones inside (rare).
  const t = s.trim();
  return ODD_SPACE.test(t) ? t.replace(ODD_SPACES, ' ').trim() : t;
}
const ODD_SPACE = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
const ODD_SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g;

/**
 * How a cell is written in a message or a rejected-rows sheet: the text a user would see in Excel.
 * @example displayCell(new Date(Date.UTC(2012, 4, 3))) // '2012-05-03'
 * @example displayCell({fault: 'no-result', text: '=B4*2'}) // '=B4*2'
 */
export function displayCell(v: SheetCell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return isoDate(v);
  return v.fault === 'too-long' ? `(${v.text} characters: too long for an Excel cell)` : v.text;
}

/**
 * A date as YYYY-MM-DD (UTC, which is how exceljs hands Excel dates over).
 * @example isoDate(new Date(Date.UTC(2025, 0, 16))) // '2025-01-16'
 */
export function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '(invalid date)' : d.toISOString().slice(0, 10);
}

/** DfE's suppression and "not applicable" markers, also written in brackets in newer publications ("[x]"). */
const MARKER = /^\[?([xzcXZC])\]?$/;

/**
 * The DfE marker a text stands for (x not available, z not applicable, c confidential), or null.
 * @example dfeMarker('[c]') // 'c'
 * @example dfeMarker('X') // 'x'
 */
export function dfeMarker(text: string): 'x' | 'z' | 'c' | null {
  if (text.length > 3) return null; // most cells: no regex needed
  const m = MARKER.exec(text);
  return m ? (m[1].toLowerCase() as 'x' | 'z' | 'c') : null;
}

const PLAIN = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// A leading zero is refused: "0,123" reads as a decimal comma in much of Europe, so it is not a thousands group.
const GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * Reads money or number text the way a UK finance officer writes it, or returns null when the text is not a number
 * that can be read without guessing. Accepted: plain numbers ("12345.50", "-3"), thousands separators in threes
 * ("12,345"), a £ sign or GBP before or after ("£ 1,234", "1,234 GBP"), a minus sign before or after the £ ("-£5",
 * "£-5", with "−" too), and accounting brackets for negatives ("(1,200)" is −1,200). Refused: "12,34" (a decimal
 * comma or a typo?), "1.234,5", "12k", "twelve", two signs, other currencies.
 * @example readMoney('£12,345.00') // 12345
 * @example readMoney('(1,200)') // -1200
 * @example readMoney('12,34') // null
 */
export function readMoney(text: string): number | null {
  let s = cleanText(text);
  if (s === '') return null;
  let negative = false;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  // One sign at most, before or after the currency symbol; a bracketed value may not also carry a minus.
  const sign = (): void => {
    if (s.startsWith('-') || s.startsWith('\u2212')) {
      if (negative) throw SIGN;
      negative = true;
      s = s.slice(1).trim();
    } else if (s.startsWith('+')) {
      s = s.slice(1).trim();
    }
  };
  try {
    sign();
    if (s.startsWith('£')) s = s.slice(1).trim();
    else if (/^gbp/i.test(s)) s = s.slice(3).trim();
    else if (/gbp$/i.test(s)) s = s.slice(0, -3).trim();
    sign();
  } catch {
    return null;
  }
  let n: number;
  if (PLAIN.test(s)) n = Number(s);
  else if (GROUPED.test(s)) n = Number(s.replace(/,/g, ''));
  else return null;
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}
const SIGN = new Error('two signs');

/**
 * Reads a national curriculum year written as councils write it: a number, "Year 7", "Yr 11", "Y7", "R" or
 * "Reception" (0), "N1"/"N2" (nursery: −2/−1). Null when it is not one of those.
 * @example readYearGroup('Year 7') // 7
 * @example readYearGroup('Reception') // 0
 * @example readYearGroup('N2') // -1
 */
export function readYearGroup(text: string): number | null {
  const s = cleanText(text).toLowerCase();
  if (PLAIN.test(s) || /^-\d+$/.test(s)) return Number(s);
  const m = /^(?:year|yr|y|ncy|nc year)\s*(-?\d{1,2})$/.exec(s);
  if (m) return Number(m[1]);
  if (s === 'r' || s === 'reception' || s === 'yr r' || s === 'year r') return 0;
  if (s === 'n1' || s === 'nursery 1') return -2;
  if (s === 'n2' || s === 'nursery 2') return -1;
  return null;
}

const EXCEL_EPOCH_1900 = Date.UTC(1899, 11, 30);
const EXCEL_EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * The date an Excel serial number stands for (the 1900 system, with Excel's phantom 29 Feb 1900 accounted for by
 * counting from 30 Dec 1899; or the 1904 system of old Mac workbooks).
 * @example excelSerialToDate(45658).toISOString().slice(0, 10) // '2025-01-01'
 */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const base = date1904 ? EXCEL_EPOCH_1904 : EXCEL_EPOCH_1900;
  return new Date(base + Math.round(serial * 86_400_000));
}

/**
 * Reads a date written as text: ISO (2012-05-03) or UK day-first (03/05/2012, 3.5.2012, 3-5-12). Null otherwise,
 * including impossible dates such as 31/02/2012.
 * @example readDateText('03/05/2012')?.toISOString().slice(0, 10) // '2012-05-03'
 */
export function readDateText(text: string): Date | null {
  const s = cleanText(text);
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(s);
  if (match) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
    if (!match) return null;
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
    if (match[3].length === 2) y += y >= 70 ? 1900 : 2000;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

/**
 * The spreadsheet letter of a 0-based column index.
 * @example columnLetter(0) // 'A'
 * @example columnLetter(27) // 'AB'
 */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The 0-based column index of a spreadsheet letter, or −1 when it is not one.
 * @example columnIndex('AB') // 27
 */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,7}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
