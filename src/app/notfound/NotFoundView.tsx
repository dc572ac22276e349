// An address the app has no page for (#/recommend/862, #/like/0x35E, a mistyped link): say so, and offer a way home.
import { useEffect, useRef } from 'react';
import { routeHref } from '../shared/useHashRoute';

/** Longest part of the address repeated on the page. */
const MAX_SHOWN_PATH = 80;

export function NotFoundView({ path }: { path: string }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const chars = Array.from(path);
  const shown = `#${chars.length > MAX_SHOWN_PATH ? `${chars.slice(0, MAX_SHOWN_PATH).join('')}…` : path}`;

  useEffect(() => {
    headingRef.current?.focus();
  }, [path]);

  return (
    <section className="view" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading" className="view-title" tabIndex={-1} ref={headingRef}>
        Page not found
      </h1>
      <p className="view-lede">
        CineLocal has no page at <bdi className="mono">{shown}</bdi>. Movie pages look like <span className="mono">#/like/862</span> (a TMDB id).
      </p>
      <p>
        <a className="button" href={routeHref({ view: 'search', query: '' })}>
          Go to Search
        </a>
      </p>
    </section>
  );
}
