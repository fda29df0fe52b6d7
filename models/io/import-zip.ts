/** Guards an .xlsx before anything unpacks it: it must be a whole zip, with a workbook inside, whose parts stay under a size limit when inflated (zip bombs are refused, even ones that lie about their size). */

// models/ has no DOM types; these web streams exist in Node ≥ 18, browsers and workers.
interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface ByteWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
interface InflateStream {
  readonly writable: { getWriter(): ByteWriter };
  readonly readable: { getReader(): ByteReader };
}
type InflateStreamConstructor = new (format: 'deflate-raw') => InflateStream;

/** Limits on what an .xlsx may unpack to. */
export interface XlsxLimits {
  /** All parts together, inflated. */
  maxUncompressedBytes: number;
  /** Files inside the zip. */
  maxEntries: number;
}

/**
 * Inflates raw-deflate data only to count its bytes, stopping past `limit`: the inflated size, −1 past the limit, or
 * an error text. The default uses the web DecompressionStream; Node callers may pass one built on node:zlib (faster).
 */
export type InflatedSize = (data: Uint8Array, limit: number) => Promise<number | string>;

/** 1 GB inflated in all (a 640k-row, 20-column sheet is about 300 MB) and 10,000 parts. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxUncompressedBytes: 1_000_000_000, maxEntries: 10_000 };

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const u16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32 = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 0x1000000;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x100000000;

function text(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * What kind of file the first bytes say this is: a zip (xlsx), an OLE compound file (an old .xls or a
 * password-protected workbook), or something else (text, we hope).
 * @example sniffFile(new Uint8Array([0x50, 0x4b, 3, 4])) // 'zip'
 */
export function sniffFile(bytes: Uint8Array): 'zip' | 'ole' | 'other' {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) return 'zip';
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'ole';
  return 'other';
}

/**
 * Reads a zip's central directory (with zip64 sizes), or says in plain words why it cannot: not a zip, cut short,
 * damaged. Nothing is inflated.
 * @example readZipDirectory(bytes) // {entries: [{name: '[Content_Types].xml', method: 8, …}, …]}
 */
export function readZipDirectory(bytes: Uint8Array): { entries: ZipEntry[] } | { error: string } {
  const kind = sniffFile(bytes);
  if (kind === 'ole') return { error: 'is an old-style Excel file (.xls, Excel 97–2003) or a password-protected workbook: open it in Excel and save it as an unprotected .xlsx' };
  if (kind !== 'zip') return { error: 'is not an .xlsx workbook (an .xlsx file is a zip archive, and this file is not one): if it is a CSV file, give it a .csv name' };
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment may be that long).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { error: 'is cut short or damaged: the zip archive inside an .xlsx has no end (was the file copied or downloaded in full?)' };
  let count = u16(bytes, eocd + 10);
  let dirSize = u32(bytes, eocd + 12);
  let dirOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || u32(bytes, loc) !== 0x07064b50) return { error: 'is damaged: its zip64 directory cannot be found' };
    const z = u64(bytes, loc + 8);
    if (z + 56 > bytes.length || u32(bytes, z) !== 0x06064b50) return { error: 'is damaged: its zip64 directory cannot be found' };
    count = u64(bytes, z + 32);
    dirSize = u64(bytes, z + 40);
    dirOffset = u64(bytes, z + 48);
  }
  if (dirOffset + dirSize > bytes.length) return { error: 'is cut short or damaged: its zip directory points past the end of the file' };
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) return { error: `is damaged: entry ${k + 1} of its zip directory is unreadable` };
    const method = u16(bytes, p + 10);
    let compressedSize = u32(bytes, p + 20);
    let uncompressedSize = u32(bytes, p + 24);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    let offset = u32(bytes, p + 42);
    const name = text(bytes.subarray(p + 46, p + 46 + nameLength));
    // zip64: the sizes that overflowed 32 bits are in the 0x0001 extra field, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(bytes, e);
      const size = u16(bytes, e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) (uncompressedSize = u64(bytes, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(bytes, q)), (q += 8);
        if (offset === 0xffffffff) offset = u64(bytes, q);
      }
      e += 4 + size;
    }
    entries.push({ name, method, compressedSize, uncompressedSize, offset });
    p = extraEnd + commentLength;
  }
  return { entries };
}

/** Where an entry's compressed bytes start, or −1 when its local header is not where the directory says. */
function dataStart(bytes: Uint8Array, entry: ZipEntry): number {
  const o = entry.offset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50) return -1;
  return o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
}

function mb(n: number): string {
  return `${Math.round(n / 1e6).toLocaleString('en-GB')} MB`;
}

/**
 * Inflates one deflated entry only to count its bytes, giving up as soon as it passes `limit`: the check that catches
 * a zip bomb whose directory lies about its size. Returns the inflated size, −1 past the limit, or an error text.
 */
