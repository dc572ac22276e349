import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedTerms } from '../../src/engine/keywordIndex';
import type { Engine } from '../../src/engine/engine';
import { buildData, type BuildReport } from '../../src/pipeline/buildData';
import { loadEngineFromDir } from '../../src/node/loadEngine';
import { TitleSearch } from '../../src/engine/titleSearch';
import { HAS_REAL_DATA, REAL_DATA_DIR, reportSkip } from '../helpers/realData';
import { asTmdbId } from '../../src/engine/ids';

reportSkip('real-data build integration test');

describe.skipIf(!HAS_REAL_DATA)('build-data on the real Kaggle data', () => {
  let out: string;
  let report: BuildReport;
  let engine: Engine;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'cinelocal-real-'));
    report = await buildData({ dataDir: REAL_DATA_DIR, outDir: out, datasetKind: 'kaggle', ratings: 'small' });
    engine = await loadEngineFromDir(out);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('keeps every usable movie and counts the skipped rows with their reasons', () => {
    const metadata = report.files.find((f) => f.file === 'movies_metadata.csv')!;
    expect(metadata.rowsRead).toBe(45_466);
    expect(metadata.skipped['id is not an integer (e.g. a date in the id column)']).toBe(3);
    expect(metadata.skipped['duplicated id (first row kept)']).toBe(30);
    expect(report.movies).toBe(45_433);
    expect(report.genres.length).toBe(20);
    const ratings = report.files.find((f) => f.file === 'ratings_small.csv')!;
    expect(ratings.rowsRead).toBe(100_004);
    expect(report.users).toBe(671);
    expect(report.ratings + Object.values(ratings.skipped).reduce((a, b) => a + b, 0)).toBe(100_004);
  });

  it('Toy Story (862) has Animation, Comedy, Family and director John Lasseter', () => {
    const [toyStory] = engine.getMovies([asTmdbId(862)]);
    expect(toyStory.title).toBe('Toy Story');
    expect(toyStory.year).toBe(1995);
    expect(toyStory.genres.sort()).toEqual(['Animation', 'Comedy', 'Family']);
    const row = engine.rowOf(asTmdbId(862))!;
    const terms = sharedTerms(engine.data.keywords, row, row);
    expect(terms.directors).toContain('John Lasseter');
    expect(terms.cast).toEqual(expect.arrayContaining(['Tom Hanks', 'Tim Allen']));
  });

  it('recommends Toy Story 2 among the first two for Toy Story, for a newcomer, and finds titles with typos', async () => {
    const results = await engine.recommend(asTmdbId(862), { vector: null, ratedIds: [] });
    expect(results.length).toBe(6);
    const sequel = results.findIndex((r) => r.movie.id === 863);
    expect(sequel).toBeGreaterThanOrEqual(0);
    expect(sequel).toBeLessThan(2);
    expect(results[sequel].reasons.sharedDirectors).toContain('John Lasseter');
    expect(results[sequel].reasons.alsoLikedWith).toBe('Toy Story');
    // Every pick is a well-known film (the reference design's keyword picks were mostly < 50 votes).
    for (const r of results) expect(r.movie.voteCount).toBeGreaterThanOrEqual(50);
    expect(engine.search('toy story', 1)[0].movie.id).toBe(862);
    expect(engine.search('harry poter', 8).filter((h) => h.movie.title.startsWith('Harry Potter')).length).toBeGreaterThanOrEqual(7);
    expect(engine.search('amelie', 1)[0].movie.title).toBe('Amélie');
  });

  it('as-you-type search over 45k titles answers exactly as a fresh search would', () => {
    const catalog = engine.data.catalog;
    for (const query of ['harry poter', 'the godfater', 'star wars']) {
      for (let i = 1; i <= query.length; i++) {
        const incremental = engine.titles.search(query.slice(0, i), 20);
        engine.titles.prepareNextKeystroke();
        expect(incremental).toEqual(new TitleSearch(catalog.titles, catalog.voteCount, catalog.originalTitles).search(query.slice(0, i), 20));
      }
    }
  });

  it('meets the size goal and ships a usable model', () => {
    const gzip = report.shards.reduce((s, x) => s + x.gzipBytes, 0);
    expect(gzip).toBeLessThan(5_000_000);
    expect(report.validationRmse).toBeLessThan(0.95);
    // int8 factors cost less than 0.005 RMSE on the training ratings
    expect(Math.abs(report.quantizedValidationRmse - (report.manifest.metrics.allRatingsRmseFloat32 as number))).toBeLessThan(0.005);
  });
});
