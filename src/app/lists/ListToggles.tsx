// The two list toggles on every movie card: the watchlist ("Add <title> to watchlist") and "Not interested in <title>".
// Compact (icon + a short word); the full name, with the title, is what assistive technology reads.
import { useLayoutEffect, useRef } from 'react';
import type { MovieSummary } from '../../engine/types';
import { useProfileSession } from '../services';

export function ListToggles({ movie }: { movie: Pick<MovieSummary, 'id' | 'title'> }) {
  const session = useProfileSession();
  const onWatchlist = session.watchlist.has(movie.id);
  const hidden = session.hidden.has(movie.id);
  const watchRef = useRef<HTMLButtonElement>(null);
  const hideRef = useRef<HTMLButtonElement>(null);
  // A hidden movie leaves For you and "like this" lists with its card: keyboard focus moves to the same toggle on the
  // next card (else the previous one) instead of falling back to the page. Layout-effect cleanup runs while the card
  // is still in the document.
  useLayoutEffect(() => {
    const buttons = [watchRef.current, hideRef.current];
    return () => {
      const index = buttons.findIndex((button) => button !== null && button === document.activeElement);
      if (index < 0) return;
      const card = buttons[index]!.closest('li');
      const neighbour = card?.nextElementSibling ?? card?.previousElementSibling ?? null;
      setTimeout(() => {
        if (document.activeElement && document.activeElement !== document.body) return;
        const target = neighbour?.isConnected ? neighbour.querySelectorAll<HTMLElement>('.list-toggle')[index] : undefined;
        target?.focus();
      }, 0);
    };
  }, []);
  return (
    <div className="list-toggles">
      <button ref={watchRef} type="button" className="list-toggle" aria-pressed={onWatchlist} onClick={() => void session.setWatchlisted(movie, !onWatchlist)}>
        <span className="list-toggle-icon" aria-hidden="true">
          {onWatchlist ? '✓' : '+'}
        </span>
        <span aria-hidden="true">Watchlist</span>
        <span className="sr-only">{onWatchlist ? `Remove ${movie.title} from watchlist` : `Add ${movie.title} to watchlist`}</span>
      </button>
      <button ref={hideRef} type="button" className="list-toggle list-toggle-hide" aria-pressed={hidden} onClick={() => void session.setHidden(movie, !hidden)}>
        <span className="list-toggle-icon" aria-hidden="true">
          {hidden ? '↺' : '⊘'}
        </span>
        <span aria-hidden="true">{hidden ? 'Show again' : 'Not interested'}</span>
        <span className="sr-only">{hidden ? `Show ${movie.title} again` : `Not interested in ${movie.title}`}</span>
      </button>
    </div>
  );
}
