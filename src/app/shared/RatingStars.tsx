// The rating control: a keyboard-operable slider of half stars (arrows ±0.5, Home 0, End 5, Delete clears, Enter saves now) named "Rate <title>".
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ratingForKey, ratingFromPointer, ratingText } from '../format';

export interface RatingStarsProps {
  title: string;
  value: number | null;
  onChange(value: number | null): void;
  /** Keyboard changes are committed after this idle time so arrowing across does not write every step. */
  commitDelayMs?: number;
}

const STARS = '★★★★★';

export function RatingStars({ title, value, onChange, commitDelayMs = 500 }: RatingStarsProps) {
  // undefined = nothing pending; null = pending clear.
  const [pending, setPending] = useState<number | null | undefined>(undefined);
  const [hover, setHover] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingRef = useRef<number | null | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const shown = pending !== undefined ? pending : value;
  const displayed = hover ?? shown;

  const commit = () => {
    clearTimeout(timer.current);
    const next = pendingRef.current;
    if (next === undefined) return;
    pendingRef.current = undefined;
    setPending(undefined);
    if (next !== value) onChangeRef.current(next);
  };
  const schedule = (next: number | null) => {
    pendingRef.current = next;
    setPending(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(commit, commitDelayMs);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      commit();
      return;
    }
    const next = ratingForKey(event.key, shown);
    if (next === undefined) return;
    event.preventDefault();
    schedule(next);
  };
  const pointerValue = (event: MouseEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return ratingFromPointer(event.clientX - rect.left, rect.width);
  };

  return (
    <div className="rating">
      <div
        role="slider"
        tabIndex={0}
        className={`rating-stars${shown === null ? ' is-unrated' : ''}${hover !== null ? ' is-hovering' : ''}`}
        aria-label={`Rate ${title}`}
        aria-valuemin={0}
        aria-valuemax={5}
        aria-valuenow={shown ?? 0}
        aria-valuetext={ratingText(shown)}
        onKeyDown={onKeyDown}
        onBlur={commit}
        onPointerMove={(event) => setHover(pointerValue(event))}
        onPointerLeave={() => setHover(null)}
        onClick={(event) => {
          pendingRef.current = pointerValue(event);
          commit();
        }}
      >
        <span className="rating-stars-base" aria-hidden="true">{STARS}</span>
        <span className="rating-stars-fill" aria-hidden="true" style={{ width: `${((displayed ?? 0) / 5) * 100}%` }}>
          {STARS}
        </span>
      </div>
      <span className="rating-value" aria-hidden="true">
        {displayed === null ? '–' : displayed.toFixed(1)}
      </span>
      {value !== null ? (
        <button type="button" className="icon-button rating-clear" aria-label={`Clear rating for ${title}`} title="Clear rating" onClick={() => onChange(null)}>
          <span aria-hidden="true">✕</span>
        </button>
      ) : (
        <span className="rating-clear-placeholder" aria-hidden="true" />
      )}
    </div>
  );
}
