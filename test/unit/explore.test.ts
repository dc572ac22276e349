// Explore on the hand-written tiny dataset: filters, the Bayesian-averaged sort, predicted ★ (and its fallback), the
// people index built from the keyword soup's roles, and the #/explore and #/welcome routes.
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { MAX_EXPLORE_PAGE, personToken } from '../../src/engine/explore';
import { soupToken } from '../../src/pipeline/soup';
import { DEFAULT_EXPLORE_ROUTE, exploreSearch, parseExploreParams } from '../../src/app/explore/exploreRoute';
import { exploreChips, exploreCountText } from '../../src/app/explore/exploreFormat';
import { isBareStart, normalizeProgress, progressText } from '../../src/app/onboarding/onboardingProgress';
import { parseRoute, routeHref, type Route } from '../../src/app/shared/useHashRoute';
import { TINY_MOVIES, tinyDataset } from '../helpers/tinyDataset';

let engine: Engine;
const titles = (result: { items: { movie: { title: string } }[] }) => result.items.map((item) => item.movie.title);

beforeAll(async () => {
  const data = await tinyDataset();
  // TMDB ratings with a trap: "No Genre Film" has a perfect 10 from 10 votes.
  const averages: Record<string, number> = {
    'Toy Tale': 8.0,
    'Toy Tale 2': 7.5,
    'Bug Life': 7.2,
    'Laugh Riot': 6.0,
    'Sad Story': 7.9,
    'Scary Night': 5.5,
    'Amélie Variations': 7.8,
    'No Genre Film': 10,
  };
  data.catalog.titles.forEach((title, row) => (data.catalog.voteAverage[row] = averages[title]));
  engine = new Engine(data);
});

describe('explore: filters and sorts', () => {
  it('sorts by the Bayesian-averaged TMDB rating, so a 10/10 from 10 votes does not top the list', () => {
    const result = engine.explore({}, 'rating', { vector: null });
    expect(result.total).toBe(TINY_MOVIES.length);
    expect(result.sort).toBe('rating');
    // By the raw average it would be first; shrunk towards the catalog mean it is not.
    expect(titles(result)[0]).toBe('Toy Tale');
    expect(titles(result).indexOf('No Genre Film')).toBeGreaterThan(0);
    // The shown average is the shrunk one, between the raw 10 and the catalog mean.
    const trap = result.items.find((item) => item.movie.title === 'No Genre Film')!;
    expect(trap.averageRating).toBeLessThan(8);
    expect(trap.averageRating).toBeGreaterThan(7);
    expect(result.items.every((item) => item.predictedRating === null)).toBe(true);
  });

  it('filters by genre, decade and excluded ids, and pages', () => {
    expect(titles(engine.explore({ genre: 'Animation' }, 'popularity', { vector: null }))).toEqual(['Toy Tale', 'Toy Tale 2', 'Bug Life']);
    expect(titles(engine.explore({ decade: 1990 }, 'year', { vector: null }))).toEqual(['Toy Tale 2', 'Bug Life', 'Toy Tale']);
    expect(titles(engine.explore({ genre: 'Comedy', exclude: [10, 13] }, 'rating', { vector: null }))).toEqual(['Amélie Variations', 'Toy Tale 2']);
    expect(engine.explore({ genre: 'Western' }, 'rating', { vector: null }).total).toBe(0);
    const first = engine.explore({}, 'popularity', { vector: null }, { offset: 0, limit: 3 });
    const second = engine.explore({}, 'popularity', { vector: null }, { offset: 3, limit: 3 });
    expect(first.total).toBe(8);
    expect(titles(first)).toEqual(['Toy Tale', 'Toy Tale 2', 'Bug Life']);
    expect(titles(second)).toEqual(['Amélie Variations', 'Laugh Riot', 'Sad Story']);
    expect(engine.explore({}, 'popularity', { vector: null }, { limit: 10_000 }).items.length).toBeLessThanOrEqual(MAX_EXPLORE_PAGE);
  });

  it('sorts by predicted ★ with a vector (movies without a model vector last) and falls back to the rating without one', () => {
    const vector = engine.fitUser([
      { movieId: 14, rating: 5 },
      { movieId: 10, rating: 1 },
    ])!;
    const result = engine.explore({}, 'predicted', { vector });
    expect(result.sort).toBe('predicted');
    const predicted = result.items.map((item) => item.predictedRating);
    // The last two tiny movies have no model vector: no prediction, listed after every predicted one.
    expect(predicted.slice(-2)).toEqual([null, null]);
    const known = predicted.slice(0, -2) as number[];
    expect([...known].sort((a, b) => b - a)).toEqual(known);
    // Changing the sort changes the order.
    expect(titles(result)).not.toEqual(titles(engine.explore({}, 'rating', { vector })));
    expect(engine.explore({}, 'predicted', { vector: null }).sort).toBe('rating');
  });
});

