// The signed-in layout: header (navigation, theme, profile), banners, the routed view or the engine gate, footer, toasts.
import { useEffect, useRef, useState } from 'react';
import type { ProfileRecord } from '../../storage/db';
import { EngineGate } from '../engine/EngineGate';
import { displayName } from '../profiles/displayName';
import { ProfileDialog } from '../profiles/ProfileDialog';
import { ProfileName } from '../profiles/ProfileName';
import { NAV, RouteView } from '../routes';
import { ProfileSessionContext, useServices } from '../services';
import { routeHref, useHashRoute } from '../shared/useHashRoute';
import { EngineRestartingBanner, UpgradedElsewhereBanner } from './banners';
import { ThemeToggle } from './ThemeToggle';
import { Toasts, useToasts } from './toasts';
import { useDatabaseVersionChange } from './useDatabaseVersionChange';
import { useEngineStatus } from './useEngineStatus';
import { useProfileData, useProfileSessionValue, useStorageOnlyRate } from './useProfileSessionValue';
import { RatingsPage } from '../myratings/MyRatingsView';
import { useUserVectorRefresh } from './useUserVectorRefresh';
import { useCatalogBinding } from './useCatalogBinding';
import { useOfflineDetailsSync } from '../offline/useOfflineDetailsSync';

export function Shell({ profile, profiles }: { profile: ProfileRecord; profiles: ProfileRecord[] }) {
  const { db, bridge } = useServices();
  const route = useHashRoute();
  const { bridgeState, engineStatus, restarting } = useEngineStatus(bridge);
  const profileData = useProfileData(profile.id);
  const { ratingRecords } = profileData;
  const { toasts, notify } = useToasts();
  const [profilesOpen, setProfilesOpen] = useState(false);
  const profileButtonRef = useRef<HTMLButtonElement>(null);
  const profilesWereOpen = useRef(false);
  // The dialog is unmounted, not close()d, so the browser does not give focus back: the button that opened it takes it.
  useEffect(() => {
    if (profilesWereOpen.current && !profilesOpen) profileButtonRef.current?.focus();
    profilesWereOpen.current = profilesOpen;
  }, [profilesOpen]);
  const upgradedElsewhere = useDatabaseVersionChange(db, { profiles, profile, ratingRecords });
  useUserVectorRefresh(profile, engineStatus, notify);
  useCatalogBinding(profile, engineStatus, notify);
  useOfflineDetailsSync();
  const session = useProfileSessionValue(profile, profileData, engineStatus, notify);
  const storageOnlyRate = useStorageOnlyRate(profile, notify);

  return (
    <div className="app">
      {/* Moves focus without touching the hash: "#main" is not a route (it would show "Page not found"). */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
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
          <ThemeToggle />
          <button
            ref={profileButtonRef}
            type="button"
            className="profile-button"
            onClick={() => setProfilesOpen(true)}
            aria-haspopup="dialog"
            aria-label={`${displayName(profile.name)}: manage profiles`}
          >
            {/* The initial is drawn by CSS, not text: the button's visible text stays the name its accessible name starts with (WCAG 2.5.3). */}
            <span className="avatar" aria-hidden="true" data-initial={[...displayName(profile.name)][0]?.toUpperCase() ?? ''} />
            <ProfileName name={profile.name} className="profile-button-name" />
          </button>
        </div>
      </header>
      {upgradedElsewhere ? <UpgradedElsewhereBanner /> : null}
      {restarting && session ? <EngineRestartingBanner /> : null}
      <main id="main" className="app-main" tabIndex={-1}>
        {session ? (
          <ProfileSessionContext.Provider value={session}>
            <RouteView route={route} />
          </ProfileSessionContext.Provider>
        ) : (
          <>
            <EngineGate state={bridgeState} onRetry={() => void bridge.retry().catch(() => undefined)} />
            {/* The ratings live in storage, not in the catalog: they stay listed, exportable and deletable without it. */}
            {route.view === 'ratings' && bridgeState.phase === 'failed' && ratingRecords !== undefined ? (
              <RatingsPage session={{ profile, ratingRecords, rate: storageOnlyRate, notify }} catalogReady={false} />
            ) : null}
          </>
        )}
      </main>
      <footer className="app-footer">
        <p>
          Runs entirely in your browser · ratings stay on this device
          {engineStatus ? ` · ${engineStatus.dataset.kind === 'demo' ? 'demo catalog (synthetic movies)' : 'The Movies Dataset (Kaggle, CC0)'}` : ''}
        </p>
      </footer>
      <Toasts toasts={toasts} />
      {profilesOpen ? (
        <ProfileDialog
          db={db}
          profiles={profiles}
          active={profile}
          activeRatingCount={ratingRecords?.size ?? profileData.ratingsPreview?.total ?? 0}
          onClose={() => setProfilesOpen(false)}
          notify={(m) => notify(m)}
        />
      ) : null}
    </div>
  );
}
