// First run, "rate your way in": pages of well-known, diverse movies (the engine's onboarding order) to rate or skip,
// a progress bar, and "Show me recommendations" once For you beats the popular list (measured; docs/model-quality.md).
import { useId, useState, type FormEvent } from 'react';
import type { MovieSummary } from '../../engine/types';
import { movieMeta } from '../format';
import { PosterSettingToggle, RowPoster } from '../posters';
import { useProfileSession, useServices } from '../services';
import { QueryError } from '../shared/QueryError';
import { RatingStars } from '../shared/RatingStars';
import { useEngineQuery } from '../shared/useEngineQuery';
import { navigate, routeHref } from '../shared/useHashRoute';
import { TitleSearchResults } from '../search/TitleSearchResults';
import {
  GOOD_START_RATINGS,
  ONBOARDING_PAGE_SIZE,
  progressText,
  RATINGS_FOR_RECOMMENDATIONS,
  useOnboardingProgress,
  type OnboardingProgress,
} from './onboardingProgress';

/** Hits shown on the welcome page itself (the Search view shows 20): enough to find the one you meant and rate it. */
const WELCOME_SEARCH_LIMIT = 5;

export function WelcomeView() {
  const session = useProfileSession();
  const { progress, save } = useOnboardingProgress(session.profile.id);
  const headingId = useId();
  const [query, setQuery] = useState('');
  const trimmed = query.trim();
  return (
    <section className="view welcome" aria-labelledby={headingId}>
      <h1 id={headingId} className="view-title">
        Rate your way in
      </h1>
      <p className="view-lede">
        Rate a few movies you have seen and CineLocal learns your taste — on this device, nothing is sent anywhere. These are well-known films picked to tell
        tastes apart; skip the ones you haven’t seen.
      </p>
      <div className="welcome-tools">
        <WelcomeSearch query={query} onQuery={setQuery} />
        {/* The poster consent, offered once here (also on About). */}
        <PosterSettingToggle />
      </div>
      <div className="welcome-search-results">
        <TitleSearchResults
          query={trimmed}
          limit={WELCOME_SEARCH_LIMIT}
          after={
            <p>
              <a href={routeHref({ view: 'search', query: trimmed })}>All results for “{trimmed}” in Search</a>
            </p>
          }
        />
      </div>
      {progress ? <OnboardingPages progress={progress} save={save} /> : <p className="result-count">Loading…</p>}
    </section>
  );
}

/** "Know a movie you love?": answers as you type like the Search view (the hits follow the tools); Enter opens Search. */
function WelcomeSearch({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) navigate({ view: 'search', query: query.trim() });
  };
  return (
    <form className="welcome-search" role="search" onSubmit={submit}>
      <label htmlFor={inputId}>Search movies</label>
      <input
        id={inputId}
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Know one you love? Type its title"
        value={query}
        onChange={(event) => onQuery(event.target.value)}
      />
    </form>
  );
}

function OnboardingPages({ progress, save }: { progress: OnboardingProgress; save(next: OnboardingProgress): Promise<void> }) {
  const { bridge } = useServices();
  const session = useProfileSession();
  const skipped = new Set(progress.skipped);
  // One request per page: what is rated or skipped while the page is open stays on it (no reshuffle under the pointer);
  // a reload asks again without them, so the page resumes with only the movies not yet answered.
  const key = `onboarding:${session.profile.id}:${progress.page}`;
  const page = useEngineQuery(key, () =>
    bridge.onboardingMovies({ exclude: [...session.ratings.keys(), ...session.hidden.keys(), ...progress.skipped], page: 0, size: ONBOARDING_PAGE_SIZE }),
  );
  const movies = (page.data?.movies ?? []).filter((movie) => !skipped.has(movie.id) && !session.hidden.has(movie.id));
  const rated = session.ratings.size;
  const canRecommend = rated >= RATINGS_FOR_RECOMMENDATIONS;
  const notify = session.notify;
  const progressTextId = useId();

  const skip = (movie: MovieSummary) => {
    save({ ...progress, skipped: [...progress.skipped, movie.id] }).catch(() => notify(`Could not save your progress.`, 'error'));
  };
  const more = () => {
    // Movies left unrated on this page count as not seen: the next page asks new ones.
    const passed = (page.data?.movies ?? []).filter((movie) => !session.ratings.has(movie.id) && !skipped.has(movie.id)).map((movie) => movie.id);
    save({ ...progress, page: progress.page + 1, skipped: [...progress.skipped, ...passed] }).catch(() => notify(`Could not save your progress.`, 'error'));
    document.getElementById('main')?.focus();
    window.scrollTo(0, 0);
  };
  const finish = () => {
    save({ ...progress, done: true }).catch(() => undefined);
    navigate({ view: 'for-you' });
  };

  return (
    <>
      <QueryError what="Movies to rate" error={page.error} onRetry={page.reload} />
      <div aria-live="polite" className="result-count">
        {page.pending && !page.data
          ? 'Picking movies…'
          : page.data && movies.length === 0 && !page.data.hasMore
            ? 'That is every movie we had to ask about.'
            : null}
      </div>
      {movies.length > 0 ? (
        <ul className="onboarding-grid" aria-label={`Movies to rate, page ${progress.page + 1}`} aria-busy={page.pending}>
          {movies.map((movie) => (
            <OnboardingCard key={movie.id} movie={movie} onSkip={() => skip(movie)} />
          ))}
        </ul>
      ) : null}
      <div className="onboarding-bar">
        <div className="onboarding-progress">
          <progress max={GOOD_START_RATINGS} value={Math.min(rated, GOOD_START_RATINGS)} aria-labelledby={progressTextId} />
          <p id={progressTextId} aria-live="polite">
            {progressText(rated)}
          </p>
        </div>
        <div className="onboarding-actions">
          {page.data?.hasMore ? (
            <button type="button" className="button" onClick={more} disabled={page.pending}>
              More movies
            </button>
          ) : null}
          {canRecommend ? (
            <button type="button" className="button button-primary" onClick={finish}>
              Show me recommendations
            </button>
          ) : (
            <p className="hint">Rate {RATINGS_FOR_RECOMMENDATIONS - rated} more to see recommendations.</p>
          )}
        </div>
      </div>
    </>
  );
}

function OnboardingCard({ movie, onSkip }: { movie: MovieSummary; onSkip(): void }) {
  const session = useProfileSession();
  const rating = session.ratings.get(movie.id) ?? null;
  return (
    <li className={`onboarding-card${rating !== null ? ' is-rated' : ''}`} data-movie-id={movie.id}>
      <RowPoster movieId={movie.id} />
      <div className="onboarding-card-text">
        <h2 className="movie-title">{movie.title}</h2>
        <p className="movie-meta">{movieMeta(movie.year, movie.genres)}</p>
      </div>
      <div className="onboarding-card-actions">
        <RatingStars title={movie.title} value={rating} onChange={(value) => session.rate(movie, value)} />
        {rating === null ? (
          <button type="button" className="button button-quiet button-small" onClick={onSkip}>
            Haven't seen<span className="sr-only"> {movie.title}</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}
