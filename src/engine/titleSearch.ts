// Title search: typo-tolerant, accent-folded, prefix matching over titles kept in popularity order, in any script.
// A film's original title, when it differs, is a second entry right after its title (same rules, same bounds): a hit
// says which of the two matched, and a film is listed once.
//
// Why a scan rather than MiniSearch or Fuse: measured on the 45,433 real titles, a scan answers a keystroke in ~1 ms
// with nothing to build beyond the folded titles, while MiniSearch took 320 ms to index and 20–60 ms for one- to
// three-letter prefixes ("t", "the"); Fuse scans with a bitap per title and is slower still. Two habits keep keystrokes
// fast: one- and two-letter queries only need the most popular prefix matches (early-exit scan), and a longer query
// filters the previous keystroke's matches (or those of its finished words) instead of rescanning every title.
//
// Matching follows uFuzzy's rules (terms in order, anything between them; one typo per term of 3+ letters, not in the
// first letter), but uFuzzy itself is only used to strip Latin accents. Its matcher had to go (docs/security.md, "Title
// search"): its Latin-only term split made non-Latin queries throw, its Unicode mode compiles a \p{L} class per typo
// position (~0.6 ms each), and it joins terms with `.*?` in one regex that backtracks without bound. Here terms are
// letters and digits of any script, the query is cut to MAX_QUERY_CHARS and MAX_TERMS, a term tolerates a typo only up
// to MAX_TYPO_TERM letters (its regex grows with the square of its length), and terms are matched left to right, each at
// its leftmost place (indexOf for exact terms, one small regex per term for typos): linear in the title's length.
import uFuzzy from '@leeoniya/ufuzzy';
import { orderByDescending } from './order';

export interface TitleHit {
  row: number;
  /** Match quality tier: 3 exact title, 2 title starts with the query, 1 every term matched cleanly, 0 typo-tolerant match. */
  quality: number;
  /** True when the film is listed by its original title (it matched, and ranked above the title if that matched too). */
  original: boolean;
}

/** Above this many matches, detailed match info costs more than it changes: rank by prefix, then popularity. */
const INFO_THRESHOLD = 250;
const SHORT_QUERY = 2;
const RECENT_QUERIES = 64;
const FUZZY_FROM_LETTERS = 3;
/** Longest folded query matched; the rest of a paste is ignored (the longest of the 45,433 real titles has 105). */
export const MAX_QUERY_CHARS = 128;
/** Most terms matched; later ones are ignored (the wordiest real title has 20). */
export const MAX_TERMS = 24;
/** Longest term (in letters) that tolerates a typo; a longer one must match exactly (the longest real word has 23). */
export const MAX_TYPO_TERM = 32;
/** Raw characters looked at before folding: whitespace runs collapse and NFKC can expand, so keep some slack. */
const RAW_QUERY_CHARS = 4 * MAX_QUERY_CHARS;

/**
 * Terms are words: letters of any script with their combining marks, and digits, joined by inner apostrophes ("i'm",
 * "can't", but "rock", "n", "roll" in "rock 'n' roll"). Everything else separates terms. None is special in a regex.
 */
const TERM_CHARS = '\\p{L}\\p{M}\\p{N}';
const TERM = new RegExp(`[${TERM_CHARS}]+(?:'[${TERM_CHARS}]+)*`, 'gu');
/**
 * What a typo may insert or substitute: anything but whitespace and ASCII punctuation, the apostrophe excepted ("dont"
 * finds "don't"). Not `[\p{L}…]`: V8 takes ~0.6 ms to compile each Unicode property class, and a term has 2n of them.
 */
const TYPO_CHAR = '[^\\s!-&(-/:-@[-`{-~]';
const TERM_CHAR = new RegExp(`^[${TERM_CHARS}]`, 'u');
const LETTER_DIGIT = /^(?:\p{L}\d|\d\p{L})/u;

/** Typo rule of one run of letters or digits: numbers, runs of 1–2 letters and runs over MAX_TYPO_TERM letters match exactly. */
function tolerant(run: string): boolean {
  if (/^\d+$/.test(run)) return false;
  const letters = codePoints(run).length;
  return letters > 2 && letters <= MAX_TYPO_TERM;
}

function codePoints(text: string): string[] {
  return Array.from(text);
}

