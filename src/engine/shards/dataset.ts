// The shard set: which files and arrays make a CineLocal dataset, written by build-data and read by the engine.
// docs/shard-format.md documents every array listed here.
import { createKeywordIndex, type KeywordIndex } from '../keywordIndex';
import {
  numeric,
  readShard,
  requireNumeric,
  requireStrings,
  sha256Hex,
  SHARD_FORMAT_VERSION,
  ShardError,
  strings,
  writeShard,
} from './format';

export const SHARD_FILES = ['catalog.bin', 'genres.bin', 'keywords.bin', 'model.bin'] as const;
export type ShardFileName = (typeof SHARD_FILES)[number];

export interface ShardManifest {
  format: 'cinelocal-shards';
  formatVersion: number;
  dataset: { name: string; kind: 'demo' | 'kaggle'; inputChecksum: string; inputs: { file: string; bytes: number; sha256: string }[] };
  /** Changes whenever the item model changes; stored user vectors from another version are refitted. */
  modelVersion: string;
  counts: { movies: number; genres: number; vocabulary: number; keywordNonZeros: number; ratedMovies: number; derivedMovies: number; ratings: number; users: number; factors: number };
  files: { name: ShardFileName; bytes: number; sha256: string }[];
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
  genreNames: string[];
  /** Bit g set when the movie has genreNames[g]: the stage-1 genre index. */
  genreMask: Uint32Array;
}

/** Where an item's KMF parameters come from. */
export const ITEM_SOURCE = { none: 0, trained: 1, derived: 2 } as const;

export interface ItemModel {
  factors: number;
  globalBias: number;
  itemBias: Float32Array;
  /** rows = catalog rows, row-major [rows * factors]. */
  itemFactors: Float32Array;
  itemSource: Uint8Array;
}

export interface Dataset {
  manifest: ShardManifest;
  catalog: Catalog;
  keywords: KeywordIndex;
  model: ItemModel;
}

/** Keyword-soup counts as build-data produces them (see docs/shard-format.md, keywords.bin). */
export interface KeywordMatrixInput {
  indptr: Uint32Array;
  /** Column per non-zero, sorted within a row. */
  indices: Uint32Array;
  counts: Uint8Array;
  /** L2 norm of each row's full count vector. */
  norms: Float32Array;
  vocabulary: string[];
  /** Per non-zero: TERM_KIND bits saying why the term is in this movie's soup (a name can be cast here, director there). */
  roles: Uint8Array;
  /** A display label per term (the first original spelling seen, e.g. "Tom Hanks"). */
  labels: string[];
}

/** Symmetric per-row int8 quantisation: q = round(x / scale), scale = max|x| / 127. */
export function quantizeRows(values: Float32Array, rows: number, width: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(rows * width);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < width; c++) max = Math.max(max, Math.abs(values[r * width + c]));
    const scale = max / 127;
    scales[r] = scale;
    if (scale === 0) continue;
    for (let c = 0; c < width; c++) q[r * width + c] = Math.round(values[r * width + c] / scale);
  }
  return { q, scales };
}

export function dequantizeRows(q: Int8Array, scales: Float32Array, width: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let r = 0; r < scales.length; r++) {
    const s = scales[r];
    for (let c = 0; c < width; c++) out[r * width + c] = q[r * width + c] * s;
  }
  return out;
}

export function encodeDataset(catalog: Catalog, keywords: KeywordMatrixInput, model: ItemModel): Record<ShardFileName, Uint8Array> {
  const { q, scales } = quantizeRows(model.itemFactors, catalog.ids.length, model.factors);
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
    'model.bin': writeShard({
      globalBias: numeric(Float64Array.of(model.globalBias)),
      itemBias: numeric(model.itemBias),
      itemFactorsQ8: numeric(q, [catalog.ids.length, model.factors]),
      itemScales: numeric(scales),
      itemSource: numeric(model.itemSource),
    }),
  };
}

/** Check the manifest's format and each file's size and SHA-256, then decode; every failure names its file. */
export async function decodeDataset(manifest: ShardManifest, files: Record<string, Uint8Array>): Promise<Dataset> {
  if (manifest?.format !== 'cinelocal-shards') throw new ShardError('manifest.json', 'corrupt', 'not a CineLocal shard manifest');
  if (manifest.formatVersion !== SHARD_FORMAT_VERSION)
    throw new ShardError('manifest.json', 'version', `format version ${manifest.formatVersion}, this app reads version ${SHARD_FORMAT_VERSION}; rebuild the data with npm run build-data`);
  for (const name of SHARD_FILES) {
    const entry = manifest.files.find((f) => f.name === name);
    if (!entry) throw new ShardError('manifest.json', 'corrupt', `no entry for ${name}`);
    const bytes = files[name];
    if (!bytes) throw new ShardError(name, 'missing', 'file not provided');
    if (bytes.length !== entry.bytes) throw new ShardError(name, 'corrupt', `${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or replaced)`);
    const digest = await sha256Hex(bytes);
    if (digest !== entry.sha256) throw new ShardError(name, 'checksum', `SHA-256 ${digest.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`);
  }
  return decodeVerified(manifest, files);
}

function decodeVerified(manifest: ShardManifest, files: Record<string, Uint8Array>): Dataset {
  const c = readShard('catalog.bin', files['catalog.bin']);
  const g = readShard('genres.bin', files['genres.bin']);
  const k = readShard('keywords.bin', files['keywords.bin']);
  const m = readShard('model.bin', files['model.bin']);
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
    genreNames: requireStrings('genres.bin', g, 'names'),
    genreMask: requireNumeric('genres.bin', g, 'mask', Uint32Array),
  };
  for (const [name, value] of Object.entries(catalog)) if (name !== 'genreNames') sameLength(name === 'genreMask' ? 'genres.bin' : 'catalog.bin', name, value.length);

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

  const quantized = m.itemFactorsQ8;
  if (!quantized || !(quantized.data instanceof Int8Array) || quantized.shape[0] !== n) throw new ShardError('model.bin', 'corrupt', 'item factors missing or not one row per movie');
  const factors = quantized.shape[1];
  const model: ItemModel = {
    factors,
    globalBias: requireNumeric('model.bin', m, 'globalBias', Float64Array)[0],
    itemBias: requireNumeric('model.bin', m, 'itemBias', Float32Array),
    itemFactors: dequantizeRows(quantized.data, requireNumeric('model.bin', m, 'itemScales', Float32Array), factors),
    itemSource: requireNumeric('model.bin', m, 'itemSource', Uint8Array),
  };
  sameLength('model.bin', 'itemBias', model.itemBias.length);
  sameLength('model.bin', 'itemSource', model.itemSource.length);
  return { manifest, catalog, keywords, model };
}
