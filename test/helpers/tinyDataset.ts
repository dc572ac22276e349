// A hand-written eight-movie dataset, encoded and decoded through the real shard code.
import { createHash } from 'node:crypto';
import {
  ITEM_SOURCE,
  SHARD_FILES,
  decodeDataset,
  emptyCollaborative,
  encodeDataset,
  type Catalog,
  type CollaborativeModel,
  type Dataset,
  type ShardManifest,
} from '../../src/engine/shards/dataset';
import { SHARD_FORMAT_VERSION } from '../../src/engine/shards/format';
import { buildSoupMatrix } from '../../src/pipeline/soup';
import { fitCoLiking } from '../../src/engine/models/coLiking';
import { triplesOf } from './triples';

export const TINY_GENRES = ['Drama', 'Comedy', 'Animation', 'Family', 'Horror'];

export const TINY_MOVIES = [
  {
    id: 10,
    title: 'Toy Tale',
    year: 1995,
    genres: ['Animation', 'Comedy', 'Family'],
    keywords: ['toy', 'friendship', 'rivalry'],
    cast: ['Tom Banks', 'Tim Alley'],
    directors: ['John Lass'],
    votes: 5000,
  },
  {
    id: 11,
    title: 'Toy Tale 2',
    year: 1999,
    genres: ['Animation', 'Comedy', 'Family'],
    keywords: ['toy', 'friendship', 'sequel'],
    cast: ['Tom Banks', 'Tim Alley'],
    directors: ['John Lass'],
    votes: 4000,
  },
  {
    id: 12,
    title: 'Bug Life',
    year: 1998,
    genres: ['Animation', 'Family'],
    keywords: ['insect', 'friendship'],
    cast: ['Dave Foley'],
    directors: ['John Lass'],
    votes: 3000,
  },
  {
    id: 13,
    title: 'Laugh Riot',
    year: 2001,
    genres: ['Comedy'],
    keywords: ['office', 'rivalry'],
    cast: ['Zoë O\u2019Brien'],
    directors: ['Ann Lee'],
    votes: 800,
  },
  { id: 14, title: 'Sad Story', year: 1970, genres: ['Drama'], keywords: ['grief'], cast: ['Tom Banks'], directors: ['Ann Lee'], votes: 700 },
  { id: 15, title: 'Scary Night', year: 1980, genres: ['Horror'], keywords: ['ghost'], cast: ['Vincent P'], directors: ['Wes C'], votes: 600 },
  {
    id: 16,
    title: 'Amélie Variations',
    year: 2001,
    genres: ['Comedy', 'Drama'],
    keywords: ['paris', 'friendship'],
    cast: ['Audrey T'],
    directors: ['Jean J'],
    votes: 2000,
  },
  { id: 17, title: 'No Genre Film', year: 2005, genres: [], keywords: ['toy'], cast: [], directors: [], votes: 10 },
];

/** Item–item weights B_ij between TMDB ids, for tests of the collaborative signal: [from, to, weight]. */
export type TinyNeighbour = [number, number, number];

/** Who liked what, for tests of co-liking: [person, TMDB id] (people numbered from 0). */
export type TinyLike = [number, number];

function tinyCollaborative(
  neighbours: TinyNeighbour[],
  coRating: TinyNeighbour[],
  ratingCount: number[] | undefined,
  likes: TinyLike[] = [],
): CollaborativeModel {
  const n = TINY_MOVIES.length;
  const rowOf = (id: number) => TINY_MOVIES.findIndex((m) => m.id === id);
  const collaborative = emptyCollaborative(n);
  const csr = (entries: TinyNeighbour[]) => {
    const sorted = [...entries].sort((a, b) => rowOf(a[0]) - rowOf(b[0]) || b[2] - a[2]);
    const indptr = new Uint32Array(n + 1);
    for (const [from] of sorted) indptr[rowOf(from) + 1]++;
    for (let r = 0; r < n; r++) indptr[r + 1] += indptr[r];
    return { indptr, columns: Uint32Array.from(sorted, ([, to]) => rowOf(to)), weights: Float32Array.from(sorted, ([, , w]) => w) };
  };
  collaborative.neighbours = csr(neighbours);
  collaborative.coRating = csr(coRating);
  if (ratingCount) collaborative.ratingCount = Uint32Array.from(ratingCount);
  // Fitted as build-data fits it: each like is a 5★ rating, dense items are the catalog rows.
  if (likes.length > 0)
    collaborative.coLiking = fitCoLiking(
      triplesOf(
        likes.map(([u, id]) => [u, rowOf(id), 5]),
        Math.max(...likes.map(([u]) => u)) + 1,
        n,
      ),
      Array.from({ length: n }, (_, row) => row),
      n,
    );
  return collaborative;
}

