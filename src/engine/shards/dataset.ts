// The shard set: which files and arrays make a CineLocal dataset, written by build-data and read by the engine.
// docs/shard-format.md documents every array listed here.
import { createKeywordIndex, type KeywordIndex, type KeywordMatrixInput } from '../keywordIndex';
export type { KeywordMatrixInput } from '../keywordIndex';
import type { ItemModel } from '../models/kmf';
import { emptyCollaborative, type CollaborativeModel } from '../models/neighbours';
import { MODELS, type LoadedModels, type ModelRegistry } from '../models/registry';
import type { PhaseTimes } from '../phases';
import { numeric, readShard, requireNumeric, requireStrings, sha256Hex, SHARD_FORMAT_VERSION, ShardError, strings, writeShard } from './format';
import type { ShardContents } from './format';

/** The content shards; every registered model adds its own file (src/engine/models/registry.ts). */
export const CONTENT_FILES = ['catalog.bin', 'genres.bin', 'keywords.bin'] as const;
/** The shards title search and movie summaries need: the worker is ready once these are in (the rest follows). */
export const CATALOG_FILES: readonly string[] = ['catalog.bin', 'genres.bin'];
/** The start-up shard files of a registry: the content files, then one per model. */
export function shardFilesOf(registry: ModelRegistry): string[] {
  return [...CONTENT_FILES, ...Object.values(registry).map((m) => m.shardFile)];
}
export const SHARD_FILES: readonly string[] = shardFilesOf(MODELS);
export type ShardFileName = string;

export { dequantizeRows, ITEM_SOURCE, quantizeRows, type ItemModel } from '../models/kmf';
export { emptyCollaborative, type CollaborativeModel } from '../models/neighbours';

