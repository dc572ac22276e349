// The rating control: a keyboard-operable slider of half stars (arrows ±0.5, Home 0, End 5, Delete clears, Enter saves now) named "Rate <title>".
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ratingForKey, ratingFromPointer, ratingText } from '../format';
import { onPageLeave } from './onPageLeave';

export interface RatingStarsProps {
  title: string;
  value: number | null;
  onChange(value: number | null): void | Promise<void>;
  /**
   * Keyboard changes are committed after this idle time (0, the default: at once, so a shown rating is saved within
   * milliseconds; the session coalesces a burst of arrow keys into the latest value). A pending change is also
   * committed when the page is hidden or unloaded (pagehide / visibilitychange), so a reload never drops it.
   */
  commitDelayMs?: number;
}

const STARS = '★★★★★';

export function RatingStars({ title, value, onChange, commitDelayMs = 0 }: RatingStarsProps) {
  // undefined = nothing pending; null = pending clear.
  const [pending, setPending] = useState<number | null | undefined>(undefined);
  const [hover, setHover] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingRef = useRef<number | null | undefined>(undefined);
  const committingRef = useRef<number | null | undefined>(undefined);
  /** A key or click not committed yet (blur, Enter and page leave commit only new input). */
  const dirtyRef = useRef(false);
  const trackRef = useRef<HTMLSpanElement>(null);
  const onChangeRef = useRef(onChange);
  const valueRef = useRef(value);
  useEffect(() => {
    onChangeRef.current = onChange;
    valueRef.current = value;
  });
  useEffect(() => () => clearTimeout(timer.current), []);

  const shown = pending !== undefined ? pending : value;
  const displayed = hover ?? shown;

  // A committed value stays shown (and is the base for further keys) until the stored value catches up or the write fails.
  const commit = () => {
    clearTimeout(timer.current);
    const next = pendingRef.current;
    if (next === undefined || !dirtyRef.current) return;
    dirtyRef.current = false;
    // Committed even when it equals the stored value: the write carries this press's time, so an earlier press still
    // on its way from another tab does not replace it (src/storage/ratingPresses.ts).
    committingRef.current = next;
    Promise.resolve(onChangeRef.current(next))
      .catch(() => undefined)
      .finally(() => {
        if (committingRef.current === next) committingRef.current = undefined;
        // Already stored (the same value pressed again): nothing will change the value to tell us.
        if (pendingRef.current === next && committingRef.current === undefined && valueRef.current === next) {
          pendingRef.current = undefined;
          setPending(undefined);
        }
        // Fallback if the stored value never equals ours (another tab won the race): show the stored one.
        setTimeout(() => {
          if (pendingRef.current === next && committingRef.current === undefined) {
            pendingRef.current = undefined;
            setPending(undefined);
          }
        }, 1500);
      });
  };
  useEffect(() => {
    if (pendingRef.current !== undefined && pendingRef.current === value && committingRef.current === undefined) {
      pendingRef.current = undefined;
      setPending(undefined);
    }
  }, [value]);
  const commitRef = useRef(commit);
  useEffect(() => {
    commitRef.current = commit;
  });
  useEffect(() => onPageLeave(() => commitRef.current()), []);
  const schedule = (next: number | null) => {
    pendingRef.current = next;
    dirtyRef.current = true;
    setPending(next);
    clearTimeout(timer.current);
    if (commitDelayMs <= 0) commit();
    else timer.current = setTimeout(commit, commitDelayMs);
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
    const rect = (trackRef.current ?? event.currentTarget).getBoundingClientRect();
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
          const next = pointerValue(event);
          pendingRef.current = next;
          dirtyRef.current = true;
          setPending(next);
          commit();
        }}
      >
        <span className="rating-stars-track" aria-hidden="true" ref={trackRef}>
          <span className="rating-stars-base">{STARS}</span>
          <span className="rating-stars-fill" style={{ width: `${((displayed ?? 0) / 5) * 100}%` }}>
            {STARS}
          </span>
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
