// build-data: Kaggle CSVs -> catalog, genre index, keyword matrix, KMF item model -> verified binary shards + manifest.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_KMF_PARAMS, trainKmf, type KmfParams } from '../engine/kmf';
import { fitContentItemModel } from '../engine/kmf/content';
import { createKeywordIndex } from '../engine/keywordIndex';
import { ITEM_SOURCE, decodeDataset, dequantizeRows, encodeDataset, SHARD_FILES, type Catalog, type ShardManifest } from '../engine/shards/dataset';
import { readShard, requireNumeric, SHARD_FORMAT_VERSION } from '../engine/shards/format';
import { assertReadable, type SkipCounts } from './csv';
import { readCredits, readKeywords, readMovies, type CreditsRecord, type FileReport } from './movies';
import { readLinks, readRatings } from './ratings';
import { buildSoupMatrix } from './soup';

export const KAGGLE_FILES = { metadata: 'movies_metadata.csv', credits: 'credits.csv', keywords: 'keywords.csv' } as const;

export interface BuildOptions {
  dataDir: string;
  outDir: string;
  datasetKind: 'demo' | 'kaggle';
  ratings: 'small' | 'full';
  kmf?: Partial<KmfParams>;
  directorWeight?: number;
  topCast?: number;
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
  totalMs: number;
  /** Peak resident set size of the build process, bytes. */
  peakRssBytes: number;
  stageMs: Record<string, number>;
  manifest: ShardManifest;
}

