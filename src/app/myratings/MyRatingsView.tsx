// "My ratings": list, sort, edit and clear; export (JSON/CSV) and validated all-or-nothing import.
import { downloadText } from '../import/files';
import { useId, useState, type ChangeEvent } from 'react';
import { useProfileSession, useServices, type ProfileSession } from '../services';
import type { ProfileRecord } from '../../storage/db';
import type { RatingRecords } from '../../storage/ratingsMirror';
import { RatedMovieList } from './RatedMovieList';
import { RATING_SORT_LABELS, type RatingSort } from './sortRatings';
import { ProfileName } from '../profiles/ProfileName';
import { OwnImportOutcome } from '../import/OwnImportOutcome';
import { listsNotice, runOwnImport, type OwnImportState } from '../import/ownFormat';

/** What the page needs: the profile's stored ratings. Titles, editing and import also need the catalog. */
export interface RatingsPageSession {
  profile: ProfileRecord;
  ratingRecords: RatingRecords;
  /** False while a long history is read: ratingRecords are its most recent ratings, ratingCount the whole count. */
  ratingsComplete?: boolean;
  ratingCount?: number;
  rate: ProfileSession['rate'];
  notify: ProfileSession['notify'];
}

export function MyRatingsView() {
  const session = useProfileSession();
  return <RatingsPage session={session} catalogReady />;
}

/**
 * Also shown when the catalog cannot load (catalogReady false): the ratings are read from storage alone, listed by
 * movie id, and can be exported or deleted; titles, editing and import (which checks ids against the catalog) wait.
 */
export function RatingsPage({ session, catalogReady }: { session: RatingsPageSession; catalogReady: boolean }) {
  const { db, bridge } = useServices();
  const [sort, setSort] = useState<RatingSort>('recent');
  const [outcome, setOutcome] = useState<OwnImportState | null>(null);
  const sortId = useId();
  const importId = useId();
  // While a long history is read the most recent ratings are listed; sorting, export and import wait for the rest.
  const complete = session.ratingsComplete ?? true;
  const count = session.ratingCount ?? session.ratingRecords.size;
  // The exports take a copy of every record (one O(n) pass on a click); the list follows changes without copying.
  const everyRecord = () => [...session.ratingRecords.toArray()];

  const exportAs = async (format: 'json' | 'csv') => {
    const io = await import('../../history/export/cinelocal');
    // JSON also carries the watchlist and hidden movies (read from storage, so it works without the catalog); CSV holds ratings only.
    const lists =
      format === 'json'
        ? {
            watchlist: await db.watchlist.where('profileId').equals(session.profile.id).toArray(),
            hidden: await db.hidden.where('profileId').equals(session.profile.id).toArray(),
          }
        : null;
    const ratings = everyRecord();
    const text = lists ? io.exportProfileAsJson(session.profile.name, { ratings, ...lists }) : io.exportRatingsAsCsv(session.profile.name, ratings);
    downloadText(io.exportFileName(session.profile.name, format), text, format === 'json' ? 'application/json' : 'text/csv');
    session.notify(
      lists
        ? `Exported ${ratings.length} ratings, ${lists.watchlist.length} watchlist ${lists.watchlist.length === 1 ? 'movie' : 'movies'} and ${lists.hidden.length} hidden ${lists.hidden.length === 1 ? 'movie' : 'movies'} as JSON.`
        : `Exported ${ratings.length} ratings as CSV (ratings only: the JSON export also holds your watchlist and hidden movies).`,
    );
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    // The one own-format flow, as on #/import (../import/ownFormat.ts); JSON exports also fill the watchlist and hidden movies.
    const result = await runOwnImport(db, bridge, session.profile.id, file, setOutcome);
    const lists = result.kind === 'report' ? listsNotice(result.report) : null;
    if (lists) session.notify(lists);
  };

  return (
    <section className="view" aria-labelledby="ratings-heading">
      <h1 id="ratings-heading" className="view-title">
        My ratings
      </h1>
      <p className="view-lede">
        {count === 0 ? (
          'You have not rated anything yet. Search for movies you have seen and rate them.'
        ) : (
          <>
            <ProfileName name={session.profile.name} /> has rated {count} {count === 1 ? 'movie' : 'movies'}.
          </>
        )}
      </p>
      {!complete ? (
        <p role="status" className="hint">
          Reading all {count} ratings: the {session.ratingRecords.size} most recent are listed; sorting, export and import follow in a moment.
        </p>
      ) : null}
      <div className="toolbar">
        <div className="field">
          <label htmlFor={sortId}>Sort by</label>
          <select id={sortId} value={sort} disabled={!complete} onChange={(event) => setSort(event.target.value as RatingSort)}>
            {(Object.keys(RATING_SORT_LABELS) as RatingSort[]).map((key) => (
              <option key={key} value={key}>
                {RATING_SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-actions" role="group" aria-label="Export and import">
          <button type="button" className="button" disabled={!complete || count === 0} onClick={() => void exportAs('json')}>
            Export JSON
          </button>
          <button type="button" className="button" disabled={!complete || count === 0} onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          {catalogReady ? (
            <button
              type="button"
              className="button"
              disabled={!complete || count === 0}
              onClick={() => void import('../import/letterboxdExport').then((m) => m.exportForLetterboxd(bridge, { ...session, ratingRecords: everyRecord() }))}
            >
              Export for Letterboxd
            </button>
          ) : null}
          {catalogReady ? (
            <>
              <input
                id={importId}
                className="file-input"
                type="file"
                accept=".json,.csv,application/json,text/csv"
                disabled={!complete}
                onChange={(event) => void onImport(event)}
              />
              <label htmlFor={importId} className={`button file-button${complete ? '' : ' is-disabled'}`}>
                Import ratings (JSON or CSV)
              </label>
              <a className="button" href="#/import">
                Import from Letterboxd, IMDb, Trakt or MovieLens
              </a>
            </>
          ) : null}
        </div>
      </div>
      <div aria-live="polite" className="import-outcome">
        {outcome ? (
          <OwnImportOutcome
            state={outcome}
            actions={
              outcome.kind === 'report' ? (
                <button type="button" className="button button-quiet" onClick={() => setOutcome(null)}>
                  Dismiss
                </button>
              ) : null
            }
          />
        ) : null}
      </div>
      {!catalogReady ? (
        <p className="notice notice-warn">
          The movie catalog is not loaded, so movies are listed by id. Your ratings are stored on this device: you can export or delete them now; titles,
          editing and import come back when the catalog loads.
        </p>
      ) : null}
      <RatedMovieList records={session.ratingRecords} sort={sort} catalogReady={catalogReady} provisional={!complete} rate={session.rate} />
    </section>
  );
}