function termsOf(needle: string): string[] {
  return needle.match(TERM) ?? [];
}

/** A term's runs of digits and of other term characters (uFuzzy's split): "toy2" -> "toy", "2". */
function runsOf(term: string): string[] {
  return term.match(/\d+|\D+/g) ?? [];
}

/** One letter per run naming its typo rule (x exact, f one error), terms separated by spaces, e.g. "harry po2" -> "f xx". */
function ruleClasses(needle: string): string {
  return termsOf(needle)
    .map((t) =>
      runsOf(t)
        .map((r) => (tolerant(r) ? 'f' : 'x'))
        .join(''),
    )
    .join(' ');
}

/**
 * One error (substitution, transposition, deletion, insertion) after the first letter, as uFuzzy's intraMode 1 with
 * intraSlice [1, ∞]: a non-exact variant may not repeat the first letter right after it (prefer "Test" to "tTest").
 * Shortest variants first, so the leftmost match also ends first and leaves the most room to the next terms (what
 * uFuzzy's backtracking found, without the backtracking).
 */
function typoPattern(run: string): string {
  const [first, ...rest] = codePoints(run);
  const n = rest.length;
  const without = (i: number) => [...rest.slice(0, i), ...rest.slice(i + 1)].join('');
  const deletions = Array.from({ length: n }, (_, i) => without(i));
  const changes: string[] = [];
  for (let i = 0; i < n; i++) changes.push([...rest.slice(0, i), TYPO_CHAR, ...rest.slice(i + 1)].join(''));
  for (let i = 0; i < n - 1; i++) if (rest[i] !== rest[i + 1]) changes.push([...rest.slice(0, i), rest[i + 1], rest[i], ...rest.slice(i + 2)].join(''));
  for (let i = 0; i < n; i++) changes.push([...rest.slice(0, i), TYPO_CHAR, ...rest.slice(i)].join(''));
  const guard = rest[0] !== first ? `(?!${first})` : '';
  const any = (variants: string[]) => `${guard}(?:${[...new Set(variants)].join('|')})`;
  return `${first}(?:${any(deletions)}|${rest.join('')}|${any(changes)})`;
}

/**
 * A matching fragment of any one-error match of a run: split it in three non-empty pieces; one error touches at most
 * two adjacent pieces, so the first or the last piece appears intact. Cheap `includes` checks before any regex.
 */
function intactPieces(run: string): string[] {
  const chars = codePoints(run);
  const third = Math.floor(chars.length / 3);
  return [chars.slice(0, third).join(''), chars.slice(chars.length - third).join('')];
}

/** How many of a query's required fragments are checked before its regexes (the longest: they rule out the most). */
const PREFILTERS = 3;

interface TypoPlan {
  /** Each entry: the title must contain at least one of these strings (a few of the longest: a cheap prefilter). */
  required: string[][];
  /** Per term, matched left to right: the term itself when it must match exactly, else a global regex of its variants. */
  terms: (string | RegExp)[];
  /** No shorter title can match (a typo deletes at most one letter, two UTF-16 units, per term). */
  minLength: number;
}

function typoPlan(terms: string[]): TypoPlan {
  const required: string[][] = [];
  const plans = terms.map((term) => {
    const runs = runsOf(term);
    if (!runs.some(tolerant)) {
      required.push([term]);
      return term;
    }
    for (const run of runs) required.push(tolerant(run) ? intactPieces(run) : [run]);
    return new RegExp(runs.map((run) => (tolerant(run) ? typoPattern(run) : run)).join(''), 'gu');
  });
  const shortest = (pieces: string[]) => Math.min(...pieces.map((p) => p.length));
  const distinct = [...new Map(required.map((pieces) => [pieces.join('\u0000'), pieces])).values()];
  const minLength = totalLength(terms) - 2 * terms.flatMap(runsOf).filter(tolerant).length;
  return { required: distinct.sort((a, b) => shortest(b) - shortest(a)).slice(0, PREFILTERS), terms: plans, minLength };
}

function totalLength(terms: string[]): number {
  return terms.reduce((sum, term) => sum + term.length, 0);
}

/**
 * Where an exact match sits, as uFuzzy's `info` measured it for ranking: the characters between its terms, and whether
 * a term starts a word (after a non-term character or at a letter-digit change, "2" in "toy2"). The leftmost match is
 * the greedy one, as in inOrder.
 */
