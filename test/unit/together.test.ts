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
  LENGTH_CHOICES,
  ratedSinceList,
  ratingsStamp,
  unknownRuntimeNote,
} from '../../src/app/together/together';
import { parseRoute, routeHref } from '../../src/app/shared/useHashRoute';
import { knownMoviesOf, useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('together');
let db: CineLocalDatabase;
beforeEach(() => {
  db = fakeDb.openDb();
});

describe('the watch together address', () => {
  it('round-trips members, genre, decade, length and "include rated"; defaults are left out', () => {
    const route = { view: 'together' as const, members: ['a1', 'b2'], genre: 'Science Fiction', decade: 1990, length: 'long' as const, includeRated: true };
    const href = routeHref(route);
    expect(href).toBe('#/together?with=a1,b2&genre=Science+Fiction&decade=1990&length=long&rated=1');
    expect(parseRoute(href)).toEqual(route);
    expect(routeHref({ view: 'together', ...DEFAULT_TOGETHER_ROUTE })).toBe('#/together');
    expect(parseRoute('#/together')).toEqual({ view: 'together', ...DEFAULT_TOGETHER_ROUTE });
  });

  it('reads a bad address leniently: repeats, more than six, a bad decade and empty ids are dropped', () => {
    const parsed = parseTogetherParams('with=a,a,,b,c,d,e,f,g&decade=1993&length=epic&rated=yes');
    expect(parsed).toEqual({ members: ['a', 'b', 'c', 'd', 'e', 'f'], genre: null, decade: null, length: null, includeRated: false });
    expect(parseTogetherParams('length=__proto__').length).toBeNull();
    expect(parseTogetherParams('length=short').length).toBe('short');
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

describe('the length mood in words', () => {
  it('names each choice by the bounds the engine uses, and says how many movies had no runtime', () => {
    expect(LENGTH_CHOICES.map((c) => c.label)).toEqual(['Short (under 100 min)', 'Standard (100–140 min)', 'Long (over 140 min)']);
    expect(unknownRuntimeNote(0)).toBeNull();
    expect(unknownRuntimeNote(1)).toBe('1 movie has no known runtime and is left out under a length mood.');
    expect(unknownRuntimeNote(38596)).toBe('38,596 movies have no known runtime and are left out under a length mood.');
  });
});

describe('rating a pick does not reshuffle the list', () => {
  it('marks the picks rated (or re-rated) since the list was made, and nothing else', () => {
    const before = new Map<number, number | null>([
      [1, null],
      [2, null],
      [3, 4],
    ]);
    expect(ratedSinceList(before, new Map([[9, 5]]))).toEqual(new Set([3]));
    expect(ratedSinceList(before, new Map([[3, 4]]))).toEqual(new Set());
    expect(
      ratedSinceList(
        before,
        new Map([
          [2, 3.5],
          [3, 4],
        ]),
      ),
    ).toEqual(new Set([2]));
    expect(
      ratedSinceList(
        before,
        new Map([
          [1, 5],
          [3, 2],
        ]),
      ),
    ).toEqual(new Set([1, 3]));
  });

  it('stamps the members’ rating counters, so the page can tell the list is older than a rating', async () => {
    const known = knownMoviesOf([11]);
    const ada = await createProfile(db, 'Ada');
    const ben = await createProfile(db, 'Ben');
    const stamp = ratingsStamp(pickedProfiles(await listProfiles(db), [ada.id, ben.id]));
    expect(ratingsStamp(pickedProfiles(await listProfiles(db), [ada.id, ben.id]))).toBe(stamp);
    await setRating(db, ben.id, 11, 4, known);
    expect(ratingsStamp(pickedProfiles(await listProfiles(db), [ada.id, ben.id]))).not.toBe(stamp);
  });
});
