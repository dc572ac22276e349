// Where a profile is in the first-run onboarding, kept in the settings table (key onboarding:<profileId>), so leaving and
// coming back resumes on the same page without the movies already answered.
import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getSetting, putSetting } from '../../storage/repository';
import { useServices } from '../services';

export interface OnboardingProgress {
  /** Pages taken so far ("More movies" clicks). */
  page: number;
  /** "Show me recommendations" was chosen: a profile without ratings no longer lands on the welcome page. */
  done: boolean;
  /** Movies passed over ("Haven't seen", or left unrated on a page before "More movies"): not asked again. */
  skipped: number[];
}

export const NEW_ONBOARDING: OnboardingProgress = { page: 0, done: false, skipped: [] };

/**
 * Ratings after which "For you" beats the popular list when held-out users answer the onboarding order (npm run eval,
 * docs/model-quality.md "First run": NDCG@10 0.223 vs 0.201 at 2 answers; 0.189 at 1).
 */
export const RATINGS_FOR_RECOMMENDATIONS = 2;
/** The progress bar's goal: by 10 answers For you has most of its gain (0.300; 0.332 at 20). */
export const GOOD_START_RATINGS = 10;
export const ONBOARDING_PAGE_SIZE = 12;
/** Skipped ids kept at most (older ones may be asked again). */
const MAX_SKIPPED = 2000;

export const onboardingSettingKey = (profileId: string): string => `onboarding:${profileId}`;

/** A stored value read back defensively (settings are shared, possibly written by an older or newer app). */
export function normalizeProgress(value: unknown): OnboardingProgress {
  if (typeof value !== 'object' || value === null) return NEW_ONBOARDING;
  const v = value as Partial<Record<keyof OnboardingProgress, unknown>>;
  return {
    page: typeof v.page === 'number' && Number.isInteger(v.page) && v.page >= 0 ? v.page : 0,
    done: v.done === true,
    skipped: Array.isArray(v.skipped) ? v.skipped.filter((id): id is number => Number.isInteger(id) && id > 0).slice(-MAX_SKIPPED) : [],
  };
}

/** The profile's onboarding progress (undefined while it is read) and a setter that stores it. */
export function useOnboardingProgress(profileId: string): { progress: OnboardingProgress | undefined; save(next: OnboardingProgress): Promise<void> } {
  const { db } = useServices();
  const key = onboardingSettingKey(profileId);
  const stored = useLiveQuery(async () => normalizeProgress(await getSetting<unknown>(db, key, null)), [db, key]);
  const save = useCallback((next: OnboardingProgress) => putSetting(db, key, { ...next, skipped: next.skipped.slice(-MAX_SKIPPED) }), [db, key]);
  return { progress: stored, save };
}

/** "6 rated · 10 is a good start" */
export function progressText(rated: number): string {
  return rated >= GOOD_START_RATINGS
    ? `${rated} rated · a good start; every rating sharpens your picks`
    : `${rated} rated · ${GOOD_START_RATINGS} is a good start`;
}

/** Bare start of the app (no hash, "#" or "#/"): where a new profile is taken to the welcome page. */
export function isBareStart(hash: string): boolean {
  return hash === '' || hash === '#' || hash === '#/';
}
