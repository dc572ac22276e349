// The app shell: profile gate, header navigation, engine state, and the views behind hash routes.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { EngineStatus } from '../bridge/engineApi';
import type { ProfileRecord } from '../storage/db';
import { clearRating, describeStorageError, getProfileRatings, getSetting, listProfiles, setRating, SETTING_KEYS } from '../storage/repository';
import { restoreAfterDeletion } from '../storage/recovery';
import { storageHealth } from '../storage/storageHealth';
import { refreshUserVector } from '../storage/userVectors';
import { AboutView } from './about/AboutView';
import { EngineGate } from './engine/EngineGate';
import { ratingText } from './format';
import { ForYouView } from './foryou/ForYouView';
import { MyRatingsView } from './myratings/MyRatingsView';
import { ProfileDialog } from './profiles/ProfileDialog';
import { ProfileGate } from './profiles/ProfileGate';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { RecommendView } from './recommend/RecommendView';
import { SearchView } from './search/SearchView';
import { ProfileSessionContext, ServicesContext, useServices, type AppServices, type ProfileSession } from './services';
import { routeHref, useHashRoute, type Route } from './shared/useHashRoute';
import { saveTheme, storedTheme, systemTheme, type ThemeChoice } from './theme';

let nextToastId = 0;

interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
}

export function App({ services }: { services: AppServices }) {
  return (
    <ServicesContext.Provider value={services}>
      <StorageBanner persistent={services.persistent} />
      <ProfileRoot />
      <UpdatePrompt />
    </ServicesContext.Provider>
  );
}

/** What the storage layer says is at risk (temporary copy, blocked by another tab, data deleted elsewhere), above every view incl. the profile gate. */
function StorageBanner({ persistent }: { persistent: boolean }) {
  const notices = useSyncExternalStore(storageHealth.subscribe, storageHealth.getSnapshot);
  const [reloading, setReloading] = useState(false);
  if (notices.length === 0) {
    return persistent ? null : (
      <div className="banner banner-warn" role="status">
        This browser window cannot store data (private mode or storage blocked). CineLocal works for this session, but nothing will be kept after you close it.
      </div>
    );
  }
  return (
    <>
      {notices.map((notice) => (
        <div key={notice.kind} className="banner banner-warn" role={notice.kind === 'memory' ? 'status' : 'alert'} data-storage-notice={notice.kind}>
          {notice.message}{' '}
          {notice.action === 'reload' ? (
            <button
              type="button"
              className="button"
              disabled={reloading}
              onClick={() => {
                setReloading(true);
                // Saving must finish first; a failure is shown instead of reloading into missing data.
                void Promise.resolve(notice.beforeReload?.())
                  .then(() => window.location.reload())
                  .catch((error: unknown) => {
                    setReloading(false);
                    storageHealth.report({ ...notice, message: `${notice.message} (Saving before the reload failed: ${error instanceof Error ? error.message : String(error)}.)` });
                  });
              }}
            >
              Reload
            </button>
          ) : null}
        </div>
      ))}
    </>
  );
}

function ProfileRoot() {
  const { db } = useServices();
  const profiles = useLiveQuery(() => listProfiles(db), [db]);
  const lastProfileId = useLiveQuery(() => getSetting<string | null>(db, SETTING_KEYS.lastProfileId, null), [db]);
  if (profiles === undefined || lastProfileId === undefined) {
    return (
      <main id="main" className="gate" aria-busy="true">
        <p className="muted">Opening your ratings…</p>
      </main>
    );
  }
  const active = profiles.find((p) => p.id === lastProfileId);
  if (!active) return <ProfileGate db={db} profiles={profiles} />;
  return <Shell key={active.id} profile={active} profiles={profiles} />;
}

const NAV: { route: Route; label: string }[] = [
  { route: { view: 'search', query: '' }, label: 'Search' },
  { route: { view: 'for-you' }, label: 'For you' },
  { route: { view: 'ratings' }, label: 'My ratings' },
  { route: { view: 'about' }, label: 'About' },
];