describe('explore: people from the keyword soup', () => {
  it('finds directors and actors by any word prefix, best known first, with their roles', () => {
    const hits = engine.people('tom');
    expect(hits.map((h) => h.name)).toEqual(['Tom Banks']);
    expect(hits[0]).toMatchObject({ roles: ['cast'], movies: 3, knownFor: 'Toy Tale' });
    expect(engine.people('lass')[0]).toMatchObject({ name: 'John Lass', roles: ['director'], movies: 3 });
    expect(engine.people('ann l')[0]).toMatchObject({ name: 'Ann Lee', roles: ['director'] });
    expect(engine.people('ANN')[0].name).toBe('Ann Lee');
    // Keywords are not people; names seen in one movie only are not in the soup's vocabulary.
    expect(engine.people('friendship')).toEqual([]);
    expect(engine.people('')).toEqual([]);
    expect(engine.people('tom', 0)).toEqual([]);
  });

  it("lists a person's films (any spelling the soup folds alike) and says when a name is unknown", () => {
    const nolan = engine.explore({ person: 'john lass' }, 'year', { vector: null });
    expect(nolan.person?.name).toBe('John Lass');
    expect(titles(nolan)).toEqual(['Toy Tale 2', 'Bug Life', 'Toy Tale']);
    expect(titles(engine.explore({ person: 'Tom Banks', genre: 'Drama' }, 'rating', { vector: null }))).toEqual(['Sad Story']);
    const unknown = engine.explore({ person: 'Nobody Atall' }, 'rating', { vector: null });
    expect(unknown).toMatchObject({ total: 0, person: null, items: [] });
  });

  it('tokenises names exactly like build-data', () => {
    for (const name of ['Tom Hanks', "Zoë O'Brien", 'Jean-Luc Godard', 'Ｆｕｌｌ Width', 'Ōshima Nagisa', 'Björk', '  spaced   out '])
      expect(personToken(name)).toBe(soupToken(name));
  });
});

describe('routes: #/explore and #/welcome', () => {
  it('parses and writes explore filters, leaving defaults out of the address', () => {
    expect(parseRoute('#/explore')).toEqual({ view: 'explore', ...DEFAULT_EXPLORE_ROUTE });
    const route = parseRoute('#/explore?genre=Science+Fiction&decade=1990&person=Christopher%20Nolan&sort=year&hide=watchlist');
    expect(route).toEqual({ view: 'explore', genre: 'Science Fiction', decade: 1990, person: 'Christopher Nolan', sort: 'year', hide: ['watchlist'] });
    expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ view: 'explore', ...DEFAULT_EXPLORE_ROUTE })).toBe('#/explore');
    expect(routeHref({ view: 'explore', ...DEFAULT_EXPLORE_ROUTE, hide: [] })).toBe('#/explore?hide=');
    expect(parseRoute('#/explore?hide=')).toMatchObject({ hide: [] });
    // Hide flags come back in a fixed order whatever the address says.
    expect(exploreSearch(parseExploreParams('hide=hidden,rated'))).toBe('');
  });

  it('ignores filter values that do not parse instead of showing another page', () => {
    expect(parseRoute('#/explore?decade=1995&sort=best&hide=everything&genre=%20%20')).toEqual({ view: 'explore', ...DEFAULT_EXPLORE_ROUTE, hide: [] });
    expect(parseRoute(`#/explore?person=${'x'.repeat(101)}`)).toMatchObject({ person: null });
    expect(parseRoute('#/explore/1990')).toEqual({ view: 'not-found', path: '/explore/1990' });
  });

  it('has a welcome route; only the bare start lands there', () => {
    expect(parseRoute('#/welcome')).toEqual({ view: 'welcome' } satisfies Route);
    expect(routeHref({ view: 'welcome' })).toBe('#/welcome');
    expect(['', '#', '#/'].every(isBareStart)).toBe(true);
    expect(['#/search', '#/for-you', '#/welcome'].some(isBareStart)).toBe(false);
  });
});

describe('onboarding progress and explore text', () => {
  it('reads stored progress defensively', () => {
    expect(normalizeProgress(null)).toEqual({ page: 0, done: false, skipped: [] });
    expect(normalizeProgress({ page: 2, done: true, skipped: [5, 'x', -1, 7.5, 9] })).toEqual({ page: 2, done: true, skipped: [5, 9] });
    expect(normalizeProgress({ page: -1, done: 'yes' })).toEqual({ page: 0, done: false, skipped: [] });
    expect(progressText(6)).toBe('6 rated · 10 is a good start');
  });

  it('formats chips and counts', () => {
    const movie = { id: 1, title: 'X', year: 2000, genres: [], popularity: 1, voteAverage: 8, voteCount: 1234 };
    expect(exploreChips({ movie, predictedRating: 4.26, averageRating: 7.94 })).toEqual(['for you: 4.3★', 'TMDB 7.9 (1,234 votes)']);
    expect(exploreChips({ movie, predictedRating: null, averageRating: 7 })).toEqual(['TMDB 7.0 (1,234 votes)']);
    expect(exploreCountText(30, 1234)).toBe('Showing 30 of 1,234 movies');
    expect(exploreCountText(3, 3)).toBe('3 movies');
    expect(exploreCountText(0, 0)).toBe('No movies match these filters.');
  });
});
