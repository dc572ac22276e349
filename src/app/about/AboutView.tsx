// "About / diagnostics": which dataset and model are loaded, the compute backend and its timings, and storage use.
import { useEffect, useId, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getRefitThreshold, putSetting, SETTING_KEYS } from '../../storage/repository';
import type { ComputeBackendName } from '../../bridge/engineApi';
import { formatBytes, formatMs } from '../format';
import { useProfileSession, useServices } from '../services';
import { useEngineQuery } from '../shared/useEngineQuery';
import { PosterSettingToggle } from '../posters';
import { OfflineDetailsToggle } from '../offline/OfflineDetailsToggle';

interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

async function readStorageInfo(): Promise<StorageInfo> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.estimate) return { usage: null, quota: null, persisted: null };
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted ? storage.persisted() : Promise.resolve(null)]);
  return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
}

export function AboutView() {
  const { persistent, bridge, db } = useServices();
  const session = useProfileSession();
  // The backend race finishes after load, so ask for fresh status (timings) when the page opens.
  const fresh = useEngineQuery('about-status', () => bridge.status());
  const status = fresh.data ?? session.engineStatus;
  const [storage, setStorage] = useState<StorageInfo | null>(null);
  const [profileCount, setProfileCount] = useState<number | null>(null);
  const refitThreshold = useLiveQuery(() => getRefitThreshold(db), [db]);
  const thresholdId = useId();

  useEffect(() => {
    let live = true;
    void readStorageInfo().then((info) => live && setStorage(info));
    void db.profiles.count().then((n) => live && setProfileCount(n));
    return () => {
      live = false;
    };
  }, [db, session.ratingRecords.size]);

  const requestPersistence = async () => {
    const granted = await navigator.storage.persist();
    session.notify(
      granted
        ? 'The browser will keep your data unless you delete it.'
        : 'The browser did not grant persistent storage; data may be evicted under storage pressure.',
    );
    setStorage(await readStorageInfo());
  };

  const timings = Object.entries(status.backend.timingsMs) as [ComputeBackendName, number][];
  const datasetLabel = status.dataset.kind === 'demo' ? 'demo catalog (synthetic movies, made up for trying the app)' : 'Kaggle “The Movies Dataset”';

  return (
    <section className="view" aria-labelledby="about-heading">
      <h1 id="about-heading" className="view-title">
        About CineLocal
      </h1>
      <p className="view-lede">
        A movie recommender that runs entirely in your browser. No account, no server: the catalog and the model are downloaded once, and your ratings never
        leave this device unless you export them.
      </p>
      <div className="about-grid">
        <section className="panel" aria-labelledby="about-data">
          <h2 id="about-data">Dataset</h2>
          <dl className="facts">
            <dt>Catalog</dt>
            <dd data-testid="dataset-kind">{datasetLabel}</dd>
            <dt>Name</dt>
            <dd>{status.dataset.name}</dd>
            <dt>Movies</dt>
            <dd>{status.counts.movies.toLocaleString()}</dd>
            <dt>Keyword vocabulary</dt>
            <dd>{status.counts.vocabulary.toLocaleString()}</dd>
            <dt>Movies with learned factors</dt>
            <dd>{status.counts.ratedMovies.toLocaleString()}</dd>
            <dt>Input checksum</dt>
            <dd className="mono">{status.dataset.inputChecksum.slice(0, 16)}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="about-model">
          <h2 id="about-model">Model and compute</h2>
          <dl className="facts">
            <dt>Model version</dt>
            <dd className="mono">{status.modelVersion}</dd>
            <dt>Active backend</dt>
            <dd data-testid="active-backend">{status.backend.active}</dd>
            <dt>Search ready after</dt>
            <dd>{formatMs(status.readyMs)}</dd>
            <dt>Recommendations ready after</dt>
            <dd>{status.completeMs !== undefined ? formatMs(status.completeMs) : status.complete === false ? 'still loading' : formatMs(status.readyMs)}</dd>
            <dt>Ratings before a personal vector</dt>
            <dd>{status.minRatingsForVector}</dd>
            <dt>Your taste vector</dt>
            <dd>{session.vector ? `fitted on ${session.vector.ratingCount} ratings` : 'not yet fitted'}</dd>
            <dt>Engine restarts</dt>
            <dd>{bridge.restartCount()}</dd>
          </dl>
          <div className="field field-inline">
            <label htmlFor={thresholdId}>Refit your taste vector after</label>
            <select
              id={thresholdId}
              value={refitThreshold ?? ''}
              onChange={(event) => void putSetting(db, SETTING_KEYS.vectorRefitThreshold, Number(event.target.value))}
            >
              {[1, 2, 3, 5, 10, 20].map((n) => (
                <option key={n} value={n}>
                  {n} {n === 1 ? 'new rating' : 'new ratings'}
                </option>
              ))}
            </select>
          </div>
          {timings.length > 0 ? (
            <table className="timings">
              <caption>Measured backend times</caption>
              <thead>
                <tr>
                  <th scope="col">Backend</th>
                  <th scope="col">Time</th>
                </tr>
              </thead>
              <tbody>
                {timings.map(([name, ms]) => (
                  <tr key={name} aria-current={name === status.backend.active ? 'true' : undefined}>
                    <td>
                      {name}
                      {name === status.backend.active ? ' (active)' : ''}
                    </td>
                    <td>{formatMs(ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="about-storage">
          <h2 id="about-storage">Storage on this device</h2>
          <dl className="facts">
            <dt>Ratings database</dt>
            <dd>{persistent ? 'IndexedDB' : 'in memory only — nothing will be kept after this tab closes'}</dd>
            <dt>Storage used</dt>
            <dd data-testid="storage-used">
              {storage === null
                ? 'Measuring…'
                : storage.usage === null
                  ? 'not reported by this browser'
                  : `${formatBytes(storage.usage)}${storage.quota ? ` of ${formatBytes(storage.quota)} available` : ''}`}
            </dd>
            <dt>Persistent storage</dt>
            <dd>
              {storage?.persisted === null || storage === null
                ? 'unknown'
                : storage.persisted
                  ? 'granted'
                  : 'not granted (the browser may evict data under pressure)'}
            </dd>
            <dt>Profiles</dt>
            <dd>{profileCount ?? '…'}</dd>
            <dt>Your ratings</dt>
            <dd>{session.ratingRecords.size}</dd>
          </dl>
          {storage && storage.persisted === false && typeof navigator.storage?.persist === 'function' ? (
            <button type="button" className="button" onClick={() => void requestPersistence()}>
              Ask to keep data persistently
            </button>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="about-posters">
          <h2 id="about-posters">Posters and movie data</h2>
          <PosterSettingToggle />
          <OfflineDetailsToggle />
          <p className="tmdb-attribution">
            This product uses the TMDB API but is not endorsed or certified by TMDB. Movie data and posters come from{' '}
            <a href="https://www.themoviedb.org/" target="_blank" rel="noopener noreferrer">
              The Movie Database (TMDB)<span className="sr-only"> (opens in a new tab)</span>
            </a>
            .
          </p>
        </section>
      </div>
    </section>
  );
}
