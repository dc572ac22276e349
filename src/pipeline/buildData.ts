// build-data: Kaggle CSVs -> catalog, genre index, keyword matrix, KMF item model -> verified binary shards + manifest.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_KMF_PARAMS, ratingFromLogit, type KmfParams, type KmfTrainResult, type RatingTriples } from '../engine/kmf';
import {
  decodeDataset,
  dequantizeRows,
  emptyCollaborative,
  encodeShards,
  SHARD_FILES,
  type Catalog,
  type Dataset,
  type ItemModel,
  type ShardManifest,
} from '../engine/shards/dataset';
import { DEFAULT_EASE_PARAMS, type EaseParams } from '../engine/models/ease';
import { DEFAULT_NEIGHBOURS_PER_ITEM } from '../engine/models/itemNeighbours';
import type { TrainingData } from '../engine/models/model';
import { MODELS, type LoadedModels } from '../engine/models/registry';
import { DEFAULT_FOR_YOU_WEIGHTS, DEFAULT_LIKE_THIS, type BlendWeights, type LikeThisWeights } from '../engine/models/blend';
import { readShard, requireNumeric, SHARD_FORMAT_VERSION } from '../engine/shards/format';
import { RatingIndex } from '../engine/ratingIndex';
import { assertReadable, type SkipCounts } from './csv';
import { readCredits, readKeywords, readMovies, type CreditsRecord, type FileReport } from './movies';
import { readLinks, readRatings, type RatingsTable } from './ratings';
import { buildSoupMatrix, type SoupMatrix } from './soup';
import {
  detailsChunksOf,
  IMDB_FILE,
  RUNTIMES_FILE,
  verifyAndDecodeDetailsChunk,
  verifyAndDecodeImdbIds,
  verifyAndDecodeRuntimes,
} from '../engine/shards/details';
import { detailsForMovies, encodeDetailsChunks, encodeImdbFile, encodeRuntimesFile, readImdbLinks } from './details';
import { DESCRIBE_FILE, verifyAndDecodeDescribe } from '../engine/describe/shard';
import { describeShard } from './describe';
import { asTmdbId, catalogRowOf, type CatalogRow } from '../engine/ids';
import { fitModelInWorker } from './fitInWorker';

export const KAGGLE_FILES = { metadata: 'movies_metadata.csv', credits: 'credits.csv', keywords: 'keywords.csv' } as const;

export interface BuildOptions {
  dataDir: string;
  outDir: string;
  datasetKind: 'demo' | 'kaggle';
  ratings: 'small' | 'full';
  kmf?: Partial<KmfParams>;
  directorWeight?: number;
  topCast?: number;
  ease?: Partial<EaseParams>;
  neighboursPerItem?: number;
  /** Derive item vectors for unrated movies from their keyword soup (default true). */
  contentItems?: boolean;
  /** Stage progress: a named stage and its fraction done (0..1). */
  onProgress?: (stage: string, fraction: number) => void;
}

export interface BuildReport {
  files: { file: string; rowsRead: number; kept: number; skipped: SkipCounts; warnings: SkipCounts }[];
  movies: number;
  genres: string[];
  vocabulary: number;
  keywordNonZeros: number;
  singletonTerms: number;
  ratings: number;
  ratingsDroppedNotInCatalog: number;
  users: number;
  ratedMovies: number;
  derivedMovies: number;
  factors: number;
  validationRmse: number;
  quantizedValidationRmse: number;
  epochs: number;
  trainMs: number;
  shards: { name: string; bytes: number; gzipBytes: number }[];
  /** Shards fetched on first need, not at start-up (details chunks: the movie page; imdb.bin: the history import; runtimes.bin: the length mood; describe.bin: describe search). */
  lazyShards: { name: string; bytes: number; gzipBytes: number }[];
  totalMs: number;
  /** Peak resident set size of the build process, bytes. */
  peakRssBytes: number;
  stageMs: Record<string, number>;
  /** EASE's fit on the second thread, beside KMF (its stage in stageMs is only the wait after KMF); error: fitted here instead, and why. */
  neighboursThread: { ms: number | null; error: string | null };
  manifest: ShardManifest;
}

const MAX_GENRES = 32;

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

type MovieInputs = Awaited<ReturnType<typeof readMovies>>['movies'];

