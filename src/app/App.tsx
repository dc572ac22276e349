// The app: services for every view, the storage banner, the profile gate or the shell (shell/), and the update offer.
import { useLiveQuery } from 'dexie-react-hooks';
import { getSetting, listProfiles, SETTING_KEYS } from '../storage/repository';
import { ProfileGate } from './profiles/ProfileGate';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { ServicesContext, useServices, type AppServices } from './services';
import { StorageBanner } from './shell/banners';
import { Shell } from './shell/Shell';

export function App({ services }: { services: AppServices }) {
  return (
    <ServicesContext.Provider value={services}>
      <StorageBanner persistent={services.persistent} />
      <ProfileRoot />
      <UpdatePrompt />
    </ServicesContext.Provider>
  );
}

/** The first visit (or a deleted last profile) asks who is watching; otherwise the shell of the last profile. */
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
