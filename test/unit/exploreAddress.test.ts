// Explore's address filters it cannot show (issue 21 item 9): dropped and said, never applied under "All genres".
import { describe, expect, it } from 'vitest';
import { checkExploreRoute, DEFAULT_EXPLORE_ROUTE, parseExploreParams } from '../../src/app/explore/exploreRoute';
import { DECADES } from '../../src/app/shared/GenreDecadeFields';

const GENRES = ['Drama', 'Comedy', 'Science Fiction'];
const check = (search: string) => checkExploreRoute(parseExploreParams(search), GENRES, DECADES);

describe('Explore address check', () => {
  it('keeps what the fields can show, spelling a genre as the catalog does', () => {
    expect(check('genre=Drama&decade=1990&sort=year')).toEqual({ route: { ...parseExploreParams('genre=Drama&decade=1990&sort=year') }, ignored: [] });
    expect(check('genre=science%20fiction').route.genre).toBe('Science Fiction');
    expect(check('').route).toEqual(DEFAULT_EXPLORE_ROUTE);
  });

  it('drops a decade the Decade field does not offer and a genre the catalog lacks, saying which and why', () => {
    expect(check('decade=1800')).toEqual({
      route: DEFAULT_EXPLORE_ROUTE,
      ignored: [
        { filter: 'decade', value: '1800', text: 'Left out the decade 1800s from the address: Explore offers the 1900s to the 2010s. Showing every decade.' },
      ],
    });
    expect(check('genre=Nonexistent')).toEqual({
      route: DEFAULT_EXPLORE_ROUTE,
      ignored: [
        {
          filter: 'genre',
          value: 'Nonexistent',
          text: 'Left out the genre “Nonexistent” from the address: this catalog has no such genre. Showing all genres.',
        },
      ],
    });
    const both = check('genre=Drama&decade=2020&person=Ann%20Lee&hide=watchlist');
    expect(both.route).toEqual({ ...parseExploreParams('genre=Drama&person=Ann%20Lee&hide=watchlist') });
    expect(both.ignored.map((i) => i.filter)).toEqual(['decade']);
    expect(check('genre=Horror&decade=1850').ignored.map((i) => i.filter)).toEqual(['genre', 'decade']);
  });

  it('every decade the field offers passes, and nothing it does not', () => {
    for (const decade of DECADES) expect(check(`decade=${decade}`).ignored).toEqual([]);
    for (const decade of [1800, 1890, 2020, 2090]) expect(check(`decade=${decade}`).ignored).toHaveLength(1);
  });
});
