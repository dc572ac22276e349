// ZIP reading for exports (Letterboxd, Trakt), capped and zip-bomb safe; fflate is loaded only when a ZIP arrives.
import { overLimitText } from '../storage/validation';

/** Refuse archives whose entries declare more than this in total, uncompressed. */
export const MAX_ARCHIVE_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
/** Refuse archives with more entries than this (exports have a few dozen). */
export const MAX_ARCHIVE_ENTRIES = 200;
/**
 * Compressed bytes handed to the inflater at a time. Deflate expands at most ~1,032×, so one push yields at most ~17 MB
 * before the size check can stop it; smaller pushes make fflate's streaming inflate slow (2 s for a 6 MB CSV at 512 B).
 */
const INFLATE_CHUNK_BYTES = 16 * 1024;

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** The archive as a whole was refused or cannot be read; the message names it and says why. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'unreadable',
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface ArchiveEntry {
  /** Path inside the archive ("ratings.csv", "lists/best.csv"). */
  name: string;
  bytes: Uint8Array;
}

export interface ArchiveContents {
  entries: ArchiveEntry[];
  /** Entries not extracted (folders, __MACOSX/ and dot-files are not listed), and why. */
  skipped: { name: string; reason: string }[];
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

function readCentralDirectory(zipName: string, bytes: Uint8Array): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const damaged = (what: string) => new ArchiveError(`${zipName} is not a readable ZIP archive (${what}).`, 'unreadable');
  let eocd = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end-of-archive record; is it cut short?');
  let count = view.getUint16(eocd + 10, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || directoryOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64 = Number(view.getBigUint64(eocd - 12, true));
    if (zip64 + 56 > bytes.length || view.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) throw damaged('broken ZIP64 record');
    count = Number(view.getBigUint64(zip64 + 32, true));
    directoryOffset = Number(view.getBigUint64(zip64 + 48, true));
  }
  // Checked before reading any entry: the count is the archive's own claim, so a huge one costs nothing.
  if (count > MAX_ARCHIVE_ENTRIES)
    throw new ArchiveError(`${zipName} has ${count} entries; an export has far fewer, and the limit is ${MAX_ARCHIVE_ENTRIES}.`, 'too-large');
  const entries: CentralEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw damaged(`entry ${i + 1} of ${count} is missing from the directory`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > bytes.length) throw damaged(`entry ${i + 1} runs past the end`);
    const name = new TextDecoder('utf-8').decode(bytes.subarray(at + 46, nameEnd));
    // ZIP64 sizes live in extra field 0x0001, in this order, only for the fields that are 0xFFFFFFFF above.
    for (let extra = nameEnd; extra + 4 <= nameEnd + extraLength;) {
      const id = view.getUint16(extra, true);
      const size = view.getUint16(extra + 2, true);
      if (id === 1) {
        let field = extra + 4;
        const next = () => {
          const value = field + 8 <= extra + 4 + size ? Number(view.getBigUint64(field, true)) : NaN;
          field += 8;
          return value;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      extra += 4 + size;
    }
    if (!Number.isSafeInteger(uncompressedSize) || !Number.isSafeInteger(compressedSize) || !Number.isSafeInteger(localOffset)) {
      throw damaged(`entry ${i + 1} has unreadable sizes`);
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset });
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** Folders, macOS resource forks (__MACOSX/, ._x.csv) and dot-files: not worth listing as ignored. */
function isNoise(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('/') || lower.startsWith('__macosx/') || lower.split('/').pop()!.startsWith('.');
}

/** Exports are CSV and JSON. */
function isWanted(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.csv') || lower.endsWith('.json');
}

function compressedData(zipName: string, bytes: Uint8Array, entry: CentralEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw new ArchiveError(`${zipName} is not a readable ZIP archive (the data of ${entry.name} is missing).`, 'unreadable');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ArchiveError(`${zipName} is cut short (${entry.name} is incomplete).`, 'unreadable');
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * The CSV and JSON entries of a ZIP. Refuses (ArchiveError) archives with more than MAX_ARCHIVE_ENTRIES entries or
 * declaring more than MAX_ARCHIVE_UNCOMPRESSED_BYTES, before inflating anything; while inflating, an entry that
 * produces more than it declared stops at once (a forged size cannot get past the cap).
 */
export async function readZip(zipName: string, bytes: Uint8Array): Promise<ArchiveContents> {
  const central = readCentralDirectory(zipName, bytes);
  const declared = central.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > MAX_ARCHIVE_UNCOMPRESSED_BYTES) {
    throw new ArchiveError(`${zipName} would expand to ${overLimitText(declared, MAX_ARCHIVE_UNCOMPRESSED_BYTES)}; an export is a few MB.`, 'too-large');
  }
  const { Inflate } = await import('fflate');
  const entries: ArchiveEntry[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const entry of central) {
    if (isNoise(entry.name)) continue;
    if (!isWanted(entry.name)) {
      skipped.push({ name: entry.name, reason: entry.name.toLowerCase().endsWith('.zip') ? 'a ZIP inside the ZIP (not opened)' : 'not a CSV or JSON file' });
      continue;
    }
    if (entry.flags & 1) {
      skipped.push({ name: entry.name, reason: 'encrypted' });
      continue;
    }
    const data = compressedData(zipName, bytes, entry);
    if (entry.method === 0) {
      if (data.length !== entry.uncompressedSize) throw new ArchiveError(`${zipName} is damaged (${entry.name} has the wrong size).`, 'unreadable');
      entries.push({ name: entry.name, bytes: data.slice() });
      continue;
    }
    if (entry.method !== 8) {
      skipped.push({ name: entry.name, reason: `compressed with method ${entry.method} (only deflate is read)` });
      continue;
    }
    const out = new Uint8Array(entry.uncompressedSize);
    let written = 0;
    const overflow = new ArchiveError(
      `${zipName} is refused: ${entry.name} expands past the size it declares (${entry.uncompressedSize} bytes), as a zip bomb does.`,
      'too-large',
    );
    const inflater = new Inflate((chunk) => {
      if (written + chunk.length > out.length) throw overflow;
      out.set(chunk, written);
      written += chunk.length;
    });
    try {
      for (let at = 0; at < data.length || at === 0; at += INFLATE_CHUNK_BYTES) {
        inflater.push(data.subarray(at, at + INFLATE_CHUNK_BYTES), at + INFLATE_CHUNK_BYTES >= data.length);
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError(`${zipName} is damaged (${entry.name} cannot be decompressed).`, 'unreadable');
    }
    if (written !== entry.uncompressedSize) throw new ArchiveError(`${zipName} is damaged (${entry.name} is shorter than it declares).`, 'unreadable');
    entries.push({ name: entry.name, bytes: out });
  }
  return { entries, skipped };
}
