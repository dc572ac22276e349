// Title normalisation for matching an export's "Name"/"Title" to catalog titles: one key per spelling family.

/** Articles dropped at the start ("The Matrix") or after a final comma ("Matrix, The"), English and common foreign. */
const ARTICLES = new Set(['the', 'a', 'an', 'le', 'la', 'les', 'der', 'die', 'das', 'el', 'los', 'las', 'il']);
const TRAILING_ARTICLE = /,\s*(the|a|an|le|la|les|l['’ʼ]|der|die|das|el|los|las|il)\s*$/i;
const LEADING_ELISION = /^l['’ʼ]\s*(?=\S)/i;

/** Letters NFKD does not decompose into a base letter plus accent. */
const LETTER_FOLDS: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const FOLDED_LETTERS = /[æøœßłđðþıħ]/g;

/** Sequel numerals written in Roman ("Rocky II") read as digits ("Rocky 2"); lone I/V/X only as the last word. */
const ROMAN = new Map(
  ['ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv', 'xvi', 'xvii', 'xviii', 'xix', 'xx'].map((r, i) => [
    r,
    String(i + 2),
  ]),
);
ROMAN.set('i', '1');
const SINGLE_LETTER_ROMAN = new Set(['i', 'v', 'x']);

/** Accents of Latin, Greek and Cyrillic letters (not kana voicing marks, which change the word). */
const COMBINING_ACCENTS = /[\u0300-\u036f]/g;
const NOT_PLAIN_ASCII = /[^ -~\t\n\r]/;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const ASCII_SEPARATORS = /[^a-z0-9]+/;
const APOSTROPHES = /['’ʼ`´]/g;

/**
 * The matching key of a title: accents and case folded, '&' read as "and", apostrophes dropped, other punctuation and
 * spaces removed, a leading or trailing ", The"-style article dropped, Roman sequel numerals as digits. Equal keys
 * are the same title written differently ("The Matrix" = "Matrix, The" = "MATRIX"). Never empty for a non-blank title.
 */
export function titleKey(title: string): string {
  let text = title.trim();
  const ascii = !NOT_PLAIN_ASCII.test(text);
  if (!ascii) text = text.normalize('NFKD').replace(COMBINING_ACCENTS, '').normalize('NFC');
  text = text.toLowerCase();
  if (!ascii) text = text.replace(FOLDED_LETTERS, (c) => LETTER_FOLDS[c]);
  const raw = text;
  // Each rewrite is tried only when its character is present: 100,000 titles are keyed per import.
  if (text.includes(',')) text = text.replace(TRAILING_ARTICLE, '');
  if (text.startsWith('l')) text = text.replace(LEADING_ELISION, '');
  if (text.includes('&')) text = text.replace(/&/g, ' and ');
  if (!ascii || text.includes("'") || text.includes('`')) text = text.replace(APOSTROPHES, '');
  const words = text.split(ascii ? ASCII_SEPARATORS : SEPARATORS);
  let first = 0;
  let last = words.length - 1;
  while (first <= last && words[first] === '') first++;
  while (last >= first && words[last] === '') last--;
  if (last > first && ARTICLES.has(words[first])) first++;
  let key = '';
  for (let i = first; i <= last; i++) {
    const word = words[i];
    const numeral = ROMAN.get(word);
    // Lone I/V/X only as the last word of several ("Rocky V", not "V for Vendetta", "I, Robot" or "X").
    key += numeral !== undefined && (!SINGLE_LETTER_ROMAN.has(word) || (i === last && i !== first)) ? numeral : word;
  }
  // A title of punctuation only ("...", "!!!") keeps its punctuation as the key.
  return key !== '' ? key : raw.replace(/\s+/g, '');
}

/** The part before a subtitle ("Mission: Impossible - Fallout" → "Mission"), or null when there is no subtitle. */
export function mainTitle(title: string): string | null {
  const m = /^(.+?)(?::\s|\s[-–—]\s)/.exec(title);
  return m && m[1].trim().length >= 2 ? m[1] : null;
}
