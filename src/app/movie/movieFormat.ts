// Text and links of the movie page (pure functions; the data comes from the engine).

/** "1 h 21 min", "45 min"; null when unknown. */
export function runtimeText(minutes: number | null): string | null {
  if (minutes === null || !(minutes > 0)) return null;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "7.7 / 10 from 5,012 votes"; "No votes on TMDB" when nobody voted. */
export function votesText(average: number, count: number): string {
  if (!(count > 0)) return 'No votes on TMDB';
  return `${average.toFixed(1)} / 10 from ${count.toLocaleString('en-US')} ${count === 1 ? 'vote' : 'votes'}`;
}

export function tmdbMovieUrl(id: number): string {
  return `https://www.themoviedb.org/movie/${id}`;
}

/** IMDb ids are "tt" + at least 7 digits (tt0114709). */
export function imdbTitleUrl(imdbId: number): string {
  return `https://www.imdb.com/title/tt${String(imdbId).padStart(7, '0')}/`;
}
