// npm run recommend -- --movie <tmdb id> [--data-dir public/data] [--ratings <csv of tmdbId,rating>] [--links links.csv] [--ids tmdb] [--k 10] [--json]
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { UserRating } from '../src/engine/types';
import { loadEngineFromDir } from '../src/node/loadEngine';
import { readLinks } from '../src/pipeline/ratings';
import { defineCli } from './lib/cli';
import { plural, table } from './lib/output';
import { asTmdbId, asTmdbIds } from '../src/engine/ids';

const cli = defineCli({
  name: 'recommend',
  usage:
    'npm run recommend -- --movie <tmdb id> [--data-dir public/data] [--ratings <csv of tmdbId,rating>] [--links links.csv] [--ids tmdb] [--k 10] [--json]',
  description: 'Movies like one movie, as the app recommends them; with --ratings, personalised for those ratings.',
  options: {
    movie: { type: 'integer', required: true, value: 'tmdb id', description: 'the movie to start from, a TMDB id such as 862' },
    'data-dir': { type: 'string', default: 'public/data', value: 'dir', description: 'shards built by npm run build-data' },
    ratings: { type: 'string', value: 'csv', description: 'your ratings: a CSV with tmdbId,rating columns (0–5 in half steps)' },
    links: { type: 'string', value: 'csv', description: 'with a MovieLens-style ratings file (movieId column): links.csv mapping movieId to tmdbId' },
    ids: { type: 'string', choices: ['tmdb'], description: "the ratings file's movieId column already holds TMDB ids (a CineLocal CSV export)" },
    k: { type: 'integer', default: 10, min: 1, description: 'how many movies to recommend' },
    json: { type: 'boolean', description: 'print the seed and results as JSON' },
  },
});
const { values } = cli.parse();

/** TMDB id columns, and the ambiguous ones that hold MovieLens ids in MovieLens/Kaggle files (ratings*.csv). */
const TMDB_COLUMNS = ['tmdbid', 'tmdb_id', 'tmdb'];
const MOVIELENS_COLUMNS = ['movieid', 'movie_id'];

class RatingsFileError extends Error {}

/**
 * Reads the ratings CSV. The id column is chosen by its header: tmdbId (or tmdb_id, tmdb) is a TMDB id; movieId (or
 * movie_id) is what MovieLens and Kaggle's ratings*.csv use for MovieLens ids, so it is refused unless `links` maps it
 * or `movieIdIsTmdb` says it already holds TMDB ids (CineLocal's own CSV export).
 */
function readUserRatings(path: string, links: Map<number, number> | null, movieIdIsTmdb: boolean): { ratings: UserRating[]; unmapped: number } {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const header = parsed.meta.fields ?? [];
  const find = (names: string[]) => header.find((field) => names.includes(field.trim().toLowerCase()));
  const tmdbColumn = find(TMDB_COLUMNS);
  const movieLensColumn = find(MOVIELENS_COLUMNS);
  const ratingColumn = find(['rating']);
  if (!ratingColumn) throw new RatingsFileError(`${path}: the header has no 'rating' column (found: ${header.join(',') || 'nothing'})`);
  let idColumn: string;
  let mapIds: Map<number, number> | null = null;
  if (tmdbColumn && !links) idColumn = tmdbColumn;
  else if (movieLensColumn && links) [idColumn, mapIds] = [movieLensColumn, links];
  else if (movieLensColumn && movieIdIsTmdb) idColumn = movieLensColumn;
  else if (movieLensColumn) {
    throw new RatingsFileError(
      `${path}: the id column is '${movieLensColumn}', which in MovieLens-style files (ratings.csv, ratings_small.csv) is a MovieLens id, not a TMDB id; ` +
        `read as TMDB ids it would name other movies or none. Pass --links <links.csv> to map movieId to tmdbId, rename the column to tmdbId, ` +
        `or pass --ids tmdb if the ids are TMDB ids (a CineLocal CSV export).`,
    );
  } else if (tmdbColumn && links)
    throw new RatingsFileError(`${path}: --links maps a movieId column, but this file has '${tmdbColumn}' (TMDB ids already); leave --links out`);
  else
    throw new RatingsFileError(
      `${path}: the header has no movie id column: expected tmdbId (or movieId with --links) (found: ${header.join(',') || 'nothing'})`,
    );

  const ratings: UserRating[] = [];
  let unmapped = 0;
  parsed.data.forEach((row, i) => {
    const id = Number(row[idColumn]);
    const rating = Number(row[ratingColumn]);
    if (!Number.isInteger(id) || !(rating >= 0 && rating <= 5) || Math.round(rating * 2) !== rating * 2) {
      throw new RatingsFileError(`${path}: row ${i + 2}: expected ${idColumn},${ratingColumn} with a rating 0–5 in half steps, got ${JSON.stringify(row)}`);
    }
    const movieId = mapIds ? mapIds.get(id) : id;
    if (movieId === undefined) unmapped += 1;
    else ratings.push({ movieId, rating });
  });
  return { ratings, unmapped };
}

