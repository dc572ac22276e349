// Title search on hostile and non-Latin input: bounded time for any query, any script findable by its own text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, MAX_TERMS, TitleSearch } from '../../src/engine/titleSearch';

/** Titles in many scripts, with marks, symbols, quotes and apostrophes, and two that differ only by folding. */
const titles = [
  'Брат',
  'Брат 2',
  'Оно',
  'Королёв',
  'Приключения Шерлока Холмса и доктора Ватсона: Двадцатый век начинается',
  '千と千尋の神隠し',
  'マルドゥック・スクランブル 排気',
  '貓狗時空傳',
  'Το Ξύλο Βγήκε Από Τον Παράδεισο',
  'Κλέφτες',
  'هیچ کجا هیچ کس',
  'אהבה בין הגלים',
  'हम आपके हैं कौन',
  'ฟ้าทะลายโจร',
  '괴물',
  '𠮷野家の物語',
  'Amélie',
  'Ame\u0301lie', // the same title, decomposed
  'ＦＵＬＬ Metal',
  "Rock 'n' Roll High School",
  'Don’t Look Now',
  'The "Human" Factor',
  '☆',
  '!!!',
  '♡ ♡ ♡',
  '🎬 Movie Night',
  'Eexxaacctt',
  '9',
  'Toy Story',
  'Harry Potter and the Chamber of Secrets',
];
const votes = titles.map((_, i) => 1000 - i);
const search = new TitleSearch(titles, votes);
const rowsOf = (q: string, limit = 10) => search.search(q, limit).map((h) => h.row);

describe('title search in any script', () => {
  it('finds every title by its exact text, first among the titles it folds to (quality 3)', () => {
    for (const [row, title] of titles.entries()) {
      const hits = search.search(title, 2);
      expect(
        hits.map((h) => h.row),
        title,
      ).toContain(row);
      expect(hits.find((h) => h.row === row)!.quality, title).toBe(3);
    }
  });

  it('answers the reported crashes (Cyrillic, Japanese, Greek) instead of throwing', () => {
    expect(rowsOf('Брат')[0]).toBe(0);
    expect(rowsOf('Оно')[0]).toBe(2);
    expect(rowsOf('千と千尋の神隠し')[0]).toBe(5);
    expect(rowsOf('Το Ξύλο')[0]).toBe(8);
  });

  it('is case-insensitive and typo-tolerant outside Latin too', () => {
    expect(rowsOf('ОНО')[0]).toBe(2);
    expect(rowsOf('το ξυλο βγηκε')).toContain(8); // missing tonos: one substitution per word
    expect(rowsOf('Королев')).toContain(3); // ё typed as е
    expect(rowsOf('κλέφτεσ')[0]).toBe(9); // final sigma typed as σ
    expect(rowsOf('千尋')).toContain(5); // a part of a title without spaces
    expect(rowsOf('𠮷野')).toContain(15);
  });

  it('folds Unicode forms: decomposed accents, full-width letters, apostrophes and quotes', () => {
    expect(rowsOf('amelie', 2).sort()).toEqual([16, 17]);
    expect(rowsOf('ame\u0301lie', 2).sort()).toEqual([16, 17]);
    expect(rowsOf('full metal')[0]).toBe(18);
    expect(rowsOf("rock 'n' roll")[0]).toBe(19);
    expect(rowsOf("don't look")[0]).toBe(20);
    expect(rowsOf('the human factor')[0]).toBe(21);
    expect(rowsOf('"human"')[0]).toBe(21);
  });

  it('matches queries without letters or digits literally', () => {
    expect(rowsOf('☆')).toEqual([22]);
    expect(rowsOf('!!!')).toEqual([23]);
    expect(rowsOf('♡ ♡')).toEqual([24]);
    expect(rowsOf('🎬')).toEqual([25]);
    expect(rowsOf('?!?!')).toEqual([]);
  });
});

describe('title search is bounded for any input', () => {
  const tokens = [
    'a',
    'e',
    'ab',
    'the',
    'toy',
    'st',
    ' ',
    '  ',
    '-',
    "'",
    '’',
    '"',
    '.',
    'о',
    'но',
    'ς',
    'σ',
    'é',
    'e\u0301',
    '千',
    'と',
    '🎬',
    '\u200f',
    '\u202e',
    'ا',
    '\ud800',
    '\udfff',
    '2',
    '\n',
    'eexxaacctt',
  ];
  const queries = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }), // lone surrogates
    fc.string({ unit: fc.constantFrom(...tokens), maxLength: 30 }),
    fc.constantFrom(...titles).chain((t) => fc.string({ unit: fc.constantFrom(...tokens), maxLength: 4 }).map((s) => t + s)),
  );

  it('never throws and returns at most `limit` distinct catalog rows', () => {
    fc.assert(
      fc.property(queries, fc.integer({ min: -1, max: 40 }), (query, limit) => {
        const hits = search.search(query, limit);
        search.prepareNextKeystroke();
        expect(hits.length).toBeLessThanOrEqual(Math.max(0, limit));
        for (const h of hits) expect(h.row >= 0 && h.row < titles.length).toBe(true);
        expect(new Set(hits.map((h) => h.row)).size).toBe(hits.length);
      }),
      { numRuns: 1500, seed: 20240611 },
    );
  });

  it('typing any string answers exactly as a fresh search would (cached match sets stay sound)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...tokens), maxLength: 12 }), (query) => {
        const typing = new TitleSearch(titles, votes);
        for (let i = 1; i <= query.length; i++) {
          const incremental = typing.search(query.slice(0, i), 5);
          typing.prepareNextKeystroke();
          expect(incremental).toEqual(new TitleSearch(titles, votes).search(query.slice(0, i), 5));
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('ignores what lies past MAX_QUERY_CHARS and MAX_TERMS', () => {
    const huge = 'toy story '.repeat(10_000);
    expect(search.search(huge)).toEqual(search.search(huge.slice(0, MAX_QUERY_CHARS)));
    const words = Array.from({ length: MAX_TERMS + 6 }, (_, i) => `w${i}`);
    expect(search.search(words.join(' '))).toEqual(search.search(words.slice(0, MAX_TERMS).join(' ')));
    expect(rowsOf(' '.repeat(100_000) + 'Оно')[0]).toBe(2); // leading blanks do not count
  });

  it('stays linear on titles and queries built to make a backtracking matcher explode', () => {
    // `e.*?e.*?…e.*?q` over titles full of e (what uFuzzy's joined regex did) backtracks through C(600, 24) paths.
    const hostileTitles = [
      ...Array.from({ length: 300 }, (_, i) => 'e'.repeat(600) + i),
      ...Array.from({ length: 300 }, () => 'the '.repeat(150)),
      'a'.repeat(10_000),
    ];
    const hostile = new TitleSearch(
      hostileTitles,
      hostileTitles.map(() => 1),
    );
    const attacks = [
      'e '.repeat(MAX_TERMS - 1) + 'q',
      'e '.repeat(20) + 'exq',
      'ee '.repeat(20) + 'eqe',
      'the '.repeat(20) + 'tha',
      'a'.repeat(100_000),
      'ab'.repeat(50_000),
      'e'.repeat(MAX_QUERY_CHARS - 1) + 'q',
    ];
    for (const attack of attacks) {
      const started = performance.now();
      hostile.search(attack);
      hostile.prepareNextKeystroke();
      // Generous for a loaded 2-core machine: a backtracking blow-up takes seconds to hours here.
      expect(performance.now() - started, attack.slice(0, 20)).toBeLessThan(500);
    }
  });
});