function Shell({ profile, profiles }: { profile: ProfileRecord; profiles: ProfileRecord[] }) {
  const { db, bridge } = useServices();
  const route = useHashRoute();
  const bridgeState = useSyncExternalStore(bridge.subscribe, bridge.getState);
  const ratingRecords = useLiveQuery(() => getProfileRatings(db, profile.id), [db, profile.id]);
  const storedVector = useLiveQuery(() => db.userVectors.get(profile.id), [db, profile.id]);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [profilesOpen, setProfilesOpen] = useState(false);
  const [upgradedElsewhere, setUpgradedElsewhere] = useState(false);
  // What this tab holds, for putting it back if the database is deleted under it.
  const held = useRef({ profiles, profile, ratingRecords });
  useEffect(() => {
    held.current = { profiles, profile, ratingRecords };
  });
  useEffect(() => {
    const onVersionChange = (event: IDBVersionChangeEvent) => {
      // A newer CineLocal in another tab is upgrading the database schema: this tab must reload to keep working.
      if (event.newVersion) return setUpgradedElsewhere(true);
      // newVersion null: the database is being deleted (another tab, devtools). Dexie re-opens it empty on the next
      // access; put back what this tab holds so no acknowledged rating is lost.
      const { profiles: heldProfiles, profile: active, ratingRecords: heldRatings } = held.current;
      void restoreAfterDeletion(db, { profiles: heldProfiles, ratings: heldRatings ?? [], lastProfileId: active.id }, active.name);
    };
    db.on('versionchange', onVersionChange);
    return () => db.on('versionchange').unsubscribe(onVersionChange);
  }, [db]);
  const [theme, setTheme] = useState<ThemeChoice>(() => storedTheme() ?? systemTheme());
  // While a crashed worker restarts, keep the views (and their state) on the last status instead of unmounting them.
  const [lastReadyStatus, setLastReadyStatus] = useState<EngineStatus | null>(null);
  if (bridgeState.phase === 'ready' && bridgeState.status !== lastReadyStatus) setLastReadyStatus(bridgeState.status);
  const restarting = bridgeState.phase === 'loading' && bridgeState.restarts > 0;
  const engineStatus: EngineStatus | null = bridgeState.phase === 'ready' ? bridgeState.status : restarting ? lastReadyStatus : null;

  const notify = useCallback((message: string, tone: 'info' | 'error' = 'info') => {
    nextToastId += 1;
    const id = nextToastId;
    setToasts((list) => [...list.filter((t) => t.tone !== tone), { id, message, tone }]);
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), tone === 'error' ? 8000 : 3000);
  }, []);

  useUserVectorRefresh(profile, engineStatus, notify);

  const rate = useCallback<ProfileSession['rate']>(
    async (movie, rating) => {
      try {
        if (rating === null) await clearRating(db, profile.id, movie.id);
        else await setRating(db, profile.id, movie.id, rating, async (ids) => (await bridge.getMovies(ids)).map((m) => m.id));
        notify(rating === null ? `Cleared your rating for ${movie.title}.` : `Rated ${movie.title}: ${ratingText(rating)}.`);
      } catch (error) {
        notify(`Could not save the rating for ${movie.title}: ${describeStorageError(error)}`, 'error');
      }
    },
    [db, bridge, profile.id, notify],
  );

  const session = useMemo<ProfileSession | null>(() => {
    if (!engineStatus || ratingRecords === undefined) return null;
    const vector = storedVector && storedVector.vector.modelVersion === engineStatus.modelVersion ? storedVector.vector : null;
    return {
      profile,
      ratingRecords,
      ratings: new Map(ratingRecords.map((r) => [r.movieId, r.rating])),
      engineStatus,
      vector,
      ratingsNeeded: Math.max(0, engineStatus.minRatingsForVector - ratingRecords.length),
      notify,
      rate,
    };
  }, [engineStatus, ratingRecords, storedVector, profile, notify, rate]);

  const toggleTheme = () => {
    const next = theme === 'dark' ? 'light' : 'dark';
    saveTheme(next);
    setTheme(next);
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <a className="brand" href="#/search" aria-label="CineLocal home">
          <span className="brand-mark" aria-hidden="true">
            ◐
          </span>
          <span>CineLocal</span>
        </a>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.label}>
                <a href={routeHref(item.route)} aria-current={route.view === item.route.view ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-tools">
          <button type="button" className="icon-button" onClick={toggleTheme} aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}>
            <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
          </button>
          <button type="button" className="profile-button" onClick={() => setProfilesOpen(true)} aria-haspopup="dialog" aria-label={`${profile.name}: manage profiles`}>
            <span className="avatar" aria-hidden="true">
              {[...profile.name][0]?.toUpperCase()}
            </span>
            <span className="profile-button-name">{profile.name}</span>
          </button>
        </div>
      </header>
      {upgradedElsewhere ? (
        <div className="banner banner-warn" role="alert">
          CineLocal was updated in another tab.{' '}
          <button type="button" className="button" onClick={() => window.location.reload()}>
            Reload to continue
          </button>
        </div>
      ) : null}
      {restarting && session ? (
        <div className="banner banner-warn" role="status">
          The recommendation engine stopped responding and is restarting. Your ratings are safe; results will appear in a moment.
        </div>
      ) : null}
      <main id="main" className="app-main" tabIndex={-1}>
        {session ? (
          <ProfileSessionContext.Provider value={session}>
            <RouteView route={route} />
          </ProfileSessionContext.Provider>
        ) : (
          <EngineGate state={bridgeState} onRetry={() => void bridge.retry().catch(() => undefined)} />
        )}
      </main>
      <footer className="app-footer">
        <p>
          Runs entirely in your browser · ratings stay on this device
          {engineStatus ? ` · ${engineStatus.dataset.kind === 'demo' ? 'demo catalog (synthetic movies)' : 'The Movies Dataset (Kaggle, CC0)'}` : ''}
        </p>
      </footer>
      <div className="toasts">
        <div aria-live="polite" role="status">
          {toasts
            .filter((t) => t.tone === 'info')
            .map((t) => (
              <p key={t.id} className="toast">
                {t.message}
              </p>
            ))}
        </div>
        <div role="alert">
          {toasts
            .filter((t) => t.tone === 'error')
            .map((t) => (
              <p key={t.id} className="toast toast-error">
                {t.message}
              </p>
            ))}
        </div>
      </div>
      {profilesOpen ? (
        <ProfileDialog
          db={db}
          profiles={profiles}
          active={profile}
          activeRatingCount={ratingRecords?.length ?? 0}
          onClose={() => setProfilesOpen(false)}
          notify={(m) => notify(m)}
        />
      ) : null}
    </div>
  );
}