/** Read movies_metadata, credits and keywords (in that order); `onProgress(file, fraction)` reaches 1 once per file. */
export async function readMovieInputs(
  paths: { metadata: string; credits: string; keywords: string },
  topCast = 3,
  onProgress: (file: string, fraction: number) => void = () => {},
) {
  const progressOf = (file: string) => (bytes: number, total: number) => onProgress(file, total > 0 ? Math.min(bytes / total, 0.999) : 0);
  const { movies, report: metadataReport } = await readMovies(paths.metadata, progressOf('movies_metadata.csv'));
  onProgress('movies_metadata.csv', 1);
  const { credits, report: creditsReport } = await readCredits(paths.credits, topCast, progressOf('credits.csv'));
  onProgress('credits.csv', 1);
  const { keywords, report: keywordsReport } = await readKeywords(paths.keywords, progressOf('keywords.csv'));
  onProgress('keywords.csv', 1);
  return { movies, credits, keywords, reports: [metadataReport, creditsReport, keywordsReport] as FileReport[] };
}

/** The reference recipe's soup per catalog movie: its keywords, top cast, directors and genres. */
export function soupForMovies(movies: MovieInputs, credits: Map<number, CreditsRecord>, keywords: Map<number, string[]>, directorWeight = 1) {
  return buildSoupMatrix(
    movies.map((m) => {
      const credit = credits.get(m.id);
      return { keywords: keywords.get(m.id) ?? [], cast: credit?.cast ?? [], directors: credit?.directors ?? [], genres: m.genres.map((g) => g.name) };
    }),
    { directorWeight },
  );
}

/** The input files a build needs; a missing one stops the build with an error naming it. */
export function inputPaths(dataDir: string, ratings: 'small' | 'full') {
  const links = existsSync(join(dataDir, 'links.csv')) ? 'links.csv' : 'links_small.csv';
  return {
    metadata: join(dataDir, KAGGLE_FILES.metadata),
    credits: join(dataDir, KAGGLE_FILES.credits),
    keywords: join(dataDir, KAGGLE_FILES.keywords),
    links: join(dataDir, links),
    ratings: join(dataDir, ratings === 'full' ? 'ratings.csv' : 'ratings_small.csv'),
  };
}

