// Query-side hints of a description: when the film came out ("late 90s", "1987", "as a kid", "black and white") and
// which genre it is ("animated", "cartoon" → Animation). Pure text rules; their weights in the ranking are learned.

export interface YearRange {
  from: number;
  to: number;
  /** What the person wrote, for the "why" line: "late 1990s", "as a kid". */
  label: string;
}

export interface QueryHints {
  years: YearRange[];
  /** TMDB genre names, e.g. "Animation". */
  genres: string[];
}

/** How far back "as a kid" reaches from the time of the question (years): a child of about 4–14. */
export const CHILDHOOD_YEARS = { from: 24, to: 6 } as const;

const GENRE_WORDS: [RegExp, string][] = [
  [/\b(?:animated|animation|cartoons?|anime|claymation|stop[- ]motion|pixar)\b/, 'Animation'],
  [/\b(?:horror|scary|slasher|creepy|gory)\b/, 'Horror'],
  [/\b(?:comedy|comedies|funny|hilarious|spoof|parody)\b/, 'Comedy'],
  [/\b(?:documentary|documentaries|docu)\b/, 'Documentary'],
  [/\b(?:sci[- ]?fi|science fiction|futuristic|spaceship|aliens?)\b/, 'Science Fiction'],
  [/\b(?:romance|romantic|rom[- ]?com|love story)\b/, 'Romance'],
  [/\b(?:western|cowboys?|wild west)\b/, 'Western'],
  [/\b(?:war movie|war film|soldiers?|ww2|wwii|world war|vietnam)\b/, 'War'],
  [/\b(?:thriller|suspense)\b/, 'Thriller'],
  [/\b(?:musical|singing|dance movie)\b/, 'Music'],
  [/\b(?:fantasy|wizards?|witch(?:es)?|dragons?|fairy tale)\b/, 'Fantasy'],
  [/\b(?:crime|heist|gangsters?|mafia|mob boss|detective)\b/, 'Crime'],
  [/\b(?:mystery|whodunit)\b/, 'Mystery'],
  [/\b(?:kids movie|children'?s movie|family movie|family film)\b/, 'Family'],
  [/\b(?:action movie|action film|martial arts|kung fu)\b/, 'Action'],
  [/\b(?:historical|period piece|medieval)\b/, 'History'],
  [/\b(?:tv movie|made for tv|made-for-tv)\b/, 'TV Movie'],
];

const DECADE_WORDS: Record<string, number> = {
  twenties: 1920,
  thirties: 1930,
  forties: 1940,
  fifties: 1950,
  sixties: 1960,
  seventies: 1970,
  eighties: 1980,
  nineties: 1990,
};

const AGE_BEFORE = /(?:\bi['’]?m|\bi am|\bmy|\baged?|\bam)\s*$/;

function decadeRange(start: number, part: string | undefined, label: string): YearRange {
  const p = (part ?? '').toLowerCase();
  if (p === 'early') return { from: start, to: start + 4, label: `early ${label}` };
  if (p.startsWith('mid')) return { from: start + 3, to: start + 7, label: `mid ${label}` };
  if (p === 'late') return { from: start + 6, to: start + 10, label: `late ${label}` };
  return { from: start, to: start + 9, label };
}

/** Two-digit decades ("90s", "'80s") are 19xx except 00s/10s/20s. */
function century(two: number): number {
  return two <= 20 ? 2000 + two : 1900 + two;
}

/**
 * Hints in `text` (already capped by the caller). `nowYear` is when the question was asked: "as a kid" means some
 * 6–24 years before it.
 */
export function parseHints(text: string, nowYear: number): QueryHints {
  const lower = text.toLowerCase();
  const years: YearRange[] = [];
  const seen = new Set<string>();
  const add = (range: YearRange) => {
    const key = `${range.from}-${range.to}`;
    if (!seen.has(key) && years.length < 8) {
      seen.add(key);
      years.push(range);
    }
  };
  for (const m of lower.matchAll(/\b(?:(early|mid|mid-|late)\s*)?(?:(19|20)(\d)0|'?(\d)0)['’]?s\b/g)) {
    // "I'm mid 30s", "in my 20s": an age, not a decade.
    if (!m[2] && AGE_BEFORE.test(lower.slice(Math.max(0, m.index - 12), m.index))) continue;
    const start = m[2] ? Number(`${m[2]}${m[3]}0`) : century(Number(`${m[4]}0`));
    add(decadeRange(start, m[1], `${start}s`));
  }
  for (const m of lower.matchAll(/\b(?:(early|mid|late)[\s-]*)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b/g)) {
    const start = DECADE_WORDS[m[2]];
    add(decadeRange(start, m[1], `${start}s`));
  }
  // "1985-1995", "between 1998 and 2003": one range, not two years.
  const spans: [number, number][] = [];
  for (const m of lower.matchAll(/\b(19[2-9]\d|20[0-2]\d)\s*(?:-|–|to|and)\s*(19[2-9]\d|20[0-2]\d)\b/g)) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a < b && b - a <= 30) {
      add({ from: a, to: b, label: `${a}–${b}` });
      spans.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of lower.matchAll(/\b(19[2-9]\d|20[0-2]\d)\b(?!['’]?s)/g)) {
    if (spans.some(([from, to]) => m.index >= from && m.index < to)) continue;
    const year = Number(m[1]);
    if (year <= nowYear) add({ from: year - 2, to: year + 1, label: String(year) });
  }
  if (
    /\b(?:as an? (?:kid|child|young(?:er)? kid|little kid|teen(?:ager)?)|when i was (?:a )?(?:kid|child|little|young|younger|small)|childhood|growing up|in elementary school)\b/.test(
      lower,
    )
  )
    add({ from: nowYear - CHILDHOOD_YEARS.from, to: nowYear - CHILDHOOD_YEARS.to, label: 'seen as a kid' });
  if (/\b(?:black and white|black & white|b&w|b\/w)\b/.test(lower)) add({ from: 1920, to: 1965, label: 'black and white' });
  if (/\bsilent (?:film|movie)\b/.test(lower)) add({ from: 1900, to: 1930, label: 'silent film' });
  const genres: string[] = [];
  for (const [pattern, genre] of GENRE_WORDS) if (pattern.test(lower) && !genres.includes(genre)) genres.push(genre);
  return { years, genres };
}