export interface ShardManifest {
  format: 'cinelocal-shards';
  formatVersion: number;
  dataset: { name: string; kind: 'demo' | 'kaggle'; inputChecksum: string; inputs: { file: string; bytes: number; sha256: string }[] };
  /** Changes whenever the item model changes; stored user vectors from another version are refitted. */
  modelVersion: string;
  counts: {
    movies: number;
    genres: number;
    vocabulary: number;
    keywordNonZeros: number;
    ratedMovies: number;
    derivedMovies: number;
    ratings: number;
    users: number;
    factors: number;
    neighbourMovies?: number;
    neighbourWeights?: number;
  };
  /** Movie-details chunks (details-NNN.bin) also carry the catalog rows they hold: firstRow, rowCount. */
  files: { name: ShardFileName; bytes: number; sha256: string; firstRow?: number; rowCount?: number }[];
  build: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface Catalog {
  ids: Int32Array;
  titles: string[];
  /** 0 when unknown. */
  years: Uint16Array;
  popularity: Float32Array;
  voteAverage: Float32Array;
  voteCount: Uint32Array;
  /** TMDB collection (franchise) id per movie, 0 = none: "like this" puts a film's series first. */
  collections: Int32Array;
  /** Original title when it differs from the title, else "": title search finds films by either from start-up. */
  originalTitles: string[];
  genreNames: string[];
  /** Bit g set when the movie has genreNames[g]: the stage-1 genre index. */
  genreMask: Uint32Array;
}

export interface Dataset {
  manifest: ShardManifest;
  catalog: Catalog;
  keywords: KeywordIndex;
  /** Every registered model, decoded: kmf (the item side of the predicted ★), neighbours (EASE item–item lists, rating counts). */
  models: LoadedModels;
}

/** Encodes the content shards and every model's shard (`collaborative` defaults to no neighbours). */
export function encodeDataset(
  catalog: Catalog,
  keywords: KeywordMatrixInput,
  model: ItemModel,
  collaborative: CollaborativeModel = emptyCollaborative(catalog.ids.length),
): Record<ShardFileName, Uint8Array> {
  return encodeShards(catalog, keywords, { kmf: model, neighbours: collaborative });
}

/** Every shard of a dataset; each model of `registry` writes its own file from `models[name]`. */
export function encodeShards(
  catalog: Catalog,
  keywords: KeywordMatrixInput,
  models: LoadedModels | Record<string, unknown>,
  registry: ModelRegistry = MODELS,
): Record<ShardFileName, Uint8Array> {
  const rows = catalog.ids.length;
  const modelShards: Record<string, Uint8Array> = {};
  for (const [name, model] of Object.entries(registry))
    modelShards[model.shardFile] = writeShard(model.encode((models as Record<string, unknown>)[name], rows));
  // Column indices fit in 16 bits for most vocabularies; halve their size when they do.
  const indices = keywords.vocabulary.length <= 0xffff ? Uint16Array.from(keywords.indices) : keywords.indices;
  return {
    'catalog.bin': writeShard({
      ids: numeric(catalog.ids),
      titles: strings(catalog.titles),
      years: numeric(catalog.years),
      popularity: numeric(catalog.popularity),
      voteAverage: numeric(catalog.voteAverage),
      voteCount: numeric(catalog.voteCount),
      collections: numeric(catalog.collections),
      originalTitles: strings(catalog.originalTitles),
    }),
    'genres.bin': writeShard({ names: strings(catalog.genreNames), mask: numeric(catalog.genreMask) }),
    'keywords.bin': writeShard({
      indptr: numeric(keywords.indptr),
      indices: numeric(indices),
      counts: numeric(keywords.counts),
      norms: numeric(keywords.norms),
      vocabulary: strings(keywords.vocabulary),
      roles: numeric(keywords.roles),
      labels: strings(keywords.labels),
    }),
    ...modelShards,
  };
}

/** The manifest's format, version and an entry for every start-up shard: checked before any shard is fetched or decoded. */
export function checkManifest(manifest: ShardManifest, registry: ModelRegistry = MODELS): void {
  if (manifest?.format !== 'cinelocal-shards') throw new ShardError('manifest.json', 'corrupt', 'not a CineLocal shard manifest');
  if (manifest.formatVersion !== SHARD_FORMAT_VERSION)
    throw new ShardError(
      'manifest.json',
      'version',
      `format version ${manifest.formatVersion}, this app reads version ${SHARD_FORMAT_VERSION}; rebuild the data with npm run build-data`,
    );
  for (const name of shardFilesOf(registry))
    if (!manifest.files.some((f) => f.name === name)) throw new ShardError('manifest.json', 'corrupt', `no entry for ${name}`);
}

/** One start-up shard's size and SHA-256 against the manifest, then its arrays; every failure names the file. */
export async function verifyAndReadShard(manifest: ShardManifest, name: string, bytes: Uint8Array | undefined): Promise<ShardContents> {
  const entry = manifest.files.find((f) => f.name === name);
  if (!entry) throw new ShardError('manifest.json', 'corrupt', `no entry for ${name}`);
  if (!bytes) throw new ShardError(name, 'missing', 'file not provided');
  if (bytes.length !== entry.bytes) throw new ShardError(name, 'corrupt', `${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`);
  const digest = await sha256Hex(bytes);
  if (digest !== entry.sha256)
    throw new ShardError(name, 'checksum', `SHA-256 ${digest.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`);
  return readShard(name, bytes);
}

/** Check the manifest's format and each file's size and SHA-256, then decode; every failure names its file. */
export async function decodeDataset(
  manifest: ShardManifest,
  files: Record<string, Uint8Array>,
  registry: ModelRegistry = MODELS,
  phases?: PhaseTimes,
): Promise<Dataset> {
  checkManifest(manifest, registry);
  const contents: Record<string, ShardContents> = {};
  for (const name of shardFilesOf(registry)) contents[name] = await verifyAndReadShard(manifest, name, files[name]);
  phases?.lap('verify');
  return decodeContents(manifest, contents, registry, phases);
}

/** The catalog from catalog.bin and genres.bin (checked: every column has one row per movie). Search needs only this. */
export function decodeCatalog(contents: Record<string, ShardContents>, phases?: PhaseTimes): Catalog {
  const c = contents['catalog.bin'];
  const g = contents['genres.bin'];
  const ids = requireNumeric('catalog.bin', c, 'ids', Int32Array);
  const n = ids.length;
  const sameLength = (file: string, name: string, length: number) => {
    if (length !== n) throw new ShardError(file, 'corrupt', `array "${name}" has ${length} rows, the catalog has ${n}`);
  };
  const catalog: Catalog = {
    ids,
    titles: requireStrings('catalog.bin', c, 'titles'),
    years: requireNumeric('catalog.bin', c, 'years', Uint16Array),
    popularity: requireNumeric('catalog.bin', c, 'popularity', Float32Array),
    voteAverage: requireNumeric('catalog.bin', c, 'voteAverage', Float32Array),
    voteCount: requireNumeric('catalog.bin', c, 'voteCount', Uint32Array),
    collections: requireNumeric('catalog.bin', c, 'collections', Int32Array),
    originalTitles: requireStrings('catalog.bin', c, 'originalTitles'),
    genreNames: requireStrings('genres.bin', g, 'names'),
    genreMask: requireNumeric('genres.bin', g, 'mask', Uint32Array),
  };
  for (const [name, value] of Object.entries(catalog))
    if (name !== 'genreNames') sameLength(name === 'genreMask' ? 'genres.bin' : 'catalog.bin', name, value.length);
  phases?.lap('decodeCatalog');
  return catalog;
}

/**
 * The dataset from verified shards' arrays (verifyAndReadShard): cross-file checks (row counts, pointers) and the
 * models' decode. loadDataset reads each shard as it arrives, so only this part waits for the last download.
 */
export function decodeContents(
  manifest: ShardManifest,
  contents: Record<string, ShardContents>,
  registry: ModelRegistry = MODELS,
  phases?: PhaseTimes,
  decodedCatalog?: Catalog,
): Dataset {
  const catalog = decodedCatalog ?? decodeCatalog(contents, phases);
  const n = catalog.ids.length;
  const k = contents['keywords.bin'];

  const indptr = requireNumeric('keywords.bin', k, 'indptr', Uint32Array);
  const indicesArray = k.indices;
  if (!indicesArray || !(indicesArray.data instanceof Uint16Array || indicesArray.data instanceof Uint32Array))
    throw new ShardError('keywords.bin', 'corrupt', 'array "indices" is missing or not u16/u32');
  const counts = requireNumeric('keywords.bin', k, 'counts', Uint8Array);
  const vocabulary = requireStrings('keywords.bin', k, 'vocabulary');
  const roles = requireNumeric('keywords.bin', k, 'roles', Uint8Array);
  if (indptr.length !== n + 1 || indptr[n] !== counts.length || indicesArray.data.length !== counts.length || roles.length !== counts.length)
    throw new ShardError('keywords.bin', 'corrupt', 'row pointers do not match the catalog or the non-zeros');
  // Row pointers must start at 0 and never decrease: a jump back (or to 2^32 - 1) would make the row loops run for billions of steps.
  for (let r = 0; r < n; r++)
    if (indptr[r] > indptr[r + 1] || (r === 0 && indptr[0] !== 0)) throw new ShardError('keywords.bin', 'corrupt', `row pointer ${r} is out of order`);
  for (let i = 0; i < indicesArray.data.length; i++)
    if (indicesArray.data[i] >= vocabulary.length) throw new ShardError('keywords.bin', 'corrupt', `column ${indicesArray.data[i]} outside the vocabulary`);
  const keywords = createKeywordIndex(
    indptr,
    indicesArray.data,
    counts,
    requireNumeric('keywords.bin', k, 'norms', Float32Array),
    vocabulary,
    roles,
    requireStrings('keywords.bin', k, 'labels'),
  );
  phases?.lap('decodeKeywords');

  const models: Record<string, unknown> = {};
  for (const [name, model] of Object.entries(registry)) models[name] = model.decode(contents[model.shardFile], n);
  phases?.lap('decodeModels');
  const loaded = models as LoadedModels;
  return { manifest, catalog, keywords, models: loaded };
}