/**
 * Items with a trained vector: all but the last two (which must never appear in KMF lists). No item neighbours
 * unless `neighbours` are given.
 */
export async function tinyDataset(
  options: { neighbours?: TinyNeighbour[]; coRating?: TinyNeighbour[]; ratingCount?: number[]; likes?: TinyLike[] } = {},
): Promise<Dataset> {
  const n = TINY_MOVIES.length;
  const catalog: Catalog = {
    ids: Int32Array.from(TINY_MOVIES, (m) => m.id),
    titles: TINY_MOVIES.map((m) => m.title),
    years: Uint16Array.from(TINY_MOVIES, (m) => m.year),
    popularity: Float32Array.from(TINY_MOVIES, (m) => m.votes / 100),
    voteAverage: Float32Array.from(TINY_MOVIES, () => 7),
    voteCount: Uint32Array.from(TINY_MOVIES, (m) => m.votes),
    // Toy Tale and Toy Tale 2 form one series.
    collections: Int32Array.from(TINY_MOVIES, (m) => (m.title.startsWith('Toy Tale') ? 10194 : 0)),
    // One film known by a title in another script: title search finds it by either.
    originalTitles: TINY_MOVIES.map((m) => (m.title === 'Sad Story' ? 'Грустная история' : '')),
    genreNames: TINY_GENRES,
    genreMask: Uint32Array.from(TINY_MOVIES, (m) => m.genres.reduce((mask, g) => mask | (1 << TINY_GENRES.indexOf(g)), 0)),
  };
  const soup = buildSoupMatrix(
    TINY_MOVIES.map((m) => ({ keywords: m.keywords, cast: m.cast, directors: m.directors, genres: m.genres })),
    { directorWeight: 1 },
  );
  const factors = 4;
  const itemFactors = new Float32Array(n * factors);
  for (let i = 0; i < n; i++) for (let f = 0; f < factors; f++) itemFactors[i * factors + f] = Math.sin(i * 1.7 + f) * 0.5;
  const itemSource = Uint8Array.from(TINY_MOVIES, (_, i) => (i < n - 2 ? ITEM_SOURCE.trained : ITEM_SOURCE.none));
  const model = { factors, globalBias: 0.5, itemBias: Float32Array.from(TINY_MOVIES, (_, i) => (i - 3) * 0.1), itemFactors, itemSource };
  const files = encodeDataset(catalog, soup, model, tinyCollaborative(options.neighbours ?? [], options.coRating ?? [], options.ratingCount, options.likes));
  const manifest = tinyManifest(files, { movies: n, vocabulary: soup.vocabulary.length, factors });
  return decodeDataset(manifest, files);
}

/**
 * A decoded dataset encoded again as shards (every keyword count and norm 1, no collaborative model), with a manifest
 * listing them: the files Engine.load and decodeDataset read.
 */
export function tinyShards(data: Dataset): { shards: ReturnType<typeof encodeDataset>; manifest: ShardManifest } {
  const soup = {
    ...data.keywords.matrix,
    counts: new Uint8Array(data.keywords.matrix.values.length).fill(1),
    norms: new Float32Array(data.catalog.ids.length).fill(1),
    vocabulary: data.keywords.vocabulary,
    roles: data.keywords.roles,
    labels: data.keywords.labels,
  };
  const shards = encodeDataset(data.catalog, soup, data.models.kmf);
  return {
    shards,
    manifest: tinyManifest(shards, { movies: data.catalog.ids.length, vocabulary: data.keywords.vocabulary.length, factors: data.models.kmf.factors }),
  };
}

export function tinyManifest(files: Record<string, Uint8Array>, counts: { movies: number; vocabulary: number; factors: number }): ShardManifest {
  return {
    format: 'cinelocal-shards',
    formatVersion: SHARD_FORMAT_VERSION,
    dataset: { name: 'tiny test set', kind: 'demo', inputChecksum: 'none', inputs: [] },
    modelVersion: 'tiny-1',
    counts: { ...counts, genres: TINY_GENRES.length, keywordNonZeros: 0, ratedMovies: 6, derivedMovies: 0, ratings: 0, users: 0 },
    files: SHARD_FILES.map((name) => ({ name, bytes: files[name].length, sha256: createHash('sha256').update(files[name]).digest('hex') })),
    build: {},
    metrics: {},
  };
}