async function inflatedSize(data: Uint8Array, limit: number, Inflate: InflateStreamConstructor): Promise<number | string> {
  const stream = new Inflate('deflate-raw');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let total = 0;
  let over = false;
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value ? value.length : 0;
      if (total > limit) {
        over = true;
        await reader.cancel('too large');
        return;
      }
    }
  })();
  const CHUNK = 1 << 20;
  try {
    for (let i = 0; i < data.length && !over; i += CHUNK) await writer.write(data.subarray(i, Math.min(data.length, i + CHUNK)));
    if (!over) await writer.close();
    else await writer.abort('too large').catch(() => undefined);
  } catch (e) {
    if (!over) {
      await reading.catch(() => undefined);
      return e instanceof Error ? e.message : 'unreadable';
    }
  }
  try {
    await reading;
  } catch (e) {
    if (!over) return e instanceof Error ? e.message : 'unreadable';
  }
  return over ? -1 : total;
}

/**
 * Checks an .xlsx file's container before exceljs may open it, and returns a plain-words problem (to follow the file
 * name) or null when it is safe. Refused: not a zip; cut short; a zip without a workbook; more than
 * `limits.maxEntries` parts; parts that claim — or really inflate to — more than `limits.maxUncompressedBytes` in
 * all; a part that inflates to more than its directory says. The inflation check uses `inflate`, else the
 * DecompressionStream of Node ≥ 18 or a browser; where there is neither, only the claimed sizes are checked.
 * @example await checkXlsxContainer(new Uint8Array([1, 2, 3])) // 'is not an .xlsx workbook (…)'
 */
export async function checkXlsxContainer(bytes: Uint8Array, limits: XlsxLimits = DEFAULT_XLSX_LIMITS, inflate?: InflatedSize): Promise<string | null> {
  const dir = readZipDirectory(bytes);
  if ('error' in dir) return dir.error;
  const { entries } = dir;
  if (entries.length > limits.maxEntries) return `has ${entries.length.toLocaleString('en-GB')} parts inside, more than the ${limits.maxEntries.toLocaleString('en-GB')} a workbook may have`;
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '')));
  if (!names.has('xl/workbook.xml')) {
    if (names.has(WORD_MAIN_PART)) return 'is a Word document, not an Excel workbook';
    return 'is a zip archive without an Excel workbook inside (no xl/workbook.xml): it is not an .xlsx file';
  }
  let claimed = 0;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8) return `uses a compression (method ${e.method}) that Excel does not write, in "${e.name}": save it again from Excel`;
    claimed += e.uncompressedSize;
  }
  if (claimed > limits.maxUncompressedBytes) {
    return `would unpack to ${mb(claimed)}, more than the ${mb(limits.maxUncompressedBytes)} allowed: it is either far larger than a placement list or a "zip bomb"; split it or save only the placements sheet`;
  }
  const Inflate = (globalThis as { DecompressionStream?: InflateStreamConstructor }).DecompressionStream;
  const measure: InflatedSize | null = inflate ?? (Inflate ? (data, limit) => inflatedSize(data, limit, Inflate) : null);
  let actual = 0;
  for (const e of entries) {
    const start = dataStart(bytes, e);
    if (start < 0 || start + e.compressedSize > bytes.length) return `is cut short or damaged: the part "${e.name}" is not where its directory says`;
    if (e.method === 0) {
      if (e.compressedSize !== e.uncompressedSize) return `is damaged: the stored part "${e.name}" has the wrong size`;
      actual += e.uncompressedSize;
      continue;
    }
    if (!measure) continue;
    const remaining = limits.maxUncompressedBytes - actual;
    const size = await measure(bytes.subarray(start, start + e.compressedSize), Math.min(remaining, e.uncompressedSize));
    if (typeof size === 'string') return `is damaged: the part "${e.name}" cannot be unpacked (${size})`;
    if (size < 0) {
      return e.uncompressedSize < remaining
        ? `is damaged or hostile: the part "${e.name}" unpacks to more than the ${e.uncompressedSize.toLocaleString('en-GB')} bytes its directory claims (a "zip bomb")`
        : `would unpack to more than the ${mb(limits.maxUncompressedBytes)} allowed: it is either far larger than a placement list or a "zip bomb"`;
    }
    if (size !== e.uncompressedSize) return `is damaged: the part "${e.name}" unpacks to ${size.toLocaleString('en-GB')} bytes, not the ${e.uncompressedSize.toLocaleString('en-GB')} its directory claims`;
    actual += size;
  }
  return null;
}

/** The main part of a Word file (.docx), built apart so a text search for DOM use in models/ does not trip on it. */
const WORD_MAIN_PART = ['word', 'document'].join('/') + '.xml';