function matchDetail(title: string, terms: string[]): { gaps: number; wordStart: boolean } {
  let from = 0;
  let gaps = 0;
  let wordStart = false;
  for (const [j, term] of terms.entries()) {
    const at = title.indexOf(term, from);
    if (at < 0) break;
    if (j > 0) gaps += at - from;
    if (!wordStart) {
      const before = String.fromCodePoint(title.codePointAt(at >= 2 && /[\udc00-\udfff]/.test(title[at - 1]) ? at - 2 : at - 1) ?? 32);
      wordStart = at === 0 || !TERM_CHAR.test(before) || LETTER_DIGIT.test(before + String.fromCodePoint(title.codePointAt(at)!));
    }
    from = at + term.length;
  }
  return { gaps, wordStart };
}

/** Every term, in order, without overlaps (exactly uFuzzy's `term1.*?term2` for literal terms, in linear time). */
function inOrder(title: string, terms: string[], minLength: number): boolean {
  if (title.length < minLength) return false;
  let from = 0;
  for (const term of terms) {
    const at = title.indexOf(term, from);
    if (at < 0) return false;
    from = at + term.length;
  }
  return true;
}

/** Greedy: each term's leftmost match after the previous one; no backtracking, so linear in the title's length. */
function typoInOrder(title: string, plan: TypoPlan): boolean {
  if (title.length < plan.minLength) return false;
  for (const pieces of plan.required) {
    let found = false;
    for (const piece of pieces) if ((found = title.includes(piece))) break;
    if (!found) return false;
  }
  let from = 0;
  for (const term of plan.terms) {
    if (typeof term === 'string') {
      const at = title.indexOf(term, from);
      if (at < 0) return false;
      from = at + term.length;
      continue;
    }
    term.lastIndex = from;
    const m = term.exec(title);
    if (m === null) return false;
    from = m.index + m[0].length;
  }
  return true;
}

/** The cached match set of the longest earlier query that `needle` extends and `usable` accepts. */
function longestCachedPrefix(cache: Map<string, number[]>, needle: string, usable: (prefix: string) => boolean): number[] | undefined {
  let best: string | null = null;
  for (const key of cache.keys()) if (needle.startsWith(key) && (best === null || key.length > best.length) && usable(key)) best = key;
  return best === null ? undefined : cache.get(best);
}

function remember(cache: Map<string, number[]>, needle: string, idxs: number[]): void {
  cache.delete(needle);
  cache.set(needle, idxs);
  if (cache.size > RECENT_QUERIES) cache.delete(cache.keys().next().value!);
}

