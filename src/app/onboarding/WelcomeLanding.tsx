// A new profile (no ratings, onboarding not finished) opening the app at its bare start lands on #/welcome, once per
// page load: an explicit #/search, a bookmark or the navigation are never redirected.
import { useEffect, type ReactNode } from 'react';
import { useProfileSession } from '../services';
import type { Route } from '../shared/useHashRoute';
import { isBareStart, useOnboardingProgress } from './onboardingProgress';

/** Profiles whose landing was decided in this page load. */
const decided = new Set<string>();

export function WelcomeLanding({ route, children }: { route: Route; children: ReactNode }) {
  const session = useProfileSession();
  const profileId = session.profile.id;
  const { progress } = useOnboardingProgress(profileId);
  const undecided = !decided.has(profileId);
  const atStart = undecided && route.view === 'search' && isBareStart(window.location.hash);
  const toWelcome = atStart && progress !== undefined && session.ratings.size === 0 && !progress.done;
  useEffect(() => {
    if (!undecided || (atStart && progress === undefined)) return;
    decided.add(profileId);
    // replace: Back does not return to a start page that would only redirect again.
    if (toWelcome) window.location.replace('#/welcome');
  }, [undecided, atStart, progress, toWelcome, profileId]);
  // Waits the few ms the stored progress takes instead of flashing the search page first.
  if (atStart && (progress === undefined || toWelcome)) return null;
  return children;
}
