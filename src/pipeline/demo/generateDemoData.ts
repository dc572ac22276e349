// Deterministic synthetic stand-in for the Kaggle "The Movies Dataset" files: same headers, quoting, line endings,
// Python-literal cells and the same kinds of dirt, with ratings drawn from a known latent-factor model.
// The parts: spec.ts (what is generated), builder.ts + catalog.ts (movies), dirt.ts, ratings.ts, csv.ts (file text).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDemoCatalog } from './catalog';
import { renderDemoFiles } from './csv';
import { DEMO_FILE_NAMES, type DemoCatalog, type DemoDataOptions, type DemoDataSummary, type DemoFileName } from './spec';

export * from './spec';
export { buildDemoCatalog } from './catalog';
export { renderDemoFiles } from './csv';

/** Counts derived from the catalog (what the pipeline's skip counters should see). */
export function summarizeDemoCatalog(catalog: DemoCatalog, outDir: string, texts: Record<DemoFileName, string>): DemoDataSummary {
  const { dirt } = catalog;
  const rowCounts: Record<DemoFileName, number> = {
    'movies_metadata.csv': catalog.metadataRows.length,
    'credits.csv': catalog.creditRows.length,
    'keywords.csv': catalog.keywordRows.length,
    'links.csv': catalog.linkRows.length,
    'links_small.csv': catalog.linkSmallRows.length,
    'ratings_small.csv': catalog.ratings.length,
  };
  const files = {} as DemoDataSummary['files'];
  for (const name of DEMO_FILE_NAMES) {
    files[name] = { path: join(outDir, name), rows: rowCounts[name], bytes: Buffer.byteLength(texts[name], 'utf8') };
  }
  const unknown = new Set(dirt.unknownRatingMovieIds);
  const unlinked = new Set(dirt.linksWithoutTmdbIdMovieIds);
  const ratingsForUnknownMovieIds = catalog.ratings.filter((rating) => unknown.has(rating.movieId)).length;
  const ratingsForMoviesWithoutTmdbId = catalog.ratings.filter((rating) => unlinked.has(rating.movieId)).length;
  return {
    outDir,
    seed: catalog.seed,
    files,
    movies: catalog.movies.filter((movie) => movie.kind === 'catalog').length,
    users: catalog.users.length,
    ratings: catalog.ratings.length,
    malformedMetadataRows: dirt.malformedIdCells.length,
    truncatedMetadataRows: dirt.truncatedIds.length,
    duplicatedIds: dirt.duplicatedIds.length,
    duplicateMetadataRows: dirt.duplicatedIds.length,
    unparseableGenresRows: dirt.unparseableGenresIds.length,
    emptyGenresRows: dirt.emptyGenresIds.length,
    emptyReleaseDateRows: dirt.emptyReleaseDateIds.length,
    emptyOverviewRows: dirt.emptyOverviewIds.length,
    emptyKeywordsRows: dirt.emptyKeywordsIds.length,
    emptyCastRows: dirt.emptyCastIds.length,
    emptyCrewRows: dirt.emptyCrewIds.length,
    duplicateKeywordRows: dirt.duplicatedIds.length,
    duplicateCreditRows: dirt.duplicatedIds.length,
    orphanKeywordRows: dirt.orphanKeywordIds.length,
    orphanCreditRows: dirt.orphanCreditIds.length,
    linksWithoutTmdbId: catalog.linkRows.filter((row) => row[2] === '').length,
    linksSmallWithoutTmdbId: catalog.linkSmallRows.filter((row) => row[2] === '').length,
    ratingsForUnknownMovieIds,
    ratingsForMoviesWithoutTmdbId,
    mappableRatings: catalog.ratings.length - ratingsForUnknownMovieIds - ratingsForMoviesWithoutTmdbId,
    dirt,
    elapsedMs: 0,
  };
}

/** Generates the demo dataset into outDir (created if missing). Same seed and options -> byte-identical files. */
export async function generateDemoData(outDir: string, options: DemoDataOptions = {}): Promise<DemoDataSummary> {
  const started = performance.now();
  const catalog = buildDemoCatalog(options);
  const texts = renderDemoFiles(catalog);
  await mkdir(outDir, { recursive: true });
  await Promise.all(DEMO_FILE_NAMES.map((name) => writeFile(join(outDir, name), texts[name], 'utf8')));
  const summary = summarizeDemoCatalog(catalog, outDir, texts);
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}
