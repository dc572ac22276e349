// Checks of single values (a rating, a movie id) and how a bad value is quoted in a message. No database here, so
// the engine worker can parse and validate an import file with the same rules.

/** Longest quoted value in a message: a 5 MB cell must not become a 5 MB message (or live region). */
export const MAX_QUOTED_CHARS = 40;

/**
 * `value` for a message: a string is quoted as JSON, anything else written as JSON; cut after MAX_QUOTED_CHARS
 * characters with "…". Only the shown part of a long string is escaped, so a huge cell costs nothing.
 */
export function quoteValue(value: unknown, maxChars: number = MAX_QUOTED_CHARS): string {
  const cut = (text: string) => {
    const chars = Array.from(text.slice(0, maxChars * 2 + 2)).slice(0, maxChars + 1);
    return chars.length > maxChars ? { text: chars.slice(0, maxChars).join(''), cut: true } : { text, cut: false };
  };
  if (typeof value === 'string') {
    const shown = cut(value);
    return shown.cut ? `${JSON.stringify(shown.text).slice(0, -1)}…"` : JSON.stringify(value);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  const shown = cut(text);
  return shown.cut ? `${shown.text}…` : text;
}

/** Why `value` is not a rating (0..5 in half steps), or null when it is one. `shown` is how to quote it (default: the value). */
export function ratingValueProblem(value: unknown, shown?: string): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `rating must be a number, got ${shown ?? quoteValue(value)}`;
  if (value < 0 || value > 5) return `rating ${value} is outside 0..5`;
  if (!Number.isInteger(value * 2)) return `rating ${value} is not a half step (0, 0.5, 1, … 5)`;
  return null;
}

/** Why `value` is not a TMDB id (a positive integer), or null when it is one. `shown` is how to quote it (default: the value). */
export function movieIdProblem(value: unknown, shown?: string): string | null {
  const quoted = shown ?? (Object.is(value, -0) ? '-0' : quoteValue(value));
  // 2^53 and above are integers too, but not exactly representable (nor TMDB ids): say so rather than "not an integer".
  if (typeof value === 'number' && Number.isInteger(value) && value >= Number.MAX_SAFE_INTEGER + 1) return `movie id ${quoted} is too large (over 2^53 − 1)`;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return `movie id must be a positive integer, got ${quoted}`;
  return null;
}

/**
 * A size over a limit, in words: megabytes rounded up plus the exact bytes, so a file just over the limit never reads
 * as equal to it ("5.0 MB; the limit is 5 MB" for 5,242,950 bytes).
 */
export function overLimitText(bytes: number, limit: number): string {
  const mb = (n: number) => `${(Math.ceil((n / 1048576) * 10) / 10).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
  return `${mb(bytes)} (${bytes.toLocaleString('en')} bytes); the limit is ${mb(limit)} (${limit.toLocaleString('en')} bytes)`;
}
