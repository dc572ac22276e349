import { describe, expect, it } from 'vitest';
import { isApproximate, titleSearchStatus } from '../../src/app/search/titleSearchStatus';
import type { SearchHit } from '../../src/engine/types';

const hit = (id: number, score: number): SearchHit => ({
  movie: { id, title: `Movie ${id}`, year: 2000, genres: [], popularity: 1, voteAverage: 7, voteCount: 10 },
  score,
});

describe('title search status (Search view and welcome page)', () => {
  it('says nothing before a query, and "Searching…" only before the first answer', () => {
    expect(titleSearchStatus({ query: '', pending: false, hits: undefined, failed: false })).toBeNull();
    expect(titleSearchStatus({ query: 'heat', pending: true, hits: undefined, failed: false })).toBe('Searching…');
    // While a new query is pending the previous answer stays (no flicker back to "Searching…").
    expect(titleSearchStatus({ query: 'heat', pending: true, hits: [hit(1, 2)], failed: false })).toBe('1 result for “heat”');
  });
  it('counts results, says when none match, and leaves failures to the error alert', () => {
    expect(titleSearchStatus({ query: 'heat', pending: false, hits: [hit(1, 2), hit(2, 1)], failed: false })).toBe('2 results for “heat”');
    expect(titleSearchStatus({ query: 'zzz', pending: false, hits: [], failed: false })).toBe('No movies match “zzz”.');
    expect(titleSearchStatus({ query: 'heat', pending: false, hits: [hit(1, 2)], failed: true })).toBeNull();
  });
  it('calls a list of typo matches only approximate, and a mixed list not', () => {
    expect(isApproximate([hit(1, 0), hit(2, 0)])).toBe(true);
    expect(isApproximate([hit(1, 0), hit(2, 1)])).toBe(false);
    expect(isApproximate([])).toBe(false);
    expect(titleSearchStatus({ query: 'hete', pending: false, hits: [hit(1, 0)], failed: false })).toBe(
      'No title matches “hete” as typed; 1 close match (approximate).',
    );
    expect(titleSearchStatus({ query: 'hete', pending: false, hits: [hit(1, 0), hit(2, 0)], failed: false })).toBe(
      'No title matches “hete” as typed; 2 close matches (approximate).',
    );
  });
});
