// Title search on the 45,433 real titles: every title is found by its own exact text (Cyrillic, Japanese, Greek,
// Persian… included), so is every film by its original title, and any query, up to 100 KB of arbitrary Unicode, answers
// without throwing within the time bound.
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldTitles, TitleSearch } from '../../src/engine/titleSearch';
import { readMovies } from '../../src/pipeline/movies';
import { HAS_REAL_DATA, REAL_DATA_DIR, reportSkip } from '../helpers/realData';

reportSkip('real-data title search test');

/** Longest a search (and the preparation for the next keystroke) may take, whatever the query. */
const BOUND_MS = 50;
const KB100 = 100_000;

describe.skipIf(!HAS_REAL_DATA)('title search on the real catalog', () => {
  let titles: string[];
  let originals: string[];
  let votes: Uint32Array;
  let search: TitleSearch;

  beforeAll(async () => {
    // The catalog's titles in row order, as build-data stores them (same reader, same skips).
    const { movies } = await readMovies(join(REAL_DATA_DIR, 'movies_metadata.csv'));
    titles = movies.map((m) => m.title);
    originals = movies.map((m) => m.originalTitle);
    votes = Uint32Array.from(movies, (m) => m.voteCount);
    search = new TitleSearch(titles, votes, originals);
  });

  /** Time of search + prepareNextKeystroke. A shared 2-core machine can stall any single run, so a run over the bound is
   * repeated (twice at most, on fresh instances) and the best counts: a real blow-up is slow every time. */
  function boundedMs(query: string): number {
    const once = (s: TitleSearch) => {
      const started = performance.now();
      const hits = s.search(query, 20);
      s.prepareNextKeystroke();
      const ms = performance.now() - started;
      expect(hits.length).toBeLessThanOrEqual(20);
      for (const h of hits) expect(h.row >= 0 && h.row < titles.length).toBe(true);
      return ms;
    };
    let best = once(search);
    for (let retry = 0; retry < 2 && best > BOUND_MS; retry++) best = Math.min(best, once(new TitleSearch(titles, votes, originals)));
    return best;
  }

  it('finds each of the 45k titles by its exact text, among the movies that share that title', () => {
    expect(titles.length).toBe(45_433);
    // Titles equal once folded (case, accents, spacing, Unicode forms) are the same query: each must be among them
    // (another film's original title can be the same text too).
    const folded = foldTitles(titles);
    const foldedOriginals = foldTitles(originals);
    const sharing = new Map<string, number>();
    for (const [row, f] of folded.entries()) {
      sharing.set(f, (sharing.get(f) ?? 0) + 1);
      if (foldedOriginals[row] !== '' && foldedOriginals[row] !== f) sharing.set(foldedOriginals[row], (sharing.get(foldedOriginals[row]) ?? 0) + 1);
    }
    const missed: string[] = [];
    for (const [row, title] of titles.entries()) {
      const hits = search.search(title, sharing.get(folded[row])!);
      if (!hits.some((h) => h.row === row && h.quality === 3)) missed.push(title);
    }
    expect(missed).toEqual([]);
    expect(Math.max(...sharing.values())).toBeLessThan(20); // so each is also on the first page of 20
  }, 600_000); // 45k searches: ~50 s on 2 cores

  it('finds every title with non-ASCII letters on the first page of 20, and answers the reported crashes', () => {
    const nonAscii = titles.flatMap((t, row) => (/[\u0080-\uffff]/.test(t) ? [row] : []));
    const nonLatin = nonAscii.filter((row) => /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(titles[row]));
    expect([nonAscii.length, nonLatin.length]).toEqual([828, 39]); // Cyrillic, Greek, Japanese, Chinese, Persian
    for (const row of nonAscii)
      expect(
        search.search(titles[row], 20).map((h) => h.row),
        titles[row],
      ).toContain(row);
    const rowOf = (title: string) => titles.indexOf(title);
    expect(search.search('Оно', 20)[0].row).toBe(rowOf('Оно'));
    expect(search.search('Το Ξύλο', 20)[0].row).toBe(rowOf('Το Ξύλο Βγήκε Από Τον Παράδεισο'));
    // Reported as unfindable (issue 21): the original titles of Brother (1997) and Spirited Away.
    expect(titles[originals.indexOf('Брат')]).toBe('Brother'); // Balabanov's (1997); Kitano's Brother is another film
    expect(search.search('Брат', 20)[0]).toMatchObject({ row: originals.indexOf('Брат'), original: true });
    expect(search.search('千と千尋の神隠し', 20)[0]).toMatchObject({ row: rowOf('Spirited Away'), original: true });
  });

  it('finds ≥ 99.5% of the films whose original title differs (non-ASCII) on the first page of 20 by that title', () => {
    // Before original titles were indexed: 101 of 5,513 (1.8%).
    const rows = originals.flatMap((o, row) => (o !== '' && o !== titles[row] && /[\u0080-\uffff]/.test(o) ? [row] : []));
    expect(rows.length).toBeGreaterThan(5_000);
    const missed = rows.filter((row) => !search.search(originals[row], 20).some((h) => h.row === row));
    console.log(`original titles: ${rows.length - missed.length} of ${rows.length} found in the top 20`);
    expect(
      missed.length / rows.length,
      missed
        .slice(0, 10)
        .map((row) => originals[row])
        .join(' | '),
    ).toBeLessThanOrEqual(0.005);
  });

  it(`answers long and hostile queries (up to 100 KB) within ${BOUND_MS} ms`, () => {
    const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    const words = (n: number) => letters(n).replace(/(.{5})./g, '$1 ');
    const queries = [
      ...[100, 1_000, 10_000, KB100].flatMap((n) => [letters(n), words(n), 'z'.repeat(n), 'e '.repeat(n / 2) + 'q']),
      titles[0].repeat(KB100 / titles[0].length),
      'Брат '.repeat(KB100 / 5),
      '千と千尋の神隠し'.repeat(KB100 / 8),
      '🎬'.repeat(KB100 / 2),
      '\u202eOno\u202c'.repeat(KB100 / 5), // right-to-left override
      'a' + '\u0301'.repeat(KB100), // combining marks
      '\ud800'.repeat(KB100), // lone surrogates
      '"'.repeat(KB100),
      "'".repeat(KB100),
      ' \t\n'.repeat(KB100 / 3),
      'eexxaacctt '.repeat(10),
      'the '.repeat(30) + 'thx',
    ];
    const slow = queries.map((q) => ({ q: q.slice(0, 24), ms: boundedMs(q) })).filter((r) => r.ms > BOUND_MS);
    expect(slow).toEqual([]);
  });

  it(`answers arbitrary Unicode (graphemes, code points, lone surrogates, RTL, 100 KB) within ${BOUND_MS} ms`, () => {
    const codeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 60 });
    const seedOfTitle = fc.nat(titles.length - 1).map((row) => titles[row]);
    const query = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      codeUnits,
      fc.tuple(seedOfTitle, fc.string({ unit: 'grapheme', maxLength: 4 })).map(([t, s]) => t + s),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).map((s) => s.repeat(Math.ceil(KB100 / s.length))),
    );
    fc.assert(
      fc.property(query, (q) => {
        expect(boundedMs(q)).toBeLessThanOrEqual(BOUND_MS);
      }),
      { numRuns: 400, seed: 45_433 },
    );
  });
});