const MAX_GENRES = 32;
const LARGE_RATINGS = 2_000_000;

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
  // Genres ordered by frequency so the commonest sit in the low bits; more than 32 cannot be indexed.
  const genreFrequency = new Map<string, number>();
  for (const m of movies) for (const g of m.genres) genreFrequency.set(g.name, (genreFrequency.get(g.name) ?? 0) + 1);
  const genreNames = [...genreFrequency.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  if (genreNames.length > MAX_GENRES) throw new Error(`${paths.metadata}: ${genreNames.length} distinct genres, the genre index holds at most ${MAX_GENRES}`);
  const genreBit = new Map(genreNames.map((g, i) => [g, i]));

  const n = movies.length;
  const catalog: Catalog = {
    ids: Int32Array.from(movies, (m) => m.id),
    titles: movies.map((m) => m.title),
    years: Uint16Array.from(movies, (m) => m.year ?? 0),
    popularity: Float32Array.from(movies, (m) => m.popularity),
    voteAverage: Float32Array.from(movies, (m) => m.voteAverage),
    voteCount: Uint32Array.from(movies, (m) => m.voteCount),
    genreNames,
    genreMask: Uint32Array.from(movies, (m) => m.genres.reduce((mask, g) => mask | (1 << genreBit.get(g.name)!), 0) >>> 0),
  };

  const soup = soupForMovies(movies, credits, keywords, options.directorWeight ?? 1);
  endStage('keyword soup');

  const links = await readLinks(paths.links, fileProgress(basename(paths.links)));
  const ratings = await readRatings(paths.ratings, links, fileProgress(basename(paths.ratings)));
  endStage(basename(paths.ratings));

  // Dense user and item indices for training; items are the catalog movies that have ratings.
  const rowOfId = new Map<number, number>();
  catalog.ids.forEach((id, row) => rowOfId.set(id, row));
  const itemOfRow = new Int32Array(n).fill(-1);
  const rowOfItem: number[] = [];
  const userIndex = new Map<number, number>();
  const user = new Int32Array(ratings.count);
  const item = new Int32Array(ratings.count);
  const value = new Float32Array(ratings.count);
  let kept = 0;
  let droppedNotInCatalog = 0;
  for (let r = 0; r < ratings.count; r++) {
    const row = rowOfId.get(ratings.tmdbIds[r]);
    if (row === undefined) {
      droppedNotInCatalog++;
      continue;
    }
    if (itemOfRow[row] < 0) {
      itemOfRow[row] = rowOfItem.length;
      rowOfItem.push(row);
    }
    let u = userIndex.get(ratings.userIds[r]);
    if (u === undefined) {
      u = userIndex.size;
      userIndex.set(ratings.userIds[r], u);
    }
    user[kept] = u;
    item[kept] = itemOfRow[row];
    value[kept] = ratings.ratings[r];
    kept++;
  }
  if (kept === 0) throw new Error(`${paths.ratings}: no rating refers to a movie in ${paths.metadata}; cannot train the model`);

  // Tens of millions of ratings: fewer, longer epochs and no refit, so the full ratings.csv trains in minutes.
  const largeDefaults: Partial<KmfParams> = kept > LARGE_RATINGS ? { epochs: 8, refitOnAll: false, patience: 2 } : {};
  const kmfParams: KmfParams = { ...DEFAULT_KMF_PARAMS, ...largeDefaults, ...options.kmf };
  const trained = trainKmf({ user, item, rating: value, count: kept, nUsers: userIndex.size, nItems: rowOfItem.length }, kmfParams, (e) =>
    progress('KMF training', Math.min(1, e.epoch / kmfParams.epochs)),
  );
  endStage('KMF training');

  const k = trained.model.factors;
  const itemFactors = new Float32Array(n * k);
  const itemBias = new Float32Array(n);
  const itemSource = new Uint8Array(n);
  rowOfItem.forEach((row, i) => {
    itemFactors.set(trained.model.itemFactors.subarray(i * k, (i + 1) * k), row * k);
    itemBias[row] = trained.model.itemBias[i];
    itemSource[row] = ITEM_SOURCE.trained;
  });
  // Movies nobody rated get (b_i, q_i) regressed from their keyword soup, so KMF covers the whole catalog.
  let derivedMovies = 0;
  if (options.contentItems !== false) {
    const keywordMatrix = createKeywordIndex(soup.indptr, soup.indices, soup.counts, soup.norms, soup.vocabulary, soup.roles, soup.labels).matrix;
    const content = fitContentItemModel(keywordMatrix, Int32Array.from(rowOfItem), trained.model.itemFactors, trained.model.itemBias);
    for (let row = 0; row < n; row++) {
      // An empty soup would only get the average movie: leave such movies out of KMF lists.
      if (itemSource[row] !== ITEM_SOURCE.none || soup.indptr[row + 1] === soup.indptr[row]) continue;
      const predicted = content(row);
      itemBias[row] = predicted.bias;
      itemFactors.set(predicted.factors, row * k);
      itemSource[row] = ITEM_SOURCE.derived;
      derivedMovies++;
    }
    endStage('content item vectors');
  }
  const model = { factors: k, globalBias: trained.model.globalBias, itemBias, itemFactors, itemSource };

  const shardBytes = encodeDataset(catalog, soup, model);
  const inputs = await Promise.all(
    Object.values(paths).map(async (path) => ({ file: basename(path), bytes: (await fs.stat(path)).size, sha256: await sha256File(path) })),
  );
  const inputChecksum = createHash('sha256').update(inputs.map((i) => `${i.file}:${i.sha256}`).join('\n')).digest('hex');
  const files = SHARD_FILES.map((name) => ({ name, bytes: shardBytes[name].length, sha256: createHash('sha256').update(shardBytes[name]).digest('hex') }));
  const modelVersion = createHash('sha256').update(shardBytes['model.bin']).digest('hex').slice(0, 16);

  // The cost of int8 factors, measured: validation RMSE with the shipped (dequantised) factors vs float32.
  const quantizedRmse = quantizationCost(shardBytes, { user, item, value, kept, rowOfItem }, trained.model);
  const manifest: ShardManifest = {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: options.datasetKind === 'demo' ? 'CineLocal demo catalog (synthetic)' : 'The Movies Dataset (Kaggle)', kind: options.datasetKind, inputChecksum, inputs },
    modelVersion,
    counts: {
      movies: n,
      genres: genreNames.length,
      vocabulary: soup.vocabulary.length,
      keywordNonZeros: soup.indices.length,
      ratedMovies: rowOfItem.length,
      derivedMovies,
      ratings: kept,
      users: userIndex.size,
      factors: k,
    },
    files,
    build: { ratings: options.ratings, topCast, directorWeight: options.directorWeight ?? 1, kmf: kmfParams, quantization: 'int8 per-row symmetric item factors' },
    metrics: { validationRmse: trained.validationRmse, allRatingsRmseFloat32: quantizedRmse.float32, allRatingsRmseInt8: quantizedRmse.int8, epochs: trained.epochs, trainMs: Math.round(trained.trainMs) },
  };

  await fs.mkdir(options.outDir, { recursive: true });
  for (const name of SHARD_FILES) await fs.writeFile(join(options.outDir, name), shardBytes[name]);
  await fs.writeFile(join(options.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Read back what was written through the same reader the app uses: a build never ships shards the app would refuse.
  const written: Record<string, Uint8Array> = {};
  for (const name of SHARD_FILES) written[name] = new Uint8Array(await fs.readFile(join(options.outDir, name)));
  await decodeDataset(manifest, written);
  endStage('shards');

  return {
    files: [
      ...reports.map((r) => ({ file: basename(r.file), rowsRead: r.rowsRead, kept: r.kept, skipped: r.skipped, warnings: r.warnings })),
      { file: basename(paths.links), rowsRead: links.rows, kept: links.movieIdToTmdb.size, skipped: links.skipped, warnings: {} },
      { file: basename(paths.ratings), rowsRead: ratings.rowsRead, kept, skipped: { ...ratings.skipped, ...(droppedNotInCatalog ? { 'movie not in the catalog': droppedNotInCatalog } : {}) }, warnings: {} },
    ],
    movies: n,
    genres: genreNames,
    vocabulary: soup.vocabulary.length,
    keywordNonZeros: soup.indices.length,
    singletonTerms: soup.singletonTerms,
    ratings: kept,
    ratingsDroppedNotInCatalog: droppedNotInCatalog,
    users: userIndex.size,
    ratedMovies: rowOfItem.length,
    derivedMovies,
    factors: k,
    validationRmse: trained.validationRmse,
    quantizedValidationRmse: quantizedRmse.int8,
    epochs: trained.epochs,
    trainMs: trained.trainMs,
    shards: SHARD_FILES.map((name) => ({ name, bytes: shardBytes[name].length, gzipBytes: gzipSync(shardBytes[name], { level: 9 }).length })),
    totalMs: performance.now() - started,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    stageMs,
    manifest,
  };
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
    const eFloat = data.value[t] - 5 / (1 + Math.exp(-(base + dotFloat)));
    const eInt8 = data.value[t] - 5 / (1 + Math.exp(-(base + dotInt8)));
    sumFloat += eFloat * eFloat;
    sumInt8 += eInt8 * eInt8;
  }
  return { float32: Math.sqrt(sumFloat / data.kept), int8: Math.sqrt(sumInt8 / data.kept) };
}