export async function buildData(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const stageMs: Record<string, number> = {};
  let stageStart = performance.now();
  const progress = options.onProgress ?? (() => {});
  const endStage = (name: string) => {
    stageMs[name] = performance.now() - stageStart;
    progress(name, 1);
    stageStart = performance.now();
  };
  const paths = inputPaths(options.dataDir, options.ratings);
  for (const path of Object.values(paths)) await assertReadable(path);
  const fileProgress = (stage: string) => (bytes: number, total: number) => progress(stage, total > 0 ? bytes / total : 1);

  const topCast = options.topCast ?? 3;
  const { movies, credits, keywords, reports } = await readMovieInputs(paths, topCast, (stage, fraction) => {
    if (fraction >= 1) endStage(stage);
    else progress(stage, fraction);
  });
  const catalog = catalogFromMovies(movies, paths.metadata);
  const n = movies.length;
  const genreNames = catalog.genreNames;

  const soup = soupForMovies(movies, credits, keywords, options.directorWeight ?? 1);
  endStage('keyword soup');

  const links = await readLinks(paths.links, fileProgress(basename(paths.links)));
  const ratings = await readRatings(paths.ratings, links, fileProgress(basename(paths.ratings)));
  endStage(basename(paths.ratings));

  const fitted = await fitModelsInParallel(catalog, soup, ratings, options, (stage, fraction) => (fraction >= 1 ? endStage(stage) : progress(stage, fraction)));
  if (fitted.kept === 0) throw new Error(`${paths.ratings}: no rating refers to a movie in ${paths.metadata}; cannot train the model`);
  const { kmf: model, neighbours: collaborative } = fitted.models;
  const { trained, kmfParams, easeParams, neighboursPerItem, derivedMovies, kept, droppedNotInCatalog, users: userCount, rowOfItem } = fitted;
  const k = model.factors;
  const shardBytes = encodeShards(catalog, soup, fitted.models);
  const inputs = await Promise.all(
    Object.values(paths).map(async (path) => ({ file: basename(path), bytes: (await fs.stat(path)).size, sha256: await sha256File(path) })),
  );
  const inputChecksum = createHash('sha256')
    .update(inputs.map((i) => `${i.file}:${i.sha256}`).join('\n'))
    .digest('hex');
  // Every chunk and imdb.bin carry the input checksum: a file of another build is refused even if its rows fit.
  const detailsRows = detailsForMovies(movies, credits, keywords, await readImdbLinks(paths.links));
  const detailsChunks = encodeDetailsChunks(detailsRows, inputChecksum);
  const imdbBytes = encodeImdbFile(detailsRows, inputChecksum);
  const runtimesBytes = encodeRuntimesFile(detailsRows, inputChecksum);
  endStage('details');
  const describeBytes = describeShard(movies, credits, keywords);
  endStage('describe');
  const files: ShardManifest['files'] = SHARD_FILES.map((name) => ({
    name,
    bytes: shardBytes[name].length,
    sha256: createHash('sha256').update(shardBytes[name]).digest('hex'),
  }));
  for (const c of detailsChunks)
    files.push({ name: c.name, bytes: c.bytes.length, sha256: createHash('sha256').update(c.bytes).digest('hex'), firstRow: c.firstRow, rowCount: c.rowCount });
  files.push({ name: IMDB_FILE, bytes: imdbBytes.length, sha256: createHash('sha256').update(imdbBytes).digest('hex') });
  files.push({ name: RUNTIMES_FILE, bytes: runtimesBytes.length, sha256: createHash('sha256').update(runtimesBytes).digest('hex') });
  files.push({ name: DESCRIBE_FILE, bytes: describeBytes.length, sha256: createHash('sha256').update(describeBytes).digest('hex') });
  const modelVersion = createHash('sha256').update(shardBytes['model.bin']).digest('hex').slice(0, 16);

  // The cost of int8 factors, measured: validation RMSE with the shipped (dequantised) factors vs float32.
  const quantizedRmse = quantizationCost(
    shardBytes,
    { user: fitted.triples.user, item: fitted.triples.item, value: fitted.triples.rating, kept, rowOfItem },
    trained.model,
  );
  const manifest: ShardManifest = {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: {
      name: options.datasetKind === 'demo' ? 'CineLocal demo catalog (synthetic)' : 'The Movies Dataset (Kaggle)',
      kind: options.datasetKind,
      inputChecksum,
      inputs,
    },
    modelVersion,
    counts: {
      movies: n,
      genres: genreNames.length,
      vocabulary: soup.vocabulary.length,
      keywordNonZeros: soup.indices.length,
      ratedMovies: rowOfItem.length,
      derivedMovies,
      ratings: kept,
      users: userCount,
      factors: k,
      neighbourMovies: fitted.easeSize,
      neighbourWeights: collaborative.neighbours.columns.length,
    },
    files,
    build: {
      ratings: options.ratings,
      topCast,
      directorWeight: options.directorWeight ?? 1,
      kmf: kmfParams,
      quantization: 'int8 per-row symmetric item factors',
      ease: { ...easeParams, neighboursPerItem },
      blend: { forYou: DEFAULT_FOR_YOU_WEIGHTS, likeThis: DEFAULT_LIKE_THIS },
    },
    metrics: {
      validationRmse: trained.validationRmse,
      allRatingsRmseFloat32: quantizedRmse.float32,
      allRatingsRmseInt8: quantizedRmse.int8,
      epochs: trained.epochs,
      trainMs: Math.round(trained.trainMs),
    },
  };

  await fs.mkdir(options.outDir, { recursive: true });
  for (const name of SHARD_FILES) await fs.writeFile(join(options.outDir, name), shardBytes[name]);
  for (const c of detailsChunks) await fs.writeFile(join(options.outDir, c.name), c.bytes);
  // A rebuild into the same folder must not leave details of an older build behind (version 4's details.bin, or chunks
  // past the new count): the service worker would precache them.
  for (const name of await fs.readdir(options.outDir)) {
    if (/^details(?:-\d+)?\.bin$/.test(name) && !detailsChunks.some((c) => c.name === name)) await fs.rm(join(options.outDir, name));
  }
  await fs.writeFile(join(options.outDir, IMDB_FILE), imdbBytes);
  await fs.writeFile(join(options.outDir, RUNTIMES_FILE), runtimesBytes);
  await fs.writeFile(join(options.outDir, DESCRIBE_FILE), describeBytes);
  await fs.writeFile(join(options.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Read back what was written through the same reader the app uses: a build never ships shards the app would refuse.
  const written: Record<string, Uint8Array> = {};
  for (const name of SHARD_FILES) written[name] = new Uint8Array(await fs.readFile(join(options.outDir, name)));
  await decodeDataset(manifest, written);
  for (const entry of detailsChunksOf(manifest, n))
    await verifyAndDecodeDetailsChunk(manifest, entry, new Uint8Array(await fs.readFile(join(options.outDir, entry.name))), n);
  await verifyAndDecodeImdbIds(manifest, new Uint8Array(await fs.readFile(join(options.outDir, IMDB_FILE))), n);
  await verifyAndDecodeRuntimes(manifest, new Uint8Array(await fs.readFile(join(options.outDir, RUNTIMES_FILE))), n);
  await verifyAndDecodeDescribe(manifest, new Uint8Array(await fs.readFile(join(options.outDir, DESCRIBE_FILE))), n);
  endStage('shards');

  return {
    files: [
      ...reports.map((r) => ({ file: basename(r.file), rowsRead: r.rowsRead, kept: r.kept, skipped: r.skipped, warnings: r.warnings })),
      { file: basename(paths.links), rowsRead: links.rows, kept: links.movieIdToTmdb.size, skipped: links.skipped, warnings: {} },
      {
        file: basename(paths.ratings),
        rowsRead: ratings.rowsRead,
        kept,
        skipped: { ...ratings.skipped, ...(droppedNotInCatalog ? { 'movie not in the catalog': droppedNotInCatalog } : {}) },
        warnings: {},
      },
    ],
    movies: n,
    genres: genreNames,
    vocabulary: soup.vocabulary.length,
    keywordNonZeros: soup.indices.length,
    singletonTerms: soup.singletonTerms,
    ratings: kept,
    ratingsDroppedNotInCatalog: droppedNotInCatalog,
    users: userCount,
    ratedMovies: rowOfItem.length,
    derivedMovies,
    factors: k,
    validationRmse: trained.validationRmse,
    quantizedValidationRmse: quantizedRmse.int8,
    epochs: trained.epochs,
    trainMs: trained.trainMs,
    shards: SHARD_FILES.map((name) => ({ name, bytes: shardBytes[name].length, gzipBytes: gzipSync(shardBytes[name], { level: 9 }).length })),
    lazyShards: [
      {
        name: `details-*.bin (${detailsChunks.length} chunks)`,
        bytes: detailsChunks.reduce((s, c) => s + c.bytes.length, 0),
        gzipBytes: detailsChunks.reduce((s, c) => s + c.gzipBytes, 0),
      },
      {
        name: 'largest details chunk (one movie page)',
        bytes: Math.max(...detailsChunks.map((c) => c.bytes.length)),
        gzipBytes: Math.max(...detailsChunks.map((c) => c.gzipBytes)),
      },
      { name: IMDB_FILE, bytes: imdbBytes.length, gzipBytes: gzipSync(imdbBytes, { level: 9 }).length },
      { name: RUNTIMES_FILE, bytes: runtimesBytes.length, gzipBytes: gzipSync(runtimesBytes, { level: 9 }).length },
      { name: DESCRIBE_FILE, bytes: describeBytes.length, gzipBytes: gzipSync(describeBytes, { level: 9 }).length },
    ],
    totalMs: performance.now() - started,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    stageMs,
    neighboursThread: { ms: fitted.neighboursThreadMs, error: fitted.neighboursThreadError },
    manifest,
  };
}

/** The catalog arrays from parsed movies; genres ordered by frequency so the commonest sit in the low bits. */
export function catalogFromMovies(movies: MovieInputs, metadataPath: string): Catalog {
  const genreFrequency = new Map<string, number>();
  for (const m of movies) for (const g of m.genres) genreFrequency.set(g.name, (genreFrequency.get(g.name) ?? 0) + 1);
  const genreNames = [...genreFrequency.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  if (genreNames.length > MAX_GENRES) throw new Error(`${metadataPath}: ${genreNames.length} distinct genres, the genre index holds at most ${MAX_GENRES}`);
  const genreBit = new Map(genreNames.map((g, i) => [g, i]));
  return {
    ids: Int32Array.from(movies, (m) => m.id),
    titles: movies.map((m) => m.title),
    years: Uint16Array.from(movies, (m) => m.year ?? 0),
    popularity: Float32Array.from(movies, (m) => m.popularity),
    voteAverage: Float32Array.from(movies, (m) => m.voteAverage),
    voteCount: Uint32Array.from(movies, (m) => m.voteCount),
    collections: Int32Array.from(movies, (m) => m.collection),
    originalTitles: movies.map((m) => m.originalTitle),
    genreNames,
    genreMask: Uint32Array.from(movies, (m) => m.genres.reduce((mask, g) => mask | (1 << genreBit.get(g.name)!), 0) >>> 0),
  };
}

/** Reads the three movie files and builds the catalog and its keyword soup (no ratings): what eval fits models against. */
export async function readCatalog(dataDir: string, options: { topCast?: number; directorWeight?: number } = {}) {
  const paths = inputPaths(dataDir, 'small');
  const { movies, credits, keywords } = await readMovieInputs(paths, options.topCast ?? 3);
  return { catalog: catalogFromMovies(movies, paths.metadata), soup: soupForMovies(movies, credits, keywords, options.directorWeight ?? 1) };
}

/**
 * Encodes fitted models into shards and reads them back through the app's reader, in memory: the dataset the app would
 * load (int8 factors and neighbour weights included), for evaluation on a training split.
 */
export async function inMemoryDataset(
  catalog: Catalog,
  soup: SoupMatrix,
  fitted: FittedModels,
  blend?: { forYou?: Partial<BlendWeights>; likeThis?: Partial<LikeThisWeights> },
): Promise<Dataset> {
  const shardBytes = encodeShards(catalog, soup, fitted.models);
  const manifest: ShardManifest = {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: 'in-memory evaluation build', kind: 'kaggle', inputChecksum: 'none', inputs: [] },
    modelVersion: createHash('sha256').update(shardBytes['model.bin']).digest('hex').slice(0, 16),
    counts: {
      movies: catalog.ids.length,
      genres: catalog.genreNames.length,
      vocabulary: soup.vocabulary.length,
      keywordNonZeros: soup.indices.length,
      ratedMovies: fitted.rowOfItem.length,
      derivedMovies: fitted.derivedMovies,
      ratings: fitted.kept,
      users: fitted.users,
      factors: fitted.models.kmf.factors,
    },
    files: SHARD_FILES.map((name) => ({ name, bytes: shardBytes[name].length, sha256: createHash('sha256').update(shardBytes[name]).digest('hex') })),
    build: {
      kmf: fitted.kmfParams,
      blend: { forYou: { ...DEFAULT_FOR_YOU_WEIGHTS, ...blend?.forYou }, likeThis: { ...DEFAULT_LIKE_THIS, ...blend?.likeThis } },
    },
    metrics: {},
  };
  return decodeDataset(manifest, shardBytes);
}

export interface FittedModels {
  trained: KmfTrainResult;
  kmfParams: KmfParams;
  easeParams: EaseParams;
  neighboursPerItem: number;
  /** Every registered model as shipped (kmf: the item side over catalog rows, trained, content-derived or none). */
  models: LoadedModels;
  /** Dense training triples (items = index into rowOfItem). */
  triples: RatingTriples;
  rowOfItem: number[];
  derivedMovies: number;
  easeSize: number;
  kept: number;
  droppedNotInCatalog: number;
  users: number;
}

/** Ratings keyed by TMDB id → dense training triples over the catalog movies that have ratings. */
export function trainingData(catalog: Catalog, soup: SoupMatrix, ratings: Pick<RatingsTable, 'userIds' | 'tmdbIds' | 'ratings' | 'count'>) {
  const n = catalog.ids.length;
  const catalogIds = catalogRowOf(catalog);
  // Users and items (by TMDB id) get dense indices in first-seen order among the ratings of catalog movies.
  const index = new RatingIndex();
  /** Catalog row of each dense training index. */
  const rowOfItem: CatalogRow[] = [];
  const user = new Int32Array(ratings.count);
  const item = new Int32Array(ratings.count);
  const value = new Float32Array(ratings.count);
  let kept = 0;
  let droppedNotInCatalog = 0;
  for (let r = 0; r < ratings.count; r++) {
    const tmdbId = ratings.tmdbIds[r];
    let i = index.items.find(tmdbId);
    if (i === undefined) {
      const row = catalogIds.rowOf(asTmdbId(tmdbId));
      if (row === undefined) {
        droppedNotInCatalog++;
        continue;
      }
      i = index.items.add(tmdbId);
      rowOfItem.push(row);
    }
    user[kept] = index.users.add(ratings.userIds[r]);
    item[kept] = i;
    value[kept] = ratings.ratings[r];
    kept++;
  }
  const triples: RatingTriples = {
    user: user.subarray(0, kept),
    item: item.subarray(0, kept),
    rating: value.subarray(0, kept),
    count: kept,
    nUsers: index.nUsers,
    nItems: index.nItems,
  };
  const data: TrainingData = { triples, rowOfItem, rows: n, soup };
  return { data, rowOfItem, kept, droppedNotInCatalog, users: index.nUsers };
}

/** The training data and, when no rating refers to a catalog movie, the empty fit every model ships then. */
function prepareFit(
  catalog: Catalog,
  soup: SoupMatrix,
  ratings: Pick<RatingsTable, 'userIds' | 'tmdbIds' | 'ratings' | 'count'>,
  options: Pick<BuildOptions, 'kmf' | 'ease' | 'neighboursPerItem' | 'contentItems'>,
) {
  const training = trainingData(catalog, soup, ratings);
  const { data, rowOfItem, kept, droppedNotInCatalog, users } = training;
  const n = catalog.ids.length;
  const kmfOptions = { ...options.kmf, contentItems: options.contentItems !== false };
  const neighboursOptions = { ...options.ease, ...(options.neighboursPerItem ? { neighboursPerItem: options.neighboursPerItem } : {}) };
  if (kept > 0) return { training, kmfOptions, neighboursOptions, empty: null };
  const kmfParams = { ...DEFAULT_KMF_PARAMS, ...options.kmf };
  const emptyItems: ItemModel = {
    factors: kmfParams.factors,
    globalBias: 0,
    itemBias: new Float32Array(n),
    itemFactors: new Float32Array(n * kmfParams.factors),
    itemSource: new Uint8Array(n),
  };
  const trained: KmfTrainResult = {
    model: {
      factors: kmfParams.factors,
      globalBias: 0,
      nUsers: 0,
      nItems: 0,
      userBias: new Float32Array(0),
      userFactors: new Float32Array(0),
      itemBias: new Float32Array(0),
      itemFactors: new Float32Array(0),
    },
    history: [],
    validationRmse: Number.NaN,
    epochs: 0,
    trainMs: 0,
  };
  const empty: FittedModels = {
    triples: data.triples,
    rowOfItem,
    kept,
    droppedNotInCatalog,
    users,
    trained,
    kmfParams,
    easeParams: { ...DEFAULT_EASE_PARAMS, ...options.ease },
    neighboursPerItem: options.neighboursPerItem ?? DEFAULT_NEIGHBOURS_PER_ITEM,
    models: { kmf: emptyItems, neighbours: emptyCollaborative(n) },
    derivedMovies: 0,
    easeSize: 0,
  };
  return { training, kmfOptions, neighboursOptions, empty };
}

type KmfFit = ReturnType<typeof MODELS.kmf.fit>;
type NeighboursFit = ReturnType<typeof MODELS.neighbours.fit>;

function assembleFit(training: ReturnType<typeof trainingData>, kmf: KmfFit, neighbours: NeighboursFit): FittedModels {
  const { data, rowOfItem, kept, droppedNotInCatalog, users } = training;
  const { neighboursPerItem, ...easeParams } = neighbours.info.params;
  return {
    triples: data.triples,
    rowOfItem,
    kept,
    droppedNotInCatalog,
    users,
    trained: kmf.info.trained,
    kmfParams: kmf.info.params,
    easeParams,
    neighboursPerItem,
    models: { kmf: kmf.model, neighbours: neighbours.model },
    derivedMovies: kmf.info.derivedMovies,
    easeSize: neighbours.info.modelMovies,
  };
}

/**
 * Fits every registered model (src/engine/models/registry.ts) from ratings keyed by TMDB id: KMF (+ content-derived
 * vectors for unrated movies) and EASE item neighbours. Used by `npm run eval` and the tests on a training split.
 */
export function fitModels(
  catalog: Catalog,
  soup: SoupMatrix,
  ratings: Pick<RatingsTable, 'userIds' | 'tmdbIds' | 'ratings' | 'count'>,
  options: Pick<BuildOptions, 'kmf' | 'ease' | 'neighboursPerItem' | 'contentItems'>,
  progress: (stage: string, fraction: number) => void = () => {},
): FittedModels {
  const { training, kmfOptions, neighboursOptions, empty } = prepareFit(catalog, soup, ratings, options);
  if (empty) return empty;
  const kmf = MODELS.kmf.fit(training.data, kmfOptions, progress);
  const neighbours = MODELS.neighbours.fit(training.data, neighboursOptions, progress);
  return assembleFit(training, kmf, neighbours);
}

/**
 * fitModels with EASE on a second thread while KMF and the content vectors fit on this one (EASE reads the ratings
 * only): the same models, about the EASE stage less wall time on two cores. If the thread cannot be had, EASE is fitted
 * here afterwards. `neighboursThreadMs` is the thread's own fit time (null when fitted here).
 */
export async function fitModelsInParallel(
  catalog: Catalog,
  soup: SoupMatrix,
  ratings: Pick<RatingsTable, 'userIds' | 'tmdbIds' | 'ratings' | 'count'>,
  options: Pick<BuildOptions, 'kmf' | 'ease' | 'neighboursPerItem' | 'contentItems'>,
  progress: (stage: string, fraction: number) => void = () => {},
): Promise<FittedModels & { neighboursThreadMs: number | null; neighboursThreadError: string | null }> {
  const { training, kmfOptions, neighboursOptions, empty } = prepareFit(catalog, soup, ratings, options);
  if (empty) return { ...empty, neighboursThreadMs: null, neighboursThreadError: null };
  const thread = fitModelInWorker('neighbours', training.data, neighboursOptions, progress).then(
    (answer) => ({ answer, error: null }),
    (error: unknown) => ({ answer: null, error: error instanceof Error ? error.message : String(error) }),
  );
  const kmf = MODELS.kmf.fit(training.data, kmfOptions, progress);
  const { answer, error } = await thread;
  const neighbours = answer ? (answer.fitted as NeighboursFit) : MODELS.neighbours.fit(training.data, neighboursOptions, progress);
  return { ...assembleFit(training, kmf, neighbours), neighboursThreadMs: answer ? answer.ms : null, neighboursThreadError: error };
}

/** RMSE over all training ratings with float32 factors and with the shipped int8 factors (user side kept float32). */
function quantizationCost(
  shardBytes: Record<string, Uint8Array>,
  data: { user: Int32Array; item: Int32Array; value: Float32Array; kept: number; rowOfItem: number[] },
  model: { factors: number; globalBias: number; userBias: Float32Array; userFactors: Float32Array; itemBias: Float32Array; itemFactors: Float32Array },
): { float32: number; int8: number } {
  const m = readShard('model.bin', shardBytes['model.bin']);
  const q = m.itemFactorsQ8.data as Int8Array;
  const shipped = dequantizeRows(q, requireNumeric('model.bin', m, 'itemScales', Float32Array), model.factors);
  const k = model.factors;
  let sumFloat = 0;
  let sumInt8 = 0;
  for (let t = 0; t < data.kept; t++) {
    const u = data.user[t];
    const i = data.item[t];
    const row = data.rowOfItem[i];
    let dotFloat = 0;
    let dotInt8 = 0;
    for (let f = 0; f < k; f++) {
      const p = model.userFactors[u * k + f];
      dotFloat += p * model.itemFactors[i * k + f];
      dotInt8 += p * shipped[row * k + f];
    }
    const base = model.globalBias + model.userBias[u] + model.itemBias[i];
    const eFloat = data.value[t] - ratingFromLogit(base + dotFloat);
    const eInt8 = data.value[t] - ratingFromLogit(base + dotInt8);
    sumFloat += eFloat * eFloat;
    sumInt8 += eInt8 * eInt8;
  }
  return { float32: Math.sqrt(sumFloat / data.kept), int8: Math.sqrt(sumInt8 / data.kept) };
}