/** Why a user with ratings got no vector, in one sentence. */
function noVectorReason(rated: number, unmapped: number, inCatalog: number): string {
  const total = rated + unmapped;
  const ids = `${total} rated ${total === 1 ? 'id' : 'ids'}`;
  if (total === 0) return 'the ratings file has no rows';
  if (rated === 0) return `none of the ${total} rated movieIds has a tmdbId in the links file`;
  if (inCatalog === 0) return `none of the ${ids} is in the catalog (are they TMDB ids?)`;
  return `${inCatalog} of the ${ids} ${inCatalog === 1 ? 'is' : 'are'} in the catalog, but the model learned no taste factors for ${inCatalog === 1 ? 'it' : 'them'} (movies without ratings in the training data)`;
}

async function main(): Promise<number> {
  const movieId = asTmdbId(values.movie);
  const engine = await loadEngineFromDir(values['data-dir']);
  const seed = engine.getMovies([movieId])[0];
  if (!seed) {
    console.error(`recommend: movie ${movieId} is not in the catalog`);
    return 1;
  }
  const links = values.links ? (await readLinks(values.links)).movieIdToTmdb : null;
  if (values.links && !values.ratings) throw new RatingsFileError('--links needs --ratings');
  const { ratings, unmapped } = values.ratings ? readUserRatings(values.ratings, links, values.ids === 'tmdb') : { ratings: [], unmapped: 0 };
  const vector = ratings.length ? engine.fitUser(ratings) : null;
  const inCatalog = engine.getMovies(asTmdbIds(ratings.map((r) => r.movieId))).length;
  const reason = values.ratings && !vector ? noVectorReason(ratings.length, unmapped, inCatalog) : null;
  if (reason) console.error(`recommend: no user vector: ${reason}; showing unpersonalised results`);
  else if (values.ratings && ratings.length + unmapped > inCatalog)
    console.error(`recommend: ${ratings.length + unmapped - inCatalog} of the ${ratings.length + unmapped} rated ids are not in the catalog and were skipped`);
  const results = await engine.recommend(movieId, { vector, ratedIds: ratings.map((r) => r.movieId), ratings }, { k: values.k });
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          seed,
          personal: vector !== null,
          ...(values.ratings ? { ratings: { rows: ratings.length + unmapped, inCatalog, noVectorReason: reason } } : {}),
          results,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  console.log(
    `Movies like ${seed.title} (${seed.year ?? 'n/a'})${vector ? ` for a user with ${plural(vector.ratingCount, 'rating')}` : ' (no user vector: item neighbours, keywords and priors)'}`,
  );
  console.log(
    table(
      ['tmdbId', 'title', 'year', 'from', 'shares', { name: 'cosine', align: 'right' }, { name: 'for you', align: 'right' }],
      results.map((r) => [
        String(r.movie.id),
        r.movie.title,
        r.movie.year ? String(r.movie.year) : '',
        r.source,
        [...r.reasons.sharedDirectors, ...r.reasons.sharedCast, ...r.reasons.sharedKeywords.slice(0, 3), ...r.reasons.sharedGenres].join(' · '),
        r.reasons.keywordSimilarity.toFixed(3),
        r.reasons.predictedRating === null ? '' : `${r.reasons.predictedRating.toFixed(1)}★`,
      ]),
    ),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`recommend: ${error.message}`);
    process.exit(1);
  },
);
