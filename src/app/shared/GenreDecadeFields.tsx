// The genre and decade filters For you and Explore share ("" = any).
import { useId } from 'react';
import { decadeLabel } from '../format';

/** Decade starts offered, newest first. */
export const DECADES = Array.from({ length: 12 }, (_, i) => 1900 + i * 10).reverse();

interface GenreDecadeFieldsProps {
  genres: string[];
  genre: string;
  decade: string;
  onGenre(genre: string): void;
  onDecade(decade: string): void;
}

export function GenreDecadeFields({ genres, genre, decade, onGenre, onDecade }: GenreDecadeFieldsProps) {
  const genreId = useId();
  const decadeId = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={genreId}>Genre</label>
        <select id={genreId} value={genre} onChange={(event) => onGenre(event.target.value)}>
          <option value="">All genres</option>
          {genres.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={decadeId}>Decade</label>
        <select id={decadeId} value={decade} onChange={(event) => onDecade(event.target.value)}>
          <option value="">Any decade</option>
          {DECADES.map((d) => (
            <option key={d} value={d}>
              {decadeLabel(d)}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
