import { describe, expect, it } from 'vitest';
import { TERM_KIND } from '../../src/engine/keywordIndex';
import { buildSoupMatrix, soupToken } from '../../src/pipeline/soup';

describe('keyword soup', () => {
  it('joins multi-word names into one token, folds accents and punctuation', () => {
    expect(soupToken('Tom Hanks')).toBe('tomhanks');
    expect(soupToken("Zoë O'Brien")).toBe('zoeobrien');
    expect(soupToken("based on children's book")).toBe('basedonchildrensbook');
    expect(soupToken('Science Fiction')).toBe('sciencefiction');
  });

  it('removes English stop words, counts terms, stores only shared terms but keeps full norms', () => {
    const m = buildSoupMatrix(
      [
        { keywords: ['the', 'toy', 'unique one'], cast: ['Tom Hanks'], directors: ['John Lasseter'], genres: ['Comedy'] },
        { keywords: ['toy', 'about'], cast: ['Tom Hanks'], directors: ['John Lasseter'], genres: ['Comedy'] },
      ],
      { directorWeight: 2 },
    );
    expect(m.stopWordsRemoved).toBe(2); // 'the', 'about'
    expect(m.vocabulary).toEqual(['comedy', 'johnlasseter', 'tomhanks', 'toy']);
    expect(m.singletonTerms).toBe(1); // 'uniqueone'
    // Row 0 full vector: toy 1, uniqueone 1, tomhanks 1, johnlasseter 2, comedy 1 -> norm sqrt(8)
    expect(m.norms[0]).toBeCloseTo(Math.sqrt(8), 6);
    expect(m.norms[1]).toBeCloseTo(Math.sqrt(7), 6);
    const row0 = Array.from(m.indices.subarray(m.indptr[0], m.indptr[1]));
    expect(row0).toEqual([0, 1, 2, 3]);
    expect(m.counts[1]).toBe(2); // director weight
    expect(m.roles[m.indptr[0] + m.vocabulary.indexOf('tomhanks')]).toBe(TERM_KIND.cast);
    expect(m.labels[m.vocabulary.indexOf('johnlasseter')]).toBe('John Lasseter');
  });
});
