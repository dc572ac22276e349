// Posters from TMDB's image CDN, shown only with the person's consent (usePosterSetting): a fixed 2:3 box (no layout
// shift), the image loaded lazily inside it, and a placeholder when there is no poster, it fails or the device is offline.
import { useEffect, useState } from 'react';
import type { EngineBridge } from '../../bridge/bridge';
import { useServices } from '../services';
import { usePosterSetting } from './posterSetting';

export type PosterSize = 'w92' | 'w185';

/** Rendered box per size (CSS pixels, 2:3): w92 images shown at half size in rows stay sharp on 2× screens. */
const BOX: Record<PosterSize, { width: number; height: number }> = { w92: { width: 46, height: 69 }, w185: { width: 185, height: 278 } };

/** What TMDB poster paths look like; anything else (a path with a query, "..", another host) is not requested. */
const POSTER_PATH = /^\/[A-Za-z0-9_-]+\.(?:jpg|jpeg|png|webp)$/i;

export function posterUrl(path: string | null | undefined, size: PosterSize): string | null {
  return path && POSTER_PATH.test(path) ? `https://image.tmdb.org/t/p/${size}${path}` : null;
}

interface PosterProps {
  path: string | null | undefined;
  size: PosterSize;
  /** "" for a decorative poster next to its title; "Poster of <title>" where the poster stands alone. */
  alt: string;
  className?: string;
}

export function Poster({ path, size, alt, className = '' }: PosterProps) {
  const url = posterUrl(path, size);
  const [failed, setFailed] = useState<string | null>(null);
  const box = BOX[size];
  const showImage = url !== null && failed !== url;
  return (
    <span className={`poster poster-${size}${showImage ? '' : ' poster-missing'} ${className}`.trim()} data-testid={`poster-${size}`}>
      {showImage ? (
        <img
          src={url}
          alt={alt}
          width={box.width}
          height={box.height}
          loading="lazy"
          decoding="async"
          referrerPolicy="no-referrer"
          onError={() => setFailed(url)}
        />
      ) : (
        <svg className="poster-placeholder" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M4 5h16v14H4zM4 9h16M4 15h16M8 5v14M16 5v14" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      )}
    </span>
  );
}

/** Poster paths already asked for, per bridge (a new bridge = a new catalog); a failed lookup waits a minute before the next. */
const pathCache = new WeakMap<EngineBridge, { paths: Map<number, Promise<string | null>>; failedAt: number }>();
const RETRY_AFTER_FAILURE_MS = 60_000;

/** The poster path of a movie from its details chunk (the first call loads that chunk in the worker). */
export function posterPathOf(bridge: EngineBridge, movieId: number): Promise<string | null> {
  let cache = pathCache.get(bridge);
  if (!cache) pathCache.set(bridge, (cache = { paths: new Map(), failedAt: -Infinity }));
  const entry = cache;
  const known = entry.paths.get(movieId);
  if (known) return known;
  if (performance.now() - entry.failedAt < RETRY_AFTER_FAILURE_MS) return Promise.resolve(null);
  const lookup = bridge.getMovieDetails(movieId).then(
    (details) => details?.posterPath ?? null,
    () => {
      // Rows only decorate with posters: a missing or corrupt details chunk shows placeholders (the movie page says why).
      entry.failedAt = performance.now();
      entry.paths.delete(movieId);
      return null;
    },
  );
  entry.paths.set(movieId, lookup);
  return lookup;
}

/** Remembers a path the movie page already has, so rows do not ask again. */
export function rememberPosterPath(bridge: EngineBridge, movieId: number, path: string | null): void {
  let cache = pathCache.get(bridge);
  if (!cache) pathCache.set(bridge, (cache = { paths: new Map(), failedAt: -Infinity }));
  cache.paths.set(movieId, Promise.resolve(path));
}

/** The small poster of a movie row (decorative: the title is next to it); nothing at all while posters are off. */
export function RowPoster({ movieId }: { movieId: number }) {
  const { bridge } = useServices();
  const { showPosters } = usePosterSetting();
  const [found, setFound] = useState<{ movieId: number; path: string | null } | null>(null);
  useEffect(() => {
    if (!showPosters) return;
    let live = true;
    void posterPathOf(bridge, movieId).then((path) => {
      if (live) setFound({ movieId, path });
    });
    return () => {
      live = false;
    };
  }, [bridge, movieId, showPosters]);
  if (!showPosters) return null;
  return <Poster path={found?.movieId === movieId ? found.path : null} size="w92" alt="" className="row-poster" />;
}
