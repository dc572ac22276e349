import { describe, expect, it } from 'vitest';
import { asCatalogRow, asTmdbId, catalogRowOf, type CatalogRow, type TmdbId } from '../../src/engine/ids';
import { Engine } from '../../src/engine/engine';
import { catalogLookup } from '../../src/history/export/letterboxd';
import { buildMatchIndex } from '../../src/history/match';
import { tinyDataset, TINY_MOVIES } from '../helpers/tinyDataset';

describe('TMDB id → catalog row: one mapper per catalog', () => {
  it('maps ids to rows and back; unknown ids have no row; a repeated id keeps its first row (as build-data does)', () => {
    const ids = catalogRowOf({ ids: Int32Array.from([862, 8844, 11, 862]) });
    expect(ids.rowOf(asTmdbId(8844))).toBe(1);
    expect(ids.rowOf(asTmdbId(862))).toBe(0);
    expect(ids.rowOf(asTmdbId(5))).toBeUndefined();
    expect(ids.has(asTmdbId(11))).toBe(true);
    expect(ids.idOf(asCatalogRow(2))).toBe(11);
    expect(ids.size).toBe(4);
  });

  it('agrees with a Map on 50,000 random ids, near-collisions and ids it must not hold (0, negative, fractional, ≥ 2^31, 2^53)', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const catalog = Int32Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? 1 + (i << 6) : 1 + (next() % 2_000_000)));
    const ids = catalogRowOf({ ids: catalog });
    const expected = new Map<number, number>();
    catalog.forEach((id, row) => {
      if (!expected.has(id)) expected.set(id, row);
    });
    for (let probe = 0; probe < 200_000; probe++) {
      const id = probe < 100_000 ? catalog[probe % catalog.length] : 1 + (next() % 2_100_000);
      expect(ids.rowOf(asTmdbId(id))).toBe(expected.get(id));
    }
    for (const id of [0, -862, 1.5, 2 ** 31, 2 ** 31 + catalog[0], 2 ** 53, Number.NaN]) expect(ids.rowOf(asTmdbId(id))).toBeUndefined();
  });

  it('still maps a hand-made catalog whose ids are not positive 31-bit integers', () => {
    const ids = catalogRowOf({ ids: [2 ** 40, 0, 7, 2 ** 40] });
    expect(ids.rowOf(asTmdbId(2 ** 40))).toBe(0);
    expect(ids.rowOf(asTmdbId(0))).toBe(1);
    expect(ids.rowOf(asTmdbId(7))).toBe(2);
    expect(ids.rowOf(asTmdbId(8))).toBeUndefined();
  });

  it('is built once per catalog and shared by the engine, the recommender and the import matcher', async () => {
    const data = await tinyDataset();
    const engine = new Engine(data);
    expect(catalogRowOf(data.catalog)).toBe(engine.ids);
    expect(engine.recommender.ids).toBe(engine.ids);
    const catalog = { ids: data.catalog.ids, titles: data.catalog.titles, originalTitles: data.catalog.originalTitles, years: [], imdbIds: [], voteCount: [] };
    expect(buildMatchIndex(catalog).byTmdb).toBe(engine.ids);
    const row = TINY_MOVIES.findIndex((m) => m.title === 'Sad Story');
    expect(engine.rowOf(asTmdbId(TINY_MOVIES[row].id))).toBe(row);
    expect(catalogLookup(catalog)(TINY_MOVIES[row].id)?.title).toBe('Sad Story');
  });

  it('keeps TMDB ids and catalog rows apart at compile time (tsc checks the expect-error lines)', () => {
    const ids = catalogRowOf({ ids: [10, 20] });
    const row: CatalogRow = ids.rowOf(asTmdbId(20))!;
    const id: TmdbId = ids.idOf(row);
    // @ts-expect-error a catalog row is not a TMDB id
    ids.rowOf(row);
    // @ts-expect-error a TMDB id is not a catalog row
    ids.idOf(id);
    // @ts-expect-error a plain number must be vouched for with asTmdbId
    ids.rowOf(20);
    // Both are still numbers to read.
    expect(row + 0).toBe(1);
    expect(id + 0).toBe(20);
  });
});