function RouteView({ route }: { route: Route }) {
  switch (route.view) {
    case 'search':
      return <SearchView initialQuery={route.query} />;
    case 'like':
      return <RecommendView key={route.movieId} movieId={route.movieId} />;
    case 'for-you':
      return <ForYouView />;
    case 'ratings':
      return <MyRatingsView />;
    case 'about':
      return <AboutView />;
  }
}

/** Re-checks the user vector whenever ratings change or a model loads; runs one refresh at a time. */
function useUserVectorRefresh(profile: ProfileRecord, status: EngineStatus | null, notify: (message: string, tone?: 'info' | 'error') => void) {
  const { db, bridge } = useServices();
  const running = useRef(false);
  const again = useRef(false);
  const modelVersion = status?.modelVersion ?? null;
  const minRatings = status?.minRatingsForVector ?? null;
  useEffect(() => {
    if (modelVersion === null || minRatings === null) return;
    const engine = { modelVersion, minRatingsForVector: minRatings, fitUser: bridge.fitUser };
    const run = async () => {
      if (running.current) {
        again.current = true;
        return;
      }
      running.current = true;
      try {
        do {
          again.current = false;
          await refreshUserVector(db, profile.id, engine);
        } while (again.current);
      } catch (error) {
        notify(`Could not update your taste profile: ${error instanceof Error ? error.message : String(error)}`, 'error');
      } finally {
        running.current = false;
      }
    };
    void run();
  }, [db, bridge, profile.id, profile.ratingChangeCounter, modelVersion, minRatings, notify]);
}
