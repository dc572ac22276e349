// The rated movies, virtualised: only the rows near the viewport exist in the DOM, and only their summaries are
// fetched from the engine, so a 50,000-rating history renders and re-sorts without freezing the page.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MovieSummary } from '../../engine/types';
import type { RatingRecords } from '../../storage/ratingsMirror';
import { useServices, type ProfileSession } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { byMovieId, RatingOrder, TitleRanks } from './ratingOrder';
import type { RatingSort } from './sortRatings';
import { RowWindow } from './rowWindow';

/** Rows rendered beyond the viewport on each side (keyboard focus moving down finds its next row ready). */
const OVERSCAN = 8;
/** A typical card's height before it is measured. */
const ESTIMATED_ROW_PX = 92;
const NO_IDS: readonly number[] = [];

interface RatedMovieListProps {
  records: RatingRecords;
  sort: RatingSort;
  catalogReady: boolean;
  /** The most recent ratings of a history still being read: listed at once, without waiting for the title ranks. */
  provisional?: boolean;
  rate: ProfileSession['rate'];
}

/** movieId -> its summary, or null when the catalog does not have it; filled for the ids asked for. */
function useSummaries(ids: number[], enabled: boolean): { summaries: ReadonlyMap<number, MovieSummary | null>; error: string | null } {
  const { bridge } = useServices();
  const [summaries, setSummaries] = useState<ReadonlyMap<number, MovieSummary | null>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const requested = useRef(new Set<number>());
  const key = ids.join(',');
  useEffect(() => {
    if (!enabled) return;
    const wanted = ids.filter((id) => !requested.current.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) requested.current.add(id);
    bridge.getMovies(wanted).then(
      (movies) => {
        setSummaries((previous) => {
          const next = new Map(previous);
          for (const id of wanted) next.set(id, null);
          for (const movie of movies) next.set(movie.id, movie);
          return next;
        });
      },
      (e: unknown) => {
        for (const id of wanted) requested.current.delete(id);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    // `key` stands for `ids`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled, bridge]);
  return { summaries, error };
}

export function RatedMovieList({ records, sort, catalogReady, provisional = false, rate }: RatedMovieListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const { bridge } = useServices();
  // Kept across versions of the records: an edit costs its changed movies, not a pass over every rating.
  const [ranks] = useState(() => new TitleRanks());
  const [order] = useState(() => new RatingOrder());
  const [, setAnswers] = useState(0);
  const rerender = useCallback(() => setAnswers((n) => n + 1), []);
  // Ties in every order are broken by title, so ranks are wanted whenever the catalog is there.
  const wantRanks = catalogReady && !provisional;
  const unranked = wantRanks ? ranks.follow(records) : NO_IDS;
  // While new ids wait for their title ranks (a few ms) the previous order stays: one sort per change, not two.
  const rankOf = !wantRanks ? byMovieId : ranks.complete ? ranks.rankOf : null;
  const shown = rankOf ? order.follow(records, sort, rankOf) : order.current();
  useEffect(() => {
    // Runs again when `unranked` changes: what was noted meanwhile is asked once the question in flight is answered.
    const ask = ranks.toAsk();
    if (ask.length === 0) return;
    bridge.titleOrder(ask as number[]).then(
      (answer) =>
        void ranks.answer(ask, answer).then((added) => {
          if (added) rerender();
        }),
      () => ranks.failed(),
    );
  }, [unranked, ranks, bridge, rerender]);
  // A long list is sorted in slices while the previous order stays on screen.
  const { needsSlices } = shown;
  useEffect(() => {
    if (!needsSlices || !rankOf) return;
    void order.sortInSlices(records, sort, rankOf).then((installed) => {
      if (installed) rerender();
    });
  }, [needsSlices, records, sort, rankOf, order, rerender]);
  useEffect(() => () => order.cancel(), [order]);
  const { sorted } = shown;
  const hasRows = sorted.length > 0;
  const [layout, setLayout] = useState({ scrollMargin: 0, gap: 0 });
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    // Where the list starts on the page and the CSS gap between cards (positions of far rows add up every gap).
    setLayout({ scrollMargin: list.getBoundingClientRect().top + window.scrollY, gap: parseFloat(getComputedStyle(list).rowGap) || 0 });
  }, [hasRows]);
  const { scrollMargin, gap } = layout;
  // Heights by row index in typed arrays (rowWindow.ts): no per-row objects, so a 45,000-row count change is one pass.
  const [rowWindow] = useState(() => new RowWindow(ESTIMATED_ROW_PX));
  rowWindow.setCount(sorted.length);
  rowWindow.setGap(gap);
  const viewport = () => ({ top: window.scrollY - scrollMargin, bottom: window.scrollY - scrollMargin + window.innerHeight });
  const { top, bottom } = viewport();
  const range = rowWindow.range(top, bottom, OVERSCAN);
  const shownRange = useRef({ start: 0, end: 0 });
  useLayoutEffect(() => {
    shownRange.current = { start: range.start, end: range.end };
  });
  useEffect(() => {
    // Scrolling re-renders only when the rows to show change.
    const onScroll = () => {
      const view = viewport();
      const next = rowWindow.range(view.top, view.bottom, OVERSCAN);
      if (next.start !== shownRange.current.start || next.end !== shownRange.current.end) rerender();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
    // `viewport` reads scrollMargin.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rowWindow, scrollMargin, rerender]);
  const rowIds: number[] = [];
  for (let i = range.start; i < range.end; i++) rowIds.push(sorted[i].movieId);
  const { summaries, error } = useSummaries(rowIds, catalogReady);

  // A row whose height changes later (a poster, a font) is measured again.
  const [resizes] = useState(() =>
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries, observer) => {
          let changed = false;
          for (const entry of entries) {
            const element = entry.target as HTMLElement;
            const index = Number(element.dataset.index);
            if (!element.isConnected || !Number.isInteger(index)) {
              observer.unobserve(element);
              continue;
            }
            // The observer already has the size: reading layout again would force it for every changed row.
            const height = entry.borderBoxSize?.[0]?.blockSize ?? element.getBoundingClientRect().height;
            if (height > 0 && rowWindow.setSize(index, height) !== 0) changed = true;
          }
          if (changed) rerender();
        }),
  );
  useEffect(() => () => resizes?.disconnect(), [resizes]);

  // The rows are MovieCards (plain list items): index them for measuring and for screen readers' "n of N"; a row above
  // the viewport that turns out taller or shorter than estimated moves the page by as much, so what is read stays put.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const firstInView = rowWindow.indexAt(window.scrollY - scrollMargin);
    let changed = false;
    let shift = 0;
    Array.from(list.children).forEach((child, i) => {
      const index = range.start + i;
      if (index >= range.end) return;
      child.setAttribute('data-index', String(index));
      child.setAttribute('aria-posinset', String(index + 1));
      child.setAttribute('aria-setsize', String(sorted.length));
      resizes?.observe(child);
      const height = child.getBoundingClientRect().height;
      if (height <= 0) return;
      const delta = rowWindow.setSize(index, height);
      if (delta === 0) return;
      changed = true;
      if (index < firstInView) shift += delta;
    });
    if (shift !== 0) window.scrollBy(0, shift);
    // Measuring before paint, then laying out again with the real heights (React's documented use of a layout effect).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (changed) rerender();
  });

  if (sorted.length === 0) return null;
  const { before, after } = range;
  return (
    <>
      {error ? <p className="notice notice-error">Could not load movie details: {error}</p> : null}
      <ul ref={listRef} className="movie-list" aria-label="Rated movies" style={{ paddingTop: before, paddingBottom: Math.max(0, after) }}>
        {rowIds.map((movieId, i) => {
          const record = sorted[range.start + i];
          const movie = summaries.get(record.movieId);
          if (movie && catalogReady) return <MovieCard key={record.movieId} movie={movie} />;
          return (
            <li key={record.movieId} className="movie-card movie-card-missing">
              <div className="movie-main">
                <h3 className="movie-title">Movie #{record.movieId}</h3>
                <p className="movie-meta">
                  {!catalogReady
                    ? 'Catalog not loaded; your rating is kept.'
                    : movie === undefined
                      ? 'Loading details…'
                      : 'Not in the loaded catalog; your rating is kept.'}
                </p>
              </div>
              <div className="movie-actions">
                <span className="rating-value">{record.rating.toFixed(1)}</span>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => void rate({ id: record.movieId, title: `movie #${record.movieId}` }, null)}
                >
                  Delete rating for movie #{record.movieId}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
