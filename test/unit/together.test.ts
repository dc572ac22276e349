// Watch together's plain module (src/app/together/together.ts): the address, the picking rules, reading members, the chips.
import { beforeEach, describe, expect, it } from 'vitest';
import type { CineLocalDatabase } from '../../src/storage/db';
import { hideMovie } from '../../src/storage/movieLists';
import { createProfile, deleteProfile, listProfiles, setRating } from '../../src/storage/repository';
import {
  groupName,
  groupProblem,
  parseTogetherParams,
  pickChips,
  pickedProfiles,
  readGroupMembers,
  toggleMember,
  togetherSearch,
  DEFAULT_TOGETHER_ROUTE,
} from '../../src/app/together/together';
import { parseRoute, routeHref } from '../../src/app/shared/useHashRoute';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('together');
let db: CineLocalDatabase;
beforeEach(() => {
  db = fakeDb.openDb();
});

describe('the watch together address', () => {
  it('round-trips members, genre, decade and "include rated"; defaults are left out', () => {
    const route = { view: 'together' as const, members: ['a1', 'b2'], genre: 'Science Fiction', decade: 1990, includeRated: true };
    const href = routeHref(route);
    expect(href).toBe('#/together?with=a1,b2&genre=Science+Fiction&decade=1990&rated=1');
    expect(parseRoute(href)).toEqual(route);
    expect(routeHref({ view: 'together', ...DEFAULT_TOGETHER_ROUTE })).toBe('#/together');
    expect(parseRoute('#/together')).toEqual({ view: 'together', ...DEFAULT_TOGETHER_ROUTE });
  });

  it('reads a bad address leniently: repeats, more than six, a bad decade and empty ids are dropped', () => {
    const parsed = parseTogetherParams('with=a,a,,b,c,d,e,f,g&decade=1993&rated=yes');
    expect(parsed).toEqual({ members: ['a', 'b', 'c', 'd', 'e', 'f'], genre: null, decade: null, includeRated: false });
    expect(togetherSearch(parsed)).toBe('with=a,b,c,d,e,f');
  });
});

describe('picking the group', () => {
  it('adds in order, up to six, and removes', () => {
    let members: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) members = toggleMember(members, id, true);
    expect(members).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(toggleMember(members, 'a', true)).toBe(members);
    expect(toggleMember(members, 'c', false)).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('names the group and says what is missing', () => {
    expect(groupName(['Ada'])).toBe('Ada');
    expect(groupName(['Ada', 'Ben'])).toBe('Ada and Ben');
    expect(groupName(['Ada', 'Ben', 'Cy'])).toBe('Ada, Ben and Cy');
    expect(groupProblem(0)).toBe('Pick at least 2 profiles (2 more).');
    expect(groupProblem(1)).toBe('Pick at least 2 profiles (1 more).');
    expect(groupProblem(2)).toBeNull();
    expect(groupProblem(6)).toBeNull();
    expect(groupProblem(7)).toBe('Pick at most 6 profiles.');
  });
});

describe('reading the members', () => {
  it('takes every rating and hidden movie of each picked profile, in the order picked; deleted profiles drop out', async () => {
    const known = knownMoviesOf([11, 12, 13, 14]);
    const ada = await createProfile(db, 'Ada');
    const ben = await createProfile(db, 'Ben');
    const gone = await createProfile(db, 'Gone');
    await setRating(db, ada.id, 11, 4.5, known);
    await setRating(db, ben.id, 12, 2, known);
    await setRating(db, ben.id, 13, 5, known);
    await hideMovie(db, ben.id, 14);
    await deleteProfile(db, gone.id);
    const picked = pickedProfiles(await listProfiles(db), [ben.id, gone.id, ada.id]);
    expect(picked.map((p) => p.name)).toEqual(['Ben', 'Ada']);
    const members = await readGroupMembers(db, picked);
    expect(members[0].name).toBe('Ben');
    expect(members[0].ratings.sort((a, b) => a.movieId - b.movieId)).toEqual([
      { movieId: 12, rating: 2 },
      { movieId: 13, rating: 5 },
    ]);
    expect(members[0].hiddenIds).toEqual([14]);
    expect(members[1]).toEqual({ name: 'Ada', ratings: [{ movieId: 11, rating: 4.5 }], hiddenIds: [] });
  });
});

describe('the chips under a pick', () => {
  const movie = { id: 1, title: 'X', year: 2000, genres: [], popularity: 1, voteAverage: 7, voteCount: 10 };
  it('say whom it suits, each member’s predicted ★ and the movie of theirs behind it', () => {
    const chips = pickChips({
      movie,
      members: [
        { name: 'Ada', predictedRating: 4.26, suits: true, becauseTheyRated: 'Toy Story' },
        { name: 'Ben', predictedRating: 3.1, suits: false, becauseTheyRated: null },
        { name: 'New', predictedRating: null, suits: false, becauseTheyRated: null },
      ],
    });
    expect(chips).toEqual(['suits Ada', 'Ada 4.3★ · rated Toy Story', 'Ben 3.1★', 'New: no ratings yet']);
    const everyone = pickChips({
      movie,
      members: [
        { name: 'Ada', predictedRating: 4, suits: true, becauseTheyRated: null },
        { name: 'Ben', predictedRating: 4, suits: true, becauseTheyRated: null },
      ],
    });
    expect(everyone[0]).toBe('suits everyone');
  });
});
