/** Text files from councils: UTF-8 with or without a BOM, UTF-16 from "Unicode text", or Windows-1252 from Excel's plain "CSV" — told apart, and said which. */

// models/ has no DOM or Node types; TextDecoder exists in Node, browsers and workers alike.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(bytes: Uint8Array): string };

export type TextEncodingName = 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** A plain sentence for the user when the encoding was a fallback (not UTF-8), or null. */
  note: string | null;
}

/**
 * The offset of the first byte that breaks UTF-8, or −1 when the bytes are valid UTF-8 (overlong forms, surrogates
 * and code points above U+10FFFF count as invalid, as the WHATWG decoder says).
 * @example firstInvalidUtf8(new Uint8Array([0x41, 0xa3])) // 1
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0): number {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lower || c > upper : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Windows-1252's 0x80–0x9F, which differ from Latin-1 (€, curly quotes, dashes); 0 marks the five unused bytes. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Decodes Windows-1252 by table. Written out because Node's TextDecoder('windows-1252') decodes Latin-1 instead
 * (0x80 comes out as U+0080, not €), while browsers get it right: the same bytes must give the same text everywhere.
 * The five unused bytes become the C1 control of the same number, as the WHATWG decoder does.
 * @example decodeWindows1252(new Uint8Array([0xa3, 0x35, 0x80])) // '£5€'
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  const codes = new Array<number>(CHUNK);
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    codes.length = end - start;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || b : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Decodes a text file's bytes, telling the encoding from the bytes: a BOM says UTF-8 or UTF-16; otherwise valid
 * UTF-8 is UTF-8, and anything else is read as Windows-1252 (what Excel on Windows writes for "CSV (Comma
 * delimited)"), with a note saying so and where the first non-UTF-8 byte is. Never throws.
 * @example decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // {text: 'a', encoding: 'utf-8 with BOM', note: null}
 * @example decodeText(new Uint8Array([0xa3, 0x35])).text // '£5' (Windows-1252)
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const bad = firstInvalidUtf8(bytes, 3);
    const text = new TextDecoder('utf-8').decode(bytes.subarray(3));
    const note =
      bad < 0
        ? null
        : `the file starts with a UTF-8 mark but byte ${bad + 1} (line ${lineOf(bytes, bad)}) is not UTF-8: such bytes are shown as "\ufffd"; save the file again as "CSV UTF-8"`;
    return { text, encoding: 'utf-8 with BOM', note };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', note: null };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', note: null };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', note: null };
  const byte = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
  return {
    text: decodeWindows1252(bytes),
    encoding: 'windows-1252',
    note: `the file is not UTF-8 (byte 0x${byte} on line ${lineOf(bytes, bad)}), so it was read as Windows-1252, the encoding Excel on Windows uses for "CSV (Comma delimited)": check that £ signs and accented letters look right`,
  };
}
