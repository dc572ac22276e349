// "Your taste": the data behind each chart and its text alternative, from a profile's ratings joined with the catalog's
// summaries. Plain functions (unit-tested in test/unit/tasteData.test.ts); the view only draws what they return.
import type { MovieSummary, TasteMap, TastePerson } from '../../engine/types';

export interface RatedMovie {
  movieId: number;
  title: string;
  /** 0..5 in half steps. */
  rating: number;
  /** Epoch ms of the last change. */
  ratedAt: number;
  year: number | null;
  genres: string[];
  /** TMDB's average on our 5-star scale (voteAverage / 2), null when nobody voted. */
  crowd: number | null;
}

/** Ratings whose movie the catalog knows (others are left out and counted by the caller). */
export function joinRated(
  records: readonly { movieId: number; rating: number; updatedAt: number }[],
  summaries: ReadonlyMap<number, MovieSummary | null>,
): RatedMovie[] {
  return records.flatMap((record) => {
    const movie = summaries.get(record.movieId);
    if (!movie) return [];
    return [
      {
        movieId: record.movieId,
        title: movie.title,
        rating: record.rating,
        ratedAt: record.updatedAt,
        year: movie.year,
        genres: movie.genres,
        crowd: movie.voteCount > 0 ? movie.voteAverage / 2 : null,
      },
    ];
  });
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const stars = (value: number) => `${value.toFixed(1)}★`;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** How many ratings at each half star, every step from the lowest used (0.5 at least) to 5, zeros included. */
export function ratingDistribution(rated: readonly RatedMovie[]): { stars: number; count: number }[] {
  const low = rated.some((movie) => movie.rating === 0) ? 0 : 0.5;
  const bins: { stars: number; count: number }[] = [];
  for (let step = low; step <= 5; step += 0.5) bins.push({ stars: step, count: rated.filter((movie) => movie.rating === step).length });
  return bins;
}

export function describeDistribution(rated: readonly RatedMovie[]): string {
  if (rated.length === 0) return 'No ratings yet.';
  const mean = rated.reduce((sum, movie) => sum + movie.rating, 0) / rated.length;
  const bins = ratingDistribution(rated);
  const top = bins.reduce((best, bin) => (bin.count > best.count ? bin : best));
  const base = `${plural(rated.length, 'rating')}, ${stars(round1(mean))} on average`;
  // "Most often" only when one value is: a tie (say, every rating used once) has no favourite.
  if (bins.filter((bin) => bin.count === top.count).length > 1) return `${base}.`;
  return `${base}; you give ${stars(top.stars)} most often (${plural(top.count, 'time')}).`;
}

/** Rated movies per decade of release, every decade from the earliest to the latest (zeros included). */
export function decadeCounts(rated: readonly RatedMovie[]): { decade: number; count: number }[] {
  const decades = rated.flatMap((movie) => (movie.year ? [Math.floor(movie.year / 10) * 10] : []));
  if (decades.length === 0) return [];
  const out: { decade: number; count: number }[] = [];
  for (let decade = Math.min(...decades); decade <= Math.max(...decades); decade += 10) out.push({ decade, count: decades.filter((d) => d === decade).length });
  return out;
}

export function describeDecades(rated: readonly RatedMovie[]): string {
  const counts = decadeCounts(rated);
  if (counts.length === 0) return 'None of your rated movies has a release year.';
  const top = counts.reduce((best, bin) => (bin.count > best.count ? bin : best));
  return `Your rated movies were made from the ${counts[0].decade}s to the ${counts[counts.length - 1].decade}s, most in the ${top.decade}s (${plural(top.count, 'movie')}).`;
}

export interface GenreTaste {
  genre: string;
  count: number;
  /** Your mean rating in this genre. */
  mean: number;
  /** TMDB's mean for the same movies (5-star scale), over those with votes; null when none has. */
  crowd: number | null;
  /** mean − crowd (negative: harsher than the crowd). */
  difference: number | null;
}

/** Per genre (a movie counts in each of its genres), most rated first; ties by name. */
export function genreTaste(rated: readonly RatedMovie[]): GenreTaste[] {
  const byGenre = new Map<string, RatedMovie[]>();
  for (const movie of rated) for (const genre of movie.genres) byGenre.set(genre, [...(byGenre.get(genre) ?? []), movie]);
  return [...byGenre.entries()]
    .map(([genre, movies]) => {
      const mean = movies.reduce((sum, movie) => sum + movie.rating, 0) / movies.length;
      const voted = movies.filter((movie) => movie.crowd !== null);
      const crowd = voted.length > 0 ? voted.reduce((sum, movie) => sum + movie.crowd!, 0) / voted.length : null;
      const yours = voted.length > 0 ? voted.reduce((sum, movie) => sum + movie.rating, 0) / voted.length : null;
      return { genre, count: movies.length, mean, crowd, difference: crowd !== null && yours !== null ? yours - crowd : null };
    })
    .sort((a, b) => b.count - a.count || a.genre.localeCompare(b.genre));
}

/** Genres with at least this many ratings say "harsher/kinder than the crowd"; fewer are noise. */
export const MIN_GENRE_RATINGS = 3;
/** Differences smaller than this (stars) read as "in line with the crowd". */
const NOTABLE_DIFFERENCE = 0.25;

/** "Harsher than the crowd on Comedy (−0.8★ over 5 movies); kinder on Drama (+0.6★ over 4)." */
export function describeCrowd(rated: readonly RatedMovie[], minCount = MIN_GENRE_RATINGS): string {
  const genres = genreTaste(rated).filter((genre) => genre.count >= minCount && genre.difference !== null);
  // The chart draws every genre rated; the sentence only judges those with enough ratings, and says so.
  if (genres.length === 0)
    return `No genre has ${minCount} ratings yet, so none is compared in words; the chart shows every genre you rated next to the crowd (TMDB's average).`;
  const sorted = [...genres].sort((a, b) => a.difference! - b.difference!);
  const harsh = sorted[0];
  const kind = sorted[sorted.length - 1];
  const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(round1(value)).toFixed(1)}★`;
  const parts: string[] = [];
  if (harsh.difference! <= -NOTABLE_DIFFERENCE)
    parts.push(`harsher than the crowd on ${harsh.genre} (${signed(harsh.difference!)} over ${plural(harsh.count, 'movie')})`);
  if (kind.difference! >= NOTABLE_DIFFERENCE)
    parts.push(`kinder than the crowd on ${kind.genre} (${signed(kind.difference!)} over ${plural(kind.count, 'movie')})`);
  if (parts.length === 0) return `In line with the crowd (TMDB's average) on every genre you rated ${minCount} times or more.`;
  const sentence = parts.join('; ');
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}

/** Ratings so far at the end of each month with a rating (UTC), oldest first. */
export function ratingsOverTime(rated: readonly RatedMovie[]): { month: Date; total: number }[] {
  const perMonth = new Map<number, number>();
  for (const movie of rated) {
    const at = new Date(movie.ratedAt);
    const month = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
    perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
  }
  let total = 0;
  return [...perMonth.entries()].sort((a, b) => a[0] - b[0]).map(([month, count]) => ({ month: new Date(month), total: (total += count) }));
}

export function describeGrowth(rated: readonly RatedMovie[]): string {
  const points = ratingsOverTime(rated);
  if (points.length === 0) return 'No ratings yet.';
  const label = (date: Date) => date.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  if (points.length === 1) return `All ${plural(points[0].total, 'rating')} in ${label(points[0].month)}.`;
  return `From ${label(points[0].month)} to ${label(points[points.length - 1].month)}: ${plural(points[points.length - 1].total, 'rating')} in ${plural(points.length, 'month')} with ratings.`;
}

/** "Most in your ratings: Ann Lee (director, 4 movies, 4.1★ on average); Tom Banks (actor, 3 movies, 3.5★)." */
export function describePeople(people: readonly TastePerson[]): string {
  if (people.length === 0) return 'No director or actor is behind two or more of your rated movies yet.';
  const role = (person: TastePerson) => (person.role === 'director' ? 'director' : 'actor');
  const parts = people
    .slice(0, 3)
    .map((person, i) => `${person.name} (${role(person)}, ${plural(person.movies, 'movie')}, ${stars(round1(person.mean))}${i === 0 ? ' on average' : ''})`);
  const favourite = [...people].sort((a, b) => b.mean - a.mean || b.movies - a.movies)[0];
  const best = people.length > 1 ? ` You rate ${favourite.name}’s films highest.` : '';
  return `Most in your ratings: ${parts.join('; ')}.${best}`;
}

/** The people chart's rows: "Name (director)" labels, most movies first. */
export function peopleRows(people: readonly TastePerson[]): { label: string; movies: number; mean: number }[] {
  return people.map((person) => ({ label: `${person.name} (${person.role === 'director' ? 'director' : 'actor'})`, movies: person.movies, mean: person.mean }));
}

/** Where your movies sit on the factor map, in words: how many are placed and the well-known movies nearest your likes. */
export function describeMap(map: TasteMap | null): string {
  if (!map) return 'Reading the catalog’s map…';
  if (map.yours.length === 0) return 'None of your rated movies has a place on the map yet (it needs movies the model was trained on).';
  const near = map.nearYou.length > 0 ? ` The movies you liked cluster near ${map.nearYou.join(', ')}.` : '';
  return `${plural(map.yours.length, 'of your movies', 'of your movies')} among ${plural(map.backgroundX.length, 'well-known movie')}, placed by the model’s two main taste axes: movies close together are liked by the same people.${near}`;
}
