// The rated movies, virtualised: only the rows near the viewport exist in the DOM, and only their summaries are
// fetched from the engine, so a 50,000-rating history renders and re-sorts without freezing the page.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import type { MovieSummary } from '../../engine/types';
import type { RatingRecord } from '../../storage/db';
import { useServices, type ProfileSession } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { resortAfterChange, SORT_SLICE, sortRatingRecords, sortRatingRecordsInSlices, type RatingSort } from './sortRatings';

/** Rows rendered beyond the viewport on each side (keyboard focus moving down finds its next row ready). */
const OVERSCAN = 8;
/** A typical card's height before it is measured. */
const ESTIMATED_ROW_PX = 92;
const UNKNOWN_RANK = 0xffffffff;

interface RatedMovieListProps {
  records: RatingRecord[];
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

/** Title ranks of every rated movie, fetched once per new id (null until every id has one). */
function useTitleRanks(ids: number[], needed: boolean): ((movieId: number) => number) | null {
  const { bridge } = useServices();
  const [ranks, setRanks] = useState<ReadonlyMap<number, number>>(new Map());
  const missing = useMemo(() => (needed ? ids.filter((id) => !ranks.has(id)) : []), [ids, needed, ranks]);
  useEffect(() => {
    if (missing.length === 0) return;
    let current = true;
    bridge.titleOrder(missing).then(
      (order) => {
        if (!current) return;
        setRanks((previous) => {
          const next = new Map(previous);
          missing.forEach((id, i) => next.set(id, order[i]));
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [missing, bridge]);
  return useMemo(() => (missing.length > 0 ? null : (movieId: number) => ranks.get(movieId) ?? UNKNOWN_RANK), [missing.length, ranks]);
}

export function RatedMovieList({ records, sort, catalogReady, provisional = false, rate }: RatedMovieListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const ids = useMemo(() => records.map((r) => r.movieId), [records]);
  // Ties in every order are broken by title, so ranks are wanted whenever the catalog is there.
  const titleRank = useTitleRanks(ids, catalogReady && !provisional);
  // While new ids wait for their title ranks (a few ms) the previous order stays: one sort per change, not two.
  const [order, setOrder] = useState<{ records: RatingRecord[]; sort: RatingSort; titleRank: unknown; sorted: RatingRecord[] } | null>(null);
  const ready = titleRank !== null || !catalogReady || provisional;
  let sortInSlices = false;
  if (ready && (order === null || order.records !== records || order.sort !== sort || order.titleRank !== titleRank)) {
    const rankOf = titleRank ?? ((id: number) => id);
    // A few changed ratings (an edit) are placed into the previous order instead of sorting every record again.
    const placed =
      order !== null && order.sort === sort && order.titleRank === titleRank ? resortAfterChange(order.sorted, order.records, records, sort, rankOf) : null;
    // A long list is sorted in slices (below) while the previous order stays on screen.
    if (placed !== null || records.length <= SORT_SLICE) setOrder({ records, sort, titleRank, sorted: placed ?? sortRatingRecords(records, sort, rankOf) });
    else sortInSlices = true;
  }
  useEffect(() => {
    if (!sortInSlices) return;
    let current = true;
    void sortRatingRecordsInSlices(records, sort, titleRank ?? ((id: number) => id)).then((sorted) => {
      if (current) setOrder({ records, sort, titleRank, sorted });
    });
    return () => {
      current = false;
    };
  }, [sortInSlices, records, sort, titleRank]);
  const sorted = order?.sorted ?? [];
  const hasRows = sorted.length > 0;
  const [layout, setLayout] = useState({ scrollMargin: 0, gap: 0 });
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    // Where the list starts on the page and the CSS gap between cards (positions of far rows add up every gap).
    setLayout({ scrollMargin: list.getBoundingClientRect().top + window.scrollY, gap: parseFloat(getComputedStyle(list).rowGap) || 0 });
  }, [hasRows]);
  const { scrollMargin, gap } = layout;
  const virtualizer = useWindowVirtualizer({ count: sorted.length, estimateSize: () => ESTIMATED_ROW_PX, overscan: OVERSCAN, scrollMargin, gap });
  const rows = virtualizer.getVirtualItems();
  const visibleIds = rows.map((row) => sorted[row.index]?.movieId).filter((id): id is number => id !== undefined);
  const { summaries, error } = useSummaries(visibleIds, catalogReady);

  // The rows are MovieCards (plain list items): index them for measuring and for screen readers' "n of N".
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    Array.from(list.children).forEach((child, i) => {
      const row = rows[i];
      if (!row) return;
      child.setAttribute('data-index', String(row.index));
      child.setAttribute('aria-posinset', String(row.index + 1));
      child.setAttribute('aria-setsize', String(sorted.length));
      virtualizer.measureElement(child);
    });
  });

  if (sorted.length === 0) return null;
  const before = rows.length > 0 ? rows[0].start - scrollMargin : 0;
  const after = rows.length > 0 ? virtualizer.getTotalSize() - (rows[rows.length - 1].end - scrollMargin) : 0;
  return (
    <>
      {error ? <p className="notice notice-error">Could not load movie details: {error}</p> : null}
      <ul ref={listRef} className="movie-list" aria-label="Rated movies" style={{ paddingTop: before, paddingBottom: Math.max(0, after) }}>
        {rows.map((row) => {
          const record = sorted[row.index];
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
