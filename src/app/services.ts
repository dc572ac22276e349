// What every view needs from outside React: the database, the engine bridge and the active profile session.
import { createContext, useContext } from 'react';
import type { EngineBridge } from '../bridge/bridge';
import type { EngineStatus } from '../bridge/engineApi';
import type { MovieSummary, UserVector } from '../engine/types';
import type { CineLocalDatabase, ProfileRecord } from '../storage/db';
import type { RatingRecords } from '../storage/ratingsMirror';

export interface AppServices {
  db: CineLocalDatabase;
  /** False when IndexedDB was unavailable and data lives in memory for this session. */
  persistent: boolean;
  bridge: EngineBridge;
  dataBaseUrl: string;
}

export interface ProfileSession {
  profile: ProfileRecord;
  /**
   * Every rating once ratingsComplete; before, on a long history, the most recent ones (src/storage/ratingsMirror.ts).
   * A new view per change, made without copying: toArray() copies, so only exports and full sorts call it.
   */
  ratingRecords: RatingRecords;
  /** False while a long history is still being read: ratingRecords and ratings then hold its most recent ratings. */
  ratingsComplete: boolean;
  /** How many ratings the profile has (known before they are all read). */
  ratingCount: number;
  /** movieId -> rating (of ratingRecords; read through, not a copy) */
  ratings: ReadonlyMap<number, number>;
  engineStatus: EngineStatus;
  vector: UserVector | null;
  /** Ratings still needed before a personal vector exists. */
  ratingsNeeded: number;
  rate(movie: Pick<MovieSummary, 'id' | 'title'>, rating: number | null): Promise<void>;
  /** movieId -> when it was added (epoch ms). */
  watchlist: Map<number, number>;
  /** Movies marked "not interested" (movieId -> when, epoch ms): left out of For you, "like this" and onboarding. */
  hidden: Map<number, number>;
  /** Adds to or removes from the watchlist (adding also un-hides). */
  setWatchlisted(movie: Pick<MovieSummary, 'id' | 'title'>, on: boolean): Promise<void>;
  /** Hides ("not interested") or un-hides (hiding also takes it off the watchlist). */
  setHidden(movie: Pick<MovieSummary, 'id' | 'title'>, on: boolean): Promise<void>;
  notify(message: string, tone?: 'info' | 'error'): void;
}

export const ServicesContext = createContext<AppServices | null>(null);
export const ProfileSessionContext = createContext<ProfileSession | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}

export function useProfileSession(): ProfileSession {
  const session = useContext(ProfileSessionContext);
  if (!session) throw new Error('useProfileSession() outside <ProfileSessionContext.Provider>');
  return session;
}
