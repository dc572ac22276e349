// One movie in any list: title, year, genres, reason chips, the rating control and "Recommend movies like <title>".
import type { ReactNode } from 'react';
import type { MovieSummary } from '../../engine/types';
import { movieMeta } from '../format';
import { useProfileSession } from '../services';
import { navigate, routeHref } from './useHashRoute';
import { RowPoster } from '../posters/Poster';
import { RatingStars } from './RatingStars';
import { ListToggles } from '../lists/ListToggles';

export interface MovieCardProps {
  movie: MovieSummary;
  chips?: string[];
  /** Extra line under the meta (e.g. predicted rating). */
  note?: ReactNode;
  headingLevel?: 2 | 3;
  showRecommend?: boolean;
  /** The original title a search matched, shown after the title ("Spirited Away — original title: 千と千尋の神隠し"). */
  originalTitle?: string;
}

export function MovieCard({ movie, chips = [], note, headingLevel = 3, showRecommend = true, originalTitle }: MovieCardProps) {
  const session = useProfileSession();
  const rating = session.ratings.get(movie.id) ?? null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="movie-card" data-movie-id={movie.id}>
      <div className="movie-main">
        <Heading className="movie-title">
          {/* The title opens the movie page; the row poster (only with posters on) sits in the link, decorative. */}
          <a className="movie-title-link" href={routeHref({ view: 'movie', movieId: movie.id })}>
            <RowPoster movieId={movie.id} />
            {movie.title}
          </a>
          {originalTitle ? (
            <span className="movie-title-original">
              {' '}
              — original title: <bdi>{originalTitle}</bdi>
            </span>
          ) : null}
        </Heading>
        <p className="movie-meta">{movieMeta(movie.year, movie.genres)}</p>
        {note ? <p className="movie-note">{note}</p> : null}
        {chips.length > 0 ? (
          <ul className="chips" aria-label="Why this movie">
            {chips.map((chip) => (
              <li key={chip} className={`chip${chip.startsWith('for you') ? ' chip-accent' : ''}`}>
                {chip}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="movie-actions">
        <RatingStars title={movie.title} value={rating} onChange={(value) => session.rate(movie, value)} />
        <ListToggles movie={movie} />
        {showRecommend ? (
          <button type="button" className="button button-quiet" onClick={() => navigate({ view: 'like', movieId: movie.id })}>
            Recommend movies like<span className="sr-only"> {movie.title}</span>
            <span aria-hidden="true"> this</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}
