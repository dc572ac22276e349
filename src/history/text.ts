// Bytes to text for history files (UTF-8, UTF-16 by BOM, Windows-1252 fallback), and short quoting for messages.

/** Longest quoted value in a message: a 5 MB cell must not become a 5 MB message. */
export const MAX_QUOTED_CHARS = 40;

/** A cell or value for a message: JSON-quoted, cut after MAX_QUOTED_CHARS characters with "…" (only the shown part is escaped). */
export function quoteCell(value: unknown, maxChars: number = MAX_QUOTED_CHARS): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  const chars = Array.from(text.slice(0, maxChars * 2 + 2)).slice(0, maxChars + 1);
  if (chars.length <= maxChars) return typeof value === 'string' ? JSON.stringify(text) : text;
  const shown = chars.slice(0, maxChars).join('');
  return typeof value === 'string' ? `${JSON.stringify(shown).slice(0, -1)}…"` : `${shown}…`;
}

export interface DecodedText {
  text: string;
  /** Set when the bytes were not UTF-8 and were read another way. */
  warning: string | null;
}

/** Windows-1252 for bytes 0x80..0x9F (the rest of the byte range is Latin-1 itself); decoded by hand, as not every runtime ships the label. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = [];
    for (const b of bytes.subarray(start, start + CHUNK)) codes.push(b >= 0x80 && b <= 0x9f ? CP1252_HIGH.charCodeAt(b - 0x80) : b);
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** True when the first bytes look binary (NUL bytes outside UTF-16): an image, a spreadsheet, a database. */
export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  return head.includes(0);
}

/**
 * UTF-8 (BOM dropped); UTF-16 when a BOM says so (Excel's "Unicode text"); otherwise bytes that are not valid UTF-8
 * are read as Windows-1252 (a CSV re-saved by Excel on Windows), with a warning naming the file.
 */
export function decodeText(name: string, bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), warning: null };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), warning: null };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), warning: null };
  } catch {
    return {
      text: decodeWindows1252(bytes),
      warning: `${name} is not UTF-8; it was read as Windows-1252 (Latin-1): check accented titles, or export the file again as UTF-8.`,
    };
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates before this are typos, not viewings. */
const EARLIEST_DATE = Date.UTC(1900, 0, 1);
/** Dates after now + this are refused: a rating from the future would stay "most recent" forever. */
export const MAX_DATE_SKEW_MS = 24 * 60 * 60 * 1000;

/**
 * An export's date (YYYY-MM-DD, or ISO 8601 with a time as Trakt writes it) as epoch ms; null when empty, not a real
 * calendar date, before 1900 or after `now` + 1 day. Date-only values are UTC midnight.
 */
export function parseExportDate(text: string | undefined | null, now: number): number | null {
  const trimmed = (text ?? '').trim();
  let ms = dateCache.get(trimmed);
  if (ms === undefined) {
    ms = parseDateText(trimmed);
    // Histories repeat the same few thousand days; the cache is cleared rather than grown past a bound.
    if (dateCache.size >= MAX_CACHED_DATES) dateCache.clear();
    dateCache.set(trimmed, ms);
  }
  return ms === null || ms > now + MAX_DATE_SKEW_MS ? null : ms;
}

const dateCache = new Map<string, number | null>();
const MAX_CACHED_DATES = 20_000;

function parseDateText(trimmed: string): number | null {
  const m = ISO_DATE.exec(trimmed);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const midnight = Date.UTC(year, month - 1, day);
  const check = new Date(midnight);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const ms = m[4] === undefined ? midnight : Date.parse(m[7] ? trimmed.replace(' ', 'T') : `${trimmed.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) && ms >= EARLIEST_DATE ? ms : null;
}

/** A release year as exports write it ("1999"); null when empty or implausible. */
export function parseYear(text: string | number | undefined | null): number | null {
  const trimmed = typeof text === 'number' ? String(text) : (text ?? '').trim();
  if (!/^\d{4}$/.test(trimmed)) return null;
  const year = Number(trimmed);
  return year >= 1870 && year <= 2200 ? year : null;
}

/** An IMDb id ("tt0114709", "0114709" or 114709) as its integer; null when it is not one. */
export function parseImdbId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(?:tt)?(\d{1,10})$/i.exec(text);
  if (!m) return null;
  const id = Number(m[1]);
  return id > 0 && id <= 2 ** 31 - 1 ? id : null;
}

/** A TMDB id (a positive integer that fits the catalog's i32 ids); null when it is not one. */
export function parseTmdbId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,10}(?:\.0+)?$/.test(text)) return null;
  const id = Number(text);
  return id > 0 && id <= 2 ** 31 - 1 ? id : null;
}
