// Profile names: one normal form (NFC, no bidi or invisible format characters, single spaces), a visible-character
// requirement, and a comparison key that treats look-alikes (case, invisibles, compatibility forms, Cyrillic/Greek
// letters that look Latin) as the same name.

export const MAX_PROFILE_NAME_LENGTH = 40;

/** Bidi embedding/override/isolate controls and marks: they reorder what is shown ("Bob\u202Egpj.exe" reads "Bobexe.jpg"). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Controls, format characters, lone surrogates and default-ignorable code points: nothing visible on their own. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;
/**
 * Invisible characters a real name can need between visible ones: zero-width (non-)joiner (emoji sequences, Persian,
 * Indic scripts), variation selectors, Mongolian free variation selectors, and emoji tag characters (subdivision flags).
 */
const NEEDED_INVISIBLE: [from: number, to: number][] = [
  [0x200c, 0x200d],
  [0xfe00, 0xfe0f],
  [0x180b, 0x180d],
  [0x180f, 0x180f],
  [0xe0020, 0xe007f],
  [0xe0100, 0xe01ef],
];
const isNeededInvisible = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return NEEDED_INVISIBLE.some(([from, to]) => code >= from && code <= to);
};
/** A joiner with nothing visible on one side (at an edge, next to a space or another joiner) joins nothing. */
const STRAY_JOINERS = /(^|\s)[\u200C\u200D]+|[\u200C\u200D]+(?=\s|$)|(?<=[\u200C\u200D])[\u200C\u200D]+/gu;
/** Blank characters that are not `\s`: Braille pattern blank renders as a space. */
const BLANKS = /\u2800/gu;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}\p{Co}]/u;

/**
 * Letters that are drawn like a Latin letter in common fonts (lower case, after case folding): Cyrillic, Greek,
 * Armenian and a few Latin variants. A small subset of Unicode's confusables (UTS #39) for mixed-script look-alikes.
 */
const CONFUSABLE_WITH_LATIN = new Map<string, string>(
  [
    // Cyrillic а в е ѕ і ј к м н о р с т у х ԁ һ ԛ ԝ ӏ ү ѵ
    '\u0430a \u0432b \u0435e \u0455s \u0456i \u0458j \u043Ak \u043Cm \u043Dh \u043Eo \u0440p \u0441c \u0442t \u0443y \u0445x',
    '\u0501d \u04BBh \u051Bq \u051Dw \u04CFl \u04AFy \u0475v',
    // Greek α β ε ζ η ι κ μ ν ο ρ τ υ χ ϲ ϳ
    '\u03B1a \u03B2b \u03B5e \u03B6z \u03B7h \u03B9i \u03BAk \u03BCm \u03BDn \u03BFo \u03C1p \u03C4t \u03C5y \u03C7x \u03F2c \u03F3j',
    // Armenian օ ս; Latin dotless i, alpha, script g
    '\u0585o \u057Du \u0131i \u0251a \u0261g',
  ]
    .join(' ')
    .split(' ')
    .map((pair): [string, string] => [pair[0], pair[1]]),
);
const CONFUSABLE_PATTERN = new RegExp(`[${[...CONFUSABLE_WITH_LATIN.keys()].join('')}]`, 'gu');

/** Why a name cannot be used; `normalizeProfileName` throws it (the storage layer wraps it in its own error type). */
export class ProfileNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileNameError';
  }
}

/** The stored form of a name, without checks: NFC, bidi controls and stray invisibles removed, spaces collapsed. */
export function cleanProfileName(name: string): string {
  return name
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(INVISIBLE, (ch) => (isNeededInvisible(ch) ? ch : ''))
    .replace(BLANKS, ' ')
    .replace(/\s+/gu, ' ')
    .replace(STRAY_JOINERS, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** No unpaired UTF-16 surrogate (String.prototype.isWellFormed, written out for older engines). */
function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** Cleans a name and checks it: at least one visible character, at most MAX_PROFILE_NAME_LENGTH characters. */
export function normalizeProfileName(name: string): string {
  const cleaned = cleanProfileName(name);
  if (name.trim().length === 0) throw new ProfileNameError('Please enter a name.');
  // A lone surrogate is half a character (and becomes "�" on its way through the browser): broken text, not a name.
  if (!isWellFormedText(name) || name.includes('\uFFFD')) throw new ProfileNameError('The name has a broken character (shown as “�”); please type it again.');
  if (!VISIBLE.test(cleaned)) throw new ProfileNameError('Please enter a name with at least one visible letter, digit or symbol.');
  if ([...cleaned].length > MAX_PROFILE_NAME_LENGTH) throw new ProfileNameError(`A name can have at most ${MAX_PROFILE_NAME_LENGTH} characters.`);
  return cleaned;
}

/**
 * Two names with the same key look the same: compared after NFKC, without any invisible character, case-folded,
 * with Cyrillic/Greek look-alikes mapped to the Latin letter they resemble ("Ada", "ADA\u200B", "\u0410da" share one).
 */
export function profileNameKey(name: string): string {
  return cleanProfileName(name)
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFC')
    .replace(CONFUSABLE_PATTERN, (ch) => CONFUSABLE_WITH_LATIN.get(ch) ?? ch);
}

/** What the UI shows for a stored name (names stored before this normal form existed may still hold controls). */
export function profileNameForDisplay(name: string): string {
  const cleaned = cleanProfileName(name);
  return VISIBLE.test(cleaned) ? cleaned : 'Unnamed profile';
}
