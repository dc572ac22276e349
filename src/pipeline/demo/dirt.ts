// Dirt like the real files': which catalog movies get duplicated, unparseable or emptied cells, and orphan ids.
import type { CatalogBuilder } from './builder';
import { DEMO_ANCHOR_MOVIE, DEMO_ANCHOR_SEQUEL, DEMO_PLANTED_TITLES, type DemoDirt, type DemoMovie, type DemoUnlinkedMovie } from './spec';

/** Picks disjoint catalog movies for each kind of dirt (never the anchor films or planted titles). */
export function chooseDirt(builder: CatalogBuilder, catalogMovies: readonly DemoMovie[], unlinked: readonly DemoUnlinkedMovie[]): DemoDirt {
  const rng = builder.random;
  const protectedIds = new Set<number>([DEMO_ANCHOR_MOVIE.id, DEMO_ANCHOR_SEQUEL.id]);
  const plantedTitles = new Set(DEMO_PLANTED_TITLES.map((planted) => planted.title));
  const pool = rng.sample(
    catalogMovies.filter((movie) => !protectedIds.has(movie.id) && !plantedTitles.has(movie.title)),
    catalogMovies.length,
  );
  let cursor = 0;
  const take = (count: number): DemoMovie[] => pool.slice(cursor, (cursor += count));
  const usedIds = new Set(catalogMovies.map((movie) => movie.id));
  const orphanId = (): number => {
    const id = builder.newTmdbId();
    usedIds.add(id);
    return id;
  };

  const duplicated = take(3);
  const unparseable = take(1);
  const emptyGenres = take(5);
  const emptyRelease = take(4);
  const emptyOverview = take(Math.max(3, Math.round(catalogMovies.length * 0.02)));
  const emptyKeywords = take(Math.max(3, Math.round(catalogMovies.length * 0.02)));
  const emptyCast = take(2);
  const emptyCrew = take(2);

  for (const movie of emptyGenres) movie.genres = [];
  for (const movie of emptyRelease) movie.releaseDate = '';
  for (const movie of emptyOverview) movie.overview = '';
  for (const movie of emptyKeywords) movie.keywords = [];
  for (const movie of emptyCast) movie.cast = [];
  for (const movie of emptyCrew) {
    movie.crew = [];
    movie.directors = [];
  }
  const lineBreakIds = catalogMovies.filter((movie) => /[\r\n]/.test(movie.overview)).map((movie) => movie.id);
  return {
    malformedIdCells: [],
    truncatedIds: [],
    duplicatedIds: duplicated.map((movie) => movie.id),
    unparseableGenresIds: unparseable.map((movie) => movie.id),
    emptyGenresIds: emptyGenres.map((movie) => movie.id),
    emptyReleaseDateIds: emptyRelease.map((movie) => movie.id),
    emptyOverviewIds: emptyOverview.map((movie) => movie.id),
    overviewWithLineBreakIds: lineBreakIds,
    emptyKeywordsIds: emptyKeywords.map((movie) => movie.id),
    emptyCastIds: emptyCast.map((movie) => movie.id),
    emptyCrewIds: emptyCrew.map((movie) => movie.id),
    orphanKeywordIds: [orphanId(), orphanId()],
    orphanCreditIds: [orphanId(), orphanId()],
    linksWithoutTmdbIdMovieIds: unlinked.map((movie) => movie.movieLensId),
    unknownRatingMovieIds: [],
  };
}
