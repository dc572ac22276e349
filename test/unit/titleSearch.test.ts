import { describe, expect, it } from 'vitest';
import { TitleSearch } from '../../src/engine/titleSearch';

const titles = [
  'Harry Potter and the Chamber of Secrets',
  "Harry Potter and the Philosopher's Stone",
  'Amélie',
  'Amelia',
  'Toy Story',
  'Toy Story 2',
  'Story of a Toy',
  'The Godfather',
  'Godzilla',
  'Dirty Harry',
];
const votes = [5966, 7188, 3403, 200, 5415, 3914, 5, 6024, 1200, 900];

describe('title search', () => {
  const search = new TitleSearch(titles, votes);
  const top = (q: string, n = 3) => search.search(q, n).map((h) => titles[h.row]);

  it('tolerates typos', () => {
    expect(top('harry poter', 2).sort()).toEqual(['Harry Potter and the Chamber of Secrets', "Harry Potter and the Philosopher's Stone"].sort());
    expect(top('godfater', 1)).toEqual(['The Godfather']);
  });

  it('is accent- and case-insensitive', () => {
    expect(top('amelie', 1)).toEqual(['Amélie']);
    expect(top('AMÉLIE', 1)).toEqual(['Amélie']);
  });

  it('matches prefixes as you type, exact and prefix matches before popularity', () => {
    expect(top('toy st', 2)).toEqual(['Toy Story', 'Toy Story 2']);
    expect(top('toy story', 1)).toEqual(['Toy Story']);
    expect(top('t', 10)).toContain('The Godfather');
    expect(top('harry', 3)[2]).toBe('Dirty Harry');
  });

  it('gives nothing for empty or unmatched queries, even after a narrowing sequence', () => {
    expect(search.search('   ')).toEqual([]);
    expect(search.search('toy')).not.toEqual([]);
    expect(search.search('toyqz')).toEqual([]);
    expect(search.search('zzzzqqq')).toEqual([]);
  });
});

describe('title search ranking and as-you-type state', () => {
  it('ranks every exact match before typo matches, even more popular ones', () => {
    const search = new TitleSearch(['Stay Alive', 'Star Dust', 'Starry Night'], [900, 10, 5]);
    const titlesFor = (q: string) => search.search(q, 5).map((h) => ['Stay Alive', 'Star Dust', 'Starry Night'][h.row]);
    expect(titlesFor('star')).toEqual(['Star Dust', 'Starry Night', 'Stay Alive']);
    expect(search.search('star', 5).map((h) => h.quality)).toEqual([2, 2, 0]);
  });

  it('typing (cached match sets, between-keystroke preparation) answers exactly as a fresh search would', () => {
    const typing = new TitleSearch(titles, votes);
    for (const query of ['harry poter', 'the godfater', 'toy story 2', 'amelie', 'story of a toi', 'dirty hary']) {
      for (let i = 1; i <= query.length; i++) {
        const incremental = typing.search(query.slice(0, i), 5);
        typing.prepareNextKeystroke();
        expect(incremental).toEqual(new TitleSearch(titles, votes).search(query.slice(0, i), 5));
      }
    }
  });
});
