// npm run recommend -- --movie <tmdb id> [--data-dir public/data] [--ratings <csv of tmdbId,rating>] [--k 10] [--json]
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { UserRating } from '../src/engine/types';
import { loadEngineFromDir } from '../src/node/loadEngine';
import { defineCli } from './lib/cli';
import { plural, table } from './lib/output';

const cli = defineCli({
  name: 'recommend',
  usage: 'npm run recommend -- --movie <tmdb id> [--data-dir public/data] [--ratings <csv of tmdbId,rating>] [--k 10] [--json]',
  description: 'Movies like one movie, as the app recommends them; with --ratings, personalised for those ratings.',
  options: {
    movie: { type: 'integer', required: true, value: 'tmdb id', description: 'the movie to start from, a TMDB id such as 862' },
    'data-dir': { type: 'string', default: 'public/data', value: 'dir', description: 'shards built by npm run build-data' },
    ratings: { type: 'string', value: 'csv', description: 'your ratings: a CSV with tmdbId,rating columns (0–5 in half steps)' },
    k: { type: 'integer', default: 10, min: 1, description: 'how many movies to recommend' },
    json: { type: 'boolean', description: 'print the seed and results as JSON' },
  },
});
const { values } = cli.parse();

function readUserRatings(path: string): UserRating[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  const ratings: UserRating[] = [];
  parsed.data.forEach((row, i) => {
    const movieId = Number(row.tmdbId ?? row.movieId);
    const rating = Number(row.rating);
    if (!Number.isInteger(movieId) || !(rating >= 0 && rating <= 5) || Math.round(rating * 2) !== rating * 2) {
      throw new Error(`${path}: row ${i + 2}: expected tmdbId,rating with a rating 0–5 in half steps, got ${JSON.stringify(row)}`);
    }
    ratings.push({ movieId, rating });
  });
  return ratings;
}

async function main(): Promise<number> {
  const movieId = values.movie;
  const engine = await loadEngineFromDir(values['data-dir']);
  const seed = engine.getMovies([movieId])[0];
  if (!seed) {
    console.error(`recommend: movie ${movieId} is not in the catalog`);
    return 1;
  }
  const ratings = values.ratings ? readUserRatings(values.ratings) : [];
  const vector = ratings.length ? engine.fitUser(ratings) : null;
  const results = await engine.recommend(movieId, { vector, ratedIds: ratings.map((r) => r.movieId), ratings }, { k: values.k });
  if (values.json) {
    console.log(JSON.stringify({ seed, personal: vector !== null, results }, null, 2));
    return 0;
  }
  console.log(`Movies like ${seed.title} (${seed.year ?? 'n/a'})${vector ? ` for a user with ${plural(vector.ratingCount, 'rating')}` : ' (no user vector: item neighbours, keywords and priors)'}`);
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