/** What fold() does after lower-casing and latinizing, for titles and queries alike. */
const UNTIDY = /[^\S ]| {2}|^ | $|[ς‘’ʼ]/;
function tidy(text: string): string {
  if (!UNTIDY.test(text)) return text;
  return (
    text
      // Final sigma is a form of σ: "Κλέφτες" is found while typing "κλεφτεσ…".
      .replace(/ς/g, 'σ')
      // Typographic apostrophes are the one on the keyboard: "don't" finds "Don’t Look Now".
      .replace(/[‘’ʼ]/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Query folding: NFKC (so "ﬁ", "ｆｕｌｌ" and decomposed accents match), lower case, Latin accents stripped, then capped. */
function fold(query: string): string {
  let text = query.trimStart();
  if (text.length > RAW_QUERY_CHARS) text = text.slice(0, RAW_QUERY_CHARS);
  text = tidy(uFuzzy.latinize(text.normalize('NFKC').toLowerCase()));
  if (text.length > MAX_QUERY_CHARS) text = text.slice(0, /[\ud800-\udbff]/.test(text[MAX_QUERY_CHARS - 1]) ? MAX_QUERY_CHARS - 1 : MAX_QUERY_CHARS).trimEnd();
  let terms = 0;
  for (const m of text.matchAll(TERM)) {
    if (++terms === MAX_TERMS) return text.slice(0, m.index + m[0].length);
  }
  return text;
}

/** Titles fold like queries (without the caps): NFKC only where needed, arrays latinized in one pass (much faster). */
export function foldTitles(titles: string[]): string[] {
  const lower = titles.map((t) => (/[\u0080-\uffff]/.test(t) ? t.normalize('NFKC') : t).toLowerCase());
  return uFuzzy.latinize(lower).map(tidy);
}

export class TitleSearch {
  private readonly haystack: string[];
  /** haystack position -> catalog row; position 0 is the most popular title. */
  private readonly rowAt: Int32Array;
  /** haystack position -> 1 when it holds the row's original title. */
  private readonly isOriginal: Uint8Array;
  /** Match sets of recent queries (insertion-ordered, oldest first), to narrow instead of rescanning. */
  private readonly exactSets = new Map<string, number[]>();
  private readonly typoSets = new Map<string, number[]>();
  /** A query whose typo-tolerant matches were not needed yet: computed between keystrokes (prepareNextKeystroke). */
  private pending: string | null = null;

  /** `originalTitles[row]`: the film's original title, "" (or equal to the title) when there is none to add. */
  constructor(titles: string[], popularity: ArrayLike<number>, originalTitles?: ArrayLike<string>) {
    const order = orderByDescending(popularity);
    const folded = foldTitles(Array.from(order, (row) => titles[row]));
    const originals = originalTitles ? foldTitles(Array.from(order, (row) => originalTitles[row] ?? '')) : null;
    const haystack: string[] = [];
    const rowAt: number[] = [];
    const isOriginal: number[] = [];
    for (let i = 0; i < order.length; i++) {
      haystack.push(folded[i]);
      rowAt.push(order[i]);
      isOriginal.push(0);
      // Same popularity as its title, so right after it; one that folds to the title adds nothing.
      if (originals && originals[i] !== '' && originals[i] !== folded[i]) {
        haystack.push(originals[i]);
        rowAt.push(order[i]);
        isOriginal.push(1);
      }
    }
    this.haystack = haystack;
    this.rowAt = Int32Array.from(rowAt);
    this.isOriginal = Uint8Array.from(isOriginal);
  }

  /** A hit for haystack position `idx`, unless its film is already listed (by its other title). */
  private add(hits: TitleHit[], listed: Set<number>, idx: number, quality: number): void {
    const row = this.rowAt[idx];
    if (listed.has(row)) return;
    listed.add(row);
    hits.push({ row, quality, original: this.isOriginal[idx] === 1 });
  }

  /** Whether `idxs` holds at least `limit` different films (a film may match by both titles). */
  private filmsAtLeast(idxs: number[], limit: number): boolean {
    if (idxs.length < limit) return false;
    let films = 0;
    for (let i = 0; i < idxs.length; i++) if ((i === 0 || this.rowAt[idxs[i]] !== this.rowAt[idxs[i - 1]]) && ++films >= limit) return true;
    return false;
  }

  /**
   * Exact matches first (all terms as typed, ranked by quality then popularity); typo-tolerant matches only fill the
   * list when exact ones are too few, ranked after them.
   */
  search(query: string, limit = 20): TitleHit[] {
    const needle = fold(query);
    this.pending = null;
    if (needle.length === 0 || !(limit > 0)) return [];
    const terms = termsOf(needle);
    // One or two characters, or no letter or digit at all ("!!!", "☆"): a literal scan.
    if (needle.length <= SHORT_QUERY || terms.length === 0) return this.searchLiteral(needle, limit);
    const exactIdxs = this.exactMatches(needle);
    const typoTolerant = codePoints(terms.join('')).length >= FUZZY_FROM_LETTERS;
    if (!typoTolerant || this.filmsAtLeast(exactIdxs, limit)) {
      this.pending = needle;
      return this.rank(exactIdxs, needle, limit);
    }
    const hits = this.rank(exactIdxs, needle, limit);
    const listed = new Set(hits.map((hit) => hit.row));
    // Typo matches fill the rest in popularity order (the haystack's order): all of them rank below exact matches.
    for (const idx of this.typoMatches(needle)) {
      if (hits.length >= limit) break;
      this.add(hits, listed, idx, 0);
    }
    return hits;
  }

  /** Between keystrokes (the worker calls this after replying): compute the typo-tolerant set the next keystroke will narrow. */
  prepareNextKeystroke(): void {
    const needle = this.pending;
    this.pending = null;
    if (needle === null) return;
    const terms = termsOf(needle);
    if (needle.length <= SHORT_QUERY) {
      if (!this.exactSets.has(needle)) this.exactMatches(needle);
      return;
    }
    // The finished words too: when the last word's typo rule changes, the next keystroke narrows from them.
    const finished = terms.slice(0, -1).join(' ');
    if (finished && !this.typoSets.has(finished)) this.typoMatches(finished);
    if (!this.typoSets.has(needle)) this.typoMatches(needle);
  }

  /** Titles holding every term in order. A longer query's matches are a subset of any cached prefix's matches. */
  private exactMatches(needle: string): number[] {
    const terms = termsOf(needle);
    if (terms.length === 0) return [];
    const from = longestCachedPrefix(this.exactSets, needle, () => true);
    const minLength = totalLength(terms);
    const idxs: number[] = [];
    if (from) {
      for (const idx of from) if (inOrder(this.haystack[idx], terms, minLength)) idxs.push(idx);
    } else {
      for (let idx = 0; idx < this.haystack.length; idx++) if (inOrder(this.haystack[idx], terms, minLength)) idxs.push(idx);
    }
    remember(this.exactSets, needle, idxs);
    return idxs;
  }

  private typoMatches(needle: string): number[] {
    const terms = termsOf(needle);
    if (terms.length === 0) return [];
    // Typo rules change with term length (see tolerant): a cached prefix narrows only if every term kept its rule.
    const classes = ruleClasses(needle);
    // No term tolerates a typo: the typo-tolerant matches are the exact ones.
    if (!classes.includes('f')) {
      const idxs = this.exactSets.get(needle) ?? this.exactMatches(needle);
      remember(this.typoSets, needle, idxs);
      return idxs;
    }
    const from = longestCachedPrefix(this.typoSets, needle, (prefix) => classes.startsWith(ruleClasses(prefix)));
    const plan = typoPlan(terms);
    const idxs: number[] = [];
    if (from) {
      for (const idx of from) if (typoInOrder(this.haystack[idx], plan)) idxs.push(idx);
    } else {
      for (let idx = 0; idx < this.haystack.length; idx++) if (typoInOrder(this.haystack[idx], plan)) idxs.push(idx);
    }
    remember(this.typoSets, needle, idxs);
    return idxs;
  }

  private rank(idxs: number[], needle: string, limit: number): TitleHit[] {
    const tierOf = (title: string, clean: boolean) => (title === needle ? 3 : title.startsWith(needle) ? 2 : clean ? 1 : 0);
    const hits: TitleHit[] = [];
    const listed = new Set<number>();
    if (limit <= 0 || idxs.length === 0) return hits;
    if (idxs.length > INFO_THRESHOLD) {
      // Too many matches to rank by detail: the title itself, then titles starting with the query, then the rest, each
      // group already in popularity order.
      for (const tier of [3, 2, 1])
        for (const idx of idxs) if (hits.length < limit && tierOf(this.haystack[idx], true) === tier) this.add(hits, listed, idx, tier);
      return hits;
    }
    const terms = termsOf(needle);
    const ranked = idxs.map((idx) => {
      const title = this.haystack[idx];
      const { gaps, wordStart } = matchDetail(title, terms);
      return { idx, quality: tierOf(title, gaps <= needle.length), wordStart: wordStart ? 1 : 0 };
    });
    // Match quality first (tier, then whole-word starts), then popularity (haystack order; a title before its original).
    ranked.sort((a, b) => b.quality - a.quality || b.wordStart - a.wordStart || a.idx - b.idx);
    for (const r of ranked) {
      if (hits.length >= limit) break;
      this.add(hits, listed, r.idx, r.quality);
    }
    return hits;
  }

  /** Titles equal to the needle, then the most popular starting with it, then the most popular containing it (early exit). */
  private searchLiteral(needle: string, limit: number): TitleHit[] {
    const hits: TitleHit[] = [];
    const listed = new Set<number>();
    const titles = this.haystack;
    for (let i = 0; i < titles.length && hits.length < limit; i++) if (titles[i] === needle) this.add(hits, listed, i, 3);
    for (let i = 0; i < titles.length && hits.length < limit; i++) {
      if (titles[i].length > needle.length && titles[i].startsWith(needle)) this.add(hits, listed, i, 2);
    }
    for (let i = 0; i < titles.length && hits.length < limit; i++) {
      if (!titles[i].startsWith(needle) && titles[i].includes(needle)) this.add(hits, listed, i, 1);
    }
    this.pending = needle;
    return hits;
  }
}
