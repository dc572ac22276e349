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
