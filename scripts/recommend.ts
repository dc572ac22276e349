// npm run recommend -- --data-dir <shards dir> --movie <tmdb id> [--ratings <csv of tmdbId,rating>] [--k 10] [--json]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import type { UserRating } from '../src/engine/types';
import { loadEngineFromDir } from '../src/node/loadEngine';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string', default: 'public/data' }, movie: { type: 'string' }, ratings: { type: 'string' }, k: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } },
});

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
  const movieId = Number(values.movie);
  if (!Number.isInteger(movieId)) {
    console.error('recommend: --movie <tmdb id> is required');
    return 1;
  }
  const engine = await loadEngineFromDir(values['data-dir']!);
  const seed = engine.getMovies([movieId])[0];
  if (!seed) {
    console.error(`recommend: movie ${movieId} is not in the catalog`);
    return 1;
  }
  const ratings = values.ratings ? readUserRatings(values.ratings) : [];
  const vector = ratings.length ? engine.fitUser(ratings) : null;
  const results = await engine.recommend(movieId, { vector, ratedIds: ratings.map((r) => r.movieId) }, { k: Number(values.k) });
  if (values.json) {
    console.log(JSON.stringify({ seed, personal: vector !== null, results }, null, 2));
    return 0;
  }
  console.log(`Movies like ${seed.title} (${seed.year ?? 'n/a'})${vector ? ` for a user with ${vector.ratingCount} ratings` : ' (keyword-only: no user vector)'}`);
  console.table(
    results.map((r) => ({
      tmdbId: r.movie.id,
      title: r.movie.title,
      year: r.movie.year ?? '',
      from: r.source,
      shares: [...r.reasons.sharedDirectors, ...r.reasons.sharedCast, ...r.reasons.sharedKeywords.slice(0, 3), ...r.reasons.sharedGenres].join(' · '),
      cosine: r.reasons.keywordSimilarity.toFixed(3),
      'for you': r.reasons.predictedRating === null ? '' : `${r.reasons.predictedRating.toFixed(1)}★`,
    })),
  );
  return 0;
}

main().then((code) => process.exit(code), (error: Error) => { console.error(`recommend: ${error.message}`); process.exit(1); });
