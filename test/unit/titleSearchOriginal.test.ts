// Original titles in the title search (issue 21 item 6): a film is found by its original title in any script, the hit
// says so, and a film matched by both of its titles is listed once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { TitleSearch } from '../../src/engine/titleSearch';
import { tinyDataset } from '../helpers/tinyDataset';
import { asTmdbId } from '../../src/engine/ids';

const FILMS = [
  { title: 'Spirited Away', original: '千と千尋の神隠し', votes: 3968 },
  { title: 'Brother', original: 'Брат', votes: 210 },
  { title: 'Amélie', original: "Le Fabuleux Destin d'Amélie Poulain", votes: 3403 },
  { title: 'Brotherhood', original: '', votes: 500 },
  { title: 'Burnt by the Sun', original: 'Утомлённые солнцем', votes: 120 },
  // Only case and accents differ: nothing to add.
  { title: 'Léon', original: 'LÉON', votes: 4000 },
  { title: 'Ran', original: '乱', votes: 500 },
  { title: 'The Brother from Another Planet', original: '', votes: 40 },
];
const titles = FILMS.map((f) => f.title);
const originals = FILMS.map((f) => f.original);
const votes = FILMS.map((f) => f.votes);
const rowOf = (title: string) => titles.indexOf(title);

describe('title search by original title', () => {
  const search = new TitleSearch(titles, votes, originals);
  const first = (q: string) => search.search(q, 5)[0];

  it('finds films by their original title in any script, exactly, as typed and with a typo', () => {
    expect(first('千と千尋の神隠し')).toEqual({ row: rowOf('Spirited Away'), quality: 3, original: true });
    expect(first('Брат')).toEqual({ row: rowOf('Brother'), quality: 3, original: true });
    expect(first('брат')!.row).toBe(rowOf('Brother'));
    expect(first('千と')!.row).toBe(rowOf('Spirited Away'));
    expect(first('утомлённые')!.row).toBe(rowOf('Burnt by the Sun'));
    expect(first('утомленные')!.row).toBe(rowOf('Burnt by the Sun')); // ё typed as е: one substitution
    expect(first('брта')).toMatchObject({ row: rowOf('Brother'), quality: 0, original: true }); // transposition
    expect(first('乱')).toEqual({ row: rowOf('Ran'), quality: 3, original: true });
  });

  it('says the title matched when it did, and lists a film matched by both of its titles once', () => {
    expect(first('spirited')).toEqual({ row: rowOf('Spirited Away'), quality: 2, original: false });
    const amelie = search.search('amelie', 20);
    expect(amelie.map((h) => h.row)).toEqual([rowOf('Amélie')]);
    expect(amelie[0].original).toBe(false);
    // The original ranks first when only it matches the query as a whole.
    expect(first('le fabuleux destin')).toEqual({ row: rowOf('Amélie'), quality: 2, original: true });
    // An original that folds to the title adds no entry.
    expect(search.search('léon', 20)).toEqual([{ row: rowOf('Léon'), quality: 3, original: false }]);
  });

  it('counts films, not entries, against the limit (typo matches still fill the list)', () => {
    // Three films match "night" by title and by original (six entries); with limit 4 the typo match must still be added.
    const fixture = new TitleSearch(
      ['Night One', 'Night Two', 'Night Three', 'Nihgt Four'],
      [40, 30, 20, 10],
      ['Night One Original', 'Night Two Original', 'Night Three Original', ''],
    );
    const hits = fixture.search('night', 4);
    expect(hits.map((h) => h.row)).toEqual([0, 1, 2, 3]);
    expect(hits[3].quality).toBe(0); // "Nihgt" is one transposition away
    expect(new Set(hits.map((h) => h.row)).size).toBe(hits.length);
  });

  it('typing with original titles answers exactly as a fresh search would, and never lists a film twice', () => {
    const words = ['брат', 'бр', '千と千尋', '千', 'amelie', 'le fab', 'spirited', 'brother', 'утомл', 'солнцем', 'ran', '乱', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 8 }), (parts, limit) => {
        const query = parts.join(' ');
        const typing = new TitleSearch(titles, votes, originals);
        for (let i = 1; i <= query.length; i++) {
          const incremental = typing.search(query.slice(0, i), limit);
          typing.prepareNextKeystroke();
          expect(incremental).toEqual(new TitleSearch(titles, votes, originals).search(query.slice(0, i), limit));
          expect(new Set(incremental.map((h) => h.row)).size).toBe(incremental.length);
          expect(incremental.length).toBeLessThanOrEqual(limit);
        }
      }),
      { numRuns: 150, seed: 21 },
    );
  });

  it('without original titles, finds none of them (what the catalog did before)', () => {
    const titlesOnly = new TitleSearch(titles, votes);
    expect(titlesOnly.search('千と千尋の神隠し', 5)).toEqual([]);
    expect(titlesOnly.search('Брат', 5)).toEqual([]);
  });
});

describe('engine search by original title (catalog.bin originalTitles)', () => {
  it('round-trips original titles through the shard and names the one a hit matched', async () => {
    const engine = new Engine(await tinyDataset());
    expect(engine.data.catalog.originalTitles[engine.rowOf(asTmdbId(14))!]).toBe('Грустная история');
    const [hit] = engine.search('грустная', 5);
    expect(hit.movie.title).toBe('Sad Story');
    expect(hit.originalTitle).toBe('Грустная история');
    const [byTitle] = engine.search('sad story', 5);
    expect(byTitle.movie.title).toBe('Sad Story');
    expect(byTitle).not.toHaveProperty('originalTitle');
  });
});
